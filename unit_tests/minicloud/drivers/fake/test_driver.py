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

"""Unit tests of drivers/fake/driver.py: faults by restarting a compute."""

import os

import fixtures
import testtools

from minicloud.drivers.fake import driver
from minicloud import processes
from unit_tests.minicloud import fakes


class TestFaults(testtools.TestCase):

    def setUp(self):
        super().setUp()
        state_dir = self.useFixture(fixtures.TempDir()).path
        self.settings = fakes.make_settings(MINICLOUD_STATE_DIR=state_dir,
                                            MINICLOUD_DRIVER='fake')
        os.makedirs(os.path.join(self.settings.etc_dir, 'nova'))
        self.driver = driver.FakeDriver()

    def argv(self):
        return self.driver.service(self.settings, 'compute2').argv

    def test_a_fault_restarts_the_compute_with_novas_failing_driver(self):
        self.assertEqual(['finish-migration-fails', 'spawn-reschedules',
                          'unshelve-spawn-fails'], self.driver.faults())
        self.assertTrue(self.driver.put_fault(
            self.settings, 'compute2', 'finish-migration-fails', None))
        conf = driver.fault_conf(self.settings, 'compute2')
        self.assertEqual(conf, self.argv()[-1])
        with open(conf) as f:
            self.assertIn('minicloud_fake.FinishMigrationFails', f.read())
        self.assertNotIn(conf, self.driver.service(self.settings,
                                                   'compute1').argv)

    def test_healing_restarts_it_without(self):
        self.driver.put_fault(self.settings, 'compute2', 'spawn-reschedules',
                              None)
        self.assertTrue(self.driver.heal_fault(
            self.settings, 'compute2', 'spawn-reschedules', None))
        self.assertNotIn(driver.fault_conf(self.settings, 'compute2'),
                         self.argv())
        # Nothing left to heal: no restart.
        self.assertFalse(self.driver.heal_fault(
            self.settings, 'compute2', 'spawn-reschedules', None))

    def test_a_fault_a_killed_run_left_is_healed_by_up(self):
        self.driver.put_fault(self.settings, 'compute3', 'spawn-reschedules',
                              None)
        stopped = self.useFixture(fixtures.MockPatchObject(
            processes, 'stop_processes')).mock
        self.useFixture(fixtures.MockPatch('subprocess.check_output',
                                           return_value='/nowhere'))
        self.useFixture(fixtures.MockPatch('shutil.copyfile'))
        self.driver.prepare(self.settings)
        stopped.assert_called_once_with(self.settings, ['compute3'])
        self.assertFalse(os.path.exists(
            driver.fault_conf(self.settings, 'compute3')))
