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

from tempest.lib.common.utils import data_utils
from tempest.lib import decorators

from migration_tempest_plugin.common import describe
from migration_tempest_plugin.common import groups
from migration_tempest_plugin.common import model
from migration_tempest_plugin.common import preconditions
from migration_tempest_plugin.common import verification
from migration_tempest_plugin.common import waiters
from migration_tempest_plugin.tests import base
from migration_tempest_plugin.tests import move_base

# How a live migration ends: landed, refused by the scheduler, refused by
# the destination compute's late check of the group policy.
LIVE_MIGRATION_ENDS = ('completed', 'error', 'failed')


class ServerGroupSiblingsTest(move_base.ScheduledMoveTest):
    """Siblings created in one request into a server group, then moved.

    The expected outcome comes from the live host list and the members'
    hosts as nova's group filters judge them (common/groups.py): a move
    the policy allows must land on an allowed host and leave the policy
    holding for the whole group (1600251: the scheduler must see the
    group's members as they are now); a move it allows nowhere must be
    refused by the scheduler with nothing changed. 1781710: a multi-create
    into an anti-affinity group must not pack members onto one host. The
    policy is given in the 2.64 form (policy and rules).
    """

    required_compute_features = ('cold_migration', 'live_migration')
    min_microversion = '2.64'

    def create_group_siblings(self, policy, count, max_server_per_host=None):
        """A server group of policy and count siblings in it.

        Checks the hard policy holds for the new siblings.
        """
        rules = ({'max_server_per_host': max_server_per_host}
                 if max_server_per_host else {})
        group = self.primary_conn.compute.create_server_group(
            name=data_utils.rand_name(name=self.__class__.__name__),
            policy=policy, rules=rules)
        # Registered first, so it runs after the servers' deletion.
        self.addCleanup(self.primary_conn.compute.delete_server_group,
                        group.id, ignore_missing=True)
        siblings = self.create_siblings(count=count, group=group.id)
        self.assert_policy_holds(policy, siblings, max_server_per_host)
        return siblings

    def member_hosts(self, siblings):
        return [self.admin_conn.compute.get_server(sibling.id).compute_host
                for sibling in siblings]

    def assert_policy_holds(self, policy, siblings,
                            max_server_per_host=None):
        violation = groups.policy_violation(
            policy, self.member_hosts(siblings), max_server_per_host or 1)
        self.assertIsNone(violation, violation)

    def candidate_hosts(self):
        return [service.host for service in self.usable_computes()]

    def move_as_the_policy_says(self, policy, siblings, moved,
                                max_server_per_host=None):
        """Cold-migrate moved; landed or refused as the policy says.

        Then the same with a live migration from where it is. Returns the
        hosts the policy allowed for the cold migration.
        """
        for move in ('cold', 'live'):
            allowed = groups.allowed_destinations(
                policy, self.member_hosts(siblings), moved.host,
                self.candidate_hosts(), max_server_per_host or 1)
            if not allowed:
                refuse = (self.cold_migrate_refused if move == 'cold'
                          else self.live_migrate_refused)
                refuse(moved, siblings)
                continue
            if move == 'cold':
                server = self.cold_migrate_and_confirm(moved, siblings)
            else:
                known = self.migration_uuids(moved)
                self.live_migrate(moved)
                server = self.verify_move(
                    moved, siblings, model.ExpectedMove(), known)
            self.assertIn(server.compute_host, allowed,
                          'The %s migration of %s went to %s; the group '
                          'policy %s allows only %s'
                          % (move, moved.id, server.compute_host, policy,
                             allowed))
            self.assert_policy_holds(policy, siblings, max_server_per_host)
            moved = verification.sibling_from_server(server)
            siblings = [moved if sibling.id == moved.id else sibling
                        for sibling in siblings]

    @decorators.idempotent_id('8026b672-d6ae-4c62-840f-a8826ea01d27')
    @decorators.attr(type='multinode')
    @decorators.related_bug('1600251')
    def test_affinity_group_member_move_refused(self):
        """Moving a member of an affinity group is refused.

        Steps:
        1. As the primary user, create an affinity server group and
           [migration] sibling_count servers in it in one request; wait
           until ACTIVE; check all are on one host.
        2. As admin, cold-migrate the first one with no host: every other
           host is outside the group's hosts, so the scheduler refuses.
        3. Verify: migration record 'error' from its host; the server
           ACTIVE with no task_state on its host, allocations there only,
           none under the migration; the other siblings untouched.
        4. The same with a live migration.
        """
        siblings = self.create_group_siblings(groups.AFFINITY, None)
        self.move_as_the_policy_says(groups.AFFINITY, siblings, siblings[0])

    @decorators.idempotent_id('66d67a7a-03a1-42de-a15d-0067281e5775')
    @decorators.attr(type='multinode')
    @decorators.related_bug('1781710')
    @decorators.related_bug('1735407')
    def test_anti_affinity_group_every_host_taken_move_refused(self):
        """Anti-affinity, one member on every host: a move is refused.

        Steps:
        1. Create an anti-affinity group and as many servers in it, in one
           request, as there are up and enabled computes (skip if more than
           [migration] max_sibling_count); check each is on its own host.
        2. Cold-migrate the first one with no host; verify the refusal as
           in the affinity test.
        3. The same with a live migration.
        """
        count = len(self.candidate_hosts())
        if count > self.settings.max_sibling_count:
            raise self.skipException(
                'One member per host needs %d servers, more than '
                '[migration] max_sibling_count = %d'
                % (count, self.settings.max_sibling_count))
        siblings = self.create_group_siblings(groups.ANTI_AFFINITY, count)
        self.move_as_the_policy_says(groups.ANTI_AFFINITY, siblings,
                                     siblings[0])

    @decorators.idempotent_id('0671161c-5a13-4455-9226-397b48e931c6')
    @decorators.attr(type='multinode')
    @decorators.related_bug('1600251')
    @base.skip_unless_configured(preconditions.hosts_skip_reason(3))
    def test_anti_affinity_group_move_to_the_free_host(self):
        """Anti-affinity with a free host: moves land there, policy holds.

        Steps:
        1. Skip unless at least 3 computes are up and enabled.
        2. Create an anti-affinity group and one server fewer than there
           are such computes in it, in one request; check each is on its
           own host.
        3. Cold-migrate the first one with no host and confirm: it must
           land on a host with no member; each member on its own host.
        4. Live-migrate it with no host: it must land on a host with no
           member (the one it left); the policy must hold again.
        """
        candidates = self.candidate_hosts()
        if len(candidates) < 3:
            raise self.skipException(
                'Needs 3 up and enabled computes (two members and a free '
                'host); the cloud has %d' % len(candidates))
        count = min(len(candidates) - 1, self.settings.max_sibling_count)
        siblings = self.create_group_siblings(groups.ANTI_AFFINITY, count)
        self.move_as_the_policy_says(groups.ANTI_AFFINITY, siblings,
                                     siblings[0])

    @decorators.idempotent_id('a534bd80-e3b5-4c14-bab8-834d138cc1f2')
    @decorators.attr(type='multinode')
    def test_anti_affinity_max_server_per_host(self):
        """Anti-affinity with max_server_per_host = 2 (2.64).

        Steps:
        1. Create an anti-affinity group with the rule max_server_per_host
           = 2 and one server more than there are up and enabled computes
           (at most [migration] max_sibling_count) in it, in one request;
           check no host has more than 2.
        2. Take a member on a host with 2 members. Compute from the live
           hosts where the rule lets it go (another host with fewer than
           2 members).
        3. Cold-migrate it with no host: if some host is allowed it must
           land on one and the rule must still hold; else the move must be
           refused with nothing changed. Then the same for a live
           migration from where it is.
        """
        count = min(len(self.candidate_hosts()) + 1,
                    self.settings.max_sibling_count)
        siblings = self.create_group_siblings(groups.ANTI_AFFINITY, count,
                                              max_server_per_host=2)
        hosts = self.member_hosts(siblings)
        moved = max(siblings, key=lambda s: hosts.count(s.host))
        self.move_as_the_policy_says(groups.ANTI_AFFINITY, siblings, moved,
                                     max_server_per_host=2)

    @decorators.idempotent_id('9924c12b-46d3-4e15-a7b7-c6efd1754cd6')
    @decorators.attr(type='multinode')
    def test_soft_affinity_group_member_moves(self):
        """A member of a soft-affinity group moves: soft never refuses.

        Where it lands is not asserted: nova's soft-affinity weigher is
        normalized with the RAM, CPU and disk weighers
        (nova/scheduler/weights/affinity.py), which concurrent tests'
        servers change.

        Steps:
        1. Create a soft-affinity group and [migration] sibling_count
           servers in it in one request; wait until ACTIVE.
        2. Cold-migrate the first one with no host and confirm; verify in
           full (another host, record 'confirmed', allocations, siblings).
        3. Live-migrate it with no host; verify in full.
        """
        siblings = self.create_group_siblings(groups.SOFT_AFFINITY, None)
        self.move_as_the_policy_says(groups.SOFT_AFFINITY, siblings,
                                     siblings[0])

    @decorators.idempotent_id('9293fbac-49c1-4db6-a65f-8349fcceaa36')
    @decorators.attr(type='multinode')
    def test_soft_anti_affinity_group_member_moves(self):
        """A member of a soft-anti-affinity group moves anywhere allowed.

        As for soft-affinity, the weigher only prefers: with every host
        taken the move still lands (hard anti-affinity would refuse it).

        Steps:
        1. Create a soft-anti-affinity group and one server per up and
           enabled compute (at most [migration] max_sibling_count) in it in
           one request; wait until ACTIVE.
        2. Cold-migrate the first one with no host and confirm; verify in
           full.
        3. Live-migrate it with no host; verify in full.
        """
        count = min(max(2, len(self.candidate_hosts())),
                    self.settings.max_sibling_count)
        siblings = self.create_group_siblings(groups.SOFT_ANTI_AFFINITY,
                                              count)
        self.move_as_the_policy_says(groups.SOFT_ANTI_AFFINITY, siblings,
                                     siblings[0])

    @decorators.idempotent_id('5cb08bc4-183c-4dd9-b427-98f48f8b8621')
    @decorators.attr(type='multinode')
    @decorators.related_bug('1735407')
    @decorators.related_bug('1821755')
    @base.skip_unless_configured(preconditions.hosts_skip_reason(3))
    def test_anti_affinity_concurrent_live_migrations(self):
        """Two members live-migrated at once to the one free host.

        Each request's scheduler may still see the other member on its
        source; nova 34 then refuses the second on the destination compute
        (ComputeManager._validate_instance_group_policy, called in
        check_can_live_migrate_destination and pre_live_migration, counts
        the members migrating to the host). A member refused in
        check_can_live_migrate_destination is to be rescheduled
        (LiveMigrationTask._find_destination; nova's comment there: "error
        becomes NoValidHost and instance status remains ACTIVE"): once the
        other has left its host, it may land there. No two may land on one
        host. Since nova 28.0.0 (commit 56d320a203) the check raises
        GroupAffinityViolation, which that method no longer turns into
        MigrationPreCheckError, and the refused member goes to ERROR: this
        test fails then, as it should.

        Steps:
        1. Skip unless at least 3 computes are up and enabled, and unless
           one server fewer than that fits [migration] max_sibling_count.
        2. Create an anti-affinity group and one server fewer than there
           are such computes in it, in one request: one host stays free.
        3. As admin, live-migrate the first two members with no host, one
           request right after the other.
        4. Wait until both migration records end (completed, error or
           failed); a record in error ends only with its request (a late
           refusal turns it failed once the source rolled back).
        5. Verify: at least one completed (a host was free), unless
           both went to that host and its late check refused both (each
           saw the other migrating there); no two completed to one host;
           each completed one
           verified in full, each refused one ACTIVE on its host with its
           allocations, nothing under the migration; every member on its
           own host.
        """
        candidates = self.candidate_hosts()
        count = len(candidates) - 1
        if count < 2:
            raise self.skipException(
                'Needs 3 up and enabled computes (two members and a free '
                'host); the cloud has %d' % len(candidates))
        if count > self.settings.max_sibling_count:
            raise self.skipException(
                'Leaving one host free needs %d servers, more than '
                '[migration] max_sibling_count = %d'
                % (count, self.settings.max_sibling_count))
        siblings = self.create_group_siblings(groups.ANTI_AFFINITY, count)
        free = sorted(set(candidates) - set(self.member_hosts(siblings)))
        moved = siblings[:2]
        known = [self.migration_uuids(sibling) for sibling in moved]
        for sibling in moved:
            self.live_migrate(sibling)
        records = [waiters.wait_for_migration(
            self.admin_conn, sibling.id, 'live-migration',
            LIVE_MIGRATION_ENDS, self.settings.move_timeout,
            self.settings.poll_interval,
            lambda sibling=sibling: self.what_the_cloud_said(sibling.id),
            known=before, accept=waiters.error_settled(
                self.admin_conn, sibling.id, 'live-migration'))
            for sibling, before in zip(moved, known)]
        destinations = [record.dest_compute for record in records
                        if record.status == 'completed']
        self.assertTrue(
            destinations or self.both_refused_late(moved, records),
            'Neither member of the anti-affinity group moved although %s '
            'had no member, and not because both met on one host: nova '
            'refused both live migrations:\n%s'
            % (', '.join(free), '\n'.join(
                describe.describe_migration(record) for record in records)))
        self.assertEqual(
            len(set(destinations)), len(destinations),
            'Both members of the anti-affinity group went to %s'
            % destinations)
        for sibling, before, record in zip(moved, known, records):
            # The other member may have moved: compare with it as it is.
            others = [verification.sibling_from_server(
                self.admin_conn.compute.get_server(other.id))
                if other in moved else other for other in siblings]
            if record.status == 'completed':
                self.verify_move(sibling, others,
                                 model.ExpectedMove(), before)
            else:
                self.verify_move_refused(sibling, others, 'live-migration',
                                         before,
                                         migration_status=record.status)
        self.assert_policy_holds(groups.ANTI_AFFINITY, siblings)

    def both_refused_late(self, moved, records):
        """Both sent to one host, which refused each in pre_live_migration."""
        hosts = {record.dest_compute for record in records}
        return len(hosts) == 1 and all(
            groups.late_anti_affinity_refusal(
                waiters.newest_action_events(
                    self.admin_conn, sibling.id, 'live-migration') or [],
                record.dest_compute)
            for sibling, record in zip(moved, records))
