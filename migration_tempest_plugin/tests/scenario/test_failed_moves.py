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

"""Moves that fail half-way: nova's rollback, and the server moves again.

Each test breaks its move the way it most often breaks for real, judges
the outcome once nova is done with it (every event of the move's request
ended, the state held for [migration] settle_period) against nova's own
contract for that failure, cited in the test, then heals the fault and
moves the same server again, verified in full: a failed move must leave
the server movable.
"""

from tempest.lib import decorators

from migration_tempest_plugin.common import describe
from migration_tempest_plugin.common import faults
from migration_tempest_plugin.common import model
from migration_tempest_plugin.common import moves
from migration_tempest_plugin.common import preconditions
from migration_tempest_plugin.common import verification
from migration_tempest_plugin.common import waiters
from migration_tempest_plugin.tests import base
from migration_tempest_plugin.tests import move_base


# Builds tried until the scheduler sends a sibling first to the host the
# probe named (test_moves_after_a_rescheduled_build).
BUILD_ATTEMPTS = 3


class FailedMoveMixin(object):
    """What every failed-move test needs of its class."""

    required_compute_features = ('live_migration', 'cold_migration')
    # Unshelve to a requested host.
    min_microversion = moves.UNSHELVE_HOST_MICROVERSION

    def siblings_and_target(self):
        """New siblings, the one to move, and a host it could go to."""
        siblings = self.create_siblings_for_a_named_host()
        moved = self.sibling_to_move(siblings)
        return siblings, moved, self.choose_target_host(moved)


