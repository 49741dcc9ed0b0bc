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

"""Unit tests of detect/services.py: the cloud, the services to restart."""

import contextlib
import datetime

from detect import services
import fixtures
from minicloud import config as minicloud_config
from openstack.compute.v2 import service as sdk_service
import testtools

from unit_tests import fakes
from unit_tests.minicloud import fakes as minicloud_fakes


class TestServicesFor(testtools.TestCase):
    def test_manager_modules_restart_their_service(self):
        self.assertEqual(list(minicloud_config.COMPUTE_HOSTS),
                         services.services_for(['nova/compute/manager.py']))
        self.assertEqual(['nova-scheduler'],
                         services.services_for(['nova/scheduler/manager.py']))
        self.assertEqual(['nova-conductor'], services.services_for(
            ['nova/conductor/tasks/migrate.py']))
        self.assertEqual(['nova-api'], services.services_for(
            ['nova/api/openstack/compute/evacuate.py']))

    def test_shared_modules_restart_every_nova_service(self):
        for path in ('nova/objects/request_spec.py',
                     'nova/scheduler/utils.py'):
            self.assertEqual(list(services.ALL_NOVA),
                             services.services_for([path]))

    def test_services_of_several_files(self):
        self.assertEqual(['nova-conductor', 'nova-scheduler'],
                         services.services_for(['nova/scheduler/manager.py',
                                                'nova/conductor/manager.py']))


class TestSettingsFor(testtools.TestCase):
    def test_each_driver_has_its_cloud(self):
        fake = services.settings_for('fake', {})
        self.assertEqual('fake', fake.driver_name)
        self.assertTrue(fake.state_dir.endswith('.minicloud-fake'))
        libvirt = services.settings_for('libvirt', {})
        self.assertEqual('libvirt', libvirt.driver_name)
        self.assertTrue(libvirt.state_dir.endswith('.minicloud'))

    def test_the_environment_names_the_state_dir(self):
        settings = services.settings_for('fake', {
            'MINICLOUD_STATE_DIR': '/srv/x', 'MINICLOUD_DRIVER': 'libvirt',
            'MINICLOUD_PORT_BASE': '28000'})
        self.assertEqual(('/srv/x', 'fake', 28000), (
            settings.state_dir, settings.driver_name, settings.port_base))


class TestRestart(testtools.TestCase):
    """restart() with the processes and the compute API faked."""

    def setUp(self):
        super().setUp()
        self.settings = minicloud_fakes.make_settings()
        self.done = []
        patch = self.patch_with

        @contextlib.contextmanager
        def state_lock(settings):
            yield
        patch('detect.services.cloud.state_lock', state_lock)
        patch('minicloud.processes.stop_processes',
              lambda settings, names: self.done.append(('stop', names)))
        patch('minicloud.processes.start_process',
              lambda settings, name, argv, env: self.done.append(
                  ('start', name)))
        patch('minicloud.drivers.base.ComputeDriver.start',
              lambda driver, settings, host: self.done.append(
                  ('start', host)))
        patch('minicloud.services.wait_healthy',
              lambda settings, service, timeout: self.done.append(
                  ('healthy', service.name)))
        patch('minicloud.cloud.wait_connected_to_rabbitmq',
              lambda settings, name: self.done.append(('connected', name)))
        patch('detect.services.wait_reported',
              lambda settings, hosts, since: self.done.append(
                  ('reported', hosts)))

    def patch_with(self, name, value):
        self.useFixture(fixtures.MonkeyPatch(name, value))

    def test_only_these_services_and_each_waited_for(self):
        services.restart(self.settings, ['nova-api', 'nova-scheduler',
                                         'compute1', 'compute2'])
        self.assertEqual([
            ('stop', ['nova-api', 'nova-scheduler', 'compute1',
                      'compute2']),
            ('start', 'nova-api'), ('start', 'nova-scheduler'),
            ('start', 'compute1'), ('start', 'compute2'),
            ('healthy', 'nova-api'), ('connected', 'nova-scheduler'),
            ('reported', ['compute1', 'compute2'])], self.done)

    def test_no_compute_no_wait_for_reports(self):
        services.restart(self.settings, ['nova-conductor'])
        self.assertNotIn('reported', [step[0] for step in self.done])


class TestWaitReported(testtools.TestCase):
    def test_a_report_since_the_start_is_needed(self):
        settings = minicloud_fakes.make_settings()
        since = datetime.datetime(2026, 12, 7, 12, 0, 0)
        bodies = [dict(fakes.service_body('compute1'),
                       updated_at='2026-12-07T11:59:59.000000'),
                  dict(fakes.service_body('compute1'),
                       updated_at='2026-12-07T12:00:05.000000')]

        class Compute(object):
            def services(self, binary=None):
                return [sdk_service.Service.existing(**bodies.pop(0))]

        class Conn(object):
            compute = Compute()

        self.useFixture(fixtures.MonkeyPatch(
            'minicloud.api.connect', lambda settings, secrets: Conn()))
        self.useFixture(fixtures.MonkeyPatch(
            'minicloud.config.load_secrets', lambda settings: {}))
        self.useFixture(fixtures.MonkeyPatch(
            'minicloud.computes.check_compute_processes',
            lambda settings, hosts: None))
        self.useFixture(fixtures.MonkeyPatch(
            'minicloud.processes.wait_for',
            lambda what, check, timeout, interval: check() or check()))
        services.wait_reported(settings, ['compute1'], since)
        self.assertEqual([], bodies)
