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

"""Unit tests of detect/record.py: nova's files against RECORD."""

import base64
import hashlib
import os
import zipfile

from detect import patches
from detect import record
import fixtures
from minicloud import errors
import testtools

from unit_tests.detect import samples


class TestRecord(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.site = self.useFixture(fixtures.TempDir()).path
        os.makedirs(os.path.join(self.site, 'nova', 'compute'))
        self.dist_info = os.path.join(self.site, 'nova-34.0.0.dist-info')
        os.makedirs(self.dist_info)
        self.files = {'nova/__init__.py': b'', 'nova/compute/manager.py':
                      samples.ORIGINAL.encode()}
        rows = []
        for path, data in self.files.items():
            with open(os.path.join(self.site, path), 'wb') as f:
                f.write(data)
            rows.append('%s,%s,%d' % (path, record.record_digest(data),
                                      len(data)))
        rows += ['nova/__pycache__/__init__.cpython-311.pyc,,',
                 '../../../bin/nova-compute,sha256=abc,10',
                 'nova-34.0.0.dist-info/RECORD,,']
        with open(os.path.join(self.dist_info, 'RECORD'), 'w') as f:
            f.write('\n'.join(rows) + '\n')

    def test_digest_is_urlsafe_base64_without_padding(self):
        data = b'print("hello")\n'
        expected = base64.urlsafe_b64encode(
            hashlib.sha256(data).digest()).decode().rstrip('=')
        self.assertEqual('sha256=' + expected, record.record_digest(data))
        self.assertNotIn('=', record.record_digest(data)[len('sha256='):])

    def test_record_lists_hashed_files_of_the_package(self):
        self.assertEqual(sorted(self.files),
                         sorted(record.read_record(self.dist_info)))

    def test_pristine_files_match(self):
        recorded = record.read_record(self.dist_info)
        self.assertEqual([], record.record_mismatches(self.site, recorded))

    def test_changed_and_missing_files_differ(self):
        patches.apply_patch(self.site, samples.PATCH)
        os.unlink(os.path.join(self.site, 'nova', '__init__.py'))
        recorded = record.read_record(self.dist_info)
        self.assertEqual(['nova/__init__.py', 'nova/compute/manager.py'],
                         record.record_mismatches(self.site, recorded))

    def test_restore_from_wheel(self):
        patches.apply_patch(self.site, samples.PATCH)
        wheel = os.path.join(self.site, 'nova-34.0.0-py3-none-any.whl')
        with zipfile.ZipFile(wheel, 'w') as archive:
            for path, data in self.files.items():
                archive.writestr(path, data)
        record.restore_from_wheel(self.site, wheel,
                                  ['nova/compute/manager.py'])
        self.assertEqual([], record.record_mismatches(
            self.site, record.read_record(self.dist_info)))

    def test_nova_version_and_check(self):
        self.assertEqual('34.0.0', record.nova_version(self.site))
        self.assertEqual(2, record.check_pristine(self.site))
        patches.apply_patch(self.site, samples.PATCH)
        self.assertIn('nova/compute/manager.py', str(self.assertRaises(
            errors.MinicloudError, record.check_pristine, self.site)))

    def test_ensure_pristine_restores_from_the_downloaded_wheel(self):
        wheels = os.path.join(self.site, 'wheels')
        os.makedirs(wheels)
        with zipfile.ZipFile(os.path.join(
                wheels, 'nova-34.0.0-py3-none-any.whl'), 'w') as archive:
            for path, data in self.files.items():
                archive.writestr(path, data)
        pip = os.path.join(self.site, 'pip')
        with open(pip, 'w') as f:
            f.write('#!/bin/sh\necho "$@" > %s/pip-args\n' % self.site)
        os.chmod(pip, 0o755)
        self.assertEqual((2, []),
                         record.ensure_pristine(self.site, pip, wheels))
        self.assertFalse(os.path.exists(os.path.join(self.site,
                                                     'pip-args')))
        patches.apply_patch(self.site, samples.PATCH)
        self.assertEqual((2, ['nova/compute/manager.py']),
                         record.ensure_pristine(self.site, pip, wheels))
        with open(os.path.join(self.site, 'pip-args')) as f:
            self.assertIn('nova==34.0.0', f.read())
        self.assertEqual(2, record.check_pristine(self.site))