class FailedMoveTest(FailedMoveMixin, move_base.ScheduledMoveTest):
    """Moves whose destination fails them, one server's fault at a time.

    Each fault hits the moved server only (faults.MoveFault): the other
    tests run on meanwhile.
    """

    @decorators.idempotent_id('3e6bb6c4-285e-4760-8f27-5c88c36f32d6')
    @decorators.attr(type=['multinode', 'destructive', 'smoke'])
    @base.skip_unless_configured(
        faults.skip_reason(faults.COLD_MIGRATION_FAULTS),
        moves.host_request_skip_reason)
    def test_cold_migration_whose_destination_fails(self):
        """A cold migration that fails on its destination, then again.

        nova's contract depends on where the destination fails it
        (faults.COLD_MIGRATION_FAULTS): failing finish_resize
        (finish-migration-fails; ComputeManager.finish_resize, regression
        test test_bug_1825537.py), the server is in ERROR on the
        destination, where resize_instance already pointed it, its
        allocation there only, the source's dropped; its disk not
        copied there (instances-disk-full; the source's
        LibvirtDriver.migrate_disk_and_power_off fails in copy_image), the
        server is in ERROR on its source, its allocation back there
        (ServerMovingTests.test_resize_instance_fails_allocation_cleanup).
        Either way the record is 'error', nothing stays under the
        migration, and nova recovers the server by hard reboot on the host
        it is on.

        Steps:
        1. Skip unless [migration] fault_command and heal_command are set
           and [migration] faults lists finish-migration-fails or
           instances-disk-full, and unless hosts may be requested.
        2. Create the siblings (pinned to one zone where a host is
           alone in its own); take one another host could take, and
           that host.
        3. Register the heal, then put the fault on that host.
        4. As admin, cold-migrate the sibling to that host (2.56).
        5. Once nova is done with it, verify: the server ERROR with no
           task_state on the host the fault leaves it on, its flavor
           unchanged; the record 'error' from the source to the chosen
           host; its allocations its flavor on the host it is on only,
           none under the migration; the request's event the fault fails
           failed with its words; the other siblings untouched.
        6. Heal the fault; hard-reboot the server: ACTIVE where it is.
        7. Cold-migrate it again, the scheduler picking, and confirm:
           verified in full.
        """
        fault = faults.offered(self.settings, faults.COLD_MIGRATION_FAULTS)
        siblings, moved, target = self.siblings_and_target()
        self.put_fault(target, fault, moved.id)
        known = self.migration_uuids(moved)
        self.cold_migrate(moved, host=target)
        on_destination = fault.ends_on == 'destination'
        failed = self.verify_move(moved, siblings, model.ExpectedMove(
            migration_type='migration', migration_status='error',
            server_status='ERROR',
            target_host=target if on_destination else None,
            returns_to_source=not on_destination, settles=True,
            failure=faults.expected_failure(fault)), known, outcome='failed')
        self.heal_fault(target, fault, moved.id)
        there = verification.sibling_from_server(
            self.recover_with_hard_reboot(failed))
        self.cold_migrate_and_confirm(there, siblings)

    @decorators.idempotent_id('f83164a3-1893-4f85-b05a-d4414a254611')
    @decorators.attr(type=['multinode', 'destructive'])
    @base.skip_unless_configured(
        faults.skip_reason(faults.COLD_MIGRATION_FAULTS),
        moves.resize_skip_reason)
    def test_resize_whose_destination_fails(self):
        """A resize that fails on its destination, then one that lands.

        As for the cold migration, where the fault leaves the server. On
        the destination (finish-migration-fails: ComputeManager.
        finish_resize, test_bug_1825537.py) it is in ERROR back on its old
        flavor (ComputeManager._finish_resize sets it again when the driver
        fails) while the destination keeps the allocation of the new one
        (the regression test asserts flavor2's allocation there); on its
        source (instances-disk-full) it keeps its old flavor and
        allocation.

        Steps:
        1. Skip unless [migration] fault_command and heal_command are set
           and [migration] faults lists finish-migration-fails or
           instances-disk-full, and unless [compute] flavor_ref_alt is
           another flavor.
        2. Create the siblings (pinned to one zone where a host is
           alone in its own); take one another host could take.
        3. Register the heals, then put the fault on every up and enabled
           host but its own (a resize names no host: wherever the
           scheduler sends it, it fails there).
        4. As the owner, resize the sibling to [compute] flavor_ref_alt.
        5. Once nova is done with it, verify: the server ERROR with no
           task_state, with its old flavor, on the host the fault leaves it
           on; the record 'error' from the source; its allocations on that
           host only (flavor_ref_alt's amounts on a destination, the old
           flavor's on the source), none under the migration; the
           request's event the fault fails failed with its words; the
           other siblings untouched.
        6. Heal every fault; hard-reboot the server: ACTIVE where it is.
        7. Resize it to flavor_ref_alt again and confirm: verified in
           full, with that flavor and its amounts.
        """
        fault = faults.offered(self.settings, faults.COLD_MIGRATION_FAULTS)
        siblings = self.create_siblings_for_a_named_host()
        moved = self.sibling_to_move(siblings)
        self.choose_target_host(moved)
        destinations = [service.host for service in self.usable_computes()
                        if service.host != moved.host]
        for host in destinations:
            self.put_fault(host, fault, moved.id)
        on_destination = fault.ends_on == 'destination'
        _name, resources = self.flavor_expectation(
            self.settings.flavor_ref_alt)
        known = self.migration_uuids(moved)
        self.resize(moved, self.settings.flavor_ref_alt)
        failed = self.verify_move(moved, siblings, model.ExpectedMove(
            migration_type='resize', migration_status='error',
            server_status='ERROR', returns_to_source=not on_destination,
            allocated_resources=resources if on_destination else None,
            settles=True, failure=faults.expected_failure(fault)), known,
            outcome='failed')
        for host in destinations:
            self.heal_fault(host, fault, moved.id)
        there = verification.sibling_from_server(
            self.recover_with_hard_reboot(failed))
        self.resize_and_confirm(there, siblings)

    @decorators.idempotent_id('a80b5311-c6dc-41d8-a09d-676f772ddc5d')
    @decorators.attr(type=['multinode', 'destructive'])
    @base.skip_unless_configured(
        faults.skip_reason(faults.UNSHELVE_SPAWN_FAULTS),
        moves.host_request_skip_reason)
    def test_unshelve_whose_destination_fails(self):
        """An unshelve that fails to spawn on its host, then again.

        nova's contract for a failed spawn on unshelve
        (ComputeManager._unshelve_instance; ServerUnshelveSpawnFailTests
        in nova/tests/functional/test_servers.py): the server stays
        SHELVED_OFFLOADED with no host and no allocation.

        Steps:
        1. Skip unless [migration] fault_command and heal_command are set
           and [migration] faults lists unshelve-spawn-fails or
           instances-disk-full, and unless hosts may be requested.
        2. Create the siblings (pinned to one zone where a host is
           alone in its own); take one another host could take, and
           that host; shelve and offload it.
        3. Register the heal, then put the fault on that host.
        4. As admin, unshelve it to that host (2.91).
        5. Once nova is done with it, verify: SHELVED_OFFLOADED with no
           task_state and no host, nothing allocated; the request's
           compute_unshelve_instance event failed with the fault; the
           other siblings untouched.
        6. Heal the fault; unshelve it to that host again: ACTIVE there,
           verified in full.
        """
        fault = faults.offered(self.settings, faults.UNSHELVE_SPAWN_FAULTS)
        siblings, moved, target = self.siblings_and_target()
        self.shelve_offload(moved)
        self.put_fault(target, fault, moved.id)
        self.unshelve(moved, host=target)
        self.verify_move(moved, siblings, model.ExpectedMove(
            migration_type=None, server_status='SHELVED_OFFLOADED',
            offloaded=True, settles=True,
            failure=faults.expected_failure(fault)),
            outcome='failed')
        self.heal_fault(target, fault, moved.id)
        self.unshelve(moved, host=target)
        self.verify_move(moved, siblings, model.ExpectedMove(
            migration_type=None, target_host=target))


