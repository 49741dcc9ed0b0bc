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

"""Unit tests of detect/cli.py: python -m detect's arguments, --merge."""

import os

from detect import cli
from detect import liveness
from detect import store
from detect import verdicts
import fixtures
import testtools

from unit_tests import commands


class TestCommandLine(testtools.TestCase):
    def test_help(self):
        text = commands.help_text(self, 'detect')
        for option in ('--only', '--shard', '--driver', '--merge'):
            self.assertIn(option, text)

    def test_liveness_help(self):
        self.assertIn('--only', commands.help_text(self, 'detect.liveness'))

    def test_arguments(self):
        args = cli.parse_args(['--only', '1,2', '--shard', '2/3',
                               '--driver', 'libvirt'])
        self.assertEqual(('1,2', (2, 3), 'libvirt'),
                         (args.only, args.shard, args.driver))
        self.assertEqual('fake', cli.parse_args([]).driver)

    def test_bad_shard_and_unknown_entry(self):
        self.assertRaises(SystemExit, cli.parse_args, ['--shard', '3/2'])
        self.assertEqual(2, cli.main(['--only', '1', '--merge']))

    def test_merge_writes_the_table_and_the_docs_page(self):
        state = self.useFixture(fixtures.TempDir()).path
        self.useFixture(fixtures.EnvironmentVariable(
            'MINICLOUD_STATE_DIR', state))
        shard = os.path.join(state, 'detect', 'runs', '20261207T100000')
        os.makedirs(shard)
        result = verdicts.Result(
            '1797580', verdicts.MISSED, liveness=liveness.LIVE,
            ran={'t.T.t': 'success'}, timings={'suite': 10},
            stamp={'suite_commit': 'abc', 'measured': '2026-12-07'})
        store.save_shard(shard, {}, [result], True, {}, 20)
        page = os.path.join(state, 'detection.rst')
        self.assertEqual(0, cli.main(['--merge', '--results',
                                      os.path.join(state, 'detect'),
                                      '--docs-page', page]))
        with open(page) as f:
            text = f.read()
        self.assertIn('missed=[1797580]', text)
        self.assertIn('Author\'s note', text)
        with open(os.path.join(state, 'detect', 'merged.rst')) as f:
            self.assertIn('missed=[1797580]', f.readline())
