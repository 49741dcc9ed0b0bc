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

"""Unit tests of detect/store.py: the shards and their merge."""

import os

from detect import entries
from detect import liveness
from detect import store
from detect import verdicts
import fixtures
from minicloud import errors
import testtools

from unit_tests.detect import samples


def entry(bug):
    return entries.Entry(bug=bug, breaks='b', fix='f', reverts='r',
                         proven_by=(samples.TEST,), shows_with='healthy API',
                         patch=samples.PATCH)


def result(bug, verdict, commit, measured, seconds=100):
    return verdicts.Result(bug, verdict, liveness=liveness.LIVE,
                           timings={'suite': seconds},
                           stamp={'suite_commit': commit,
                                  'measured': measured})


class TestStore(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.dirs = [self.useFixture(fixtures.TempDir()).path
                     for _ in range(2)]
        self.catalogue = [entry('1'), entry('2'), entry('3'), entry('4')]

    def shard(self, directory, name, results, complete=True, wall_s=500):
        run_dir = os.path.join(directory, 'runs', name)
        os.makedirs(run_dir)
        store.save_shard(run_dir, {'measured': results[0].stamp['measured']},
                         results, complete, {'baseline': 'ok'}, wall_s)
        return run_dir

    def test_newest_result_of_each_entry_from_complete_shards(self):
        old = self.shard(self.dirs[0], 'a', [
            result('1', verdicts.MISSED, 'old', '2026-12-01T00:00:00Z'),
            result('2', verdicts.CAUGHT, 'old', '2026-12-01T00:10:00Z')])
        new = self.shard(self.dirs[1], 'b', [
            result('1', verdicts.CAUGHT, 'new', '2026-12-02T00:00:00Z')],
            wall_s=300)
        self.shard(self.dirs[1], 'c', [
            result('3', verdicts.CAUGHT, 'new', '2026-12-03T00:00:00Z')],
            complete=False)
        merged = store.merge(self.dirs, self.catalogue, 'new')
        self.assertEqual(['1', '2'], [r.bug for r in merged.results])
        self.assertEqual(verdicts.CAUGHT, merged.results[0].verdict)
        self.assertEqual(['2'], merged.stale)
        self.assertEqual(['3', '4'], merged.not_measured)
        self.assertEqual({old: 500, new: 300}, merged.shards)
        self.assertEqual(
            'detect: seeded=2 live=2 caught=2 missed=[] flaky=[] dead=[] '
            'errors=[] stale=[2] not_measured=[3,4] suite=new wall_s=800',
            merged.line())

    def test_a_kept_shard_merges_as_its_original(self):
        run_dir = self.shard(self.dirs[0], '20261208T010000', [
            result('1', verdicts.CAUGHT, 'new', '2026-12-08T01:00:00Z')])
        kept = store.keep_shard(run_dir, self.dirs[1])
        self.assertEqual(os.path.join(self.dirs[1], 'runs',
                                      '20261208T010000', store.RESULTS), kept)
        merged = store.merge([self.dirs[1]], self.catalogue, 'new')
        self.assertEqual(['1'], [r.bug for r in merged.results])
        self.assertEqual([], merged.stale)

    def test_one_run_at_a_time(self):
        with store.lock(self.dirs[0]):
            self.assertIn('another detect run', str(self.assertRaises(
                errors.MinicloudError, store.lock(self.dirs[0]).__enter__)))
        with store.lock(self.dirs[0]):
            pass

    def test_suite_commit_names_the_plugins_last_commit(self):
        commit = store.suite_commit()
        self.assertRegex(commit, r'^([0-9a-f]{7,}(\+dirty)?|unknown)$')

    def test_json_written_whole(self):
        path = os.path.join(self.dirs[0], 'x', 'data.json')
        self.assertEqual({}, store.read_json(path, {}))
        store.write_json(path, {'a': 1})
        self.assertEqual({'a': 1}, store.read_json(path, {}))
        self.assertFalse(os.path.exists(path + '.new'))

    def test_pristine_failures_are_kept_across_runs(self):
        seen = store.PristineFailures(self.dirs[0])
        self.assertIsNone(seen.of('t.T.test'))
        seen.record('run1/baseline', {})
        self.assertFalse(os.path.exists(seen.path))
        seen.record('run1/baseline', {'t.T.test': 'E: x'})
        again = store.PristineFailures(self.dirs[0])
        self.assertEqual('run1/baseline: E: x', again.of('t.T.test'))
