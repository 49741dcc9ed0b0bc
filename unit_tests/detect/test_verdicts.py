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

"""Unit tests of detect/verdicts.py: what the runs say of an entry."""

from detect import liveness
from detect import verdicts
import testtools

SCENARIO = 'migration_tempest_plugin.tests.scenario.'
A = SCENARIO + 'test_resize.ResizeTest.test_a[id-1]'
B = SCENARIO + 'test_resize.ResizeTest.test_b[id-2]'


def result(bug, verdict, live=liveness.LIVE, **kwargs):
    return verdicts.Result(bug, verdict, liveness=live, **kwargs)


class TestFromRuns(testtools.TestCase):
    def test_caught_by_the_tests_proven_on_the_pristine_nova(self):
        r = verdicts.from_runs('1', {A: 'E: a', B: 'E: b'}, [A],
                               {B: 'E: b again'},
                               {A: 'fail', B: 'fail'})
        self.assertEqual(verdicts.CAUGHT, r.verdict)
        self.assertEqual({'test_resize.ResizeTest.test_a': 'E: a'},
                         r.caught_by)
        self.assertEqual({'test_resize.ResizeTest.test_b':
                          ['E: b', 'E: b again']}, r.flaky)

    def test_flaky_when_no_failure_is_proven(self):
        r = verdicts.from_runs('1', {A: 'E: a'}, [], {A: 'E: a'},
                               {A: 'fail'})
        self.assertEqual(verdicts.FLAKY, r.verdict)

    def test_missed_when_nothing_failed(self):
        r = verdicts.from_runs('1', {}, [], {}, {A: 'success', B: 'skip'})
        self.assertEqual(verdicts.MISSED, r.verdict)
        self.assertEqual({'success': 1, 'skip': 1}, r.ran_counts())

    def test_first_failure_prefers_a_non_timeout(self):
        r = result('1', verdicts.CAUGHT, caught_by={
            'a_test': 'WaitTimeout: x', 'b_test': 'WaitFailed: ERROR'})
        self.assertEqual('WaitFailed: ERROR', r.first_failure())

    def test_wall_time_is_the_sum_of_the_phases(self):
        r = result('1', verdicts.MISSED, timings={'suite': 900.5,
                                                  'patch_restart': 9.5})
        self.assertEqual(910, r.wall_s)


class TestSummaryLine(testtools.TestCase):
    def test_line(self):
        results = [
            result('1', verdicts.CAUGHT),
            result('2', verdicts.MISSED),
            result('3', verdicts.FLAKY),
            result('4', verdicts.DEAD, live=liveness.DEAD),
            result('5', verdicts.ERROR),
            result('6', verdicts.CAUGHT, live=liveness.UNPROVEN),
            result('7', verdicts.NOT_APPLICABLE, live=''),
            result('8', verdicts.DOES_NOT_APPLY, live=''),
        ]
        self.assertEqual(
            'detect: seeded=6 live=4 caught=2 missed=[2] flaky=[3] '
            'dead=[4] errors=[5] unproven=[6] stale=[1] '
            'not_measured=[9] not_applicable=[7] does_not_apply=[8] '
            'suite=abc1234 wall_s=12',
            verdicts.summary_line(results, 12.7, 'abc1234', ['1'], ['9']))

    def test_nothing_to_say(self):
        self.assertEqual('detect: seeded=0 live=0 caught=0 missed=[] '
                         'flaky=[] dead=[] errors=[]',
                         verdicts.summary_line([]))
