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

"""Unit tests of e2e/report.py: the plugin's report of the run."""

import io
from unittest import mock

from e2e import report
import fixtures
import testtools


class TestReport(testtools.TestCase):

    def test_format_report(self):
        lines = ['{"b": 1, "a": "x"}\n', '\n', 'not json\n', '[1]\n']
        self.assertEqual(['a="x", b=1', 'not json', '[1]'],
                         report.format_report(lines))

    def test_no_report_is_said(self):
        out = io.StringIO()
        with mock.patch('sys.stdout', out):
            report.print_report('/nonexistent/report.jsonl')
        self.assertIn('(no report written)', out.getvalue())

    def test_raw_lines_when_the_plugins_reader_fails(self):
        path = self.useFixture(fixtures.TempDir()).join('report.jsonl')
        with open(path, 'w') as f:
            f.write('{"b": 1, "a": "x"}\n')
        out = io.StringIO()
        with mock.patch.object(report.subprocess, 'call', autospec=True,
                               return_value=1), \
                mock.patch('sys.stdout', out):
            report.print_report(path)
        self.assertIn('  a="x", b=1\n', out.getvalue())
