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

from migration_tempest_plugin.common import compute_commands
from migration_tempest_plugin.common import describe
from migration_tempest_plugin.common import model
from migration_tempest_plugin.common import moves
from migration_tempest_plugin.common import waiters
from migration_tempest_plugin.tests import base

CONF = config.CONF
LOG = logging.getLogger(__name__)

SHELVED_STATUSES = ('SHELVED', 'SHELVED_OFFLOADED')


class ScheduledMoveTest(base.SiblingMoveTest):
    """Move requests, waits and service outages for the move tests."""

    def setUp(self):
        super().setUp()
        # Hosts whose nova-compute this test stopped and not started yet.
        self.stopped_hosts = set()

    def flavor_expectation(self, flavor_ref):
        """(name, allocated resources) of a flavor, for ExpectedMove."""
        flavor = self.admin_conn.compute.get_flavor(flavor_ref,
                                                    get_extra_specs=True)
        return flavor.name, moves.flavor_resources(flavor)

    # Cold migration and resize.

    def cold_migrate(self, sibling, host=None):
        LOG.info('Cold-migrating %s from %s to %s', sibling.id, sibling.host,
                 host or 'a host the scheduler picks')
        self.guest_watch.before_move(sibling.id)
        self.admin_conn.compute.migrate_server(sibling.id, host=host)

    def resize(self, sibling, flavor_ref):
        LOG.info('Resizing %s on %s to flavor %s', sibling.id, sibling.host,
                 flavor_ref)
        self.guest_watch.before_move(sibling.id)
        self.primary_conn.compute.resize_server(sibling.id, flavor_ref)

    def wait_for_resize_to_verify(self, sibling):
        """Wait for VERIFY_RESIZE; returns the server on its new host."""
        return self.wait_for_server_status(sibling.id, 'VERIFY_RESIZE')

    def cold_migrate_until_verify_resize(self, moved, host=None):
        """Cold-migrate ``moved``; wait until it awaits confirmation.

        Fails if it awaits it on its own host. Returns the UUIDs of its
        migration records from before the move.
        """
        known = self.migration_uuids(moved)
        self.cold_migrate(moved, host=host)
        server = self.wait_for_resize_to_verify(moved)
        self.assertNotEqual(
            moved.host, server.compute_host,
            'Cold migration left server %s on its host:\n%s'
            % (moved.id, self.what_the_cloud_said(moved.id)))
        return known

    def cold_migrate_and_confirm(self, moved, siblings, host=None):
        """Cold-migrate ``moved`` (to ``host`` if given), confirm, verify.

        The record must be 'confirmed' and the server on another host, the
        requested one if any.
        """
        known = self.cold_migrate_until_verify_resize(moved, host=host)
        self.confirm_resize(moved)
        self.verify_move(moved, siblings, model.ExpectedMove(
            migration_type='migration', migration_status='confirmed',
            target_host=host), known)

    def resize_and_confirm(self, moved, siblings):
        """Resize ``moved`` to [compute] flavor_ref_alt, confirm, verify.

        The record must be 'confirmed', the flavor flavor_ref_alt and the
        allocations of its amounts; the host may stay the same.
        """
        flavor_ref = self.settings.flavor_ref_alt
        name, resources = self.flavor_expectation(flavor_ref)
        known = self.resize_until_verify_resize(moved, flavor_ref)
        self.confirm_resize(moved)
        self.verify_move(moved, siblings, model.ExpectedMove(
            migration_type='resize', migration_status='confirmed',
            host_must_change=False, flavor_name=name,
            allocated_resources=resources), known)

    def resize_until_verify_resize(self, moved, flavor_ref):
        """Resize ``moved`` to ``flavor_ref``; wait for VERIFY_RESIZE.

        Returns the UUIDs of its migration records from before the move.
        """
        known = self.migration_uuids(moved)
        self.resize(moved, flavor_ref)
        self.wait_for_resize_to_verify(moved)
        return known

    def confirm_resize(self, sibling):
        self.primary_conn.compute.confirm_server_resize(sibling.id)

    def revert_resize(self, sibling):
        self.primary_conn.compute.revert_server_resize(sibling.id)

    # Shelve and unshelve.

    def shelve_offload(self, sibling):
        """Shelve the sibling and wait until it is offloaded from its host.

        Nova offloads by itself unless its shelved_offload_time says
        otherwise; a server left SHELVED is offloaded by the admin.
        """
        self.primary_conn.compute.shelve_server(sibling.id)
        server = self.wait_for_server_status(sibling.id, SHELVED_STATUSES)
        if server.status == 'SHELVED':
            self.admin_conn.compute.shelve_offload_server(sibling.id)
            server = self.wait_for_server_status(sibling.id,
                                                 'SHELVED_OFFLOADED')
        return server

    def unshelve(self, sibling, host=None):
        """Unshelve; naming a host is for admins only (2.91)."""
        LOG.info('Unshelving %s (was on %s) to %s', sibling.id, sibling.host,
                 host or 'a host the scheduler picks')
        if host:
            self.admin_conn.compute.unshelve_server(sibling.id, host=host)
        else:
            self.primary_conn.compute.unshelve_server(sibling.id)

    # Evacuation and the compute outage it needs.

    def evacuate(self, sibling, host=None):
        LOG.info('Evacuating %s from %s to %s', sibling.id, sibling.host,
                 host or 'a host the scheduler picks')
        self.admin_conn.compute.evacuate_server(sibling.id, host=host)

    def evacuate_and_bring_source_back(self, moved, siblings, host=None):
        """Evacuate ``moved`` from its stopped compute; start that again.

        ``host`` is the destination to request, or None for the
        scheduler's choice. Verifies the move with the source down, then
        again once the restarted source has cleaned up after it.
        """
        known = self.migration_uuids(moved)
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
        self.verify_move(moved, siblings, model.ExpectedMove(
            migration_type='evacuation', migration_status='completed',
            server_status=status, target_host=host), known)

    def compute_service(self, host):
        found = list(self.admin_conn.compute.services(
            binary='nova-compute', host=host))
        if len(found) != 1:
            raise AssertionError('nova lists %d nova-compute services on '
                                 'host %s: %s' % (len(found), host, found))
        return found[0]

    def stop_compute(self, host):
        """Stop the host's nova-compute and mark it forced down.

        Registers, before anything can fail, the cleanup that starts it
        again; the test may call ``start_compute`` itself first.
        """
        self.stopped_hosts.add(host)
        self.addCleanup(self.start_compute, host)
        compute_commands.run_compute_command(
            self.settings.compute_stop_command, host,
            compute_commands.STOP_OPTION, self.settings.move_timeout)
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
        compute_commands.run_compute_command(
            self.settings.compute_start_command, host,
            compute_commands.START_OPTION, self.settings.move_timeout)
        self.wait_for_compute_back(host)
        self.stopped_hosts.discard(host)

    def wait_for_compute_back(self, host):
        """Clear forced_down once nova accepts it; wait for the service up.

        Nova refuses to clear forced_down while evacuations from the host
        are 'done' and not yet cleaned up by the restarted compute, so the
        request is repeated until accepted.
        """
        refusals = []

        def poll():
            service = self.compute_service(host)
            if service.is_forced_down:
                try:
                    self.admin_conn.compute.update_service_forced_down(
                        service, forced=False)
                except sdk_exc.HttpException as refusal:
                    refusals.append(str(refusal))
                return False, service
            return service.state == 'up', service

        def report():
            return 'last refusal to clear forced_down: %s' % (
                refusals[-1] if refusals else 'none')

        waiters.wait_until(
            'nova-compute on %s to be up and not forced down' % host, poll,
            self.settings.move_timeout, self.settings.poll_interval, report,
            describe=describe.describe_service)
