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

"""Unit tests of detect/store.py: where detect keeps what it measured."""

import os

from detect import store
import fixtures
from minicloud import errors
import testtools


class TestStore(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.dirs = [self.useFixture(fixtures.TempDir()).path]

    def test_one_run_at_a_time(self):
        with store.lock(self.dirs[0]):
            self.assertIn('another detect run', str(self.assertRaises(
                errors.MinicloudError, store.lock(self.dirs[0]).__enter__)))
        with store.lock(self.dirs[0]):
            pass

    def test_json_written_whole(self):
        path = os.path.join(self.dirs[0], 'x', 'data.json')
        self.assertEqual({}, store.read_json(path, {}))
        store.write_json(path, {'a': 1})
        self.assertEqual({'a': 1}, store.read_json(path, {}))
        self.assertFalse(os.path.exists(path + '.new'))
