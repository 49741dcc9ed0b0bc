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


class EvacuateOneSiblingTest(move_base.ScheduledMoveTest):
    """Evacuate one of several servers created in one request.

    Evacuation reschedules the server (nova bug 1718455). It needs the
    source nova-compute stopped, which takes down every server of any test
    on that host: from the stop until the source is back and cleaned up,
    the test runs alone (take_the_cloud: tempest's lock in
    [oslo_concurrency] lock_path).
    """

    configuration_skip_reasons = (moves.evacuate_skip_reason,)

    def evacuate_one_of_new_siblings(self, choose_host):
        """Evacuate one of new siblings, start its source again.

        ``choose_host`` tells whether to name the destination.
        """
        siblings = self.create_siblings()
        moved = self.sibling_to_move(siblings)
        # Also without naming it, some host must be able to take it.
        target = self.choose_target_host(moved)
        self.evacuate_and_bring_source_back(
            moved, siblings, host=target if choose_host else None)

    @decorators.idempotent_id('9874f84f-4c47-4940-a789-7978327dc55f')
    @decorators.attr(type=['multinode', 'destructive', 'smoke'])
    @decorators.related_bug('1718455')
    def test_evacuate_one_sibling_scheduler_picks_host(self):
        """Evacuate one sibling from a stopped compute with no host.

        Steps:
        1. Skip unless [migration] evacuate is true and
           compute_stop_command and compute_start_command are set.
        2. Create [migration] sibling_count servers in one request as the
           primary user; wait until all are ACTIVE with no task_state;
           take the first one another host of its zone could take; skip
           if none could.
        3. Wait to run alone (the tests of other workers end, the next
           ones wait). Register the restart of that sibling's compute,
           then stop that nova-compute with compute_stop_command and, as
           admin, mark the service forced down.
        4. As admin, evacuate that sibling with no host, never forced.
        5. Verify: on another host with no task_state, ACTIVE (SHUTOFF
           from microversion 2.95); evacuation record 'done' from the
           source; the other siblings kept their host and status; an
           allocation on the new host.
        6. Start the source with compute_start_command, clear forced_down
           (nova accepts once the source cleaned up), wait until it is up.
        7. Verify: the evacuation record 'completed'; allocations on the
           new host only, none on the source, none under the migration;
           the other siblings kept their host and status. Let the other
           tests run again.
        """
        self.evacuate_one_of_new_siblings(choose_host=False)

    @decorators.idempotent_id('fd4611f4-52c0-4170-aac0-3422d770d19f')
    @decorators.attr(type=['multinode', 'destructive'])
    @decorators.related_bug('1718455')
    @base.skip_unless_configured(moves.host_request_skip_reason)
    def test_evacuate_one_sibling_to_requested_host(self):
        """Evacuate one sibling from a stopped compute to a named host.

        The host is requested, never forced: the scheduler validates it.

        Steps:
        1. Skip unless [migration] evacuate is true and
           compute_stop_command and compute_start_command are set, and if
           [compute-feature-enabled] can_migrate_between_any_hosts is
           false.
        2. Create [migration] sibling_count servers in one request as the
           primary user; wait until all are ACTIVE with no task_state.
        3. Take the first sibling that another up and enabled compute
           host of its availability zone, not matching [compute]
           target_hosts_to_avoid, could take, and choose that host (skip
           naming every host if no sibling has one).
        4. Wait to run alone; register the restart of that sibling's
           compute, then stop it with compute_stop_command and mark it
           forced down.
        5. As admin, evacuate that sibling to the chosen host.
        6. Verify as in the scheduler-picks test (steps 5 to 7), and that
           the server is on the chosen host.
        """
        self.evacuate_one_of_new_siblings(choose_host=True)
