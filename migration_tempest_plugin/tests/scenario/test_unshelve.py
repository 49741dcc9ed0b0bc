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


class UnshelveTestMixin(object):
    """Shelve-offload and unshelve one sibling, then verify."""

    required_compute_features = ('shelve',)

    def shelve_offload_and_unshelve_one(self, choose_host):
        """Shelve-offload one of new siblings and unshelve it.

        ``choose_host`` tells whether to name a host other than the one the
        sibling was created on. Returns the server after verification.
        """
        siblings = (self.create_siblings_for_a_named_host() if choose_host
                    else self.create_siblings())
        moved = self.sibling_to_move(siblings)
        target = self.choose_target_host(moved) if choose_host else None
        return self.shelve_offload_and_unshelve(moved, siblings, host=target)


class UnshelveOneSiblingTest(UnshelveTestMixin, move_base.ScheduledMoveTest):
    """Unshelve one offloaded server of several created in one request.

    Unshelving an offloaded server schedules it anew: nova bug 1718455
    made it ask for as many hosts as the request once created servers.
    """

    @decorators.idempotent_id('192b3b0a-3988-4044-b58a-99b071453bd7')
    @decorators.attr(type=['multinode', 'smoke'])
    @decorators.related_bug('1718455')
    def test_unshelve_one_sibling_scheduler_picks_host(self):
        """Shelve-offload one sibling and unshelve it with no host.

        Steps:
        1. Create [migration] sibling_count servers in one request as the
           primary user; wait until all are ACTIVE with no task_state.
        2. As their owner, shelve the first one another host of its zone
           could take (else the first); wait until it is
           SHELVED_OFFLOADED (offloaded by the admin if nova keeps it
           SHELVED); check it holds no allocation.
        3. As its owner, unshelve it with no host: the scheduler picks.
        4. Verify: ACTIVE with no task_state on a compute host; the other
           siblings kept their host and status; allocations on its host's
           provider only.
        """
        self.shelve_offload_and_unshelve_one(choose_host=False)


class UnshelveOneSiblingToHostTest(UnshelveTestMixin,
                                   move_base.ScheduledMoveTest):
    """Unshelve one offloaded sibling to a host named in the request.

    Naming the host needs compute API microversion 2.91.
    """

    min_microversion = moves.UNSHELVE_HOST_MICROVERSION

    @decorators.idempotent_id('a06b06d5-26b1-4efe-8e2c-0613fb535a00')
    @decorators.attr(type='multinode')
    @decorators.related_bug('1718455')
    @base.skip_unless_configured(moves.host_request_skip_reason)
    def test_unshelve_one_sibling_to_requested_host(self):
        """Shelve-offload one sibling and unshelve it to another host.

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
        4. As their owner, shelve that sibling; wait until it is
           SHELVED_OFFLOADED; check it holds no allocation.
        5. As admin, unshelve it to the chosen host (microversion 2.91);
           the scheduler validates the host.
        6. Verify: ACTIVE with no task_state on the chosen host; the other
           siblings kept their host and status; allocations on that host's
           provider only.
        """
        self.shelve_offload_and_unshelve_one(choose_host=True)
