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

"""Unit tests of minicloud/files.py: files written once."""

import os
import tempfile

from minicloud import files
import testtools


class TestWriteIfChanged(testtools.TestCase):

    def test_write_if_changed(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, 'a', 'b.conf')
            self.assertTrue(files.write_if_changed(path, 'x'))
            self.assertFalse(files.write_if_changed(path, 'x'))
            self.assertTrue(files.write_if_changed(path, 'y'))
            self.assertEqual(0o600, os.stat(path).st_mode & 0o777)
