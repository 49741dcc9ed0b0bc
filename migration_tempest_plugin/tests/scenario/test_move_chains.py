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
from migration_tempest_plugin.tests import move_base

# Every ordered pair of live, cold, resize and unshelve, each once.
CHAIN_WITHOUT_EVACUATION = chains.path_covering(
    chains.every_ordered_pair(chains.KINDS[:4]))
# Every ordered pair of a revert (cold migration or resize) and one of
# live, cold, resize and unshelve, each once.
CHAIN_WITH_REVERTS = chains.path_covering(
    chains.pairs_with(chains.COLD_REVERT, chains.KINDS[:4])
    + chains.pairs_with(chains.RESIZE_REVERT, chains.KINDS[:4]))
# Every ordered pair of evacuate and one of the others, each once.
CHAIN_THROUGH_EVACUATION = chains.path_covering(
    chains.pairs_with(chains.EVACUATE, chains.KINDS[:4]))


class MoveChainMixin(object):
    """Moves ONE sibling through a chain of moves, each verified in full.

    State a move saved in the server's RequestSpec must not bind the next
    move: 1669054 (a resize's ignore_hosts = [source] kept: a later move
    never considers that host), 1797580 (a cold migration's requested
    destination kept: the next live migration is pinned to where the
    server already is), 1718512 (hosts tried in one move's reschedules
    kept in the spec's retry), and 1718455 for a multi-created server. The
    two chains of this module together hold every ordered pair of the five
    move kinds; each test makes its chain with the scheduler picking every
    destination or with each move requesting the host the previous move
    left (a resize cannot name one). Unshelve to a host needs 2.91.
    """

    required_compute_features = ('live_migration', 'cold_migration',
                                 'resize', 'shelve')
    move_skip_reasons = (moves.resize_skip_reason,)
    min_microversion = moves.UNSHELVE_HOST_MICROVERSION

    def chain_of_new_siblings(self, name, kinds, request_hosts):
        if request_hosts:
            self.skip_unless_host_can_be_requested()
        siblings = self.create_siblings()
        moved = self.sibling_to_move(siblings)
        # Skips naming every host when no other host could take it.
        self.choose_target_host(moved)
        self.run_chain(name, kinds, moved, siblings, request_hosts)


class MoveChainTest(MoveChainMixin, move_base.ScheduledMoveTest):
    """Chains of live, cold, resize and unshelve moves of one sibling.

    One class per chain: tempest runs the tests of a class one after the
    other, the classes side by side.
    """

    @decorators.idempotent_id('f9e8dd74-173f-4e4e-913f-48eadd058d3f')
    @decorators.attr(type='multinode')
    @decorators.related_bug('1669054')
    @decorators.related_bug('1797580')
    def test_chain_of_moves_scheduler_picks_host(self):
        """Every ordered pair of four move kinds, the scheduler picking.

        Steps:
        1. Create the siblings in one request ([migration] sibling_count)
           as the primary user; wait until all are ACTIVE; take the first
           one another host of its zone could take (skip naming every host
           if none).
        2. Move it through live migrate, cold migrate (+confirm), resize
           (+confirm, between [compute] flavor_ref and flavor_ref_alt) and
           shelve-offload + unshelve so that each ordered pair of two
           different kinds occurs once (13 moves), never naming a host.
        3. Verify each move in full before the next: its migration record,
           host, status, flavor, allocations on its host only, nothing
           under the migration, the other siblings untouched. A failure
           names the move, its place and the chain so far.
        """
        self.chain_of_new_siblings('four-kinds-scheduler',
                                   CHAIN_WITHOUT_EVACUATION, False)


