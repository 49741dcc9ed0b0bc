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

"""The runner of [migration] compute_stop_command/compute_start_command."""

import sys

import testtools

from migration_tempest_plugin.common import compute_commands

OPTION = compute_commands.STOP_OPTION


def python(code):
    """A template running code in this Python; {host} is argv[1]."""
    return '%s -c "%s" {host}' % (sys.executable, code)


class TestCommandArgv(testtools.TestCase):

    def test_host_substituted_after_splitting(self):
        self.assertEqual(
            ['ssh', 'compute-1.example.org', 'sudo systemctl stop n-cpu'],
            compute_commands.command_argv(
                "ssh {host} 'sudo systemctl stop n-cpu'",
                'compute-1.example.org', OPTION))

    def test_host_inside_a_word(self):
        self.assertEqual(
            ['tool', '--host=c1', 'stop'],
            compute_commands.command_argv('tool --host={host} stop', 'c1',
                                          OPTION))

    def test_other_braces_left_alone(self):
        self.assertEqual(
            ['awk', '{print $1}', 'c1'],
            compute_commands.command_argv("awk '{print $1}' {host}", 'c1',
                                          OPTION))

    def test_a_host_name_cannot_add_a_command(self):
        for host in ('c1; rm -rf /', 'c1 && reboot', '$(reboot)', '-oProxy',
                     '', None):
            error = self.assertRaises(compute_commands.CommandFailed,
                                      compute_commands.command_argv,
                                      'ssh {host} stop', host, OPTION)
            self.assertIn('not a host name', str(error))
            self.assertIn(OPTION, str(error))

    def test_unbalanced_quote_names_the_option(self):
        error = self.assertRaises(compute_commands.CommandFailed,
                                  compute_commands.command_argv,
                                  "ssh {host} 'stop", 'c1', OPTION)
        self.assertIn(OPTION + ' cannot be split', str(error))

    def test_empty_template(self):
        self.assertRaises(compute_commands.CommandFailed,
                          compute_commands.command_argv, '  ', 'c1', OPTION)


class TestRunComputeCommand(testtools.TestCase):

    def run_command(self, code, timeout=30):
        return compute_commands.run_compute_command(
            python(code), 'compute-1', OPTION, timeout)

    def test_success(self):
        self.assertIsNone(self.run_command(
            'import sys; assert sys.argv[1] == \'compute-1\''))

    def test_failure_shows_exit_code_and_output(self):
        error = self.assertRaises(
            compute_commands.CommandFailed, self.run_command,
            'import sys; print(\'no such unit\'); '
            'print(\'on\', sys.argv[1], file=sys.stderr); sys.exit(5)')
        text = str(error)
        self.assertIn(OPTION + ' for compute-1 exited with 5', text)
        self.assertIn('no such unit', text)
        self.assertIn('on compute-1', text)

    def test_timeout_shows_output_so_far(self):
        error = self.assertRaises(
            compute_commands.CommandFailed, self.run_command,
            'import time; print(\'stopping\', flush=True); time.sleep(30)',
            timeout=1)
        self.assertIn('did not end within 1 s', str(error))
        self.assertIn('stopping', str(error))

    def test_missing_program(self):
        error = self.assertRaises(
            compute_commands.CommandFailed,
            compute_commands.run_compute_command,
            '/nonexistent/stop-compute {host}', 'c1', OPTION, 5)
        self.assertIn('could not be run', str(error))

    def test_long_output_keeps_its_end(self):
        error = self.assertRaises(
            compute_commands.CommandFailed, self.run_command,
            'print(\'x\' * 10000 + \'END\'); raise SystemExit(1)')
        self.assertIn('xEND', str(error))
        self.assertLess(len(str(error)), 10000)
