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

from openstack import exceptions as sdk_exc
from oslo_log import log as logging
from tempest.lib import decorators

from migration_tempest_plugin.common import describe
from migration_tempest_plugin.common import faults
from migration_tempest_plugin.common import model
from migration_tempest_plugin.common import moves
from migration_tempest_plugin.common import waiters
from migration_tempest_plugin.tests import base

LOG = logging.getLogger(__name__)


class LiveMigrationInFlightTest(base.SiblingMoveTest):
    """Abort or force-complete the live migration of one of N siblings.

    The siblings boot [migration] busy_image_ref, whose guests dirty their
    memory faster than the cloud's live migrations copy it: a live
    migration of one stays in flight until the admin aborts it (compute
    API microversion 2.24) or forces it to complete (2.22), both below the
    class's microversion.
    """

    required_compute_features = ('live_migration',)
    configuration_skip_reasons = (moves.busy_image_skip_reason,)
    sibling_image = ('busy_image_ref', '[migration] busy_image_ref')

    def live_migrate_in_flight(self, moved):
        """Live-migrate ``moved``; wait until its copy is under way.

        Registers first the cleanup that aborts the migration if the test
        leaves it in flight. Where [migration] faults offers
        live-migration-throttled, the migration of this server alone is
        slowed with it on its host. Returns (UUIDs of the sibling's records
        from before, the migration's record).
        """
        known = self.migration_uuids(moved)
        throttle = faults.offered(self.settings, faults.THROTTLE_FAULTS)
        if throttle:
            # Healed after the abort below, which cleanups run first.
            self.put_fault(moved.host, throttle, moved.id)
        self.addCleanup(self.end_live_migration, moved, known)
        self.live_migrate(moved)

        def copying(record):
            try:
                return moves.in_flight(
                    self.admin_conn.compute.get_server_migration(
                        record.id, moved.id, ignore_missing=False))
            except sdk_exc.NotFoundException:
                # Nova shows only migrations in progress: it ended, which
                # the next look at the record tells.
                return False

        migration = waiters.wait_for_migration(
            self.admin_conn, moved.id, 'live-migration', ('running',),
            self.settings.move_timeout, self.settings.poll_interval,
            lambda: self.what_the_cloud_said(moved.id), known=known,
            request_id=self.request_log.last_request_id(moved.id),
            passed=('completed',), accept=copying)
        LOG.info('Live migration %s of %s is in flight', migration.uuid,
                 moved.id)
        return known, migration

    def end_live_migration(self, moved, known):
        """Abort the sibling's live migration if still under way; wait.

        A cleanup: the siblings are deleted once no migration moves them.
        """
        aborted = set()

        def poll():
            records = [record for record in describe.server_migrations(
                self.admin_conn, moved.id, 'live-migration')
                if record.uuid not in known]
            if (not records
                    or records[0].status not in moves.LIVE_MIGRATION_ACTIVE):
                return True, records[0] if records else None
            if records[0].status == 'running' and records[0].id not in aborted:
                aborted.add(records[0].id)
                LOG.info('Aborting live migration %s of %s left in flight',
                         records[0].uuid, moved.id)
                try:
                    self.admin_conn.compute.abort_server_migration(
                        records[0].id, moved.id)
                except (sdk_exc.BadRequestException,
                        sdk_exc.NotFoundException):
                    # It moved on meanwhile: the next poll tells how.
                    pass
            return False, records[0]

        waiters.wait_until(
            'live migration of %s to end' % moved.id, poll,
            self.settings.move_timeout, self.settings.poll_interval,
            lambda: self.what_the_cloud_said(moved.id),
            describe=lambda seen: seen and describe.describe_migration(seen))

    @decorators.idempotent_id('4d6de9e3-ef4e-4443-84bb-f22779b2a91b')
    @decorators.attr(type=['multinode', 'smoke'])
    def test_abort_live_migration_of_one_sibling(self):
        """Abort the live migration of one sibling while it copies.

        Steps:
        1. Skip unless [migration] busy_image_ref is set.
        2. Create [migration] sibling_count servers of that image in one
           request as the primary user; wait until all are ACTIVE with no
           task_state.
        3. As admin, live-migrate the first one with no host, never
           forced; wait until its live-migration record is running and
           nova reports the copy's progress (fail if it completed first).
        4. As admin, abort that migration.
        5. Wait until nova is done with the move: every event of the
           live migration's and the abort's requests ended, then the
           state held for [migration] settle_period (from nova 33 the
           libvirt driver puts the server in ERROR after its rollback set
           it ACTIVE: ComputeManager._do_live_migration sees the job's
           "canceled by client" error that LibvirtDriver._live_migration
           now collects with future.result()).
        6. Verify: the record is cancelled, from the source; the server is
           ACTIVE with no task_state on its source host; its allocations
           are on the source's provider only and none is left under the
           migration; the other siblings kept their host and status; with
           [migration] guest_heartbeat, the guest kept running (same boot
           ID, its counter grew). nova's own functional tests of an abort
           assert the same: ServerLiveMigrateForceAndAbort.
           test_live_migrate_delete (nova/tests/functional/test_servers.py:
           ACTIVE on the source, allocations there only) and
           LiveMigrationQueuedAbortTestVmStatus (nova/tests/functional/
           libvirt/test_live_migration.py: the record cancelled, the
           server ACTIVE).
        """
        siblings = self.create_siblings()
        moved = siblings[0]
        known, migration = self.live_migrate_in_flight(moved)
        self.admin_conn.compute.abort_server_migration(
            migration.id, moved.id, ignore_missing=False)
        self.verify_move(moved, siblings, model.ExpectedMove(
            migration_status='cancelled', returns_to_source=True,
            settles=True), known)

    @decorators.idempotent_id('52eabfb1-5cb5-45cf-aa09-904bab6d5b73')
    @decorators.attr(type=['multinode', 'smoke'])
    def test_force_complete_live_migration_of_one_sibling(self):
        """Force the live migration of one sibling to complete.

        Nova's libvirt driver pauses the guest (or switches to post-copy
        where permitted) so that the copy catches up.

        Steps:
        1. Skip unless [migration] busy_image_ref is set.
        2. Create [migration] sibling_count servers of that image in one
           request as the primary user; wait until all are ACTIVE with no
           task_state.
        3. As admin, live-migrate the first one with no host, never
           forced; wait until its live-migration record is running and
           nova reports the copy's progress (fail if it completed first).
        4. As admin, force that migration to complete.
        5. Verify as any live migration: the server is ACTIVE with no
           task_state on another host; its record is completed from the
           source to that host; the other siblings kept their host and
           status; its allocations are on the destination's provider only
           and none is left under the migration; with [migration]
           guest_heartbeat, the guest kept running.
        """
        siblings = self.create_siblings()
        moved = siblings[0]
        known, migration = self.live_migrate_in_flight(moved)
        self.admin_conn.compute.force_complete_server_migration(
            migration.id, moved.id)
        self.verify_move(moved, siblings, model.ExpectedMove(
            migration_status='completed'), known)

    @decorators.idempotent_id('0e5e4058-10de-4e87-95da-d70a98517d9e')
    @decorators.attr(type=['multinode', 'smoke'])
    @base.skip_unless_configured(
        faults.skip_reason(faults.LIVE_MIGRATION_FAULTS))
    def test_live_migration_whose_destination_dies(self):
        """A live migration whose destination dies while it copies.

        nova's monitor sees the migration job fail and rolls back
        (LibvirtDriver._live_migration_monitor calls
        ComputeManager._rollback_live_migration): the server stays on its
        source with no task_state and its vm_state unchanged (ACTIVE), the
        record 'error' or 'failed' (the rollback ends by setting 'failed',
        its default migration_status), the destination's allocation removed
        (ServerMovingTests.test_live_migrate_rollback_cleans_dest_node_
        allocations in nova/tests/functional/test_servers.py, which waits
        for either). nova records no failed event for it: the record is
        its word.

        Steps:
        1. Skip unless [migration] busy_image_ref is set, [migration]
           fault_command and heal_command are set and [migration] faults
           lists guest-killed.
        2. Create the siblings of that image in one request.
        3. Live-migrate the first with no host; wait until its copy is
           under way.
        4. Register the heal, then put the fault on the record's
           destination for that server: its incoming QEMU is killed.
        5. Once nova is done with it (the state held for [migration]
           settle_period), verify: the record 'error' or 'failed'; the
           server ACTIVE with no task_state on its source, its allocations
           there only, none under the migration; the other siblings
           untouched; with [migration] guest_heartbeat, the guest kept
           running (same boot ID).
        6. Live-migrate it again, wait until it copies, force it to
           complete: verified in full as any live migration.
        """
        fault = faults.offered(self.settings, faults.LIVE_MIGRATION_FAULTS)
        siblings = self.create_siblings()
        moved = siblings[0]
        known, migration = self.live_migrate_in_flight(moved)
        self.put_fault(migration.dest_compute, fault, moved.id)
        self.verify_move(moved, siblings, model.ExpectedMove(
            migration_status=('error', 'failed'), returns_to_source=True,
            settles=True), known, outcome='failed')
        self.heal_fault(migration.dest_compute, fault, moved.id)
        known, migration = self.live_migrate_in_flight(moved)
        self.admin_conn.compute.force_complete_server_migration(
            migration.id, moved.id)
        self.verify_move(moved, siblings, model.ExpectedMove(
            migration_status='completed'), known)
