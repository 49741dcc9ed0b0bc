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

"""Unit tests of detect/verdicts.py: what a seeded run says."""

from detect import docs_page
from detect import entries
from detect import suite
from detect import verdicts
import testtools

from unit_tests.detect import samples


class TestVerdict(testtools.TestCase):
    def test_no_failure_is_missed(self):
        self.assertEqual(verdicts.MISSED, verdicts.verdict({}))

    def test_timeouts_alone_are_counted_apart(self):
        self.assertEqual(verdicts.TIMEOUT_ONLY, verdicts.verdict({
            't1': suite.failure_line(samples.TRACEBACK_TIMEOUT)}))

    def test_nova_error_or_broken_expectation_is_caught(self):
        self.assertEqual(verdicts.CAUGHT, verdicts.verdict({
            't1': suite.failure_line(samples.TRACEBACK_TIMEOUT),
            't2': suite.failure_line(samples.TRACEBACK_VERIFY)}))
        self.assertEqual(verdicts.CAUGHT, verdicts.verdict({
            't1': suite.failure_line(samples.TRACEBACK_FAILED)}))

    def test_summary_line(self):
        def entry(bug, **kwargs):
            return entries.Entry(bug=bug, breaks='b', fix='f', **kwargs)
        results = [
            verdicts.Result(entry('1'), verdicts.CAUGHT, {'t': 'E: x'}),
            verdicts.Result(entry('2'), verdicts.MISSED),
            verdicts.Result(entry('3'), verdicts.TIMEOUT_ONLY, {'t': 'T'}),
            verdicts.Result(entry('4', not_applicable='why'),
                            verdicts.NOT_APPLICABLE),
            verdicts.Result(entry('5'), verdicts.DOES_NOT_APPLY),
            verdicts.Result(entry('6'), verdicts.MISSED),
        ]
        self.assertEqual(
            'detect: seeded=4 caught=1 missed=[2,6] timeout_only=[3] '
            'not_applicable=[4] does_not_apply=[5] wall_s=12',
            verdicts.summary_line(results, 12.7))
        table = docs_page.results_table(results)
        self.assertIn('``E: x``', table)
        self.assertIn('| ``t``', table)
        self.assertIn('why', table)

    def test_first_failure_prefers_a_non_timeout(self):
        result = verdicts.Result(
            entries.Entry(bug='1', breaks='b', fix='f'), verdicts.CAUGHT,
            {'a_test': 'WaitTimeout: x', 'b_test': 'WaitFailed: ERROR'})
        self.assertEqual('WaitFailed: ERROR', result.first_failure())
