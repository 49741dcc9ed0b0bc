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

from migration_tempest_plugin.common import chains
from migration_tempest_plugin.common import moves
from migration_tempest_plugin.tests import base
from migration_tempest_plugin.tests import move_base

LIVE, COLD, RESIZE, UNSHELVE, EVACUATE = chains.KINDS
# Together these chains hold every ordered pair of the five kinds once,
# and every pair of a revert and live, cold, resize or unshelve; each is
# short enough to end well within a test's timeout on a loaded cloud.
CHAINS = {
    # live, cold, live, resize, cold, resize, live
    'three-kinds': chains.path_covering(
        chains.every_ordered_pair((LIVE, COLD, RESIZE))),
    # unshelve, live, unshelve, cold, unshelve, resize, unshelve
    'through-unshelve': chains.path_covering(
        chains.pairs_with(UNSHELVE, (LIVE, COLD, RESIZE))),
    # evacuate, live, evacuate, cold, evacuate
    'evacuate-live-cold': chains.path_covering(
        chains.pairs_with(EVACUATE, (LIVE, COLD))),
    # evacuate, resize, evacuate, unshelve, evacuate
    'evacuate-resize-unshelve': chains.path_covering(
        chains.pairs_with(EVACUATE, (RESIZE, UNSHELVE))),
    # cold+revert, live, cold+revert, cold, cold+revert, resize,
    # cold+revert, unshelve, cold+revert
    'cold-revert': chains.path_covering(
        chains.pairs_with(chains.COLD_REVERT, chains.KINDS[:4])),
    # the same with resize+revert
    'resize-revert': chains.path_covering(
        chains.pairs_with(chains.RESIZE_REVERT, chains.KINDS[:4])),
}


class MoveChainMixin(object):
    """Moves ONE sibling through a chain of moves, each verified in full.

    State a move saved in the server's RequestSpec must not bind the next
    move: 1669054 (a resize's ignore_hosts = [source] kept: a later move
    never considers that host), 1797580 (a cold migration's requested
    destination kept: the next live migration is pinned to where the
    server already is), 1718512 (hosts tried in one move's reschedules
    kept in the spec's retry), and 1718455 for a multi-created server.
    The chains of this module (CHAINS) together hold every ordered pair of
    live migration, cold migration (+confirm), resize (+confirm),
    shelve-offload + unshelve and evacuation, and every pair of a revert
    with one of the first four. Each chain is made with the scheduler
    picking every destination, and (but the reverts) with each move
    requesting the host the previous move left (a resize cannot name one;
    the first move requests a host choose_target_host picks). Every move
    but an evacuation also checks the allocation holds the amounts of the
    server's current flavor. Unshelve to a host needs 2.91.
    """

    required_compute_features = ('live_migration', 'cold_migration',
                                 'resize', 'shelve')
    configuration_skip_reasons = (moves.resize_skip_reason,)
    min_microversion = moves.UNSHELVE_HOST_MICROVERSION

    def chain_of_new_siblings(self, name, request_hosts=False):
        siblings = self.create_siblings()
        moved = self.sibling_to_move(siblings)
        # Skips naming every host when no other host could take it.
        self.choose_target_host(moved)
        self.run_chain('%s-%s' % (name, 'host-left' if request_hosts
                                  else 'scheduler'),
                       CHAINS[name], moved, siblings, request_hosts)


class MoveChainTest(MoveChainMixin, move_base.ScheduledMoveTest):
    """Every ordered pair of live migration, cold migration and resize."""

    @decorators.idempotent_id('f9e8dd74-173f-4e4e-913f-48eadd058d3f')
    @decorators.attr(type='multinode')
    @decorators.related_bug('1669054')
    @decorators.related_bug('1797580')
    def test_chain_of_moves_scheduler_picks_host(self):
        """Live, cold, resize in every order, the scheduler picking.

        Steps:
        1. Create [migration] sibling_count servers in one request as the
           primary user; wait until all are ACTIVE; take the first one
           another host of its zone could take (skip naming every host if
           none).
        2. Move it: live migrate, cold migrate (+confirm), live migrate,
           resize (+confirm, between [compute] flavor_ref and
           flavor_ref_alt), cold migrate, resize, live migrate; never
           naming a host.
        3. Verify each move in full before the next: its migration record,
           host, status, flavor, allocations on its host only and of the
           flavor's amounts, nothing under the migration, the other
           siblings untouched. A failure names the move, its place and the
           chain so far.
        """
        self.chain_of_new_siblings('three-kinds')


