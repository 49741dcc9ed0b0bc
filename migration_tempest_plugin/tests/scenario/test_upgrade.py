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

"""Upgrade validation in two runs: siblings made before, moved after.

With [migration] upgrade_phase = create (before the upgrade) the create
tests make siblings in one request per move kind and record them in
[migration] upgrade_state_file; with upgrade_phase = verify (after it) the
verify tests check them, move them and delete them. Their RequestSpecs were
saved by the old release, the moves are made by the new one: that is where
bug 1718455 and its kind hide during an upgrade. upgrade_phase = destroy
deletes what a create phase recorded and no verify phase deleted (a verify
run that never started, or was killed).

The siblings belong to the [auth] admin_username user's project, which
outlives a tempest run (a dynamic-credentials project does not).
"""

import os

from openstack import exceptions as sdk_exc
from tempest import config
from tempest.lib import decorators
from tempest.lib import exceptions as lib_exc

from migration_tempest_plugin.common import model
from migration_tempest_plugin.common import moves
from migration_tempest_plugin.common import phases
from migration_tempest_plugin.common import placement
from migration_tempest_plugin.common import preconditions
from migration_tempest_plugin.common import verification
from migration_tempest_plugin.tests import base
from migration_tempest_plugin.tests import upgrade_base

CONF = config.CONF

# Move kinds, as the state file names them.
LIVE_MIGRATION = 'live_migration'
COLD_MIGRATION = 'cold_migration'
RESIZE = 'resize'
UNSHELVE = 'unshelve'
EVACUATE = 'evacuate'


class SiblingsBeforeUpgradeTest(upgrade_base.UpgradePhaseTest):
    """Create phase: siblings the verify phase moves after the upgrade."""

    upgrade_phase = 'create'

    @classmethod
    def resource_setup(cls):
        super().resource_setup()
        if os.path.exists(cls.state_file):
            raise phases.StateFileError(
                cls.state_file,
                'exists already: it records siblings no verify phase has '
                'moved yet. Run the verify phase with it, or delete the '
                'servers it lists and then the file.')
        cls.state = phases.new_state(cls.cloud())
        phases.write_state(cls.state_file, cls.state)
        cls.addClassResourceCleanup(cls.remove_state_file_if_empty)
        # Siblings recorded in the state file outlive the test.
        cls.recorded_ids = set()

    @classmethod
    def remove_state_file_if_empty(cls):
        """A run that recorded nothing leaves no file to refuse the next."""
        if not cls.state['groups']:
            os.unlink(cls.state_file)

    def delete_request_servers(self, request):
        if request.first_server_id not in self.recorded_ids:
            super().delete_request_servers(request)

    def create_and_record(self, kind):
        """Create siblings in one request, check them, record them."""
        # create_siblings checked each holds its flavor on its host.
        siblings = self.create_siblings()
        phases.record_group(self.state, kind, siblings[0].name.rsplit(
            '-', 1)[0], siblings)
        phases.write_state(self.state_file, self.state)
        self.recorded_ids.update(sibling.id for sibling in siblings)

    @decorators.idempotent_id('f8849d02-e913-4658-94ff-69f7dd6d2a7a')
    @decorators.attr(type='multinode')
    @decorators.related_bug('1718455')
    @base.skip_unless_configured(
        preconditions.feature_skip_reason('live_migration'))
    def test_create_siblings_to_live_migrate_after_upgrade(self):
        """Create and record siblings that are live-migrated after upgrade.

        Steps:
        1. Skip unless [migration] upgrade_phase = create and
           [compute-feature-enabled] live_migration is true.
        2. As the configured admin, create [migration] sibling_count
           servers in one request; wait until all are ACTIVE with no
           task_state.
        3. Check each holds its allocation on its own host's provider only.
        4. Record them (id, host, node, status, flavor) in [migration]
           upgrade_state_file; they are not deleted.
        """
        self.create_and_record(LIVE_MIGRATION)

    @decorators.idempotent_id('bfe0a561-dbc9-4b39-992f-95c798f407dd')
    @decorators.attr(type='multinode')
    @decorators.related_bug('1718455')
    @base.skip_unless_configured(
        preconditions.feature_skip_reason('cold_migration'))
    def test_create_siblings_to_cold_migrate_after_upgrade(self):
        """Create and record siblings that are cold-migrated after upgrade.

        Steps:
        1. Skip unless [migration] upgrade_phase = create and
           [compute-feature-enabled] cold_migration is true.
        2. Create, check and record siblings as the live migration create
           test does.
        """
        self.create_and_record(COLD_MIGRATION)

    @decorators.idempotent_id('2836635e-dbf3-4f62-b88f-47c60a2196c9')
    @decorators.attr(type='multinode')
    @decorators.related_bug('1718455')
    @base.skip_unless_configured(
        preconditions.feature_skip_reason('resize'),
        moves.resize_skip_reason)
    def test_create_siblings_to_resize_after_upgrade(self):
        """Create and record siblings that are resized after the upgrade.

        Steps:
        1. Skip unless [migration] upgrade_phase = create,
           [compute-feature-enabled] resize is true and [compute]
           flavor_ref_alt is another flavor.
        2. Create, check and record siblings as the live migration create
           test does.
        """
        self.create_and_record(RESIZE)

    @decorators.idempotent_id('8ee37896-20ee-406d-819e-26902632b723')
    @decorators.attr(type='multinode')
    @decorators.related_bug('1718455')
    @base.skip_unless_configured(preconditions.feature_skip_reason('shelve'))
    def test_create_siblings_to_unshelve_after_upgrade(self):
        """Create and record siblings that are unshelved after the upgrade.

        Steps:
        1. Skip unless [migration] upgrade_phase = create and
           [compute-feature-enabled] shelve is true.
        2. Create, check and record siblings as the live migration create
           test does.
        """
        self.create_and_record(UNSHELVE)

    @decorators.idempotent_id('add88985-0784-40be-a1bc-8865ab531a79')
    @decorators.attr(type='multinode')
    @decorators.related_bug('1718455')
    @base.skip_unless_configured(moves.evacuate_skip_reason)
    def test_create_siblings_to_evacuate_after_upgrade(self):
        """Create and record siblings that are evacuated after the upgrade.

        Steps:
        1. Skip unless [migration] upgrade_phase = create and [migration]
           evacuate is true with compute_stop_command and
           compute_start_command set.
        2. Create, check and record siblings as the live migration create
           test does.
        """
        self.create_and_record(EVACUATE)


