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

"""Unit tests of harness/tempest_run.py, with a stand-in tempest and stestr.
"""

import io
import os
from unittest import mock

import fixtures
from harness import tempest_run
from subunit import v2 as subunit_v2
import testtools

TOTALS = '''
======
Totals
======
Ran: 28 tests in 65.8044 sec.
 - Passed: 16
 - Skipped: 12
 - Expected Fail: 0
 - Unexpected Success: 0
 - Failed: 0
Sum of execute time for each test: 80.1 sec.
'''
# Records its arguments, its directory, the stestr repository it found
# and the cloud it was pointed at; prints tempest's totals.
FAKE_TEMPEST = '''#!/bin/sh
echo "$@" > args
test -d .stestr && echo stale > repository
echo "$MINICLOUD_STATE_DIR" > cloud
cat "$FAKE_TOTALS"
sleep "${FAKE_SLEEP:-0}"
exit "${FAKE_EXIT:-0}"
'''
# `stestr last --subunit`: the stream the test prepared, or no run.
FAKE_STESTR = '''#!/bin/sh
if [ -n "$FAKE_NO_RUN" ]; then
    echo "No test runs in the repository" >&2
    exit 1
fi
cat "$FAKE_STREAM"
'''


class TestParseTotals(testtools.TestCase):

    def test_parse_totals(self):
        self.assertEqual(
            {'ran': 28, 'passed': 16, 'skipped': 12, 'expected_fail': 0,
             'unexpected_success': 0, 'failed': 0},
            tempest_run.parse_totals('noise\n' + TOTALS))

    def test_no_totals_means_nothing_ran(self):
        self.assertEqual({'ran': 0},
                         tempest_run.parse_totals('No tests to run\n'))

    def test_summary(self):
        self.assertEqual('failed=1, passed=2, ran=3', tempest_run.summary(
            {'ran': 3, 'passed': 2, 'failed': 1}))


class TestTempestRun(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.tmp = self.useFixture(fixtures.TempDir()).path
        bin_dir = os.path.join(self.tmp, 'bin')
        os.mkdir(bin_dir)
        for name, text in (('tempest', FAKE_TEMPEST),
                           ('stestr', FAKE_STESTR)):
            with open(os.path.join(bin_dir, name), 'w') as f:
                f.write(text)
            os.chmod(os.path.join(bin_dir, name), 0o755)
        self.tempest = os.path.join(bin_dir, 'tempest')
        totals = os.path.join(self.tmp, 'totals')
        with open(totals, 'w') as f:
            f.write(TOTALS)
        buffer = io.BytesIO()
        output = subunit_v2.StreamResultToBytes(buffer)
        output.status(test_id='pkg.T.test_ok[id-1,smoke]',
                      test_status='success')
        output.status(test_id='pkg.T.test_skip', test_status='skip')
        self.stream = buffer.getvalue()
        stream = os.path.join(self.tmp, 'stream')
        with open(stream, 'wb') as f:
            f.write(self.stream)
        self.useFixture(fixtures.EnvironmentVariable('FAKE_TOTALS', totals))
        self.useFixture(fixtures.EnvironmentVariable('FAKE_STREAM', stream))
        self.directory = os.path.join(self.tmp, 'run')

    def run_tempest(self, **kwargs):
        return tempest_run.TempestRun(
            self.tempest, self.directory, '/c/tempest.conf', '^pkg\\.',
            env={'MINICLOUD_STATE_DIR': '/state'}, **kwargs)

    def read(self, name):
        with open(os.path.join(self.directory, name)) as f:
            return f.read()

    def test_a_run_on_a_fresh_repository_and_what_it_did(self):
        os.makedirs(os.path.join(self.directory, '.stestr'))
        result = self.run_tempest(concurrency=2).run()
        self.assertEqual(['run', '--config-file', '/c/tempest.conf',
                          '--regex', '^pkg\\.', '--concurrency', '2'],
                         self.read('args').split())
        self.assertFalse(os.path.exists(
            os.path.join(self.directory, 'repository')))
        self.assertEqual('/state\n', self.read('cloud'))
        self.assertEqual(0, result.returncode)
        self.assertEqual(28, result.counts['ran'])
        self.assertEqual({'pkg.T.test_ok[id-1,smoke]': 'success',
                          'pkg.T.test_skip': 'skip'}, result.statuses())
        self.assertIsNone(result.problem)
        self.assertIs(result, result.check())
        with open(result.stream, 'rb') as f:
            self.assertEqual(self.stream, f.read())
        self.assertIn('Ran: 28 tests', self.read('tempest-output.txt'))
        self.assertEqual(('/c/tempest.conf', '^pkg\\.'),
                         (result.conf, result.regex))

    def test_exit_status_kept_and_no_concurrency_unless_asked(self):
        self.useFixture(fixtures.EnvironmentVariable('FAKE_EXIT', '1'))
        result = self.run_tempest(wrapper=['env']).run()
        self.assertEqual(1, result.returncode)
        self.assertNotIn('--concurrency', self.read('args'))
        self.assertEqual('env', self.run_tempest(wrapper=['env']).command[0])

    def test_no_run_recorded_is_an_error(self):
        self.useFixture(fixtures.EnvironmentVariable('FAKE_NO_RUN', '1'))
        result = self.run_tempest(output_file=os.path.join(
            self.tmp, 'out.txt')).run()
        self.assertIsNone(result.stream)
        self.assertEqual({}, result.tests)
        self.assertIn('no tests recorded', result.problem)
        self.assertIn('No test runs in the repository', result.problem)
        error = self.assertRaises(tempest_run.NoTestsRecorded, result.check)
        self.assertIn(self.directory, str(error))
        with open(os.path.join(self.tmp, 'out.txt')) as f:
            self.assertIn('Ran: 28 tests', f.read())

    def test_a_run_cut_short_stops_tempest(self):
        self.useFixture(fixtures.EnvironmentVariable('FAKE_SLEEP', '60'))
        run = self.run_tempest()
        out = mock.Mock()
        out.write.side_effect = KeyboardInterrupt
        with mock.patch('sys.stdout', out):
            self.assertRaises(KeyboardInterrupt, run.run, echo=True)
        self.assertTrue(run.cut_short)
