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

"""Unit tests of bench/failed_move.py: a move that fails on purpose."""

import fixtures
from openstack.compute.v2 import service
from tempest.common import credentials_factory
import testtools

from bench import failed_move
from migration_tempest_plugin.common import describe
from migration_tempest_plugin.common import moves
from unit_tests import conf as fake_conf


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


class TestDeliberatelyFailedMoveTest(testtools.TestCase):
    """It stops a compute: tempest.conf must say how, as for evacuate."""

    def skip_reason(self, text):
        self.useFixture(fixtures.MockPatchObject(
            credentials_factory, 'is_admin_available',
            lambda identity_version: True))
        return failed_move.failure_test_class().configuration_skip_reason(
            fake_conf.load('[compute]\nmin_compute_nodes = 2\n'
                           'max_microversion = latest\n' + text))

    def test_skipped_unless_tempest_conf_stops_and_starts_computes(self):
        self.assertIn('[migration] evacuate = False', self.skip_reason(
            '[migration]\nevacuate = false\n'))
        self.assertIsNone(self.skip_reason(
            '[migration]\nevacuate = true\n'
            'compute_stop_command = stop {host}\n'
            'compute_start_command = start {host}\n'))
        self.assertEqual((moves.evacuate_skip_reason,),
                         failed_move.failure_test_class()
                         .configuration_skip_reasons)
