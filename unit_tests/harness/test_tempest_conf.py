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

"""Unit tests of harness/tempest_conf.py: a copy of tempest.conf with changes.
"""

import configparser
import os

import fixtures
from harness import tempest_conf
import testtools

BASE_CONF = '''\
[DEFAULT]
log_dir = /ws/logs

[auth]
admin_username = admin
admin_password = pw

[migration]
evacuate = true
compute_stop_command = stop {host}
'''


class TestEdit(testtools.TestCase):

    def edited(self, changes):
        parser = configparser.RawConfigParser(interpolation=None)
        parser.read_string(tempest_conf.edit(BASE_CONF, changes))
        return parser

    def test_set_add_and_remove(self):
        parser = self.edited({('DEFAULT', 'resource_name_prefix'): 'rel-1',
                              ('auth', 'admin_password'): None,
                              ('compute', 'image_ref'): ''})
        self.assertEqual('rel-1', parser.defaults()['resource_name_prefix'])
        self.assertEqual('/ws/logs', parser.defaults()['log_dir'])
        self.assertFalse(parser.has_option('auth', 'admin_password'))
        self.assertEqual('admin', parser.get('auth', 'admin_username'))
        self.assertEqual('', parser.get('compute', 'image_ref'))
        self.assertEqual('stop {host}',
                         parser.get('migration', 'compute_stop_command'))

    def test_defaults_are_not_copied_into_sections(self):
        text = tempest_conf.edit(BASE_CONF, {})
        self.assertEqual(1, text.count('log_dir'))

    def test_migration_options(self):
        self.assertEqual({('migration', 'sibling_count'): '5',
                          ('migration', 'report_file'): '/r.jsonl'},
                         tempest_conf.migration({'sibling_count': 5,
                                                 'report_file': '/r.jsonl'}))


class TestWriteCopy(testtools.TestCase):

    def test_copy_holds_the_options_and_only_its_owner_reads_it(self):
        directory = self.useFixture(fixtures.TempDir()).path
        source = os.path.join(directory, 'tempest.conf')
        with open(source, 'w') as f:
            f.write('[auth]\nadmin_password = s3cret\n[migration]\n')
        copy = os.path.join(directory, 'run', 'copy.conf')
        self.assertEqual(copy, tempest_conf.write_copy(
            source, copy, tempest_conf.migration({'sibling_count': 5})))
        self.assertEqual(0o600, os.stat(copy).st_mode & 0o777)
        parser = configparser.RawConfigParser()
        parser.read(copy)
        self.assertEqual('5', parser.get('migration', 'sibling_count'))
        self.assertEqual('s3cret', parser.get('auth', 'admin_password'))
