# Copyright 2026 The migration-tempest-plugin Authors.
#
#    Licensed under the Apache License, Version 2.0 (the "License"); you may
#    not use this file except in compliance with the License. You may obtain
#    a copy of the License at
#
#         http://www.apache.org/licenses/LICENSE-2.0
#
#    Unless required by applicable law or agreed to in writing, software
#    distributed under the License is distributed on an "AS IS" BASIS, WITHOUT
#    WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the
#    License for the specific language governing permissions and limitations
#    under the License.

"""Unit tests of minicloud/topology.py: every service in start order."""

from minicloud import topology
import testtools

from unit_tests.minicloud import fakes


class TestTopology(testtools.TestCase):

    def test_start_order_and_ports(self):
        settings = fakes.make_settings(MINICLOUD_PORT_BASE='50000')
        found = topology.all_services(settings)
        names = [s.name for s in found]
        self.assertEqual(['mariadb', 'epmd', 'rabbitmq'], names[:3])
        self.assertEqual(['compute1', 'compute2', 'compute3'], names[-3:])
        ports = [s.port for s in found if s.port]
        self.assertEqual(len(ports), len(set(ports)))

    def test_uwsgi_closes_connections(self):
        settings = fakes.make_settings()
        keystone = fakes.service_named(settings, 'keystone')
        self.assertIn('Connection: close', keystone.argv)
        self.assertEqual('/srv/mc/etc/keystone',
                         keystone.env['OS_KEYSTONE_CONFIG_DIR'])

    def test_nova_api_paste_config_comes_first(self):
        nova_api = fakes.service_named(fakes.make_settings(), 'nova-api')
        files = nova_api.env['OS_NOVA_CONFIG_FILES'].split(';')
        self.assertEqual('/srv/mc/venv/etc/nova/api-paste.ini', files[0])
        self.assertIn('nova-db.conf', files)

    def test_nova_control_services_read_the_databases(self):
        settings = fakes.make_settings()
        for name in ('nova-conductor', 'nova-scheduler'):
            argv = fakes.service_named(settings, name).argv
            self.assertIn('/srv/mc/etc/nova/nova-db.conf', argv)
        self.assertEqual(
            ['--config-file', '/srv/mc/etc/nova/nova.conf',
             '--config-file', '/srv/mc/etc/nova/nova-db.conf'],
            settings.nova_control_args())

    def test_compute_reads_its_own_config(self):
        compute = fakes.service_named(fakes.make_settings(), 'compute2')
        self.assertIn('/srv/mc/etc/nova/compute2.conf', compute.argv)
