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

"""Unit tests of detect/run.py: an entry measured, with the cloud faked."""

import re

from detect import checks
from detect import entries
from detect import liveness
from detect import run
from detect import store
from detect import verdicts
import fixtures
from harness import judge
from minicloud import errors
import testtools

from migration_tempest_plugin import verdict
from unit_tests.detect import samples
from unit_tests.detect import test_suite

A, B, C = test_suite.A, test_suite.B, test_suite.C


class FakeChecks(object):
    def __init__(self, settings):
        self.conn = 'conn'
        self.after_runs = []
        self.left = {}

    def census(self, prefix, log):
        return {'prefix': prefix}

    def after(self, run, before, failed):
        self.after_runs.append((run.name, before['prefix'], failed))
        return self.left if failed else {}


class FakeProver(object):
    def __init__(self, verdict=liveness.LIVE):
        self.verdict = verdict

    def prove(self, entry):
        return liveness.Result(entry.bug, self.verdict, detail='why')


class TestDetect(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.site, self.path = samples.nova_site(self)
        self.entry = entries.parse_entry(samples.ENTRY, 'lp1234567.patch')
        self.events = []
        # {run name: (statuses while seeded, statuses when pristine)}.
        self.outcomes = {}
        # Statuses of tests run again alone with the seed, if not those
        # of the whole suite.
        self.alone = {}
        patch = self.patch_with
        patch('detect.checks.Checks', FakeChecks)
        patch('detect.checks.health_problems', lambda settings, conn: [])
        patch('detect.services.restart', lambda settings, names:
              self.events.append(('restart', self.seeded(), names)))
        patch('detect.suite.run_tests', self.run_tests)
        patch('harness.judge.judge', lambda result, known=(): judge.Judged(
            True, [], 'expected=3 passed=3'))
        self.pristine = store.PristineFailures(
            self.useFixture(fixtures.TempDir()).path)
        self.detector = run.Detect(None, 'tempest', self.site, 'run-dir',
                                   90, FakeProver(), self.pristine)

    def patch_with(self, name, value):
        self.useFixture(fixtures.MonkeyPatch(name, value))

    def seeded(self):
        with open(self.path) as f:
            return 'delete_allocation' not in f.read()

    def run_tests(self, settings, tempest, run_dir, name, move_timeout,
                  regex, known_bugs=()):
        self.events.append(('suite', self.seeded(), name))
        base = re.sub('-(again|pristine)$', '', name)
        seeded, pristine = self.outcomes.get(base, ({}, {}))
        statuses = {A: 'success', B: 'success', C: 'success'}
        statuses.update(seeded if self.seeded() else pristine)
        if name.endswith('-again'):
            statuses.update(self.alone)
        if base != name:
            # The proof runs only the tests that failed.
            statuses = {t: s for t, s in statuses.items()
                        if re.search(regex, t)}
        fake_run = test_suite.a_run(statuses, known_bugs=known_bugs)
        fake_run.name, fake_run.prefix = name, 'detect-' + name
        return fake_run

    def measure(self):
        self.detector.baseline()
        return self.detector.seed(self.entry)

    def test_caught_by_the_test_that_passes_on_the_pristine_nova(self):
        self.outcomes['lp1234567'] = ({A: 'fail', B: 'fail'}, {B: 'fail'})
        result = self.measure()
        self.assertEqual(verdicts.CAUGHT, result.verdict)
        self.assertEqual(['test_resize.ResizeTest.test_resize'],
                         list(result.caught_by))
        self.assertEqual(['test_evacuate.EvacuateTest.test_evacuate'],
                         list(result.flaky))
        self.assertEqual(liveness.LIVE, result.liveness)
        self.assertEqual([
            ('suite', False, 'baseline'),
            ('restart', True, list(run.services.ALL_NOVA[3:])),
            ('suite', True, 'lp1234567'),
            ('suite', True, 'lp1234567-again'),
            ('restart', False, list(run.services.ALL_NOVA[3:])),
            ('suite', False, 'lp1234567-pristine')], self.events)
        self.assertEqual([('baseline', 'detect-baseline', False),
                          ('lp1234567-again', 'detect-lp1234567-again',
                           True),
                          ('lp1234567', 'detect-lp1234567', True),
                          ('lp1234567-pristine',
                           'detect-lp1234567-pristine', True)],
                         self.detector.checks.after_runs)
        self.assertFalse(self.seeded())
        self.assertEqual({'liveness', 'patch_restart', 'suite',
                          'revert_restart', 'checks', 'proof'},
                         set(result.timings))

    def test_a_failure_the_seed_does_not_show_alone_is_flaky(self):
        self.outcomes['lp1234567'] = ({A: 'fail', B: 'fail'}, {})
        self.alone = {B: 'success'}
        result = self.measure()
        self.assertEqual(verdicts.CAUGHT, result.verdict)
        self.assertEqual(['test_resize.ResizeTest.test_resize'],
                         list(result.caught_by))
        self.assertEqual('passed again alone with the seed', result.flaky[
            'test_evacuate.EvacuateTest.test_evacuate'][1])

    def test_nothing_shown_again_alone_runs_no_pristine_proof(self):
        self.outcomes['lp1234567'] = ({A: 'fail'}, {})
        self.alone = {A: 'success'}
        self.assertEqual(verdicts.FLAKY, self.measure().verdict)
        self.assertNotIn('lp1234567-pristine',
                         [event[2] for event in self.events])

    def test_a_test_seen_failing_on_the_pristine_nova_proves_nothing(self):
        self.pristine.record('earlier/baseline', {
            verdict.base_id(A): 'AssertionError: neither moved'})
        self.outcomes['lp1234567'] = ({A: 'fail'}, {})
        result = self.measure()
        self.assertEqual(verdicts.FLAKY, result.verdict)
        self.assertIn('failed there in earlier/baseline: '
                      'AssertionError: neither moved',
                      result.flaky['test_resize.ResizeTest.test_resize'][1])

    def test_failures_on_the_pristine_nova_are_kept(self):
        self.outcomes['lp1234567'] = ({A: 'fail', B: 'fail'}, {B: 'fail'})
        self.measure()
        self.assertIn('run-dir/lp1234567-pristine',
                      self.pristine.of(verdict.base_id(B)))
        self.assertIsNone(self.pristine.of(verdict.base_id(A)))

    def test_a_known_nova_bug_fails_every_run_and_catches_nothing(self):
        self.detector.known_bugs = (test_suite.B_KNOWN,)
        # B fails with its known bug on the pristine nova and seeded.
        self.outcomes['baseline'] = ({}, {B: 'fail'})
        self.outcomes['lp1234567'] = ({B: 'fail'}, {B: 'fail'})
        result = self.measure()
        self.assertEqual(verdicts.MISSED, result.verdict)
        self.assertIn('run-dir/baseline', self.pristine.of(verdict.base_id(B)))

    def test_missed_when_the_whole_suite_passes(self):
        result = self.measure()
        self.assertEqual(verdicts.MISSED, result.verdict)
        self.assertEqual(3, len(result.ran))
        self.assertNotIn('proof', result.timings)

    def test_flaky_when_every_failure_fails_again(self):
        self.outcomes['lp1234567'] = ({A: 'fail'}, {A: 'fail'})
        self.assertEqual(verdicts.FLAKY, self.measure().verdict)

    def test_a_dead_seed_runs_no_suite(self):
        self.detector.prover = FakeProver(liveness.DEAD)
        result = self.measure()
        self.assertEqual(verdicts.DEAD, result.verdict)
        self.assertEqual([('suite', False, 'baseline')], self.events)

    def test_a_run_with_fewer_tests_is_an_error(self):
        def run_tests(*args):
            fake_run = self.run_tests(*args)
            if self.seeded():
                del fake_run.result.tests[C]
            return fake_run
        self.patch_with('detect.suite.run_tests', run_tests)
        result = self.measure()
        self.assertEqual(verdicts.ERROR, result.verdict)
        self.assertIn('recorded 2 tests, the baseline 3', result.detail)

    def test_patch_that_does_not_apply(self):
        with open(self.path, 'w') as f:
            f.write(samples.ORIGINAL.replace('check', 'verify'))
        self.detector.baseline()
        result = self.detector.seed(self.entry)
        self.assertEqual(verdicts.DOES_NOT_APPLY, result.verdict)
        self.assertNotIn('restart', [event[0] for event in self.events])

    def test_reverted_and_restarted_when_the_suite_is_interrupted(self):
        self.detector.baseline()

        def interrupted(*args):
            if self.seeded():
                raise SystemExit(143)
        self.patch_with('detect.suite.run_tests', interrupted)
        self.assertRaises(SystemExit, self.detector.seed, self.entry)
        self.assertFalse(self.seeded())
        self.assertEqual(('restart', False), self.events[-1][:2])

    def test_the_baseline_must_pass_and_the_cloud_be_healthy(self):
        self.patch_with('harness.judge.judge',
                        lambda result, known: judge.Judged(
                            False, ['failed: x'], 'expected=3 passed=2'))
        self.assertIn('baseline run on the pristine nova did not pass',
                      str(self.assertRaises(errors.MinicloudError,
                                            self.detector.baseline)))
        self.patch_with('detect.checks.health_problems',
                        lambda settings, conn: ['compute1: down'])
        self.assertRaises(checks.CloudNotClean, self.detector.baseline)

    def test_the_closing_baseline_accounts_for_every_test(self):
        self.detector.baseline()
        self.detector.expected.add('migration_tempest_plugin.x.Y.test_z')
        self.assertIn('test_z did not run', str(self.assertRaises(
            errors.MinicloudError, self.detector.baseline,
            'closing-baseline')))


class TestClock(testtools.TestCase):
    def test_phases_add_up(self):
        timings = {}
        clock = run.Clock(timings)
        with clock('checks'):
            pass
        clock.start('suite')
        clock.add('suite', 10)
        clock.start('checks')
        clock.stop()
        self.assertEqual({'checks', 'suite'}, set(timings))
        self.assertGreaterEqual(timings['suite'], 10)
