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

"""Requests of the scheduler-driven moves other than live migration.

Each request is made as nova's default policy wants it: the owner (the
primary user) resizes, confirms, reverts, shelves and unshelves; the admin
cold-migrates, offloads, evacuates, names hosts and forces services down.
None of them is ever forced: the scheduler is the code under test.
"""

from openstack import exceptions as sdk_exc
from oslo_log import log as logging
from tempest import config
from tempest.lib import exceptions as lib_exc

from migration_tempest_plugin.common import chains
from migration_tempest_plugin.common import compute_commands
from migration_tempest_plugin.common import describe
from migration_tempest_plugin.common import model
from migration_tempest_plugin.common import moves
from migration_tempest_plugin.common import placement
from migration_tempest_plugin.common import verification
from migration_tempest_plugin.common import waiters
from migration_tempest_plugin.tests import base

CONF = config.CONF
LOG = logging.getLogger(__name__)

SHELVED_STATUSES = ('SHELVED', 'SHELVED_OFFLOADED')


class ChainMoveFailed(AssertionError):
    """A move of a chain failed; says which and the chain so far."""


class ChainMoveTimeout(lib_exc.TimeoutException):
    """A move of a chain ran out of time; says which and the chain so far."""


def describe_chain(done):
    """'live-migrate compute1->compute2, ...' of the moves made so far."""
    return ', '.join('%s %s->%s' % move for move in done) or 'none'


