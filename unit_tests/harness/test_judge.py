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

"""Unit tests of harness/judge.py: the plugin's verdict on a run."""

from harness import judge
from harness import tempest_run
import testtools


class TestJudged(testtools.TestCase):

    def test_problems_and_counts_of_the_verdicts_output(self):
        judged = judge.Judged.from_output(
            1, 'verdict: did not run: t.A.test_1\n'
               'verdict: expected=2 passed=1 failed=0 '
               'skipped=0 unexpected_skips=0 not_run=1\n')
        self.assertFalse(judged.ok)
        self.assertEqual(['did not run: t.A.test_1'], judged.problems)
        self.assertEqual('expected=2 passed=1 failed=0 skipped=0 '
                         'unexpected_skips=0 not_run=1', judged.counts)

    def test_no_verdict_line_is_said(self):
        judged = judge.Judged.from_output(1, '')
        self.assertEqual('no verdict: no output', judged.counts)

    def test_a_run_that_recorded_no_test_fails(self):
        result = tempest_run.Result(
            '/run', '/run/tempest.conf', 'x', 0, '', {'ran': 0}, {}, None,
            'no tests recorded: `stestr last` in /run failed (exit 1)', 0)
        judged = judge.judge(result)
        self.assertFalse(judged.ok)
        self.assertEqual([result.problem], judged.problems)
        self.assertEqual('no verdict: no tests recorded', judged.counts)

    def test_known_nova_bugs_are_read_from_the_counts(self):
        judged = judge.Judged.from_output(
            0, 'verdict: expected=2 passed=1 failed=0 skipped=0 '
               'unexpected_skips=0 not_run=0 known_nova_bugs=1 '
               'unexpected_passes=0\n')
        self.assertEqual(1, judged.known_nova_bugs)
        self.assertEqual(0, judge.Judged.from_output(
            0, 'verdict: expected=1 passed=1\n').known_nova_bugs)
