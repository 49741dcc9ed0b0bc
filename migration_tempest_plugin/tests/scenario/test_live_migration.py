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

from tempest import config
from tempest.lib import decorators

from migration_tempest_plugin.common import model
from migration_tempest_plugin.common import moves
from migration_tempest_plugin.tests import base

CONF = config.CONF


class LiveMigrateOneSiblingTest(base.SiblingMoveTest):
    """Live-migrate one of several servers created in one request.

    Nova bug 1718455: the saved RequestSpec of a multi-create kept
    num_instances = N, so moving one server asked the scheduler for N hosts
    and failed with NoValidHost.
    """

    required_compute_features = ('live_migration',)

    @decorators.idempotent_id('3f08ee37-ebf0-4c6f-97a5-f4e233cb3f3e')
    @decorators.attr(type=['multinode', 'smoke'])
    @decorators.related_bug('1718455')
    def test_live_migrate_one_sibling_scheduler_picks_host(self):
        """Live-migrate one sibling and let the scheduler pick the host.

        Steps:
        1. Create [migration] sibling_count servers in one request as the
           primary user; wait until all are ACTIVE with no task_state.
        2. As admin, live-migrate the first one with no host and never
           forced, so that the scheduler chooses the destination.
        3. Verify: the server is ACTIVE with no task_state on another host;
           its live-migration record is completed from the source to that
           host; the other siblings kept their host and status; its
           Placement allocations are on the destination's provider only
           and none is left under the migration.
        """
        siblings = self.create_siblings()
        moved = siblings[0]
        self.live_migrate(moved)
        self.verify_move(moved, siblings, model.ExpectedMove(
            migration_type='live-migration', migration_status='completed'))

    @decorators.idempotent_id('2dc46ea5-b96e-4194-b7df-01eac9223932')
    @decorators.attr(type='multinode')
    @decorators.related_bug('1718455')
    @base.skip_unless_configured(moves.host_request_skip_reason)
    def test_live_migrate_one_sibling_to_requested_host(self):
        """Live-migrate one sibling to a host named in the request.

        The host is requested, not forced: the scheduler still validates
        it, which is the code the bug was in.

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
        4. As admin, live-migrate that sibling to that host, not
           forced.
        5. Verify as in the scheduler-picks test, and that the server is on
           the requested host.
        """
        siblings = self.create_siblings_for_a_named_host()
        moved = self.sibling_to_move(siblings)
        target = self.choose_target_host(moved)
        self.live_migrate(moved, host=target)
        self.verify_move(moved, siblings, model.ExpectedMove(
            migration_type='live-migration', migration_status='completed',
            target_host=target))