class MoveChainToHostLeftTest(MoveChainMixin, move_base.ScheduledMoveTest):
    """Live, cold and resize in every order, each to the host left."""

    @decorators.idempotent_id('1c322573-8ece-4da9-9ee9-10bd88ffda29')
    @decorators.attr(type='multinode')
    @decorators.related_bug('1669054')
    @decorators.related_bug('1797580')
    @base.skip_unless_configured(moves.host_request_skip_reason)
    def test_chain_of_moves_to_the_host_left(self):
        """Live, cold, resize in every order, to the host just left.

        Steps:
        1. Skip if [compute-feature-enabled] can_migrate_between_any_hosts
           is false.
        2. Create the siblings and take the moved one as in the scheduler
           test.
        3. Make the same 7 moves; the first requests a host chosen as the
           requested-host tests choose it, every later live and cold
           migration the host the previous move left (a resize names no
           host: the scheduler picks).
        4. Verify each move in full as in the scheduler test, and that it
           landed on the requested host.
        """
        self.chain_of_new_siblings('three-kinds', request_hosts=True)


class MoveChainThroughUnshelveTest(MoveChainMixin,
                                   move_base.ScheduledMoveTest):
    """Every ordered pair of unshelve and live, cold or resize."""

    @decorators.idempotent_id('b7809c02-c1ff-430b-98d4-83a4dcf0ac4d')
    @decorators.attr(type='multinode')
    @decorators.related_bug('1669054')
    def test_chain_through_unshelve_scheduler_picks_host(self):
        """Unshelve before and after each other kind, scheduler picks.

        Steps:
        1. Create the siblings and take the moved one as in
           MoveChainTest.
        2. Move it: shelve-offload + unshelve, live migrate, unshelve, cold
           migrate (+confirm), unshelve, resize (+confirm), unshelve; never
           naming a host. An offloaded server must hold no allocation.
        3. Verify each move in full as in MoveChainTest.
        """
        self.chain_of_new_siblings('through-unshelve')


class MoveChainThroughUnshelveToHostLeftTest(MoveChainMixin,
                                             move_base.ScheduledMoveTest):
    """Unshelve and live, cold or resize in every order, to the host left."""

    @decorators.idempotent_id('c44b39ea-b095-4c36-8d8f-0c49f68a52be')
    @decorators.attr(type='multinode')
    @decorators.related_bug('1669054')
    @decorators.related_bug('1797580')
    @base.skip_unless_configured(moves.host_request_skip_reason)
    def test_chain_through_unshelve_to_the_host_left(self):
        """Unshelve before and after each other kind, to the host left.

        Steps:
        1. Skip if [compute-feature-enabled] can_migrate_between_any_hosts
           is false.
        2. Create the siblings and take the moved one as in
           MoveChainTest.
        3. Make the same 7 moves; the first unshelve requests a host
           chosen as the requested-host tests choose it (2.91), every
           later move but the resize the host the previous move left.
        4. Verify each move in full, and that it landed on the requested
           host.
        """
        self.chain_of_new_siblings('through-unshelve', request_hosts=True)


class MoveChainWithRevertsTest(MoveChainMixin, move_base.ScheduledMoveTest):
    """Every ordered pair of a revert and live, cold, resize or unshelve.

    A revert adds what a confirm does not: the server is back on its
    source with the old flavor, and the next move must be scheduled and
    allocated for that flavor, not the one the revert undid.
    """

    @decorators.idempotent_id('a8ff4819-1ded-47c8-99b7-821e90af3c37')
    @decorators.attr(type='multinode')
    @decorators.related_bug('1669054')
    def test_chain_with_cold_migration_reverts(self):
        """Cold migrate + revert before and after each of four kinds.

        Steps:
        1. Create the siblings and take the moved one as in
           MoveChainTest.
        2. Move it: cold migrate + revert, then each of live migrate, cold
           migrate (+confirm), resize (+confirm), shelve-offload +
           unshelve, each followed by cold migrate + revert (9 moves),
           never naming a host.
        3. Verify each move in full; a revert ends on its source with the
           record 'reverted'; every allocation holds the amounts of the
           server's current flavor.
        """
        self.chain_of_new_siblings('cold-revert')


