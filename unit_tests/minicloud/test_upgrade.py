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
from unittest import mock

import fixtures
from minicloud import config
from minicloud import errors
from minicloud import upgrade
import testtools


class TestSettings(testtools.TestCase):

    def settings(self, state_dir):
        return upgrade.UpgradeSettings(
            {'MINICLOUD_STATE_DIR': state_dir}).previous

    def test_venv_of_the_previous_release(self):
        settings = self.settings('/tmp/up')
        self.assertEqual('/tmp/up/venv-previous/bin/nova-manage',
                         settings.bin('nova-manage'))

    def test_refuses_the_development_cloud(self):
        settings = self.settings(os.path.join(config.REPO_DIR,
                                              '.minicloud'))
        error = self.assertRaises(errors.MinicloudError,
                                  upgrade.check_own_state_dir, settings)
        self.assertIn('the development cloud', str(error))
        upgrade.check_own_state_dir(self.settings('/tmp/up'))

    def test_each_release_has_its_constraints_and_nothing_is_patched(self):
        settings = upgrade.UpgradeSettings({'MINICLOUD_STATE_DIR': '/tmp/up'})
        self.assertEqual(upgrade.PREVIOUS_CONSTRAINTS,
                         settings.previous.constraints_file)
        self.assertEqual(upgrade.CURRENT_CONSTRAINTS,
                         settings.current.constraints_file)
        self.assertEqual(upgrade.CURRENT_CONSTRAINTS,
                         config.CONSTRAINTS_FILE)

    def test_own_defaults_workspace_stamps_and_driver(self):
        settings = upgrade.UpgradeSettings({})
        for cloud in (settings.previous, settings.current):
            self.assertEqual(upgrade.DEFAULT_STATE_DIR, cloud.state_dir)
            self.assertEqual(int(upgrade.DEFAULT_PORT_BASE), cloud.port_base)
            self.assertEqual('minicloud-upgrade', cloud.workspace_name)
            self.assertEqual('fake', cloud.driver_name)
        self.assertEqual(config.WORKSPACE_NAME, 'minicloud')
        self.assertNotEqual(settings.previous.stamp_dir,
                            settings.current.stamp_dir)

    def test_children_find_this_cloud(self):
        settings = upgrade.UpgradeSettings({
            'MINICLOUD_STATE_DIR': '/tmp/up',
            'MINICLOUD_PORT_BASE': '41000'}).current
        self.assertEqual({'MINICLOUD_STATE_DIR': '/tmp/up',
                          'MINICLOUD_PORT_BASE': '41000',
                          'MINICLOUD_DRIVER': 'fake'},
                         settings.environ())

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
        for package in config.SERVER_PACKAGES:
            self.assertIn(package, previous)


class TestRollingOrder(testtools.TestCase):

    def test_every_compute_once_the_last_after_the_mixed_round(self):
        self.assertEqual(config.COMPUTE_HOSTS, tuple(
            upgrade.EARLY_COMPUTES + [upgrade.LAST_COMPUTE]))
        self.assertEqual('compute3', upgrade.LAST_COMPUTE)
        self.assertTrue(upgrade.EARLY_COMPUTES)

    def test_the_compute_left_behind_is_never_evacuated(self):
        # The evacuate test stops only a compute another of its zone can
        # stand in for: the one left on the previous release, once forced
        # down, would be out of nova's minimum version and could not
        # return. The upgraded ones share a zone: the mixed round has a
        # compute to evacuate.
        zone_hosts = [hosts for _, hosts in config.AVAILABILITY_ZONES
                      if upgrade.LAST_COMPUTE in hosts]
        self.assertEqual([(upgrade.LAST_COMPUTE,)], zone_hosts)
        for _, hosts in config.AVAILABILITY_ZONES:
            if upgrade.LAST_COMPUTE not in hosts:
                self.assertGreater(len(hosts), 1)

    def test_an_upgraded_compute_must_show_the_new_version(self):
        # The first heartbeats after the restart may be the stopped
        # process's, still at the old version.
        versions = iter([{'compute3': '72', 'compute1': '74'},
                         {'compute3': '72', 'compute1': '74'},
                         {'compute3': '74', 'compute1': '74'}])
        self.useFixture(fixtures.MockPatchObject(
            upgrade, 'compute_versions', lambda *a: next(versions)))
        restart = self.useFixture(fixtures.MockPatchObject(
            upgrade, 'restart_computes')).mock
        waits = self.useFixture(fixtures.MockPatchObject(
            upgrade, 'wait_heartbeats')).mock
        self.useFixture(fixtures.MockPatchObject(upgrade, 'heartbeats'))
        self.useFixture(fixtures.MockPatchObject(upgrade.processes.time,
                                                 'sleep'))
        progress = self.useFixture(fixtures.MockPatchObject(
            upgrade, 'progress')).mock
        new = mock.Mock(timeout=5)
        upgrade.upgrade_compute(new, {}, 'compute3', upgrade.Tally())
        restart.assert_called_once_with(new, {}, ['compute3'])
        self.assertEqual(1, waits.call_count)
        self.assertIn("'compute3': '74'", progress.call_args[0][1])

    def test_a_compute_left_at_its_version_fails_the_upgrade(self):
        self.useFixture(fixtures.MockPatchObject(
            upgrade, 'compute_versions', lambda *a: {'compute3': '72'}))
        for name in ('restart_computes', 'wait_heartbeats', 'heartbeats'):
            self.useFixture(fixtures.MockPatchObject(upgrade, name))
        self.useFixture(fixtures.MockPatchObject(upgrade.processes.time,
                                                 'sleep'))
        new = mock.Mock(timeout=0, log_dir='/nowhere')
        new.log.return_value = '/nowhere/compute3.log'
        error = self.assertRaises(errors.MinicloudError,
                                  upgrade.upgrade_compute, new, {},
                                  'compute3', upgrade.Tally())
        self.assertIn('service version still 72', str(error))


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
