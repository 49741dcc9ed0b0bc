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

import json
import os

import fixtures
import testtools

from minicloud.drivers.fake import driver
from unit_tests.minicloud import fakes


class TestFaults(testtools.TestCase):

    def setUp(self):
        super().setUp()
        state_dir = self.useFixture(fixtures.TempDir()).path
        self.settings = fakes.make_settings(MINICLOUD_STATE_DIR=state_dir,
                                            MINICLOUD_DRIVER='fake')
        self.driver = driver.FakeDriver()

    def test_a_fault_names_its_server_in_the_hosts_faults_file(self):
        self.assertEqual(['finish-migration-fails', 'spawn-reschedules',
                          'unshelve-spawn-fails'], self.driver.faults())
        # No restart of the compute: the driver reads the file.
        self.assertFalse(self.driver.put_fault(
            self.settings, 'compute2', 'finish-migration-fails', 's-1'))
        self.driver.put_fault(self.settings, 'compute2', 'spawn-reschedules',
                              None)
        path = os.path.join(self.settings.state_dir, 'compute2',
                            driver.FAULTS_FILE)
        with open(path) as f:
            self.assertEqual({'finish-migration-fails': ['s-1'],
                              'spawn-reschedules': ['*']}, json.load(f))
        self.assertEqual({}, driver.read_faults(self.settings, 'compute1'))

    def test_healing_takes_the_server_out(self):
        for server in ('s-1', 's-2'):
            self.driver.put_fault(self.settings, 'compute2',
                                  'finish-migration-fails', server)
        self.assertFalse(self.driver.heal_fault(
            self.settings, 'compute2', 'finish-migration-fails', 's-1'))
        self.assertEqual({'finish-migration-fails': ['s-2']},
                         driver.read_faults(self.settings, 'compute2'))
        self.driver.heal_fault(self.settings, 'compute2',
                               'finish-migration-fails', 's-2')
        self.assertEqual({}, driver.read_faults(self.settings, 'compute2'))
        # Nothing left to heal is no error.
        self.driver.heal_fault(self.settings, 'compute2',
                               'finish-migration-fails', 's-2')

    def test_faults_a_killed_run_left_are_gone_after_up(self):
        self.driver.put_fault(self.settings, 'compute3', 'spawn-reschedules',
                              None)
        self.useFixture(fixtures.MockPatch('subprocess.check_output',
                                           return_value='/nowhere'))
        self.useFixture(fixtures.MockPatch('shutil.copyfile'))
        self.driver.prepare(self.settings)
        self.assertEqual({}, driver.read_faults(self.settings, 'compute3'))

    def test_the_compute_runs_the_driver_with_faults(self):
        self.assertEqual(
            {'DEFAULT': {'compute_driver':
                         'minicloud_fake.FakeDriverWithFaults'}},
            self.driver.compute_options(self.settings, 'compute1'))
