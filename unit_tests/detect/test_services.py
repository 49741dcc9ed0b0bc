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

"""Unit tests of detect/services.py: which services to restart."""

from detect import services
from minicloud import config as minicloud_config
import testtools


class TestServices(testtools.TestCase):
    def test_manager_modules_restart_their_service(self):
        self.assertEqual(list(minicloud_config.COMPUTE_HOSTS),
                         services.services_for(['nova/compute/manager.py']))
        self.assertEqual(['nova-scheduler'],
                         services.services_for(['nova/scheduler/manager.py']))
        self.assertEqual(['nova-conductor'], services.services_for(
            ['nova/conductor/tasks/migrate.py']))

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
