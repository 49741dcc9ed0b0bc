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
from tempest.lib import decorators

from migration_tempest_plugin.common import chains
from migration_tempest_plugin.common import model
from migration_tempest_plugin.common import moves
from migration_tempest_plugin.common import placement
from migration_tempest_plugin.common import verification
from migration_tempest_plugin.tests import base
from migration_tempest_plugin.tests import move_base


class ZoneMixin(object):
    """Siblings pinned to an availability zone: every move stays in it.

    As nova's own functional tests (test_availability_zones.py) check it.

    nova keeps a pinned server in its zone with the Placement prefilter
    map_az_to_placement_aggregate (nova/scheduler/request_filter.py,
    always on in nova 34; AvailabilityZoneFilter is not among the default
    filters): only hosts of an aggregate whose availability_zone is the
    server's pass, so every host must be in a zone aggregate.
    """

    min_microversion = moves.UNSHELVE_HOST_MICROVERSION

    def zones(self):
        """{zone: [hosts]} of the up and enabled computes."""
        found = {}
        for service in self.usable_computes():
            found.setdefault(service.availability_zone, []).append(
                service.host)
        return found

    def home_zone(self, other_zone_needed=False):
        """The zone with the most computes (at least 2), or a skip.

        With other_zone_needed: (zone, a host of another zone).
        """
        zones = self.zones()
        home = max(sorted(zones), key=lambda zone: len(zones[zone]))
        if len(zones[home]) < 2:
            raise self.skipException(
                'Needs an availability zone with 2 up and enabled computes; '
                'the zones have %s' % zones)
        if not other_zone_needed:
            return home
        others = [zone for zone in sorted(zones) if zone != home]
        if not others:
            raise self.skipException(
                'Needs computes in 2 availability zones; the cloud has 1: '
                '%s' % zones)
        return home, zones[others[0]][0]

    def assert_in_zone(self, server, zone):
        self.assertIn(server.compute_host, self.zones()[zone],
                      'Server %s of zone %s went to %s, outside it (zones: '
                      '%s)' % (server.id, zone, server.compute_host,
                               self.zones()))


