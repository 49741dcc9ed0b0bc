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

"""The bench's copies of tempest.conf."""

import configparser
import os

import fixtures
import testtools

from bench import run


class TestWriteConf(testtools.TestCase):

    def test_copy_holds_the_options_and_only_its_owner_reads_it(self):
        directory = self.useFixture(fixtures.TempDir()).path
        source = os.path.join(directory, 'tempest.conf')
        with open(source, 'w') as f:
            f.write('[auth]\nadmin_password = s3cret\n[migration]\n')
        copy = os.path.join(directory, 'copy.conf')
        run.write_conf(source, copy, {'sibling_count': 5})
        self.assertEqual(0o600, os.stat(copy).st_mode & 0o777)
        parser = configparser.RawConfigParser()
        parser.read(copy)
        self.assertEqual('5', parser.get('migration', 'sibling_count'))
