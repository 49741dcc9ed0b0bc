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

"""Unit tests of tools/bench: the figures of its runs, the failed move."""

from openstack.compute.v2 import service
import testtools

from bench import failed_move
from bench import run
from harness import subunit
from harness import tempest_run
from migration_tempest_plugin.common import describe


class TestPassedTests(testtools.TestCase):

    def test_seconds_of_the_tests_that_passed_without_their_tags(self):
        result = tempest_run.Result(
            '/d', '/d/tempest.conf', 'x', 1, '', {}, {
                'pkg.T.test_a[id-1,smoke]': subunit.Test('success', '', 2.5),
                'pkg.T.test_b[id-2]': subunit.Test('fail', 'boom', 1.0),
                'pkg.T.test_c': subunit.Test('skip', 'off', 0.0)},
            '/d/s', None, 9.0)
        self.assertEqual({'pkg.T.test_a': 2.5}, run.passed_tests(result))


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