class MoveChainToTheHostLeftTest(MoveChainMixin,
                                 move_base.ScheduledMoveTest):
    """The four-kind chain, each move to the host the previous one left."""

    @decorators.idempotent_id('1c322573-8ece-4da9-9ee9-10bd88ffda29')
    @decorators.attr(type='multinode')
    @decorators.related_bug('1669054')
    @decorators.related_bug('1797580')
    def test_chain_of_moves_to_the_host_left(self):
        """Every ordered pair of four move kinds, to the host just left.

        Steps:
        1. Skip if [compute-feature-enabled] can_migrate_between_any_hosts
           is false.
        2. Create the siblings as in the scheduler test and take the
           first one another host of its zone could take.
        3. Move it through the same 13 moves; the first live migration
           requests a host chosen as the requested-host tests choose it,
           every later live migration, cold migration and unshelve
           requests the host the previous move left (a resize names no
           host: the scheduler picks).
        4. Verify each move in full as in the scheduler test, and that it
           landed on the requested host.
        """
        self.chain_of_new_siblings('four-kinds-host-left',
                                   CHAIN_WITHOUT_EVACUATION, True)


class MoveChainWithRevertsTest(MoveChainMixin, move_base.ScheduledMoveTest):
    """A chain in which every other move is a revert."""

    @decorators.idempotent_id('a8ff4819-1ded-47c8-99b7-821e90af3c37')
    @decorators.attr(type='multinode')
    @decorators.related_bug('1669054')
    def test_chain_with_reverts_scheduler_picks_host(self):
        """Every ordered pair of a revert and another kind, scheduler picks.

        A revert adds what a confirm does not: the server is back on its
        source with the old flavor, and the next move must be scheduled
        and allocated for that flavor, not the one the revert undid.

        Steps:
        1. Create the siblings and take the moved one as in the scheduler
           test.
        2. Move it (17 moves) so that each of cold migrate + revert and
           resize + revert is followed once by, and follows once, each of
           live migrate, cold migrate (+confirm), resize (+confirm) and
           shelve-offload + unshelve, never naming a host.
        3. Verify each move in full; a revert ends on its source with
           record 'reverted'; every move but the evacuation checks the
           allocation holds the amounts of the server's current flavor.
        """
        self.chain_of_new_siblings('reverts-scheduler', CHAIN_WITH_REVERTS,
                                   False)


@decorators.serial
class MoveChainThroughEvacuationTest(MoveChainMixin,
                                     move_base.ScheduledMoveTest):
    """Chains in which every other move is an evacuation.

    Serial: an evacuation stops the sibling's nova-compute.
    """

    move_skip_reasons = (moves.resize_skip_reason,
                         moves.evacuate_skip_reason)

    @decorators.idempotent_id('63724ea2-31de-41a2-a75a-78c88b5abc07')
    @decorators.attr(type=['multinode', 'destructive'])
    @decorators.related_bug('1669054')
    @decorators.related_bug('1718512')
    def test_chain_through_evacuation_scheduler_picks_host(self):
        """Every ordered pair of evacuate and another kind, scheduler picks.

        Steps:
        1. Skip unless [migration] evacuate is true and the compute stop
           and start commands are set.
        2. Create the siblings as in MoveChainTest and take the first one
           another host of its zone could take.
        3. Move it: evacuate, live migrate, evacuate, cold migrate
           (+confirm), evacuate, resize (+confirm), evacuate, shelve-offload
           + unshelve, evacuate (9 moves), never naming a host. Each
           evacuation stops the server's compute, marks it forced down,
           evacuates, then starts the compute again.
        4. Verify each move in full before the next (an evacuation with
           its source down, then again once the source cleaned up).
        """
        self.chain_of_new_siblings('evacuate-scheduler',
                                   CHAIN_THROUGH_EVACUATION, False)

    @decorators.idempotent_id('603463c9-067c-4d95-b324-9d42267abf59')
    @decorators.attr(type=['multinode', 'destructive'])
    @decorators.related_bug('1669054')
    @decorators.related_bug('1797580')
    def test_chain_through_evacuation_to_the_host_left(self):
        """Every ordered pair of evacuate and another kind, to the host left.

        Steps:
        1. Skip as in the scheduler test, and if [compute-feature-enabled]
           can_migrate_between_any_hosts is false.
        2. Create the siblings and take the moved one as in that test.
        3. Make the same 9 moves; the first evacuation requests a host
           chosen as the requested-host tests choose it, every later move
           but the resize requests the host the previous move left.
        4. Verify each move in full, and that it landed on the requested
           host.
        """
        self.chain_of_new_siblings('evacuate-host-left',
                                   CHAIN_THROUGH_EVACUATION, True)