class MoveChainWithResizeRevertsTest(MoveChainMixin,
                                     move_base.ScheduledMoveTest):
    """Every ordered pair of a resize revert and another kind."""

    @decorators.idempotent_id('41ee520a-a9fc-4a66-9a96-6df77d62ffaf')
    @decorators.attr(type='multinode')
    @decorators.related_bug('1669054')
    def test_chain_with_resize_reverts(self):
        """Resize + revert before and after each of four kinds.

        Steps:
        1. Create the siblings and take the moved one as in
           MoveChainTest.
        2. Move it as in the cold migration revert test, with resize +
           revert in place of cold migrate + revert (9 moves).
        3. Verify each move in full; a reverted resize ends on its source
           with the old flavor and its allocation amounts.
        """
        self.chain_of_new_siblings('resize-revert')


class MoveChainThroughEvacuationTest(MoveChainMixin,
                                     move_base.ScheduledMoveTest):
    """Every ordered pair of evacuate and another kind.

    Each evacuation stops the server's compute, marks it forced down,
    evacuates, verifies with the source down, starts the compute again
    and verifies once the source cleaned up; the test runs alone meanwhile
    (take_the_cloud), and shares the cloud for the other moves.
    """

    configuration_skip_reasons = (moves.resize_skip_reason,
                                  moves.evacuate_skip_reason)

    @decorators.idempotent_id('63724ea2-31de-41a2-a75a-78c88b5abc07')
    @decorators.attr(type=['multinode', 'destructive'])
    @decorators.related_bug('1669054')
    @decorators.related_bug('1718512')
    def test_chain_evacuate_live_cold_scheduler_picks_host(self):
        """Evacuate before and after live and cold migration, scheduler.

        Steps:
        1. Skip unless [migration] evacuate is true and the compute stop
           and start commands are set.
        2. Create the siblings and take the moved one as in
           MoveChainTest.
        3. Move it: evacuate, live migrate, evacuate, cold migrate
           (+confirm), evacuate; never naming a host.
        4. Verify each move in full before the next (an evacuation with
           its source down, then again once the source cleaned up). Each
           evacuation runs alone, from the stop of its source until the
           source cleaned up.
        """
        self.chain_of_new_siblings('evacuate-live-cold')

    @decorators.idempotent_id('603463c9-067c-4d95-b324-9d42267abf59')
    @decorators.attr(type=['multinode', 'destructive'])
    @decorators.related_bug('1669054')
    @decorators.related_bug('1797580')
    @base.skip_unless_configured(moves.host_request_skip_reason)
    def test_chain_evacuate_live_cold_to_the_host_left(self):
        """Evacuate before and after live and cold migration, host left.

        Steps:
        1. Skip as in the scheduler test, and if [compute-feature-enabled]
           can_migrate_between_any_hosts is false.
        2. Create the siblings and take the moved one as in
           MoveChainTest.
        3. Make the same 5 moves; the first evacuation requests a host
           chosen as the requested-host tests choose it, every later move
           the host the previous move left.
        4. Verify each move in full, and that it landed on the requested
           host.
        """
        self.chain_of_new_siblings('evacuate-live-cold', request_hosts=True)

    @decorators.idempotent_id('51c7d2ca-07a0-4506-8b70-7cc5e6f23030')
    @decorators.attr(type=['multinode', 'destructive'])
    @decorators.related_bug('1669054')
    def test_chain_evacuate_resize_unshelve_scheduler_picks_host(self):
        """Evacuate before and after resize and unshelve, scheduler.

        Steps:
        1. Skip as in the live and cold migration chain.
        2. Create the siblings and take the moved one as in
           MoveChainTest.
        3. Move it: evacuate, resize (+confirm), evacuate, shelve-offload
           + unshelve, evacuate; never naming a host.
        4. Verify each move in full before the next.
        """
        self.chain_of_new_siblings('evacuate-resize-unshelve')

    @decorators.idempotent_id('4190d5b0-b928-46a2-9300-5d135a9a6356')
    @decorators.attr(type=['multinode', 'destructive'])
    @decorators.related_bug('1669054')
    @base.skip_unless_configured(moves.host_request_skip_reason)
    def test_chain_evacuate_resize_unshelve_to_the_host_left(self):
        """Evacuate before and after resize and unshelve, host left.

        Steps:
        1. Skip as in the live and cold migration chain to the host left.
        2. Create the siblings and take the moved one as in
           MoveChainTest.
        3. Make the same 5 moves; the first evacuation requests a host
           chosen as the requested-host tests choose it, every later move
           but the resize the host the previous move left.
        4. Verify each move in full, and that it landed on the requested
           host.
        """
        self.chain_of_new_siblings('evacuate-resize-unshelve',
                                   request_hosts=True)
