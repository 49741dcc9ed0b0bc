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
from openstack.compute.v2 import service
import testtools

from bench import failed_move
from bench import run
from migration_tempest_plugin.common import describe


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


class TestFailedMoveCheck(testtools.TestCase):
    """The check reads the failure as the plugin words it (describe.py)."""

    def failure(self, **stopped):
        stopped = dict(dict(host='compute2', state='down', status='enabled',
                            forced_down=True, availability_zone='az1'),
                       **stopped)
        return '\n'.join([
            'what-the-cloud-said: {{{',
            'migration m-1 (id 7): type=live-migration status=error',
            'nova-compute of the hosts involved or not up and enabled: %s'
            % describe.describe_service(service.Service(**stopped)),
            'events: conductor_live_migrate_instance result=Error details: '
            'No valid host was found.'])

    def test_a_failure_naming_the_stopped_host_names_the_cause(self):
        self.assertEqual([], failed_move.check_failure(self.failure(),
                                                       'compute2'))

    def test_a_host_seen_up_or_not_forced_down_is_not_the_cause(self):
        self.assertEqual(['the stopped host, down'], failed_move.check_failure(
            self.failure(state='up'), 'compute2'))
        self.assertEqual(['the stopped host, forced down'],
                         failed_move.check_failure(
                             self.failure(forced_down=False), 'compute2'))
        self.assertIn('the stopped host, down', failed_move.check_failure(
            self.failure(), 'compute1'))
