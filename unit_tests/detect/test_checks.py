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

"""Unit tests of detect/checks.py: health and census between runs."""

import os
import types

from detect import checks
import fixtures
from minicloud.drivers.fake import driver as fake_driver
from openstack.compute.v2 import service as sdk_service
import testtools

from unit_tests import fakes
from unit_tests.minicloud import fakes as minicloud_fakes


class FakeCloud(object):
    """What the checks see: service health, computes, leaks, cleanups."""

    def __init__(self, test):
        self.health = {}
        self.computes = {host: fakes.service_body(host)
                         for host in ('compute1', 'compute2', 'compute3')}
        self.leaks = []
        self.cleaned = []
        patch = test.useFixture
        patch(fixtures.MonkeyPatch(
            'minicloud.health.health',
            lambda settings, service: self.health.get(service.name, 'ok')))
        patch(fixtures.MonkeyPatch(
            'minicloud.computes.compute_services',
            lambda conn: {host: sdk_service.Service.existing(**body)
                          for host, body in self.computes.items()}))
        patch(fixtures.MonkeyPatch(
            'migration_tempest_plugin.census.settled_leaks',
            lambda conn, prefix, before, settle, credentials: (
                before, self.leaks.pop(0) if self.leaks else {})))
        patch(fixtures.MonkeyPatch(
            'harness.leaks.clean_up',
            lambda conn, prefix, logs, say: self.cleaned.append(prefix)))
        patch(fixtures.MonkeyPatch(
            'minicloud.computes.restore_compute', self.restore))

    def restore(self, conn, service):
        if service.is_forced_down:
            self.computes[service.host]['forced_down'] = False
            return 'accepted'
        return None


class TestChecks(testtools.TestCase):
    def setUp(self):
        super().setUp()
        state = self.useFixture(fixtures.TempDir()).path
        self.settings = minicloud_fakes.make_settings(
            MINICLOUD_STATE_DIR=state)
        os.makedirs(os.path.join(self.settings.etc_dir, 'nova'))
        self.cloud = FakeCloud(self)
        self.useFixture(fixtures.MonkeyPatch(
            'harness.leaks.connect', lambda settings: 'conn'))
        self.useFixture(fixtures.MonkeyPatch(
            'minicloud.processes.PidFile.alive_pid', lambda pidfile: 1))
        self.checks = checks.Checks(self.settings)
        # What the checks read of a suite.Run.
        self.run = types.SimpleNamespace(name='lp1', prefix='detect-lp1',
                                         log='log')
        self.before = {'admin': {}, 'run': {}}

    def test_healthy(self):
        self.assertEqual([], checks.health_problems(self.settings, 'conn'))
        self.assertEqual({}, self.checks.after(self.run, self.before, False))

    def test_problems(self):
        self.cloud.health['nova-scheduler'] = 'not running'
        self.cloud.computes['compute2']['forced_down'] = True
        fake_driver.write_faults(self.settings, 'compute3',
                                 {'spawn-reschedules': ['s1', '*']})
        problems = checks.health_problems(self.settings, 'conn')
        self.assertEqual(3, len(problems))
        self.assertEqual('nova-scheduler: not running', problems[0])
        self.assertIn('compute2: state=up status=enabled forced_down=True',
                      problems[1])
        self.assertEqual('a fault is left in place on compute3: '
                         'spawn-reschedules for s1, *', problems[2])

    def test_a_healed_fault_is_no_problem(self):
        fake_driver.write_faults(self.settings, 'compute1',
                                 {'spawn-reschedules': []})
        fake_driver.write_faults(self.settings, 'compute2', {})
        self.assertEqual({}, checks.faults_left(self.settings))
        self.assertEqual([], checks.health_problems(self.settings, 'conn'))

    def test_a_passing_run_must_leave_nothing(self):
        self.cloud.leaks = [{'consumers': ['c1']}]
        error = self.assertRaises(checks.CloudNotClean, self.checks.after,
                                  self.run, self.before, False)
        self.assertIn('after lp1: consumers: c1', str(error))
        self.assertEqual([], self.cloud.cleaned)

    def test_what_a_failing_run_left_is_cleaned_and_reported(self):
        self.cloud.leaks = [{'consumers': ['c1'], 'servers': []}]
        self.cloud.computes['compute2']['forced_down'] = True
        left = self.checks.after(self.run, self.before, True)
        self.assertEqual(['c1'], left['consumers'])
        self.assertIn('compute2', left['health'][0])
        self.assertNotIn('servers', left)
        self.assertEqual(['detect-lp1'], self.cloud.cleaned)
        self.assertFalse(self.cloud.computes['compute2']['forced_down'])

    def test_what_stays_after_the_cleanup_stops_the_run(self):
        self.cloud.leaks = [{'consumers': ['c1']}, {'consumers': ['c1']}]
        error = self.assertRaises(checks.CloudNotClean, self.checks.after,
                                  self.run, self.before, True)
        self.assertIn('after lp1 and its cleanup: consumers: c1',
                      str(error))

    def test_the_cleanup_heals_each_fault_left_per_server(self):
        fake_driver.write_faults(self.settings, 'compute2', {
            'finish-migration-fails': ['s1'], 'spawn-reschedules': ['*']})
        self.cloud.leaks = [{'consumers': ['c1']}]
        left = self.checks.after(self.run, self.before, True)
        self.assertEqual(['c1'], left['consumers'])
        self.assertIn('a fault is left in place on compute2: '
                      'finish-migration-fails for s1, spawn-reschedules '
                      'for *', left['health'])
        self.assertEqual({}, fake_driver.read_faults(self.settings,
                                                     'compute2'))
