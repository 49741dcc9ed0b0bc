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

"""Unit tests of reliability/run.py: the final line, the command."""

from reliability import compute_faults
from reliability import run
import testtools

from unit_tests import commands


class TestVerdictLine(testtools.TestCase):

    def test_format(self):
        self.assertEqual(
            'reliability: runs=10 failures=0 leaks=0 interrupted_leaks=0 '
            'faults_diagnosed=1/2 faults_timed_out=1 bad_inputs=22/22',
            run.verdict_line(10, 0, 0, 0, [compute_faults.DIAGNOSED,
                                           compute_faults.TIMED_OUT],
                             (22, 22)))

    def test_help_starts_nothing(self):
        text = commands.help_text(self, 'reliability')
        self.assertIn('RELIABILITY_RUNS', text)
        self.assertNotIn('reliability: runs=', text)
