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

import json
import os
import types

from detect import cli
from detect import liveness
from detect import store
from detect import verdicts
import fixtures
from minicloud import errors
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
        self.assertTrue(cli.parse_args(['--keep']).keep)

    def test_merge_reads_the_kept_shards_first(self):
        args = cli.parse_args(['--merge'])
        settings = types.SimpleNamespace(state_dir='/state')
        self.assertEqual([store.KEPT_DIR, '/state/detect'],
                         cli.results_dirs(args, settings)[:2])

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


class StoppedBaseline(object):
    """A run.Detect whose baseline does not pass."""

    def __init__(self, *args):
        self.runs = {}

    def baseline(self, name='baseline'):
        self.runs[name] = 'expected=39 passed=38 skipped=5, 1249 s'
        raise errors.MinicloudError('the baseline run on the pristine nova '
                                    'did not pass (skipped)')


class TestRunShard(testtools.TestCase):
    def test_a_run_that_stops_says_why_in_its_shard(self):
        state = self.useFixture(fixtures.TempDir()).path
        settings = types.SimpleNamespace(
            state_dir=state, venv=os.path.join(state, 'no-venv'),
            driver_name='fake', keep=True)
        for target, value in (
                ('minicloud.cloud.cloud_running', lambda settings: True),
                ('detect.record.site_packages_of', lambda venv: 'site'),
                ('detect.record.nova_version', lambda site: '34.0.0'),
                ('detect.store.suite_commit', lambda: 'abc'),
                ('minicloud.workspace.ensure', lambda settings: 'tempest'),
                ('detect.liveness.Prover', lambda detect_dir: None),
                ('detect.run.Detect', StoppedBaseline)):
            self.useFixture(fixtures.MonkeyPatch(target, value))
        error = self.assertRaises(errors.MinicloudError, cli.run_shard,
                                  settings, [], 90)
        [run_dir] = os.listdir(os.path.join(state, 'detect', 'runs'))
        with open(os.path.join(state, 'detect', 'runs', run_dir,
                               store.RESULTS)) as f:
            shard = json.load(f)
        self.assertFalse(shard['complete'])
        self.assertEqual(str(error), shard['error'])
        self.assertIn('baseline', shard['runs'])
        self.assertEqual('abc', shard['stamp']['suite_commit'])
        self.assertEqual([], store.merge(
            [os.path.join(state, 'detect')], [], commit='abc').results)