class HostOutageTest(FailedMoveMixin, move_base.ScheduledMoveTest):
    """Moves that fail because a host fails.

    These stop a compute, disable every other one, or break builds on a
    whole host: no other test may use the hosts meanwhile, so each runs
    alone until the hosts are back as they were (take_the_cloud).
    """

    @decorators.idempotent_id('3afc11ae-4580-4ef5-bcab-78079a1e7e78')
    @decorators.attr(type=['multinode', 'destructive'])
    @base.skip_unless_configured(moves.evacuate_skip_reason,
                                 moves.host_request_skip_reason)
    def test_live_migration_to_a_compute_gone_down(self):
        """A live migration whose destination compute died is rolled back.

        The destination's nova-compute dies after the scheduler picked it
        (nova still shows it up). nova's conductor asks it to check it can
        take the server (LiveMigrationTask._call_livem_checks_on_host);
        nobody answers, the call times out ([DEFAULT]
        rpc_response_timeout), MigrationPreCheckError makes
        LiveMigrationTask._find_destination skip that host and ask the
        scheduler again, which has no other host to offer for the one
        requested: NoValidHost. The record 'error', the server ACTIVE on
        its source with no task_state, nothing allocated on the
        destination (nova's functional test
        ServerMovingTests.test_live_migrate_pre_check_fails in
        nova/tests/functional/test_servers.py).

        Steps:
        1. Skip unless [migration] evacuate is true with the compute stop
           and start commands (the test stops a compute), and unless
           hosts may be requested.
        2. Create [migration] sibling_count servers in one request (pinned
           to one zone where a host is alone in its own); take one another
           host of its zone could take, and that host.
        3. Wait to run alone (the tests of other workers end, the next
           ones wait). Register the start of that host's compute, then
           stop it (not forced down: nova still sees it up).
        4. As admin, live-migrate the sibling to that host, not forced.
        5. Once nova is done with the request (its events ended, the
           state held for [migration] settle_period), verify: the record
           'error' from the source; the server ACTIVE with no task_state on
           its source, its allocations there only, none under the
           migration; the request's conductor_live_migrate_instance event
           failed with "No valid host was found"; the other siblings
           untouched; with [migration] guest_heartbeat, the guest kept
           running.
        6. Start the compute again and wait until nova shows it up; let
           the other tests run again.
        7. Live-migrate the same server to that host again: verified in
           full as any live migration.
        """
        siblings, moved, target = self.siblings_and_target()
        self.stop_compute(target, force_down=False)
        known = self.migration_uuids(moved)
        self.live_migrate(moved, host=target)
        refused = model.ExpectedFailure('conductor_live_migrate_instance',
                                        'No valid host was found')
        self.verify_move(moved, siblings, model.ExpectedMove(
            migration_status='error', returns_to_source=True, settles=True,
            failure=refused), known, outcome='failed')
        self.start_compute(target)
        self.give_back_the_cloud()
        known = self.migration_uuids(moved)
        self.live_migrate(moved, host=target)
        self.verify_move(moved, siblings, model.ExpectedMove(
            target_host=target), known)

    @decorators.idempotent_id('abf36475-5058-4a6e-9a20-0f8668055ebc')
    @decorators.attr(type=['multinode', 'destructive'])
    @decorators.related_bug('1713783')
    @base.skip_unless_configured(moves.evacuate_skip_reason)
    def test_evacuation_with_no_valid_host(self):
        """An evacuation nova finds no host for, then one that lands.

        nova's conductor, on NoValidHost for an evacuation, saves its
        record 'error' and the server ERROR on its source
        (ComputeTaskManager.rebuild_instance; regression test
        test_bug_1713783.py: left 'accepted', the record made the source
        compute destroy the guest when it started again).

        Steps:
        1. Skip unless [migration] evacuate is true with the compute stop
           and start commands.
        2. Create the siblings (pinned to one zone where a host is
           alone in its own); take one another host could take.
        3. Wait to run alone. Register their enabling again, then disable
           every other up and enabled compute: no host can take the
           server.
        4. Register the restart of its compute, stop it and mark it
           forced down; evacuate it, the scheduler picking.
        5. Once nova is done with it, verify: the record 'error' from the
           source; the server ERROR with no task_state on its source, its
           allocations there only, none under the migration; the other
           siblings untouched.
        6. Start its compute again: nova shows it up; the server is still
           ERROR on it, holding its allocation there, and with [migration]
           guest_heartbeat its guest kept running (nova did not destroy
           it).
        7. Enable the other computes and let the other tests run again;
           hard-reboot the server; live-migrate it, the scheduler picking:
           verified in full.
        """
        siblings = self.create_siblings_for_a_named_host()
        moved = self.sibling_to_move(siblings)
        self.choose_target_host(moved)
        others = [service for service in self.usable_computes()
                  if service.host != moved.host]
        self.take_the_cloud()
        for service in others:
            self.addCleanup(self.admin_conn.compute.enable_service, service)
            self.admin_conn.compute.disable_service(
                service, disabled_reason='migration-tempest-plugin: no host '
                'may take the evacuation')
        # Read while its compute answers the console: checked once back.
        self.guest_watch.before_move(moved.id)
        known = self.migration_uuids(moved)
        self.stop_compute(moved.host)
        self.evacuate(moved)
        self.verify_move(moved, siblings, model.ExpectedMove(
            migration_type='evacuation', migration_status='error',
            server_status='ERROR', returns_to_source=True, refused=True,
            settles=True), known, outcome='refused', guest_check=False)
        self.start_compute(moved.host)
        self.guest_watch.after_move(moved.id, 'evacuation', 'refused')
        for service in others:
            self.admin_conn.compute.enable_service(service)
        self.give_back_the_cloud()
        server = self.recover_with_hard_reboot(moved)
        self.assertEqual(moved.host, server.compute_host)
        known = self.migration_uuids(moved)
        moved = verification.sibling_from_server(server)
        self.live_migrate(moved)
        self.verify_move(moved, siblings, model.ExpectedMove(), known)

    @decorators.idempotent_id('b26bbaea-a10a-4a60-8691-ff8631c1e005')
    @decorators.attr(type=['multinode', 'destructive'])
    @decorators.related_bug('1718512')
    @base.skip_unless_configured(
        faults.skip_reason(faults.RESCHEDULE_FAULTS),
        moves.host_request_skip_reason, preconditions.hosts_skip_reason(3))
    def test_moves_after_a_rescheduled_build(self):
        """A sibling rescheduled off a failing host moves back to it later.

        A host that failed a server's build is tried no more for that
        build: nova reschedules the server to an alternate host the
        scheduler gave with it (ComputeManager._do_build_and_run_instance,
        ComputeTaskManager.build_instances), one no sibling of the request
        was placed on (SchedulerManager._get_alternate_hosts excludes
        claimed hosts). That host must not stay excluded from the server's
        later moves (bug 1718512: a rescheduled resize's failed host was
        saved in RequestSpec.retry).

        Steps:
        1. Skip unless [migration] fault_command and heal_command are set
           and [migration] faults lists spawn-reschedules, unless hosts
           may be requested, and unless 3 computes are up and enabled.
        2. Wait to run alone (until step 4 is over). Find the
           scheduler's first choice: create one server, note its
           host, delete it. Register the heal, then put the fault on that
           host: the spawn of a server there fails.
        3. Create one sibling fewer than there are such computes, in one
           request (one host stays free as the alternate); check every
           sibling is ACTIVE and one was built on that host first and ended
           elsewhere (its create action has a build event there).
        4. Heal the fault. If no sibling was tried there (the scheduler's
           first choice changed since the probe: libvirt's computes report
           drifting memory), delete them and go back to step 2, at most
           BUILD_ATTEMPTS times in all.
        5. As admin, live-migrate that sibling to the host that failed
           its build: verified in full, on that host.
        """
        fault = faults.offered(self.settings, faults.RESCHEDULE_FAULTS)
        computes = [service.host for service in self.usable_computes()]
        self.take_the_cloud()
        placed = []
        for _attempt in range(BUILD_ATTEMPTS):
            failing = self.scheduler_first_choice()
            self.put_fault(failing, fault, None)
            siblings = self.create_siblings(count=len(computes) - 1)
            self.heal_fault(failing, fault, None)
            rescheduled = [sibling for sibling in siblings
                           if sibling.host != failing
                           and self.build_tried_on(sibling, failing, fault)]
            if rescheduled:
                break
            placed.append((failing, [sibling.host for sibling in siblings]))
            self.delete_servers(siblings)
        else:
            self.fail('In %d builds no sibling was sent first to the host '
                      'the probe named (host, then where the siblings went): '
                      '%s' % (BUILD_ATTEMPTS, placed))
        self.give_back_the_cloud()
        moved = rescheduled[0]
        known = self.migration_uuids(moved)
        self.live_migrate(moved, host=failing)
        self.verify_move(moved, siblings, model.ExpectedMove(
            target_host=failing), known)

    def delete_servers(self, siblings):
        for sibling in siblings:
            self.admin_conn.compute.delete_server(sibling.id)
        for sibling in siblings:
            waiters.wait_for_server_deleted(
                self.admin_conn, sibling.id, self.settings.move_timeout,
                self.settings.poll_interval)

    def scheduler_first_choice(self):
        """The host nova's scheduler picks first now, for one more server.

        Where a probe server lands, deleted again. The weighers (free
        memory as each compute reports it) decide, not Placement's usage.
        """
        probes = self.create_siblings(count=1)
        self.delete_servers(probes)
        return probes[0].host

    def build_tried_on(self, sibling, host, fault):
        """Whether the sibling's build was tried on ``host``.

        A rescheduled build shows one compute__do_build_and_run_instance
        event per host tried: the method hands the server back to the
        conductor and returns, so each event succeeds.
        """
        for listed in self.admin_conn.compute.server_actions(sibling.id):
            if listed.action != 'create':
                continue
            action = describe.action_with_events(
                self.admin_conn, sibling.id, listed.request_id)
            return any(event.event == fault.event and event.host == host
                       for event in action.events or [])
        return False
