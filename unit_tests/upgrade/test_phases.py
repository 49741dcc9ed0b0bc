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

"""Unit tests of upgrade/phases.py: the phases through resources.sh."""

import json
import os
from unittest import mock

import fixtures
import testtools
from upgrade import phases


class TestPhaseRuns(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.dir = self.useFixture(fixtures.TempDir()).path
        self.settings = mock.Mock(tempest_conf=os.path.join(
            self.dir, 'tempest.conf'))
        with open(self.settings.tempest_conf, 'w') as f:
            f.write('[compute]\nflavor_ref = 1\n[migration]\n'
                    'evacuate = true\nreport_file = %(x)s\n')

    def test_each_round_has_its_own_work_dir(self):
        self.settings.state_dir = '/s'
        self.assertEqual('/s/round-mixed/siblings.json',
                         phases.state_file(self.settings, 'mixed'))
        self.assertNotEqual(phases.round_dir(self.settings, 'mixed'),
                            phases.round_dir(self.settings, 'upgraded'))

    def test_shortfall_counts_failed_and_skipped(self):
        self.assertEqual(0, phases.shortfall({'passed': 4}, 0))
        self.assertEqual(3, phases.shortfall(
            {'passed': 1, 'failed': 2, 'skipped': 1}, 1))
        # tempest failed with no test counted (a class that errored).
        self.assertEqual(1, phases.shortfall({'ran': 0}, 1))

    def test_siblings_recorded(self):
        path = os.path.join(self.dir, 'state.json')
        self.assertEqual(0, phases.siblings_recorded(path))
        with open(path, 'w') as f:
            json.dump({'groups': {'resize': {'servers': [{}, {}]},
                                  'unshelve': {'servers': [{}, {}]}}}, f)
        self.assertEqual(4, phases.siblings_recorded(path))
