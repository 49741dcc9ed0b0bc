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

from migration_tempest_plugin.common import moves
from migration_tempest_plugin.common import preconditions
from migration_tempest_plugin.tests import move_base

CONF = config.CONF


class ResizeOneSiblingTest(move_base.ScheduledMoveTest):
    """Resize one of several servers created in one request.

    A resize goes through the scheduler like any other move (nova bug
    1718455). Whether it may stay on its host is nova's
    allow_resize_to_same_host, so the host is not required to change.
    """

    required_compute_features = ('resize',)
    configuration_skip_reasons = (moves.resize_skip_reason,)

    @classmethod
    def check_cloud(cls):
        super().check_cloud()
        preconditions.check_flavor(cls.primary_conn,
                                   cls.settings.flavor_ref_alt,
                                   '[compute] flavor_ref_alt')

    @decorators.idempotent_id('6c404add-565c-4baa-b7b1-c2b8847f6b8f')
    @decorators.attr(type=['multinode', 'smoke'])
    @decorators.related_bug('1718455')
    def test_resize_one_sibling_and_confirm(self):
        """Resize one sibling to [compute] flavor_ref_alt and confirm.

        Steps:
        1. Create [migration] sibling_count servers in one request as the
           primary user; wait until all are ACTIVE with no task_state.
        2. As their owner, resize the first one to [compute]
           flavor_ref_alt; wait until it is VERIFY_RESIZE.
        3. Confirm the resize.
        4. Verify: ACTIVE with no task_state, flavor flavor_ref_alt;
           resize record 'confirmed' from the source to the server's host;
           the other siblings kept their host and status; allocations on
           the server's host only, of flavor_ref_alt's amounts, none left
           under the migration.
        """
        siblings = self.create_siblings()
        self.resize_and_confirm(siblings[0], siblings)

    @decorators.idempotent_id('141d589a-73af-490b-832a-27bc6a9d3875')
    @decorators.attr(type=['multinode', 'smoke'])
    @decorators.related_bug('1718455')
    def test_resize_one_sibling_and_revert(self):
        """Resize one sibling to [compute] flavor_ref_alt and revert.

        Steps:
        1. Create [migration] sibling_count servers in one request as the
           primary user; wait until all are ACTIVE with no task_state.
        2. As their owner, resize the first one to [compute]
           flavor_ref_alt; wait until it is VERIFY_RESIZE.
        3. Revert the resize.
        4. Verify: ACTIVE with no task_state back on the source host with
           flavor flavor_ref; resize record 'reverted', from the source;
           the other siblings kept their host and status; allocations on
           the source only, of flavor_ref's amounts, none left under the
           migration.
        """
        siblings = self.create_siblings()
        self.resize_and_revert(siblings[0], siblings,
                               self.settings.flavor_ref_alt,
                               self.settings.flavor_ref)
