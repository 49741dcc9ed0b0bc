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

"""Unit tests of upgrade/rolling.py: the control plane, then the computes."""

from unittest import mock

import fixtures
from minicloud import config
from minicloud import errors
import testtools
from upgrade import figures
from upgrade import rolling


class TestRollingOrder(testtools.TestCase):

    def test_every_compute_once_the_last_after_the_mixed_round(self):
        self.assertEqual(config.COMPUTE_HOSTS, tuple(
            rolling.EARLY_COMPUTES + [rolling.LAST_COMPUTE]))
        self.assertEqual('compute3', rolling.LAST_COMPUTE)
        self.assertTrue(rolling.EARLY_COMPUTES)

    def test_the_compute_left_behind_is_never_evacuated(self):
        # The evacuate test stops only a compute another of its zone can
        # stand in for: the one left on the previous release, once forced
        # down, would be out of nova's minimum version and could not
        # return. The upgraded ones share a zone: the mixed round has a
        # compute to evacuate.
        zone_hosts = [hosts for _, hosts in config.AVAILABILITY_ZONES
                      if rolling.LAST_COMPUTE in hosts]
        self.assertEqual([(rolling.LAST_COMPUTE,)], zone_hosts)
        for _, hosts in config.AVAILABILITY_ZONES:
            if rolling.LAST_COMPUTE not in hosts:
                self.assertGreater(len(hosts), 1)

    def test_an_upgraded_compute_must_show_the_new_version(self):
        # The first heartbeats after the restart may be the stopped
        # process's, still at the old version.
        versions = iter([{'compute3': '72', 'compute1': '74'},
                         {'compute3': '72', 'compute1': '74'},
                         {'compute3': '74', 'compute1': '74'}])
        self.useFixture(fixtures.MockPatchObject(
            rolling, 'compute_versions', lambda *a: next(versions)))
        restart = self.useFixture(fixtures.MockPatchObject(
            rolling, 'restart_computes')).mock
        waits = self.useFixture(fixtures.MockPatchObject(
            rolling, 'wait_heartbeats')).mock
        self.useFixture(fixtures.MockPatchObject(rolling, 'heartbeats'))
        self.useFixture(fixtures.MockPatchObject(rolling.processes.time,
                                                 'sleep'))
        tally = figures.Tally()
        progress = self.useFixture(fixtures.MockPatchObject(
            tally, 'progress')).mock
        new = mock.Mock(timeout=5)
        rolling.upgrade_compute(new, {}, 'compute3', tally)
        restart.assert_called_once_with(new, {}, ['compute3'])
        self.assertEqual(1, waits.call_count)
        self.assertIn("'compute3': '74'", progress.call_args[0][0])

    def test_a_compute_left_at_its_version_fails_the_upgrade(self):
        self.useFixture(fixtures.MockPatchObject(
            rolling, 'compute_versions', lambda *a: {'compute3': '72'}))
        for name in ('restart_computes', 'wait_heartbeats', 'heartbeats'):
            self.useFixture(fixtures.MockPatchObject(rolling, name))
        self.useFixture(fixtures.MockPatchObject(rolling.processes.time,
                                                 'sleep'))
        new = mock.Mock(timeout=0, log_dir='/nowhere')
        new.log.return_value = '/nowhere/compute3.log'
        error = self.assertRaises(errors.MinicloudError,
                                  rolling.upgrade_compute, new, {},
                                  'compute3', figures.Tally())
        self.assertIn('service version still 72', str(error))
