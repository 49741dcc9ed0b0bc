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

"""Unit tests of detect/entries.py: the catalogue's entries."""

import os

from detect import entries
import testtools

from unit_tests.detect import samples


def entry(bug, shows_with='healthy API'):
    return entries.Entry(bug=bug, breaks='b', fix='f', reverts='r',
                         proven_by=(samples.TEST,), shows_with=shows_with,
                         patch=samples.PATCH)


class TestCatalogue(testtools.TestCase):
    def test_every_entry_of_the_catalogue_parses(self):
        catalogue = entries.load_catalogue()
        bugs = [e.bug for e in catalogue]
        self.assertEqual(len(bugs), len(set(bugs)))
        seedable = [e for e in catalogue if not e.not_applicable]
        self.assertGreaterEqual(len(seedable), 30)
        for e in seedable:
            self.assertTrue(all(path.startswith('nova/')
                                for path in e.paths), e.bug)
            self.assertTrue(e.proven_by or e.proven_how, e.bug)
            for test_id in e.proven_by:
                self.assertTrue(test_id.startswith('nova.tests.functional.'),
                                (e.bug, test_id))

    def test_catalogue_readme_names_every_entry(self):
        with open(os.path.join(entries.CATALOGUE_DIR, 'README.rst')) as f:
            readme = f.read()
        for e in entries.load_catalogue():
            self.assertIn(e.bug, readme)

    def test_entries_of_real_guests_run_on_libvirt(self):
        by_bug = {e.bug: e for e in entries.load_catalogue()}
        self.assertEqual('libvirt', by_bug['1715182'].driver)
        self.assertEqual('fake', by_bug['1797580'].driver)


class TestEntry(testtools.TestCase):
    def test_fields_of_every_block_and_the_diff(self):
        e = entries.parse_entry(samples.ENTRY, 'lp1234567.patch')
        self.assertEqual('1234567', e.bug)
        self.assertEqual('0123abc Delete it', e.fix)
        self.assertEqual((samples.TEST, samples.OTHER), e.proven_by)
        self.assertEqual('healthy API; resize then confirm.', e.shows_with)
        self.assertEqual('a chain would see it.', e.author_note)
        self.assertEqual(samples.PATCH, e.patch)
        self.assertEqual(['nova/compute/manager.py'], e.paths)
        self.assertIsNone(e.not_applicable)
        self.assertEqual('fake', e.driver)

    def test_one_block_is_as_good_as_two(self):
        text = samples.ENTRY.replace(
            'the delete.\n\nProven-by', 'the delete.\nProven-by')
        self.assertEqual(
            entries.parse_entry(samples.ENTRY, 'lp1234567.patch'),
            entries.parse_entry(text, 'lp1234567.patch'))

    def test_proven_how_instead_of_a_test(self):
        e = entries.parse_entry(samples.ENTRY.replace(
            'Proven-by: %s %s' % (samples.TEST, samples.OTHER),
            'Proven-how: by hand on the cloud'), 'lp1234567.patch')
        self.assertEqual((), e.proven_by)
        self.assertEqual('by hand on the cloud', e.proven_how)

    def test_real_guests_need_libvirt(self):
        self.assertEqual('libvirt', entry(
            '1', 'Real guests and a fault').driver)

    def test_seed_key_changes_with_patch_and_tests(self):
        one = entry('1')
        self.assertEqual(one.seed_key, entry('1').seed_key)
        other = entry('1')
        other.proven_by = (samples.OTHER,)
        self.assertNotEqual(one.seed_key, other.seed_key)
        other = entry('1')
        other.patch = samples.PATCH.replace('read_', 'get_')
        self.assertNotEqual(one.seed_key, other.seed_key)

    def test_not_applicable_entry(self):
        e = entries.parse_entry(
            'Bug: 7\nBreaks: b\nFix: f\nNot-applicable: dead code here\n',
            'lp7.patch')
        self.assertEqual('dead code here', e.not_applicable)
        self.assertEqual('', e.patch)


class TestRefused(testtools.TestCase):
    def _refused(self, text, name='lp1234567.patch'):
        return str(self.assertRaises(entries.CatalogueError,
                                     entries.parse_entry, text, name))

    def test_file_name_must_name_the_bug(self):
        self.assertIn('does not match',
                      self._refused(samples.ENTRY, 'lp7654321.patch'))
        self.assertIn('lp<bug>.patch',
                      self._refused(samples.ENTRY, 'fix.diff'))

    def test_unknown_repeated_or_missing_fields(self):
        self.assertIn('not one of', self._refused(
            samples.HEADER + 'Severity: high\n\n' + samples.PATCH))
        self.assertIn('given twice', self._refused(samples.ENTRY.replace(
            'Author-note: a chain would see it.', 'Shows-with: again')))
        self.assertIn('no Breaks', self._refused(samples.ENTRY.replace(
            'Breaks: confirming leaves the source allocation.\n', '')))
        self.assertIn('Shows-with', self._refused(samples.ENTRY.replace(
            'Shows-with: healthy API; resize then confirm.\n', '')))
        self.assertIn('Proven-by or Proven-how', self._refused(
            samples.ENTRY.replace('Proven-by: %s %s\n' % (
                samples.TEST, samples.OTHER), '')))

    def test_missed_because_is_gone(self):
        self.assertIn('write Author-note', self._refused(
            samples.ENTRY.replace('Author-note', 'Missed-because')))

    def test_seedable_entry_needs_reverts_and_patch(self):
        self.assertIn('Not-applicable', self._refused(samples.HEADER))
        self.assertIn('Not-applicable', self._refused(samples.ENTRY.replace(
            'Reverts: nova/compute/manager.py confirm: the delete.\n', '')))

    def test_not_applicable_entry_has_no_patch(self):
        self.assertIn('neither', self._refused(
            samples.HEADER + 'Not-applicable: why\n\n' + samples.PATCH))

    def test_patch_only_of_nova(self):
        self.assertIn('not a file of nova', self._refused(
            samples.ENTRY.replace('nova/compute', 'keystone/x')))


class TestSelect(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.catalogue = [entry('1'), entry('2', 'real guests'),
                          entry('3'), entry('4'), entry('5')]

    def bugs(self, **kwargs):
        return [e.bug for e in entries.select(self.catalogue, **kwargs)]

    def test_all_by_default(self):
        self.assertEqual(['1', '2', '3', '4', '5'], self.bugs())

    def test_only(self):
        self.assertEqual(['1', '4'], self.bugs(only=['4', '1']))
        self.assertIn('no catalogue entry for 9', str(self.assertRaises(
            entries.CatalogueError, self.bugs, only=['1', '9'])))

    def test_driver(self):
        self.assertEqual(['2'], self.bugs(driver='libvirt'))
        self.assertEqual(['1', '3', '4', '5'], self.bugs(driver='fake'))

    def test_shards_take_each_entry_once(self):
        shards = [self.bugs(driver='fake', shard=(i, 3)) for i in (1, 2, 3)]
        self.assertEqual([['1', '5'], ['3'], ['4']], shards)

    def test_parse_shard(self):
        self.assertEqual((2, 5), entries.parse_shard('2/5'))
        for text in ('0/2', '3/2', '2', 'a/b', '1/0'):
            self.assertRaises(ValueError, entries.parse_shard, text)
