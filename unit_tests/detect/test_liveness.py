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

"""Unit tests of detect/liveness.py: is a seed live?"""


from detect import entries
from detect import liveness
import fixtures
import testtools

from unit_tests.detect import samples

TEST = samples.TEST
OTHER = samples.OTHER


def passed(*ids):
    return {t: {'status': 'pass', 'detail': ''} for t in ids}


def failed(*ids, status='fail'):
    return {t: {'status': status,
                'detail': 'Traceback (most recent call last):\n'
                          '  File "x.py", line 1, in test\n'
                          'AssertionError: 1 != 0: usage on the source'}
            for t in ids}


class TestClassify(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.entry = entries.parse_entry(samples.ENTRY, 'lp1234567.patch')

    def test_live(self):
        result = liveness.classify(self.entry, passed(TEST, OTHER),
                                   failed(TEST, OTHER))
        self.assertEqual(liveness.LIVE, result.verdict)
        self.assertIn('AssertionError: 1 != 0: usage on the source',
                      result.detail)

    def test_an_error_of_the_test_counts_as_failing(self):
        seeded = dict(failed(TEST), **failed(OTHER, status='error'))
        self.assertEqual(liveness.LIVE, liveness.classify(
            self.entry, passed(TEST, OTHER), seeded).verdict)

    def test_dead_when_one_test_still_passes(self):
        result = liveness.classify(
            self.entry, passed(TEST, OTHER),
            dict(failed(TEST), **passed(OTHER)))
        self.assertEqual(liveness.DEAD, result.verdict)
        self.assertIn(OTHER, result.detail)
        self.assertNotIn(TEST, result.detail)

    def test_broken_without_the_seed(self):
        result = liveness.classify(
            self.entry, dict(passed(TEST), **failed(OTHER)),
            failed(TEST, OTHER))
        self.assertEqual(liveness.BROKEN, result.verdict)
        self.assertIn('without the seed', result.detail)
        self.assertEqual({}, result.seeded)

    def test_broken_when_the_seeded_nova_does_not_load(self):
        for status in ('load-error', 'crash', 'skip'):
            seeded = dict(failed(TEST), **failed(OTHER, status=status))
            result = liveness.classify(self.entry, passed(TEST, OTHER),
                                       seeded)
            self.assertEqual(liveness.BROKEN, result.verdict, status)
            self.assertIn(status, result.detail)

    def test_a_test_missing_from_the_results_is_not_a_pass(self):
        self.assertEqual(liveness.BROKEN, liveness.classify(
            self.entry, passed(TEST), failed(TEST, OTHER)).verdict)
        self.assertEqual(liveness.BROKEN, liveness.classify(
            self.entry, passed(TEST, OTHER), failed(TEST)).verdict)

    def test_summary_line(self):
        results = [liveness.Result('1', liveness.LIVE),
                   liveness.Result('2', liveness.DEAD),
                   liveness.Result('3', liveness.UNPROVEN),
                   liveness.Result('4', liveness.BROKEN),
                   liveness.Result('5', liveness.LIVE),
                   liveness.Result('6', liveness.BROKEN)]
        self.assertEqual('liveness: live=2 dead=[2] unproven=[3] '
                         'broken=[4,6] wall_s=12',
                         liveness.summary_line(results, 12.4))
        self.assertEqual('liveness: live=0 dead=[] unproven=[] broken=[]',
                         liveness.summary_line([]))

    def test_result_line(self):
        result = liveness.classify(self.entry, passed(TEST, OTHER),
                                   failed(TEST, OTHER))
        result.wall_s = 41.2
        self.assertEqual(
            'lp1234567: live; pristine pass=2; seeded fail=2; with the '
            'seed: AssertionError: 1 != 0: usage on the source (41 s)',
            result.line())


class TestProve(testtools.TestCase):
    """prove() on a fake site-packages, with the test runs faked."""

    def setUp(self):
        super().setUp()
        self.site, self.path = samples.nova_site(self)
        self.entry = entries.parse_entry(samples.ENTRY, 'lp1234567.patch')
        self.runs = []

    def _assert_reverted(self):
        with open(self.path) as f:
            self.assertEqual(samples.ORIGINAL, f.read())

    def _fake_runs(self, judge):
        def run_tests(venv, test_ids, work_dir):
            with open(self.path) as f:
                seeded = 'delete_allocation' not in f.read()
            self.runs.append(seeded)
            return judge(seeded, test_ids)
        self.useFixture(fixtures.MonkeyPatch(
            'detect.nova_tests.run_tests', run_tests))

    def test_live_and_reverted(self):
        self._fake_runs(lambda seeded, ids: failed(*ids) if seeded
                        else passed(*ids))
        result = liveness.prove(self.entry, 'venv', self.site, 'work')
        self.assertEqual(liveness.LIVE, result.verdict)
        self.assertEqual([False, True], self.runs)
        self._assert_reverted()

    def test_dead(self):
        self._fake_runs(lambda seeded, ids: passed(*ids))
        result = liveness.prove(self.entry, 'venv', self.site, 'work')
        self.assertEqual(liveness.DEAD, result.verdict)
        self._assert_reverted()

    def test_broken_entry_is_not_seeded(self):
        self._fake_runs(lambda seeded, ids: failed(*ids))
        result = liveness.prove(self.entry, 'venv', self.site, 'work')
        self.assertEqual(liveness.BROKEN, result.verdict)
        self.assertEqual([False], self.runs)

    def test_patch_that_does_not_apply_is_broken(self):
        with open(self.path, 'w') as f:
            f.write(samples.ORIGINAL.replace('check', 'verify'))
        self._fake_runs(lambda seeded, ids: passed(*ids))
        result = liveness.prove(self.entry, 'venv', self.site, 'work')
        self.assertEqual(liveness.BROKEN, result.verdict)
        self.assertIn('patch does not apply', result.detail)
        self.assertEqual([False], self.runs)

    def test_reverted_when_the_seeded_run_raises(self):
        def judge(seeded, ids):
            if seeded:
                raise KeyboardInterrupt()
            return passed(*ids)
        self._fake_runs(judge)
        self.assertRaises(KeyboardInterrupt, liveness.prove, self.entry,
                          'venv', self.site, 'work')
        self._assert_reverted()

    def test_unproven_and_not_applicable_run_nothing(self):
        self._fake_runs(lambda seeded, ids: passed(*ids))
        unproven = entries.parse_entry(
            samples.ENTRY.replace('Proven-by: %s %s' % (TEST, OTHER),
                                  'Proven-how: by hand'), 'lp1234567.patch')
        self.assertEqual(liveness.UNPROVEN, liveness.prove(
            unproven, 'venv', self.site, 'work').verdict)
        self.assertEqual([], self.runs)


class TestProver(testtools.TestCase):
    """Results kept for the seed and nova's version."""

    def setUp(self):
        super().setUp()
        self.detect_dir = self.useFixture(fixtures.TempDir()).path
        self.entry = entries.parse_entry(samples.ENTRY, 'lp1234567.patch')
        self.proved = []

        def prove(entry, venv, site, work_dir):
            self.proved.append(entry.bug)
            return liveness.Result(entry.bug, liveness.LIVE, detail='d')
        self.useFixture(fixtures.MonkeyPatch('detect.liveness.prove', prove))
        self.version = '34.0.0'
        self.useFixture(fixtures.MonkeyPatch(
            'detect.record.nova_version', lambda site: self.version))

    def prover(self):
        prover = liveness.Prover(self.detect_dir)
        prover.venv, prover.site = 'venv', 'site'
        return prover

    def test_kept_across_runs_for_the_same_seed(self):
        first = self.prover().prove(self.entry)
        self.assertEqual(liveness.LIVE, first.verdict)
        self.assertEqual(self.entry.seed_key, first.seed_key)
        again = self.prover().prove(self.entry)
        self.assertEqual(first, again)
        self.assertEqual(['1234567'], self.proved)

    def test_proven_again_for_another_patch_or_nova(self):
        self.prover().prove(self.entry)
        self.entry.patch = self.entry.patch.replace('read_', 'get_')
        self.prover().prove(self.entry)
        self.version = '35.0.0'
        self.prover().prove(self.entry)
        self.prover().prove(self.entry, reuse=False)
        self.assertEqual(['1234567'] * 4, self.proved)
