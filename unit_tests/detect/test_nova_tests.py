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

"""Unit tests of detect/nova_tests.py: nova's tests in their venv."""

import json
import os
import sys

from detect import nova_tests
import fixtures
import testtools

from unit_tests.detect import samples

TEST = samples.TEST
OTHER = samples.OTHER


def passed(*ids):
    return {t: {'status': 'pass', 'detail': ''} for t in ids}


class TestRunTests(testtools.TestCase):
    """run_tests with a stand-in runner, in a stand-in venv."""

    def setUp(self):
        super().setUp()
        self.venv = self.useFixture(fixtures.TempDir()).path
        os.makedirs(os.path.join(self.venv, 'bin'))
        os.symlink(sys.executable, os.path.join(self.venv, 'bin', 'python'))
        self.work = self.useFixture(fixtures.TempDir()).path
        self.runner = os.path.join(self.work, 'runner.py')
        self.useFixture(fixtures.MonkeyPatch('detect.nova_tests.RUNNER',
                                             self.runner))

    def _runner(self, body):
        with open(self.runner, 'w') as f:
            f.write('import json, sys\n' + body)

    def test_results_of_the_runner(self):
        self._runner('json.dump({t: {"status": "pass", "detail": ""} '
                     'for t in sys.argv[2:]}, open(sys.argv[1], "w"))\n')
        self.assertEqual(passed(TEST, OTHER), nova_tests.run_tests(
            self.venv, [TEST, OTHER], self.work))

    def test_a_runner_that_crashes_fails_every_test(self):
        self._runner('print("nova does not import"); sys.exit(3)\n')
        results = nova_tests.run_tests(self.venv, [TEST], self.work)
        self.assertEqual('crash', results[TEST]['status'])
        self.assertIn('ended with 3', results[TEST]['detail'])
        self.assertIn('nova does not import', results[TEST]['detail'])

    def test_a_result_file_of_an_earlier_run_is_not_read(self):
        with open(os.path.join(self.work, 'results.json'), 'w') as f:
            json.dump(passed(TEST), f)
        self._runner('sys.exit(0)\n')
        self.assertEqual('crash', nova_tests.run_tests(
            self.venv, [TEST], self.work)[TEST]['status'])

    def test_timeout(self):
        self._runner('import time; time.sleep(30)\n')
        results = nova_tests.run_tests(self.venv, [TEST], self.work,
                                       timeout=1)
        self.assertIn('timeout after 1 s', results[TEST]['detail'])


class TestWhy(testtools.TestCase):
    def test_failure_line(self):
        self.assertEqual(
            'testtools.matchers._impl.MismatchError: 0 != 1',
            nova_tests.failure_line('Traceback\n  File "a"\n'
                                    'testtools.matchers._impl.'
                                    'MismatchError: 0 != 1\n'))
        self.assertEqual('the end', nova_tests.failure_line('x\nthe end\n'))
        self.assertEqual('', nova_tests.failure_line(''))

    def test_why_failed_prefers_the_runner_why(self):
        self.assertEqual('E: from the runner', nova_tests.why_failed(
            {'why': 'E: from the runner', 'detail': 'ValueError: tail'}))
        self.assertEqual('ValueError: tail', nova_tests.why_failed(
            {'detail': 'ValueError: tail'}))


class TestVenv(testtools.TestCase):
    def test_a_current_venv_is_reused(self):
        state = self.useFixture(fixtures.TempDir()).path
        venv = os.path.join(state, nova_tests.VENV_NAME)
        os.makedirs(venv)
        with open(os.path.join(venv, nova_tests.STAMP), 'w') as f:
            f.write(nova_tests.stamp_of() + '\n')
        self.assertEqual((venv, False), nova_tests.ensure_venv(state))
