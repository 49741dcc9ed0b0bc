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

from migration_tempest_plugin.common import model
from migration_tempest_plugin.common import moves
from migration_tempest_plugin.common import verification
from migration_tempest_plugin.tests import move_base


class LiveMigrateBackAndForthTest(move_base.ScheduledMoveTest):
    """Live-migrate one sibling away and back to its source host.

    Upgrade jobs set [compute-feature-enabled] live_migrate_back_and_forth
    to see that computes of both versions take a server from each other.
    """

    required_compute_features = ('live_migration',)
    configuration_skip_reasons = (moves.back_and_forth_skip_reason,)

    @decorators.idempotent_id('56215697-411d-4a5f-9268-ecd64a5f8fcb')
    @decorators.attr(type='multinode')
    @decorators.related_bug('1718455')
    def test_live_migrate_one_sibling_back_and_forth(self):
        """Live-migrate one sibling to another host and back again.

        Steps:
        1. Skip unless [compute-feature-enabled] live_migrate_back_and_forth
           is true.
        2. Create [migration] sibling_count servers in one request as the
           primary user; wait until all are ACTIVE with no task_state.
        3. As admin, live-migrate the first one with no host, never forced.
        4. Verify: ACTIVE with no task_state on another host; its
           live-migration record completed; the other siblings kept their
           host and status; allocations on the new host only, none left
           under the migration.
        5. As admin, live-migrate it back, requesting its source host (not
           forced: the scheduler validates it).
        6. Verify the same of the way back, and that it is on its source
           host again.
        """
        siblings = self.create_siblings()
        moved = siblings[0]
        known = self.migration_uuids(moved)
        self.live_migrate(moved)
        there = verification.sibling_from_server(self.verify_move(
            moved, siblings, model.ExpectedMove(), known))
        known = self.migration_uuids(there)
        self.live_migrate(there, host=moved.host)
        self.verify_move(there, siblings, model.ExpectedMove(
            target_host=moved.host), known)
