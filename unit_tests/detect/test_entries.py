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

from detect import entries
import testtools

from unit_tests.detect import samples


class TestCatalogue(testtools.TestCase):
    def test_every_entry_of_the_catalogue_parses(self):
        catalogue = entries.load_catalogue()
        bugs = [entry.bug for entry in catalogue]
        self.assertEqual(len(bugs), len(set(bugs)))
        seedable = [entry for entry in catalogue if not entry.not_applicable]
        self.assertGreaterEqual(len(seedable), 12)
        for entry in seedable:
            self.assertTrue(all(path.startswith('nova/')
                                for path in entry.paths), entry.bug)

    def test_entry_with_patch(self):
        entry = entries.parse_entry(samples.HEADER + '\n' + samples.PATCH,
                                    'lp1234567.patch')
        self.assertEqual('1234567', entry.bug)
        self.assertEqual('0123abc Delete it', entry.fix)
        self.assertEqual(['nova/compute/manager.py'], entry.paths)
        self.assertIsNone(entry.not_applicable)

    def test_not_applicable_entry(self):
        entry = entries.parse_entry(
            'Bug: 7\nBreaks: b\nFix: f\nNot-applicable: dead code here\n',
            'lp7.patch')
        self.assertEqual('dead code here', entry.not_applicable)
        self.assertEqual('', entry.patch)

    def _refused(self, text, name='lp1234567.patch'):
        return self.assertRaises(entries.CatalogueError, entries.parse_entry,
                                 text, name)

    def test_file_name_must_name_the_bug(self):
        self.assertIn('does not match', str(self._refused(
            samples.HEADER + '\n' + samples.PATCH, 'lp7654321.patch')))
        self.assertIn('lp<bug>.patch', str(self._refused(
            samples.HEADER + '\n' + samples.PATCH, 'fix.diff')))

    def test_unknown_or_missing_fields(self):
        self.assertIn('not one of', str(self._refused(
            samples.HEADER + 'Severity: high\n\n' + samples.PATCH)))
        without_breaks = samples.HEADER.replace(
            'Breaks: confirming leaves the source allocation.\n', '')
        self.assertIn('no Breaks', str(self._refused(
            without_breaks + '\n' + samples.PATCH)))

    def test_seedable_entry_needs_reverts_and_patch(self):
        self.assertIn('Not-applicable', str(self._refused(samples.HEADER)))
        self._refused(samples.HEADER.replace('Reverts: ', 'Missed-because: ')
                      + '\n' + samples.PATCH)

    def test_not_applicable_entry_has_no_patch(self):
        self.assertIn('neither', str(self._refused(
            samples.HEADER + 'Not-applicable: why\n\n' + samples.PATCH)))

    def test_patch_only_of_nova(self):
        self.assertIn('not a file of nova', str(self._refused(
            samples.HEADER + '\n'
            + samples.PATCH.replace('nova/compute', 'keystone/x'))))
