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

import subprocess
import sys

from reliability import run
import testtools


class TestVerdictLine(testtools.TestCase):

    def test_format(self):
        self.assertEqual(
            'reliability: runs=10 failures=0 leaks=0 interrupted_leaks=0 '
            'faults_diagnosed=2/2 bad_inputs=22/22',
            run.verdict_line(10, 0, 0, 0, (2, 2), (22, 22)))

    def test_help_starts_nothing(self):
        done = subprocess.run([sys.executable, '-m', 'reliability', '--help'],
                              stdout=subprocess.PIPE, text=True, timeout=60)
        self.assertEqual(0, done.returncode)
        self.assertIn('RELIABILITY_RUNS', done.stdout)
        self.assertNotIn('reliability: runs=', done.stdout)
