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

"""Unit tests of detect/suite.py: the failures of a seeded run."""

import os
import re

from detect import suite
from harness import known_nova_bugs
from harness import subunit
from harness import tempest_run
import testtools

from migration_tempest_plugin import verdict

from unit_tests.detect import samples


class TestFailureLine(testtools.TestCase):
    def test_failure_line_names_exception_and_first_problem(self):
        self.assertEqual(
            'MoveVerificationError: Move of server 5b1 from compute1 did '
            'not end as expected: - allocations left under the migration '
            "9c2: {'rp': {'VCPU': 1}}",
            suite.failure_line(samples.TRACEBACK_VERIFY))
        self.assertEqual('WaitFailed: server 5b1 went to ERROR: NoValidHost:'
                         ' No valid host was found.',
                         suite.failure_line(samples.TRACEBACK_FAILED))

    def test_timeouts(self):
        self.assertTrue(suite.is_timeout(
            suite.failure_line(samples.TRACEBACK_TIMEOUT)))
        self.assertFalse(suite.is_timeout(
            suite.failure_line(samples.TRACEBACK_FAILED)))
        self.assertFalse(suite.is_timeout(
            suite.failure_line(samples.TRACEBACK_VERIFY)))


SCENARIO = 'migration_tempest_plugin.tests.scenario.'
A = SCENARIO + 'test_resize.ResizeTest.test_resize[id-1,smoke]'
B = SCENARIO + 'test_evacuate.EvacuateTest.test_evacuate[id-2]'
C = SCENARIO + 'test_unshelve.UnshelveTest.test_unshelve[id-3]'
FIXTURE = 'setUpClass (%stest_evacuate.EvacuateTest)' % SCENARIO


def a_run(statuses, returncode=None, problem=None, known_bugs=()):
    tests = {test_id: subunit.Test(status, samples.TRACEBACK_FAILED
                                   if status == 'fail' else '')
             for test_id, status in statuses.items()}
    if returncode is None:
        returncode = 1 if 'fail' in statuses.values() else 0
    return suite.Run('lp1', tempest_run.Result(
        'dir', 'conf', suite.PLUGIN_REGEX, returncode, '', {}, tests,
        None if problem else 'stream', problem, 1.0), 'detect-lp1', 'log',
        known_bugs)


# A nova bug B's failure shows (TRACEBACK_FAILED's NoValidHost).
B_KNOWN = known_nova_bugs.KnownNovaBug(
    test=verdict.base_id(B), pattern='NoValidHost', breaks='', cause='',
    drivers=('fake',), since='1.0')


class TestRunStandsOnItsOwn(testtools.TestCase):
    expected = {verdict.base_id(t) for t in (A, B, C)}

    def test_a_full_run_stands(self):
        self.assertIsNone(suite.problem(
            a_run({A: 'success', B: 'fail', C: 'skip'}), self.expected))

    def test_a_run_that_recorded_nothing(self):
        self.assertIn('no tests recorded', suite.problem(
            a_run({}, 1, problem='no tests recorded: x'), self.expected))

    def test_fewer_tests_than_the_baseline(self):
        problem = suite.problem(a_run({A: 'success', C: 'success'}),
                                self.expected)
        self.assertIn('recorded 2 tests, the baseline 3', problem)
        self.assertIn('test_evacuate.EvacuateTest.test_evacuate', problem)

    def test_a_failed_class_fixture_accounts_for_its_tests(self):
        self.assertIsNone(suite.problem(
            a_run({A: 'success', FIXTURE: 'fail', C: 'success'}),
            self.expected))

    def test_exit_status_and_stream_must_agree(self):
        self.assertIn('exited 1 but 0 tests failed', suite.problem(
            a_run({A: 'success', B: 'success', C: 'success'}, 1),
            self.expected))
        self.assertIn('exited 0 but 1 tests failed', suite.problem(
            a_run({A: 'success', B: 'fail', C: 'success'}, 0),
            self.expected))


class TestProof(testtools.TestCase):
    def test_regex_runs_exactly_the_failed_tests(self):
        regex = re.compile(suite.proof_regex([A, FIXTURE]))
        self.assertTrue(regex.search(A))
        self.assertTrue(regex.search(verdict.base_id(A)))
        self.assertTrue(regex.search(B))
        self.assertFalse(regex.search(C))
        self.assertFalse(regex.search(A.replace('test_resize[',
                                                'test_resize_more[')))

    def test_caught_only_by_tests_that_pass_on_the_pristine_nova(self):
        failures = {A: 'E: a', B: 'E: b', C: 'E: c'}
        proof = a_run({A: 'success', B: 'fail'})
        caught, flaky = suite.proven(failures, proof)
        self.assertEqual([A], caught)
        self.assertEqual({B: 'WaitFailed: server 5b1 went to ERROR: '
                          'NoValidHost: No valid host was found.',
                          C: 'did not run'}, flaky)

    def test_reproduced_alone_with_the_seed(self):
        failures = {A: 'E: a', B: 'E: b', C: 'E: c'}
        found, others = suite.reproduced(failures,
                                         a_run({A: 'fail', B: 'success'}))
        self.assertEqual([A], found)
        self.assertEqual({B: 'passed again alone with the seed',
                          C: 'did not run alone with the seed'}, others)

    def test_a_class_fixture_is_caught_when_its_class_passes(self):
        caught, flaky = suite.proven({FIXTURE: 'E'}, a_run({B: 'success'}))
        self.assertEqual(([FIXTURE], {}), (caught, flaky))
        caught, flaky = suite.proven({FIXTURE: 'E'}, a_run({FIXTURE: 'fail'}))
        self.assertEqual([], caught)
        self.assertIn(FIXTURE, flaky)

    def test_failures_and_statuses_of_a_run(self):
        run = a_run({A: 'success', B: 'fail', C: 'uxsuccess'})
        self.assertEqual([B, C], sorted(run.failures()))
        self.assertEqual('success', run.statuses()[verdict.base_id(A)])

    def test_a_failure_a_known_nova_bug_explains_is_not_the_seeds(self):
        run = a_run({A: 'fail', B: 'fail'}, known_bugs=(B_KNOWN,))
        self.assertEqual(sorted([A, B]), sorted(run.failed()))
        self.assertEqual([A], sorted(run.failures()))

    def test_a_known_bugs_test_failing_otherwise_is_a_failure(self):
        other = known_nova_bugs.KnownNovaBug(
            test=verdict.base_id(B), pattern='port .* is bound', breaks='',
            cause='', drivers=('fake',), since='1.0')
        run = a_run({B: 'fail'}, known_bugs=(other,))
        self.assertEqual([B], sorted(run.failures()))

    def test_a_run_failing_only_with_known_bugs_stands(self):
        self.assertIsNone(suite.problem(
            a_run({A: 'success', B: 'fail', C: 'success'},
                  known_bugs=(B_KNOWN,)),
            {verdict.base_id(t) for t in (A, B, C)}))

    def test_prefix_and_log_of_a_run(self):
        self.assertEqual(('detect-lp1', os.path.join('d', 'lp1',
                                                     'tempest.log')),
                         suite.prefix_and_log('d', 'lp1'))
