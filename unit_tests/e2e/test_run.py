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

"""Unit tests of e2e/run.py: the end-to-end run and its verdict."""

import signal
import subprocess
import sys
import tempfile
from unittest import mock

from e2e import run
import fixtures
from harness import tempest_run
from minicloud import cloud
from minicloud import errors
import testtools

from unit_tests.harness import test_tempest_run
from unit_tests.minicloud import fakes


class TestE2eVerdict(testtools.TestCase):

    def test_no_totals_means_nothing_ran(self):
        counts = tempest_run.parse_totals('No tests to run\n')
        self.assertEqual({'ran': 0}, counts)
        code, message = run.e2e_verdict(0, counts)
        self.assertEqual(1, code)
        self.assertIn('no tests ran', message)

    def test_all_skipped_is_a_failure(self):
        counts = tempest_run.parse_totals(
            test_tempest_run.TOTALS.replace('Passed: 16', 'Passed: 0'))
        self.assertEqual(1, run.e2e_verdict(0, counts)[0])

    def test_tempest_exit_status_is_kept(self):
        counts = tempest_run.parse_totals(
            test_tempest_run.TOTALS.replace('Failed: 0', 'Failed: 2'))
        self.assertEqual(1, run.e2e_verdict(1, counts)[0])
        self.assertEqual(0, run.e2e_verdict(
            0, tempest_run.parse_totals(test_tempest_run.TOTALS))[0])

    def test_a_sigterm_runs_the_teardown(self):
        # What e2e does: the handler, then its finally brings the cloud down.
        script = (
            'import signal, sys, time\n'
            'from e2e import run\n'
            'signal.signal(signal.SIGTERM, run.stop_on_sigterm)\n'
            'try:\n'
            '    print("up", flush=True)\n'
            '    time.sleep(60)\n'
            'finally:\n'
            '    print("teardown", flush=True)\n')
        child = subprocess.Popen([sys.executable, '-c', script],
                                 stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)
        self.addCleanup(child.wait)
        self.addCleanup(child.kill)
        self.assertEqual('up\n', child.stdout.readline())
        child.terminate()
        out, err = child.communicate(timeout=10)
        self.assertEqual('teardown\n', out)
        self.assertEqual(1, child.returncode)
        self.assertIn('terminated by signal 15', err)

    def test_e2e_takes_sigterm_before_up(self):
        def up(settings):
            self.assertIs(run.stop_on_sigterm,
                          signal.getsignal(signal.SIGTERM))
            raise errors.MinicloudError('stop here')

        self.addCleanup(signal.signal, signal.SIGTERM,
                        signal.getsignal(signal.SIGTERM))
        with tempfile.TemporaryDirectory() as tmp:
            settings = fakes.make_settings(MINICLOUD_STATE_DIR=tmp)
            with mock.patch.object(cloud, 'up', autospec=True,
                                   side_effect=up), \
                    mock.patch.object(cloud, 'leftovers', autospec=True,
                                      return_value=[]), \
                    mock.patch.object(cloud, 'down', autospec=True) as down:
                self.assertRaises(errors.MinicloudError, run.e2e, settings,
                                  'x', 0)
            down.assert_called_once_with(settings)

    def e2e_leaving(self, left):
        """(exit status, output) of a passing run; ``left`` after down."""
        self.addCleanup(signal.signal, signal.SIGTERM,
                        signal.getsignal(signal.SIGTERM))
        out = self.useFixture(fixtures.StringStream('stdout'))
        self.useFixture(fixtures.MonkeyPatch('sys.stdout', out.stream))
        with tempfile.TemporaryDirectory() as tmp:
            settings = fakes.make_settings(MINICLOUD_STATE_DIR=tmp)
            with mock.patch.object(cloud, 'up', autospec=True), \
                    mock.patch.object(run, 'run_suite', autospec=True,
                                      return_value=(0, 'tempest passed')), \
                    mock.patch.object(cloud, 'leftovers', autospec=True,
                                      return_value=left), \
                    mock.patch.object(cloud, 'down', autospec=True):
                code = run.e2e(settings, 'x', 0)
        out.stream.flush()
        return code, out.getDetails()['stdout'].as_text()

    def test_nothing_left_after_down(self):
        code, printed = self.e2e_leaving([])
        self.assertEqual(0, code)
        self.assertIn('census: after down: nothing of the cloud is left',
                      printed)

    def test_something_left_after_down_fails_the_run(self):
        code, printed = self.e2e_leaving(['netns mc284-probe',
                                          'process ovs-vswitchd (42)'])
        self.assertEqual(1, code)
        self.assertIn('census: after down: left netns mc284-probe, process '
                      'ovs-vswitchd (42)', printed)

    def test_failures_that_are_all_known_nova_bugs_pass(self):
        counts = tempest_run.parse_totals(
            test_tempest_run.TOTALS.replace('Failed: 0', 'Failed: 1'))
        code, message = run.e2e_verdict(1, counts, known_nova_bugs=1)
        self.assertEqual(0, code)
        self.assertIn('known bug', message)
        self.assertEqual(1, run.e2e_verdict(
            1, tempest_run.parse_totals(test_tempest_run.TOTALS.replace(
                'Failed: 0', 'Failed: 2')), known_nova_bugs=1)[0])
