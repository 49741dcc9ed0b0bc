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

"""Unit tests of tools/minicloud/upgrade.py's pure logic (no cloud)."""

import json
import os
import sys
from unittest import mock

import fixtures
import testtools

TOOL_DIR = os.path.join(os.path.dirname(__file__), '..', '..', 'tools',
                        'minicloud')
# upgrade.py imports minicloud as its neighbour, as when run as a script.
sys.path.insert(0, os.path.abspath(TOOL_DIR))
import minicloud  # noqa: E402
import upgrade  # noqa: E402
sys.path.pop(0)


class TestSettings(testtools.TestCase):

    def settings(self, state_dir):
        with mock.patch.dict(os.environ, {'MINICLOUD_STATE_DIR': state_dir}):
            return upgrade.settings_with_venv(upgrade.PREVIOUS_VENV)

    def test_venv_of_the_previous_release(self):
        settings = self.settings('/tmp/up')
        self.assertEqual('/tmp/up/venv-previous/bin/nova-manage',
                         settings.bin('nova-manage'))

    def test_refuses_the_development_cloud(self):
        settings = self.settings(os.path.join(upgrade.REPO_DIR,
                                              '.minicloud'))
        error = self.assertRaises(minicloud.MinicloudError,
                                  upgrade.check_own_state_dir, settings)
        self.assertIn('the development cloud', str(error))
        upgrade.check_own_state_dir(self.settings('/tmp/up'))

    def test_constraints_are_swapped_and_restored(self):
        with upgrade.constraints(upgrade.PREVIOUS_CONSTRAINTS):
            self.assertEqual(upgrade.PREVIOUS_CONSTRAINTS,
                             minicloud.CONSTRAINTS_FILE)
        self.assertEqual(upgrade.CURRENT_CONSTRAINTS,
                         minicloud.CONSTRAINTS_FILE)

    def test_previous_constraints_pin_the_previous_release(self):
        pins = {}
        for name in (upgrade.PREVIOUS_CONSTRAINTS,
                     upgrade.CURRENT_CONSTRAINTS):
            with open(name) as f:
                pins[name] = dict(line.strip().split('==') for line in f
                                  if '==' in line)
        previous = pins[upgrade.PREVIOUS_CONSTRAINTS]
        current = pins[upgrade.CURRENT_CONSTRAINTS]
        self.assertEqual(
            int(current['nova'].split('.')[0]) - 1,
            int(previous['nova'].split('.')[0]))
        for package in minicloud.SERVER_PACKAGES:
            self.assertIn(package, previous)


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
                         upgrade.state_file(self.settings, 'mixed'))
        self.assertNotEqual(upgrade.round_dir(self.settings, 'mixed'),
                            upgrade.round_dir(self.settings, 'upgraded'))

    def test_shortfall_counts_failed_and_skipped(self):
        self.assertEqual(0, upgrade.shortfall({'passed': 4}, 0))
        self.assertEqual(3, upgrade.shortfall(
            {'passed': 1, 'failed': 2, 'skipped': 1}, 1))
        # tempest failed with no test counted (a class that errored).
        self.assertEqual(1, upgrade.shortfall({'ran': 0}, 1))

    def test_siblings_recorded(self):
        path = os.path.join(self.dir, 'state.json')
        self.assertEqual(0, upgrade.siblings_recorded(path))
        with open(path, 'w') as f:
            json.dump({'groups': {'resize': {'servers': [{}, {}]},
                                  'unshelve': {'servers': [{}, {}]}}}, f)
        self.assertEqual(4, upgrade.siblings_recorded(path))

    def test_final_line(self):
        tally = upgrade.Tally()
        tally.from_version, tally.to_version = '33.0.2', '34.0.0'
        tally.created_before, tally.moved_after = 16, 8
        self.assertRegex(
            tally.line(),
            r'^upgrade: from=33\.0\.2 to=34\.0\.0 created_before=16 '
            r'moved_after=8 failures=0 wall_s=\d+$')
