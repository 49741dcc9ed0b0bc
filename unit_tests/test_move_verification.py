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

"""Verification of reverted moves, evacuations and allocated amounts."""

import testtools

from migration_tempest_plugin.common import verification
from unit_tests import fakes
from unit_tests.test_verification import migration
from unit_tests.test_verification import MOVE_TIMEOUT

SMALL = {'VCPU': 1, 'MEMORY_MB': 64, 'DISK_GB': 1}
BIG = {'VCPU': 1, 'MEMORY_MB': 128, 'DISK_GB': 1}


class TestMoveVerification(testtools.TestCase):
    """Sibling a moves from c1; sibling b stays on c2."""

    def setUp(self):
        super().setUp()
        self.cloud = fakes.FakeCloud()
        self.cloud.servers = {'b': [fakes.server_body('b', 'c2')]}
        self.cloud.providers = {'rp-1': 'c1', 'rp-2': 'c2'}
        self.siblings = [
            verification.Sibling('a', 'x-1', 'ACTIVE', 'c1', 'c1', 'nova'),
            verification.Sibling('b', 'x-2', 'ACTIVE', 'c2', 'c2', 'nova')]

    def verify(self, expected):
        return verification.verify_move(self.cloud, self.siblings[0],
                                        self.siblings, expected,
                                        MOVE_TIMEOUT, 0.01)

    def problems(self, expected):
        error = self.assertRaises(verification.MoveVerificationError,
                                  self.verify, expected)
        return str(error).split('What the cloud said:')[0].splitlines()[1:]

    def revert(self, host='c1', allocations=None):
        self.cloud.servers['a'] = [fakes.server_body('a', host)]
        self.cloud.migrations = {'a': [[migration(
            'reverted', migration_type='resize')]]}
        self.cloud.allocations = allocations or {'a': {'rp-1': {
            'resources': SMALL}}}
        return verification.ExpectedMove(
            migration_type='resize', migration_status='reverted',
            returns_to_source=True, allocated_resources=SMALL)

    def test_revert_back_on_source(self):
        self.assertEqual('c1', self.verify(self.revert()).compute_host)

    def test_revert_left_on_destination(self):
        expected = self.revert(host='c2', allocations={'a': {'rp-2': {
            'resources': SMALL}}})
        self.assertEqual(
            ['- server is on c2, a reverted move ends on its source host c1'],
            self.problems(expected))

    def test_revert_allocations_left_on_destination(self):
        expected = self.revert(allocations={
            'a': {'rp-1': {'resources': SMALL}},
            'mig-1': {'rp-2': {'resources': BIG}}})
        self.assertEqual(
            ["- allocations left under the migration mig-1: "
             "{'rp-2': {'VCPU': 1, 'MEMORY_MB': 128, 'DISK_GB': 1}}"],
            self.problems(expected))

    def test_confirmed_resize_allocates_the_new_flavor(self):
        self.cloud.servers['a'] = [fakes.server_body(
            'a', 'c2', flavor={'original_name': 'big'})]
        self.cloud.migrations = {'a': [[migration(
            'confirmed', migration_type='resize')]]}
        self.cloud.allocations = {'a': {'rp-2': {'resources': SMALL}}}
        self.assertEqual(
            ["- server allocation on c2 is {'VCPU': 1, 'MEMORY_MB': 64, "
             "'DISK_GB': 1}, expected {'VCPU': 1, 'MEMORY_MB': 128, "
             "'DISK_GB': 1}"],
            self.problems(verification.ExpectedMove(
                migration_type='resize', migration_status='confirmed',
                host_must_change=False, flavor_name='big',
                allocated_resources=BIG)))

    def test_evacuated_host_read_after_the_record(self):
        # Nova clears task_state before it moves the host with the record:
        # the server is read once the record is final.
        self.cloud.servers['a'] = [fakes.server_body('a', 'c2')]
        self.cloud.migrations = {'a': [
            [migration('running', migration_type='evacuation')],
            [migration('done', migration_type='evacuation')]]}
        self.cloud.allocations = {'a': {'rp-1': {'resources': SMALL},
                                        'rp-2': {'resources': SMALL}}}
        server = self.verify(verification.ExpectedMove(
            migration_type='evacuation', migration_status='done',
            target_host='c2', allocations_on_destination_only=False))
        self.assertEqual('c2', server.compute_host)
