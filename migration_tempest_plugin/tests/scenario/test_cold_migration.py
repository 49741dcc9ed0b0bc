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

from tempest.lib import decorators

from migration_tempest_plugin.common import moves
from migration_tempest_plugin.tests import base
from migration_tempest_plugin.tests import move_base


class ColdMigrateOneSiblingTest(move_base.ScheduledMoveTest):
    """Cold-migrate one of several servers created in one request.

    Nova bug 1718455 reached every move through the scheduler: the saved
    RequestSpec of a multi-create kept num_instances = N, so moving one
    server asked for N hosts.
    """

    required_compute_features = ('cold_migration',)

    @decorators.idempotent_id('2c2828a9-82e1-4b18-881d-775860899db4')
    @decorators.attr(type=['multinode', 'smoke'])
    @decorators.related_bug('1718455')
    def test_cold_migrate_one_sibling_and_confirm(self):
        """Cold-migrate one sibling to a host the scheduler picks; confirm.

        Steps:
        1. Create [migration] sibling_count servers in one request as the
           primary user; wait until all are ACTIVE with no task_state.
        2. As admin, cold-migrate the first one with no host.
        3. Wait until it is VERIFY_RESIZE on another host.
        4. As its owner, confirm the migration.
        5. Verify: ACTIVE with no task_state on the new host; migration
           record 'confirmed' from the source to that host; the other
           siblings kept their host and status; allocations on the new
           host's provider only, none left under the migration.
        """
        siblings = self.create_siblings()
        self.cold_migrate_and_confirm(siblings[0], siblings)

    @decorators.idempotent_id('7a5192ae-f050-4727-83a7-82bfa6769e93')
    @decorators.attr(type=['multinode', 'smoke'])
    @decorators.related_bug('1718455')
    def test_cold_migrate_one_sibling_and_revert(self):
        """Cold-migrate one sibling, then revert to its source host.

        Steps:
        1. Create [migration] sibling_count servers in one request as the
           primary user; wait until all are ACTIVE with no task_state.
        2. As admin, cold-migrate the first one with no host.
        3. Wait until it is VERIFY_RESIZE on another host.
        4. As its owner, revert the migration.
        5. Verify: ACTIVE with no task_state back on the source host;
           migration record 'reverted', from the source; the other siblings
           kept their host and status; allocations on the source's provider
           only, none left under the migration.
        """
        siblings = self.create_siblings()
        self.cold_migrate_and_revert(siblings[0], siblings)

    @decorators.idempotent_id('47053bab-83bf-4157-ae1d-4be395154b66')
    @decorators.attr(type='multinode')
    @decorators.related_bug('1718455')
    @base.skip_unless_configured(moves.host_request_skip_reason)
    def test_cold_migrate_one_sibling_to_requested_host(self):
        """Cold-migrate one sibling to a named host, not forced; confirm.

        A host in a cold migration request needs compute API microversion
        2.56, below the class's own minimum.

        Steps:
        1. Skip if [compute-feature-enabled] can_migrate_between_any_hosts
           is false.
        2. Create [migration] sibling_count servers in one request as the
           primary user (pinned to the zone with the most usable hosts
           where a host is alone in its own); wait until all are ACTIVE
           with no task_state.
        3. Take the first sibling that another up and enabled compute
           host of its availability zone, not matching [compute]
           target_hosts_to_avoid, could take, and choose that host (skip
           naming every host if no sibling has one).
        4. As admin, cold-migrate that sibling to that host; the
           scheduler validates it.
        5. Wait until it is VERIFY_RESIZE; as its owner, confirm.
        6. Verify as in the confirm test, and that the server is on the
           requested host.
        """
        siblings = self.create_siblings_for_a_named_host()
        moved = self.sibling_to_move(siblings)
        self.cold_migrate_and_confirm(moved, siblings,
                                      host=self.choose_target_host(moved))
