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

"""Unit tests of detect/patches.py: a patch applied and reverted."""

import os

from detect import patches
import fixtures
import testtools

from unit_tests.detect import samples


class TestPatch(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.root = self.useFixture(fixtures.TempDir()).path
        os.makedirs(os.path.join(self.root, 'nova', 'compute', '__pycache__'))
        self.path = os.path.join(self.root, 'nova', 'compute', 'manager.py')
        self._write(samples.ORIGINAL)

    def _write(self, text):
        with open(self.path, 'w') as f:
            f.write(text)

    def _read(self):
        with open(self.path) as f:
            return f.read()

    def test_apply_then_restore_is_byte_identical(self):
        before = patches.file_sha256(self.path)
        pyc = os.path.join(os.path.dirname(self.path), '__pycache__',
                           'manager.cpython-311.pyc')
        open(pyc, 'w').close()
        originals = patches.apply_patch(self.root, samples.PATCH)
        patched = self._read()
        self.assertNotIn('delete_allocation', patched)
        self.assertIn('    read_allocation(migration)', patched)
        self.assertNotIn('move_allocation', patched)
        self.assertFalse(os.path.exists(pyc))
        hashes = patches.restore_files(self.root, originals)
        self.assertEqual({'nova/compute/manager.py': before}, hashes)
        self.assertEqual(samples.ORIGINAL, self._read())

    def test_hunk_found_when_lines_moved(self):
        self._write('import os\n\n' + samples.ORIGINAL)
        patches.apply_patch(self.root, samples.PATCH)
        self.assertNotIn('delete_allocation', self._read())
        self.assertTrue(self._read().startswith('import os\n'))

    def test_patch_that_does_not_apply_changes_nothing(self):
        second = os.path.join(self.root, 'nova', 'compute', 'api.py')
        with open(second, 'w') as f:
            f.write('nothing of the kind\n')
        both = samples.PATCH + samples.PATCH.replace('manager.py', 'api.py')
        e = self.assertRaises(patches.PatchDoesNotApply, patches.apply_patch,
                              self.root, both)
        self.assertIn('nova/compute/api.py', str(e))
        self.assertEqual(samples.ORIGINAL, self._read())

    def test_ambiguous_hunk_does_not_apply(self):
        self._write('\n' + samples.ORIGINAL + samples.ORIGINAL)
        e = self.assertRaises(patches.PatchDoesNotApply, patches.apply_patch,
                              self.root, samples.PATCH)
        self.assertIn('matches 2 places', str(e))

    def test_malformed_patches(self):
        self.assertRaises(patches.PatchError, patches.parse_patch, 'text\n')
        self.assertRaises(patches.PatchError, patches.parse_patch,
                          samples.PATCH.replace('a/nova', 'nova'))
        self.assertRaises(patches.PatchError, patches.parse_patch,
                          ''.join(samples.PATCH.splitlines(True)[:5]))


class TestSeeded(TestPatch):
    def test_seeded_for_the_block_then_reverted(self):
        with patches.seeded(self.root, samples.PATCH) as paths:
            self.assertEqual(['nova/compute/manager.py'], paths)
            self.assertNotIn('delete_allocation', self._read())
        self.assertEqual(samples.ORIGINAL, self._read())

    def test_reverted_when_the_block_raises(self):
        def seeded_then_interrupted():
            with patches.seeded(self.root, samples.PATCH):
                raise SystemExit(143)
        self.assertRaises(SystemExit, seeded_then_interrupted)
        self.assertEqual(samples.ORIGINAL, self._read())

    def test_a_patch_that_does_not_apply_never_enters_the_block(self):
        self._write(samples.ORIGINAL.replace('check', 'verify'))
        entered = []

        def seed():
            with patches.seeded(self.root, samples.PATCH):
                entered.append(True)
        self.assertRaises(patches.PatchDoesNotApply, seed)
        self.assertEqual([], entered)

    def test_a_file_that_does_not_hash_as_before_is_refused(self):
        self.useFixture(fixtures.MonkeyPatch(
            'detect.patches.restore_files',
            lambda root, originals: {path: 'other' for path in originals}))

        def seed():
            with patches.seeded(self.root, samples.PATCH):
                pass
        self.assertIn('nova/compute/manager.py differ after the revert',
                      str(self.assertRaises(patches.NotReverted, seed)))