# The evacuate test stops a nova-compute, which would take down the servers
# of any test running meanwhile.
@decorators.serial
class SiblingsAfterUpgradeTest(upgrade_base.UpgradePhaseTest):
    """Verify phase: move the siblings the create phase recorded."""

    upgrade_phase = 'verify'

    @classmethod
    def resource_setup(cls):
        super().resource_setup()
        cls.state = phases.load_state(cls.state_file, cls.cloud())
        # Registered before any wait: whatever the tests do, the servers
        # of the create phase and its state file go.
        cls.addClassResourceCleanup(cls.delete_everything_recorded,
                                    cls.state)

    def recorded_siblings(self, kind):
        """The siblings recorded for ``kind``, checked unchanged.

        Fails naming the server and the state file when a recorded server
        is gone or changed; skips when the create phase recorded none.
        """
        recorded = phases.recorded_group(self.state, kind)
        if recorded is None:
            raise self.skipException(
                'The create phase recorded no siblings to move by %s in %s'
                % (kind, self.state_file))
        for sibling in recorded:
            try:
                server = self.admin_conn.compute.get_server(sibling.id)
            except sdk_exc.NotFoundException:
                raise lib_exc.NotFound(
                    'Server %s (%s), recorded for %s in %s by the create '
                    'phase, does not exist any more' % (
                        sibling.id, sibling.name, kind, self.state_file))
            changes = phases.changes_since_recorded(sibling, server)
            if changes:
                self.fail('Server %s (%s), recorded for %s in %s, changed '
                          'since the create phase: %s\n%s' % (
                              sibling.id, sibling.name, kind,
                              self.state_file, '; '.join(changes),
                              self.what_the_cloud_said(sibling.id)))
        self.port_watch.record(sibling.id for sibling in recorded)
        return recorded

    @decorators.idempotent_id('d2328c0c-037f-43d9-9f5d-78861f5b3fdd')
    @decorators.attr(type='multinode')
    @decorators.related_bug('1718455')
    @base.skip_unless_configured(
        preconditions.feature_skip_reason('live_migration'))
    def test_live_migrate_sibling_made_before_upgrade(self):
        """Live-migrate a sibling made before the upgrade, and back.

        Steps:
        1. Skip unless [migration] upgrade_phase = verify and
           [compute-feature-enabled] live_migration is true.
        2. Load [migration] upgrade_state_file; check every sibling
           recorded for live migration exists with its recorded host,
           status and flavor and no task_state.
        3. As admin, live-migrate the first one with no host, never forced.
        4. Verify: ACTIVE with no task_state on another host; its
           live-migration record completed; the other siblings kept their
           host and status; allocations on the new host only.
        5. If [compute-feature-enabled] live_migrate_back_and_forth is true,
           live-migrate it back, requesting its source host (not forced),
           and verify the same; between an upgraded compute and one that is
           not, this crosses the versions both ways.
        6. At the end of the class, delete every recorded server and the
           state file.
        """
        siblings = self.recorded_siblings(LIVE_MIGRATION)
        moved = siblings[0]
        known = self.migration_uuids(moved)
        self.live_migrate(moved)
        there = verification.sibling_from_server(self.verify_move(
            moved, siblings, model.ExpectedMove(), known))
        if moves.back_and_forth_skip_reason(CONF):
            return
        known = self.migration_uuids(there)
        self.live_migrate(there, host=moved.host)
        self.verify_move(there, siblings, model.ExpectedMove(
            target_host=moved.host), known)

    @decorators.idempotent_id('ff677853-8db6-4d18-8ea3-e84131b037bc')
    @decorators.attr(type='multinode')
    @decorators.related_bug('1718455')
    @base.skip_unless_configured(
        preconditions.feature_skip_reason('cold_migration'))
    def test_cold_migrate_sibling_made_before_upgrade(self):
        """Cold-migrate a sibling made before the upgrade; confirm.

        Steps:
        1. Skip unless [migration] upgrade_phase = verify and
           [compute-feature-enabled] cold_migration is true.
        2. Load the state file and check the siblings recorded for cold
           migration, as the live migration verify test does.
        3. As admin, cold-migrate the first one with no host; wait until it
           is VERIFY_RESIZE on another host; confirm.
        4. Verify: ACTIVE with no task_state on the new host; migration
           record 'confirmed'; the other siblings kept their host and
           status; allocations on the new host only.
        """
        siblings = self.recorded_siblings(COLD_MIGRATION)
        self.cold_migrate_and_confirm(siblings[0], siblings)

    @decorators.idempotent_id('6e27e75f-a735-472c-a237-e405d02ce561')
    @decorators.attr(type='multinode')
    @decorators.related_bug('1718455')
    @base.skip_unless_configured(
        preconditions.feature_skip_reason('resize'),
        moves.resize_skip_reason)
    def test_resize_sibling_made_before_upgrade(self):
        """Resize a sibling made before the upgrade; confirm.

        Steps:
        1. Skip unless [migration] upgrade_phase = verify,
           [compute-feature-enabled] resize is true and [compute]
           flavor_ref_alt is another flavor.
        2. Load the state file and check the siblings recorded for resize,
           as the live migration verify test does.
        3. Resize the first one to [compute] flavor_ref_alt; wait until it
           is VERIFY_RESIZE; confirm.
        4. Verify: ACTIVE with no task_state, flavor flavor_ref_alt; resize
           record 'confirmed'; the other siblings kept their host and
           status; allocations of flavor_ref_alt's amounts on the server's
           host only.
        """
        preconditions.check_flavor(self.admin_conn,
                                   self.settings.flavor_ref_alt,
                                   '[compute] flavor_ref_alt')
        siblings = self.recorded_siblings(RESIZE)
        self.resize_and_confirm(siblings[0], siblings)

    @decorators.idempotent_id('2cef0a67-4230-4ff7-a53c-e07c1b2bb6f3')
    @decorators.attr(type='multinode')
    @decorators.related_bug('1718455')
    @base.skip_unless_configured(preconditions.feature_skip_reason('shelve'))
    def test_unshelve_sibling_made_before_upgrade(self):
        """Shelve-offload a sibling made before the upgrade; unshelve it.

        Steps:
        1. Skip unless [migration] upgrade_phase = verify and
           [compute-feature-enabled] shelve is true.
        2. Load the state file and check the siblings recorded for
           unshelve, as the live migration verify test does.
        3. Shelve the first one and wait until it is offloaded (the admin
           offloads it if nova keeps it SHELVED); it holds no allocation.
        4. Unshelve it with no host; the scheduler picks one.
        5. Verify: ACTIVE with no task_state; the other siblings kept
           their host and status; allocations on the server's host only.
        """
        siblings = self.recorded_siblings(UNSHELVE)
        moved = siblings[0]
        self.shelve_offload(moved)
        self.assertEqual(
            {}, placement.allocations(self.admin_conn, moved.id),
            'Server %s is offloaded but still holds allocations' % moved.id)
        self.unshelve(moved)
        self.verify_move(moved, siblings, model.ExpectedMove(
            migration_type=None, host_must_change=False))

    @decorators.idempotent_id('f96d4cb9-4d22-4bfc-98cf-8c965e6a4075')
    @decorators.attr(type=['multinode', 'destructive'])
    @decorators.related_bug('1718455')
    @base.skip_unless_configured(moves.evacuate_skip_reason)
    def test_evacuate_sibling_made_before_upgrade(self):
        """Evacuate a sibling made before the upgrade; restart its source.

        Steps:
        1. Skip unless [migration] upgrade_phase = verify and [migration]
           evacuate is true with compute_stop_command and
           compute_start_command set.
        2. Load the state file and check the siblings recorded for
           evacuation, as the live migration verify test does; take the
           first one another host of its zone could take (skip if none).
        3. Register the restart of that sibling's compute, then stop it
           with compute_stop_command and mark it forced down.
        4. As admin, evacuate that sibling with no host, never forced.
        5. Verify: on another host with no task_state; evacuation record
           'done'; the other siblings kept their host and status.
        6. Start the source with compute_start_command (on the release it
           ran before, upgraded or not), clear forced_down, wait until up.
        7. Verify: the evacuation record 'completed'; allocations on the
           new host only.
        """
        siblings = self.recorded_siblings(EVACUATE)
        moved = self.sibling_to_move(siblings)
        self.choose_target_host(moved)
        self.evacuate_and_bring_source_back(moved, siblings)


class RecordedSiblingsCleanupTest(upgrade_base.UpgradePhaseTest):
    """Destroy phase: delete what a create phase left recorded."""

    upgrade_phase = 'destroy'

    @decorators.idempotent_id('f4592275-93a1-40bb-b353-56e6de710982')
    def test_delete_siblings_recorded_before_upgrade(self):
        """Delete the servers a create phase recorded, and its state file.

        Steps:
        1. Skip unless [migration] upgrade_phase = destroy; skip if
           [migration] upgrade_state_file does not exist (a verify phase
           deleted everything already).
        2. Load it; it must have been written for this cloud and project.
        3. As admin, delete every server it records and wait until each is
           gone; then delete the state file.
        4. Verify: Placement holds no allocation for any of them.
        """
        if not os.path.exists(self.state_file):
            raise self.skipException(
                'Nothing to delete: %s does not exist' % self.state_file)
        state = phases.load_state(self.state_file, self.cloud())
        self.delete_everything_recorded(state)
        for server_id in phases.recorded_server_ids(state):
            self.assertEqual(
                {}, placement.allocations(self.admin_conn, server_id),
                'Server %s is deleted but still holds allocations'
                % server_id)