class ScheduledMoveTest(base.SiblingMoveTest):
    """Move requests, waits and service outages for the move tests."""

    def setUp(self):
        super().setUp()
        # Hosts whose nova-compute this test stopped and not started yet.
        self.stopped_hosts = set()
        # Whether the test holds the cloud for itself (take_the_cloud).
        self.alone = False

    def flavor_expectation(self, flavor_ref):
        """(name, allocated resources) of a flavor, for ExpectedMove."""
        flavor = self.admin_conn.compute.get_flavor(flavor_ref,
                                                    get_extra_specs=True)
        return flavor.name, moves.flavor_resources(flavor)

    # Cold migration and resize.

    def cold_migrate(self, sibling, host=None):
        LOG.info('Cold-migrating %s from %s to %s', sibling.id, sibling.host,
                 host or 'a host the scheduler picks')
        self.port_watch.before_move()
        self.guest_watch.before_move(sibling.id)
        self.admin_conn.compute.migrate_server(sibling.id, host=host)

    def resize(self, sibling, flavor_ref):
        LOG.info('Resizing %s on %s to flavor %s', sibling.id, sibling.host,
                 flavor_ref)
        self.port_watch.before_move()
        self.guest_watch.before_move(sibling.id)
        self.primary_conn.compute.resize_server(sibling.id, flavor_ref)

    def wait_for_resize_to_verify(self, sibling, migration_type, known):
        """Wait for VERIFY_RESIZE; returns the server on its new host.

        The move's migration record is awaited first, 'finished': a move
        that stops half-way (its destination compute gone) then fails
        naming its record stuck in its state, not only the server's.
        """
        waiters.wait_for_migration(
            self.admin_conn, sibling.id, migration_type, ('finished',),
            self.settings.move_timeout, self.settings.poll_interval,
            lambda: self.what_the_cloud_said(sibling.id), known=known,
            request_id=self.request_log.last_request_id(sibling.id))
        return self.wait_for_server_status(sibling.id, 'VERIFY_RESIZE')

    def cold_migrate_until_verify_resize(self, moved, host=None):
        """Cold-migrate ``moved``; wait until it awaits confirmation.

        Fails if it awaits it on its own host. Returns the UUIDs of its
        migration records from before the move.
        """
        known = self.migration_uuids(moved)
        self.cold_migrate(moved, host=host)
        server = self.wait_for_resize_to_verify(moved, 'migration', known)
        self.assertNotEqual(
            moved.host, server.compute_host,
            'Cold migration left server %s on its host:\n%s'
            % (moved.id, self.what_the_cloud_said(moved.id)))
        return known

    def cold_migrate_and_confirm(self, moved, siblings, host=None,
                                 allocated_resources=None):
        """Cold-migrate ``moved`` (to ``host`` if given), confirm, verify.

        The record must be 'confirmed' and the server on another host, the
        requested one if any; with ``allocated_resources``, its allocation
        of those amounts.
        """
        known = self.cold_migrate_until_verify_resize(moved, host=host)
        self.confirm_resize(moved)
        return self.verify_move(moved, siblings, model.ExpectedMove(
            migration_type='migration', migration_status='confirmed',
            target_host=host, allocated_resources=allocated_resources),
            known)

    def cold_migrate_and_revert(self, moved, siblings, host=None,
                                allocated_resources=None):
        """Cold-migrate ``moved``, revert, verify it is back on its source.

        The record must be 'reverted', from the source.
        """
        known = self.cold_migrate_until_verify_resize(moved, host=host)
        self.revert_resize(moved)
        return self.verify_move(moved, siblings, model.ExpectedMove(
            migration_type='migration', migration_status='reverted',
            returns_to_source=True, allocated_resources=allocated_resources),
            known)

    def resize_and_confirm(self, moved, siblings, flavor_ref=None):
        """Resize ``moved`` to [compute] flavor_ref_alt, confirm, verify.

        ``flavor_ref`` replaces flavor_ref_alt (a resize back). The record
        must be 'confirmed', the flavor the new one and the allocations of
        its amounts; the host may stay the same.
        """
        flavor_ref = flavor_ref or self.settings.flavor_ref_alt
        name, resources = self.flavor_expectation(flavor_ref)
        known = self.resize_until_verify_resize(moved, flavor_ref)
        self.confirm_resize(moved)
        return self.verify_move(moved, siblings, model.ExpectedMove(
            migration_type='resize', migration_status='confirmed',
            host_must_change=False, flavor_name=name,
            allocated_resources=resources), known)

    def resize_and_revert(self, moved, siblings, flavor_ref, original_ref):
        """Resize ``moved`` to ``flavor_ref``, revert, verify.

        The server must be back on its source with ``original_ref``'s
        flavor and allocation amounts, the record 'reverted'.
        """
        name, resources = self.flavor_expectation(original_ref)
        known = self.resize_until_verify_resize(moved, flavor_ref)
        self.revert_resize(moved)
        return self.verify_move(moved, siblings, model.ExpectedMove(
            migration_type='resize', migration_status='reverted',
            returns_to_source=True, flavor_name=name,
            allocated_resources=resources), known)

    def resize_until_verify_resize(self, moved, flavor_ref):
        """Resize ``moved`` to ``flavor_ref``; wait for VERIFY_RESIZE.

        Returns the UUIDs of its migration records from before the move.
        """
        known = self.migration_uuids(moved)
        self.resize(moved, flavor_ref)
        self.wait_for_resize_to_verify(moved, 'resize', known)
        return known

    def confirm_resize(self, sibling):
        self.primary_conn.compute.confirm_server_resize(sibling.id)

    def revert_resize(self, sibling):
        self.primary_conn.compute.revert_server_resize(sibling.id)

    # Shelve and unshelve.

    def shelve_offload(self, sibling):
        """Shelve the sibling and wait until it is offloaded from its host.

        Nova offloads by itself unless its shelved_offload_time says
        otherwise; a server left SHELVED is offloaded by the admin. Done
        once the server has no host any more.
        """
        self.port_watch.before_move()
        self.primary_conn.compute.shelve_server(sibling.id)
        server = self.wait_for_server_status(sibling.id, SHELVED_STATUSES)
        if server.status == 'SHELVED':
            self.admin_conn.compute.shelve_offload_server(sibling.id)
            self.wait_for_server_status(sibling.id, 'SHELVED_OFFLOADED')
        return waiters.wait_for_host_cleared(
            self.admin_conn, sibling.id, self.settings.move_timeout,
            self.settings.poll_interval,
            lambda: self.what_the_cloud_said(sibling.id))

    def shelve_offload_and_unshelve(self, moved, siblings, host=None,
                                    allocated_resources=None):
        """Shelve-offload ``moved``, unshelve it (to ``host``), verify.

        With ``allocated_resources``, its allocation must hold those
        amounts. Returns the server after verification.
        """
        self.shelve_offload(moved)
        # Offloading gives the host back: nothing stays allocated.
        self.assertEqual(
            {}, placement.allocations(self.admin_conn, moved.id),
            'Server %s is offloaded but still holds allocations' % moved.id)
        self.unshelve(moved, host=host)
        # An unshelve writes no migration record; the scheduler may pick
        # the host the server had.
        return self.verify_move(moved, siblings, model.ExpectedMove(
            migration_type=None, host_must_change=bool(host),
            target_host=host, allocated_resources=allocated_resources))

    def unshelve(self, sibling, host=None, unpin_zone=False):
        """Unshelve; naming a host is for admins only (2.91).

        ``unpin_zone`` sends availability_zone = null (2.91): the server
        is no longer pinned to the zone it was created in.
        """
        LOG.info('Unshelving %s (was on %s) to %s', sibling.id, sibling.host,
                 host or 'a host the scheduler picks')
        if unpin_zone:
            self.admin_conn.compute.unshelve_server(
                sibling.id, host=host, availability_zone=None)
        elif host:
            self.admin_conn.compute.unshelve_server(sibling.id, host=host)
        else:
            self.primary_conn.compute.unshelve_server(sibling.id)

    # Evacuation and the compute outage it needs.

    def take_the_cloud(self):
        """Run alone until give_back_the_cloud, or the test's end.

        For what would make other tests' moves fail: a compute stopped,
        every other one disabled, builds broken on a whole host. The test
        waits for the tests other workers are running to end, and their
        next tests wait for it (serial_lock); then for every deletion of a
        server in flight (a compute stopped under it would leave it
        half-done). A serial class runs alone already.
        """
        if self.alone or self.is_serial_execution_requested():
            return
        self.addCleanup(self.give_back_the_cloud)
        LOG.info('%s waits to run alone', self.id())
        self.serial_rw_lock.trade_read_for_write()
        self.alone = True
        waiters.wait_for_deletions_to_end(
            self.admin_conn, self.settings.move_timeout,
            self.settings.poll_interval)
        LOG.info('%s runs alone', self.id())

    def give_back_the_cloud(self):
        """Let the other tests run again: the hosts are back as they were."""
        if self.alone:
            self.serial_rw_lock.trade_write_for_read()
            self.alone = False
            LOG.info('%s shares the cloud again', self.id())

    def evacuate(self, sibling, host=None):
        LOG.info('Evacuating %s from %s to %s', sibling.id, sibling.host,
                 host or 'a host the scheduler picks')
        self.port_watch.before_move()
        self.admin_conn.compute.evacuate_server(sibling.id, host=host)

    def evacuate_and_bring_source_back(self, moved, siblings, host=None):
        """Evacuate ``moved`` from its stopped compute; start that again.

        ``host`` is the destination to request, or None for the
        scheduler's choice. Verifies the move with the source down, then
        again once the restarted source has cleaned up after it.
        """
        known = self.migration_uuids(moved)
        self.take_the_cloud()
        self.stop_compute(moved.host)
        self.evacuate(moved, host=host)
        status = moves.evacuated_server_status(self.compute_microversion,
                                               moved.status)
        # The stopped source keeps its allocation until it runs again.
        self.verify_move(moved, siblings, model.ExpectedMove(
            migration_type='evacuation', migration_status='done',
            server_status=status, target_host=host,
            allocations_on_destination_only=False), known)
        self.start_compute(moved.host)
        # The restarted source cleans up after the evacuation: the record
        # completes and the source's allocation is freed.
        server = self.verify_move(moved, siblings, model.ExpectedMove(
            migration_type='evacuation', migration_status='completed',
            server_status=status, target_host=host), known)
        self.give_back_the_cloud()
        return server

    def compute_service(self, host):
        found = list(self.admin_conn.compute.services(
            binary='nova-compute', host=host))
        if len(found) != 1:
            raise AssertionError('nova lists %d nova-compute services on '
                                 'host %s: %s' % (len(found), host, found))
        return found[0]

    def stop_compute(self, host, force_down=True):
        """Stop the host's nova-compute and mark it forced down.

        Runs alone from here (take_the_cloud). Registers, before anything
        can fail, the cleanup that starts it again; the test may call
        ``start_compute`` itself first. Without ``force_down`` nova goes on
        seeing it up for a while, as a compute that just died.
        """
        self.take_the_cloud()
        self.stopped_hosts.add(host)
        self.addCleanup(self.start_compute, host)
        compute_commands.run_compute_command(
            self.settings.compute_stop_command, host,
            compute_commands.STOP_OPTION, self.settings.move_timeout)
        if force_down:
            # The process is gone; fence it as an operator does before an
            # evacuation (nova evacuates only from a compute it sees down).
            self.admin_conn.compute.update_service_forced_down(
                self.compute_service(host), forced=True)

    def start_compute(self, host):
        """Start the host's nova-compute, clear forced_down, wait until up.

        Does nothing for a host this test did not stop or already started.
        """
        if host not in self.stopped_hosts:
            return
        before_start = self.compute_service(host).updated_at
        compute_commands.run_compute_command(
            self.settings.compute_start_command, host,
            compute_commands.START_OPTION, self.settings.move_timeout)
        self.wait_for_compute_back(host, before_start)
        self.stopped_hosts.discard(host)

    def wait_for_compute_back(self, host, before_start):
        """Clear forced_down once nova accepts it; wait for a heartbeat.

        Nova refuses to clear forced_down while evacuations from the host
        are 'done' and not yet cleaned up by the restarted compute, so the
        request is repeated until accepted.

        "up" alone is not enough: a compute stopped without forced_down
        stays "up" until service_down_time (60 s) after its last heartbeat
        before the stop, then the scheduler's ComputeFilter drops it ("has
        not been heard from in a while") until the started compute reports
        (seen: a live migration to it, right after such a start, refused
        with NoValidHost). So wait for the service record to change after
        ``before_start`` (its updated_at then) and after our own clearing
        of forced_down, which changes it too: a heartbeat of the started
        compute (nova.servicegroup.drivers.db: each report saves the
        record).
        """
        refusals = []
        changed_by_us = [before_start]

        def poll():
            service = self.compute_service(host)
            if service.is_forced_down:
                try:
                    self.admin_conn.compute.update_service_forced_down(
                        service, forced=False)
                    changed_by_us.append(
                        self.compute_service(host).updated_at)
                except sdk_exc.HttpException as refusal:
                    refusals.append(str(refusal))
                return False, service
            reported = (service.updated_at or '') > (changed_by_us[-1] or '')
            return service.state == 'up' and reported, service

        def report():
            return ('no report of the started compute after %s (the record '
                    'changed last at %s); last refusal to clear '
                    'forced_down: %s' % (
                        changed_by_us[-1], self.compute_service(
                            host).updated_at,
                        refusals[-1] if refusals else 'none'))

        waiters.wait_until(
            'nova-compute on %s to be up, not forced down, and to report '
            'once started' % host, poll,
            self.settings.move_timeout, self.settings.poll_interval, report,
            describe=describe.describe_service)

    # Faults that make a move fail half-way.

    def recover_with_hard_reboot(self, sibling):
        """Hard-reboot a server a failed move left in ERROR, as nova says.

        nova's compute logs "You may be able to recover the instance by
        hard rebooting it" (ComputeManager.finish_resize): the server comes
        back ACTIVE on the host it is on. Returns it.
        """
        self.primary_conn.compute.reboot_server(sibling.id, 'HARD')
        return self.wait_for_server_status(sibling.id, 'ACTIVE',
                                           from_error=True)

    # Moves the scheduler must refuse.

    def verify_move_refused(self, moved, siblings, migration_type, known,
                            migration_status='error'):
        """The scheduler refused the move: the server did not move.

        The move's migration record ends in ``migration_status`` ('error'
        when the scheduler refuses, 'failed' when the destination compute
        refuses a live migration late), from the source; the
        server is back in its status with no task_state on its host, its
        allocations on that host's provider only, none under the
        migration; the other siblings are untouched. A record that lands
        (the move carried out) fails at once, saying where; the state must
        hold for [migration] settle_period before it is judged.
        """
        return self.verify_move(moved, siblings, model.ExpectedMove(
            migration_type=migration_type, migration_status=migration_status,
            server_status=moved.status, returns_to_source=True,
            refused=True, settles=True), known, outcome='refused')

    def cold_migrate_refused(self, moved, siblings, host=None):
        """Cold-migrate ``moved``; verify the scheduler refused it.

        nova 34 casts the request to the conductor (compute API resize()
        calls resize_instance with do_cast=True): the API answers 202 and
        the refusal is the record's 'error', not the 400 'No valid host'
        older releases answered.
        """
        known = self.migration_uuids(moved)
        self.cold_migrate(moved, host=host)
        return self.verify_move_refused(moved, siblings, 'migration', known)

    def live_migrate_refused(self, moved, siblings, host=None):
        """Live-migrate ``moved``; verify the scheduler refused it."""
        known = self.migration_uuids(moved)
        self.live_migrate(moved, host=host)
        return self.verify_move_refused(moved, siblings, 'live-migration',
                                        known)

    # Chains: one sibling moved again and again.

    def flavor_refs(self, moved):
        """(ref of the flavor ``moved`` has now, ref of the other one).

        Of [compute] flavor_ref and flavor_ref_alt: a chain resizes between
        them, as a resize to the flavor the server has is refused.
        """
        server = self.admin_conn.compute.get_server(moved.id)
        alt = self.settings.flavor_ref_alt
        alt_name, _resources = self.flavor_expectation(alt)
        if verification.server_flavor_name(server) == alt_name:
            return alt, self.settings.flavor_ref
        return self.settings.flavor_ref, alt

    def chain_move(self, kind, moved, siblings, host=None):
        """Make one move of a chain kind (chains.KINDS), verified in full.

        Every move but the evacuation also checks the allocation holds the
        amounts of the flavor the server has (a reverted resize must not
        leave the new flavor behind in the RequestSpec). A resize names no
        host. Returns the server after verification.
        """
        current, other = self.flavor_refs(moved)
        _name, resources = self.flavor_expectation(current)
        if kind == chains.LIVE:
            known = self.migration_uuids(moved)
            self.live_migrate(moved, host=host)
            return self.verify_move(moved, siblings, model.ExpectedMove(
                target_host=host, allocated_resources=resources), known)
        if kind == chains.COLD:
            return self.cold_migrate_and_confirm(moved, siblings, host,
                                                 resources)
        if kind == chains.COLD_REVERT:
            return self.cold_migrate_and_revert(moved, siblings, host,
                                                resources)
        if kind == chains.RESIZE:
            return self.resize_and_confirm(moved, siblings, other)
        if kind == chains.RESIZE_REVERT:
            return self.resize_and_revert(moved, siblings, other, current)
        if kind == chains.UNSHELVE:
            return self.shelve_offload_and_unshelve(moved, siblings, host,
                                                    resources)
        if kind == chains.EVACUATE:
            server = self.evacuate_and_bring_source_back(moved, siblings,
                                                         host=host)
            if server.status == 'SHUTOFF':
                # From 2.95 nova stops the evacuated server; the next move
                # is of a running one.
                self.primary_conn.compute.start_server(moved.id)
                server = self.wait_for_server_status(moved.id, 'ACTIVE')
            return server
        raise ValueError('unknown move kind %s' % kind)

    def run_chain(self, name, kinds, moved, siblings, request_hosts):
        """Move ``moved`` through ``kinds`` in order; verify every move.

        With ``request_hosts``, each move whose request can name a host
        asks for the host the previous move left (nova bugs 1669054 and
        1797580: a move's ignore_hosts or requested_destination saved in
        the RequestSpec must not bind the next move); the first move asks
        for a host choose_target_host picks. Otherwise the scheduler picks
        every destination. The timing report gives each move its place in
        the chain; a failure names the chain so far. Returns the server.
        """
        done = []
        left = None
        server = None
        for step, kind in enumerate(kinds, 1):
            host = None
            if request_hosts and kind in chains.HOST_REQUESTING_KINDS:
                host = left or self.choose_target_host(moved)
            self.observer.chain_place = {
                'chain': name, 'step': step, 'of': len(kinds),
                'after': done[-1][0] if done else None,
                'destination': ('host requested' if host
                                else 'scheduler picks')}
            try:
                server = self.chain_move(kind, moved, siblings, host=host)
            except self.skipException:
                raise
            except Exception as error:
                failure = (ChainMoveTimeout
                           if isinstance(error, lib_exc.TimeoutException)
                           else ChainMoveFailed)
                raise failure(
                    'Chain %s, move %d of %d (%s of server %s from %s to %s) '
                    'failed; moves before it: %s. %s'
                    % (name, step, len(kinds), kind, moved.id, moved.host,
                       host or 'a host the scheduler picks',
                       describe_chain(done), error)) from error
            done.append((kind, moved.host, server.compute_host))
            # A move that stayed (an unshelve may) left no host.
            left = (moved.host if server.compute_host != moved.host
                    else None)
            moved = verification.sibling_from_server(server)
        self.observer.chain_place = None
        LOG.info('Chain %s of %s: %s', name, moved.id, describe_chain(done))
        return server
