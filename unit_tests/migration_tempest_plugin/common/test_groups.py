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

import types

import testtools

from migration_tempest_plugin.common import groups

HOSTS = ['c1', 'c2', 'c3']


class TestAllowedDestinations(testtools.TestCase):

    def test_affinity_allows_no_move(self):
        self.assertEqual([], groups.allowed_destinations(
            groups.AFFINITY, ['c1', 'c1'], 'c1', HOSTS))

    def test_anti_affinity_with_every_host_taken(self):
        self.assertEqual([], groups.allowed_destinations(
            groups.ANTI_AFFINITY, ['c1', 'c2', 'c3'], 'c1', HOSTS))

    def test_anti_affinity_with_a_free_host(self):
        self.assertEqual(['c3'], groups.allowed_destinations(
            groups.ANTI_AFFINITY, ['c1', 'c2'], 'c1', HOSTS))

    def test_max_server_per_host(self):
        self.assertEqual(['c3'], groups.allowed_destinations(
            groups.ANTI_AFFINITY, ['c1', 'c1', 'c2', 'c2', 'c3'], 'c1',
            HOSTS, max_server_per_host=2))

    def test_soft_policies_allow_every_other_host(self):
        for policy in (groups.SOFT_AFFINITY, groups.SOFT_ANTI_AFFINITY):
            self.assertEqual(['c2', 'c3'], groups.allowed_destinations(
                policy, ['c1', 'c1'], 'c1', HOSTS))


class TestPolicyViolation(testtools.TestCase):

    def test_affinity_split(self):
        self.assertIn('on 2 hosts', groups.policy_violation(
            groups.AFFINITY, ['c1', 'c2']))

    def test_anti_affinity_crowded(self):
        self.assertIn("{'c1': 2}", groups.policy_violation(
            groups.ANTI_AFFINITY, ['c1', 'c1', 'c2']))

    def test_max_server_per_host_held(self):
        self.assertIsNone(groups.policy_violation(
            groups.ANTI_AFFINITY, ['c1', 'c1', 'c2'], 2))

    def test_soft_policies_hold_always(self):
        self.assertIsNone(groups.policy_violation(
            groups.SOFT_ANTI_AFFINITY, ['c1', 'c1']))


def event(name='compute_pre_live_migration', result='Error', host='c2',
          traceback=None, details=None):
    return types.SimpleNamespace(event=name, result=result, host=host,
                                 traceback=traceback, details=details)


class TestLateAntiAffinityRefusal(testtools.TestCase):

    def test_details_of_the_refusal(self):
        # What nova 34.0.0 said, seen on the embedded cloud.
        self.assertTrue(groups.late_anti_affinity_refusal(
            [event(name='compute_live_migration', result='Success',
                   host='c3'),
             event(details='Anti-affinity instance group policy was '
                           'violated')], 'c2'))

    def test_traceback_where_there_are_no_details(self):
        self.assertTrue(groups.late_anti_affinity_refusal(
            [event(traceback='... raise exception.GroupAffinityViolation(')],
            'c2'))

    def test_another_host_or_another_error_is_not_it(self):
        violated = 'Anti-affinity instance group policy was violated'
        self.assertFalse(groups.late_anti_affinity_refusal(
            [event(host='c1', details=violated)], 'c2'))
        self.assertFalse(groups.late_anti_affinity_refusal(
            [event(details='No valid host was found.')], 'c2'))
        self.assertFalse(groups.late_anti_affinity_refusal(
            [event(name='conductor_live_migrate_instance',
                   details=violated)], 'c2'))