class AvailabilityZoneSiblingsTest(ZoneMixin, move_base.ScheduledMoveTest):
    """Moves of siblings created in a named availability zone."""

    required_compute_features = ('live_migration', 'cold_migration',
                                 'resize', 'shelve')
    configuration_skip_reasons = (moves.zone_tests_skip_reason,
                                  moves.resize_skip_reason)

    @decorators.idempotent_id('9420e939-e90d-4439-a56a-23b328dbe31d')
    @decorators.attr(type='multinode')
    def test_moves_stay_in_zone(self):
        """Live, cold, resize and unshelve of a pinned sibling stay in zone.

        Steps:
        1. Take the availability zone with the most up and enabled
           computes (skip unless it has 2).
        2. Create [migration] sibling_count servers (auto: as many as that
           zone has computes) in one request in that zone.
        3. Live-migrate, cold-migrate (+confirm), resize (+confirm) and
           shelve-offload + unshelve the first one, the scheduler picking
           every host; verify each move in full and that it stayed in the
           zone.
        """
        zone = self.home_zone()
        siblings = self.create_siblings(availability_zone=zone)
        moved = siblings[0]
        for kind in chains.KINDS[:4]:
            server = self.chain_move(kind, moved, siblings)
            self.assert_in_zone(server, zone)
            moved = verification.sibling_from_server(server)

    @decorators.idempotent_id('2e5a8c5c-1a85-4de9-9df3-713d4453c6ef')
    @decorators.attr(type='multinode')
    @base.skip_unless_configured(moves.host_request_skip_reason)
    def test_requested_host_in_other_zone_refused(self):
        """A requested host in another zone is refused, nothing left.

        Steps:
        1. Skip unless [compute-feature-enabled]
           can_migrate_between_any_hosts; take the zone with the most
           computes and a host of another zone (skip unless there are 2
           zones).
        2. Create the siblings in the first zone in one request.
        3. As admin, cold-migrate the first one to the other zone's host:
           the scheduler refuses (record 'error'); verify the server
           ACTIVE on its host with its allocations, none under the
           migration, the siblings untouched.
        4. The same with a live migration to that host.
        """
        zone, outside = self.home_zone(other_zone_needed=True)
        siblings = self.create_siblings(availability_zone=zone)
        self.cold_migrate_refused(siblings[0], siblings, host=outside)
        self.live_migrate_refused(siblings[0], siblings, host=outside)

    @decorators.idempotent_id('de25a4cb-c904-4fef-98ae-431ce76f4d95')
    @decorators.attr(type='multinode')
    @base.skip_unless_configured(moves.host_request_skip_reason)
    def test_unshelve_to_host_in_other_zone(self):
        """Unshelve of a pinned sibling to another zone's host (2.91).

        nova's rules at 2.91 (compute API unshelve(), _ensure_host_in_az):
        a host with no availability_zone in the request must be in the
        zone the server is pinned to, else UnshelveHostNotInAZ before
        anything changes; availability_zone null with the host unpins the
        server and unshelves it there. The refusal is 409 Conflict: nova's
        shelve controller maps UnshelveHostNotInAZ (code 409) to
        HTTPConflict (nova/api/openstack/compute/shelve.py), where a 400
        might be expected of a bad host.

        Steps:
        1. Skip unless can_migrate_between_any_hosts; take the zone with
           the most computes and a host of another zone.
        2. Create the siblings in the first zone; shelve-offload the first.
        3. As admin, unshelve it to the other zone's host: nova answers
           409 naming the host; the server stays SHELVED_OFFLOADED with
           no task_state and no allocation; the siblings untouched.
        4. As admin, unshelve it to that host with availability_zone null;
           verify in full that it is ACTIVE there, in the other zone.
        """
        zone, outside = self.home_zone(other_zone_needed=True)
        siblings = self.create_siblings(availability_zone=zone)
        moved = siblings[0]
        self.shelve_offload(moved)
        error = self.assertRaises(sdk_exc.ConflictException,
                                  self.unshelve, moved, host=outside)
        self.assertIn(outside, str(error))
        server = self.wait_for_server_status(moved.id, 'SHELVED_OFFLOADED')
        self.assertEqual(
            {}, placement.allocations(self.admin_conn, moved.id),
            'Server %s holds allocations after a refused unshelve' % server.id)
        self.unshelve(moved, host=outside, unpin_zone=True)
        server = self.verify_move(moved, siblings, model.ExpectedMove(
            migration_type=None, target_host=outside))
        self.assertNotEqual(zone, server.availability_zone)


class AvailabilityZoneEvacuateTest(ZoneMixin, move_base.ScheduledMoveTest):
    """Evacuation of a sibling pinned to a zone; alone while it evacuates."""

    configuration_skip_reasons = (moves.zone_tests_skip_reason,
                                  moves.evacuate_skip_reason)

    @decorators.idempotent_id('8d66863f-2f0c-4d62-aa84-89668f7dd9da')
    @decorators.attr(type=['multinode', 'destructive'])
    def test_evacuate_stays_in_zone(self):
        """Evacuate a pinned sibling with no host: it stays in its zone.

        Steps:
        1. Skip unless [migration] evacuate and the compute commands are
           set; take the zone with the most computes (skip unless 2).
        2. Create the siblings in that zone in one request.
        3. Wait to run alone; stop the first one's compute, mark it forced
           down, evacuate it with no host; verify in full, start the
           compute, verify again; let the other tests run again.
        4. Check it is on a host of its zone.
        """
        zone = self.home_zone()
        siblings = self.create_siblings(availability_zone=zone)
        server = self.chain_move(chains.EVACUATE, siblings[0], siblings)
        self.assert_in_zone(server, zone)
