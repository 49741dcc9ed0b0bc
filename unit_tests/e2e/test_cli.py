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

"""Unit tests of e2e/cli.py: python -m e2e."""

import io
from unittest import mock

from e2e import cli
from e2e import run
from minicloud import errors
import testtools

from unit_tests import commands


class TestCommandLine(testtools.TestCase):

    def test_help_names_the_default_regex(self):
        text = commands.help_text(self, 'e2e')
        self.assertIn('--regex', text)
        self.assertIn('migration_tempest_plugin', text)

    def test_arguments_reach_the_run(self):
        with mock.patch.object(run, 'e2e', autospec=True,
                               return_value=0) as e2e:
            self.assertEqual(0, cli.main(['--regex', 'x', '--concurrency',
                                          '3']))
        self.assertEqual(('x', 3), e2e.call_args[0][1:])

    def test_an_error_of_the_cloud_is_said(self):
        err = io.StringIO()
        with mock.patch.object(run, 'e2e', autospec=True,
                               side_effect=errors.MinicloudError('boom')), \
                mock.patch('sys.stderr', err):
            self.assertEqual(1, cli.main([]))
        self.assertEqual('e2e: error: boom\n', err.getvalue())
