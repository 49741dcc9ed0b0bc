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

import os

from detect import entries
from detect import liveness
from detect import patches
import fixtures
import testtools

from unit_tests.detect import samples

TEST = samples.TEST
OTHER = samples.OTHER

# The file and the patch of detect's own tests: the patch removes
# delete_allocation (and changes revert).
ORIGINAL = samples.ORIGINAL
PATCH = samples.PATCH

ENTRY = '''\
Bug: 1234567
Breaks: confirming leaves the source allocation.
Fix: 0123abc Delete it
Reverts: nova/compute/manager.py confirm: the delete.

Proven-by: %s %s
Shows-with: healthy API; resize then confirm.
Author-note: a chain would see it.

''' % (TEST, OTHER) + PATCH


def passed(*ids):
    return {t: {'status': 'pass', 'detail': ''} for t in ids}


def failed(*ids, status='fail'):
    return {t: {'status': status,
                'detail': 'Traceback (most recent call last):\n'
                          '  File "x.py", line 1, in test\n'
                          'AssertionError: 1 != 0: usage on the source'}
            for t in ids}


class TestEntry(testtools.TestCase):
    def test_two_blocks_and_the_diff(self):
        entry = liveness.parse_entry(ENTRY, 'lp1234567.patch')
        self.assertEqual('1234567', entry.bug)
        self.assertEqual([TEST, OTHER], entry.proven_by)
        self.assertEqual('healthy API; resize then confirm.',
                         entry.fields['Shows-with'])
        self.assertEqual('a chain would see it.',
                         entry.fields['Author-note'])
        self.assertEqual(PATCH, entry.patch)

    def test_entries_reads_the_first_block_and_the_same_patch(self):
        # detect.entries knows the first block's fields; it takes the
        # second block as text before the diff, which its patch parser
        # skips.
        entry = entries.parse_entry(ENTRY, 'lp1234567.patch')
        self.assertEqual(['nova/compute/manager.py'], entry.paths)
        self.assertEqual(
            patches.parse_patch(liveness.parse_entry(
                ENTRY, 'lp1234567.patch').patch),
            patches.parse_patch(entry.patch))

    def test_proven_how_instead_of_a_test(self):
        text = ENTRY.replace('Proven-by: %s %s' % (TEST, OTHER),
                             'Proven-how: by hand on the cloud')
        entry = liveness.parse_entry(text, 'lp1234567.patch')
        self.assertEqual([], entry.proven_by)
        self.assertEqual('by hand on the cloud', entry.proven_how)

    def _refused(self, text, name='lp1234567.patch'):
        return str(self.assertRaises(entries.CatalogueError,
                                     liveness.parse_entry, text, name))

    def test_refused(self):
        self.assertIn('Proven-by or Proven-how', self._refused(
            ENTRY.replace('Proven-by: %s %s\n' % (TEST, OTHER), '')))
        self.assertIn('Shows-with', self._refused(
            ENTRY.replace('Shows-with: healthy API; resize then confirm.\n',
                          '')))
        self.assertIn('not one of', self._refused(
            ENTRY.replace('Author-note', 'Missed-because')))
        self.assertIn('given twice', self._refused(
            ENTRY.replace('Author-note: a chain would see it.',
                          'Shows-with: again')))
        self.assertIn('does not match', self._refused(
            ENTRY, 'lp7654321.patch'))
        self.assertIn('no patch', self._refused(ENTRY.split('\n---')[0]))

    def test_not_applicable(self):
        entry = liveness.parse_entry(
            'Bug: 1234567\nBreaks: x\nFix: y\nNot-applicable: why\n',
            'lp1234567.patch')
        self.assertEqual('why', entry.not_applicable)


class TestCatalogue(testtools.TestCase):
    """The shipped catalogue, as liveness reads it."""

    def test_every_entry_says_how_it_is_proven_and_shown(self):
        entries = liveness.load_entries()
        self.assertGreaterEqual(len(entries), 30)
        for entry in entries:
            self.assertFalse(entry.not_applicable, entry.bug)
            self.assertTrue(entry.proven_by or entry.proven_how, entry.bug)
            self.assertTrue(entry.fields.get('Shows-with'), entry.bug)
            for test_id in entry.proven_by:
                self.assertTrue(test_id.startswith('nova.tests.functional.'),
                                (entry.bug, test_id))

    def test_entries_reads_every_entry_the_same(self):
        # Until detect.entries reads the second block, both parsers must
        # agree on the bug and the files patched.
        by_bug = {e.bug: e for e in entries.load_catalogue()}
        for entry in liveness.load_entries():
            self.assertEqual(
                by_bug[entry.bug].paths,
                [p.path for p in patches.parse_patch(entry.patch)])

    def test_catalogue_readme_names_every_entry(self):
        with open(os.path.join(liveness.CATALOGUE_DIR, 'README.rst')) as f:
            readme = f.read()
        for entry in liveness.load_entries():
            self.assertIn(entry.bug, readme)


class TestClassify(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.entry = liveness.parse_entry(ENTRY, 'lp1234567.patch')

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
        self.site = self.useFixture(fixtures.TempDir()).path
        os.makedirs(os.path.join(self.site, 'nova', 'compute'))
        self.path = os.path.join(self.site, 'nova', 'compute', 'manager.py')
        with open(self.path, 'w') as f:
            f.write(ORIGINAL)
        self.entry = liveness.parse_entry(ENTRY, 'lp1234567.patch')
        self.runs = []

    def _assert_reverted(self):
        with open(self.path) as f:
            self.assertEqual(ORIGINAL, f.read())

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
            f.write(ORIGINAL.replace('check', 'verify'))
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
        unproven = liveness.parse_entry(
            ENTRY.replace('Proven-by: %s %s' % (TEST, OTHER),
                          'Proven-how: by hand'), 'lp1234567.patch')
        self.assertEqual(liveness.UNPROVEN, liveness.prove(
            unproven, 'venv', self.site, 'work').verdict)
        self.assertEqual([], self.runs)


class TestLock(testtools.TestCase):
    def test_one_run_per_state_dir(self):
        state = self.useFixture(fixtures.TempDir()).path
        with liveness.state_lock(state):
            error = self.assertRaises(liveness.LivenessError,
                                      liveness.state_lock(state).__enter__)
            self.assertIn('another liveness run', str(error))
        with liveness.state_lock(state):
            pass
