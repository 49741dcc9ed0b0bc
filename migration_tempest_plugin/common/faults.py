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

"""The faults that make a move fail half-way, and what nova says of them.

A failed-move test names the faults that break its move, best first; it
uses the first one ``[migration] faults`` lists (the operator's
``fault_command`` can put it on a host) and skips, naming the option, when
none is listed. Each fault says which instance action event nova fails
with and what that event says, and where the server ends: on the
destination (nova's finish_resize failed there) or back where it was.
"""

import dataclasses

from migration_tempest_plugin.common import compute_commands
from migration_tempest_plugin.common import model


@dataclasses.dataclass(frozen=True)
class MoveFault:
    """A fault on the destination host and how nova reports the move.

    :param name: the fault's name in ``[migration] faults``.
    :param event: the instance action event that fails, or None where nova
        records none (a live migration's job failing: its record says it).
    :param says: text the failed event's details or traceback hold.
    :param ends_on: where nova leaves the server: 'destination' (it had
        moved it there before the failure) or 'source'.
    """

    name: str
    event: str = None
    says: str = None
    ends_on: str = 'source'


# A cold migration or resize whose destination fails it. Where it fails
# finish_resize, nova leaves the server in ERROR on the destination,
# holding the new flavor's allocation there only (ComputeManager.
# finish_resize; nova's functional test regressions/test_bug_1825537.py).
# Where its disk cannot be copied there, the source's resize_instance
# fails (LibvirtDriver.migrate_disk_and_power_off copies it with
# copy_image): nova leaves the server in ERROR on its source, its old
# allocation there (ServerMovingTests.
# test_resize_instance_fails_allocation_cleanup); nova shows the event's
# ProcessExecutionError, its traceback through copy_image.
COLD_MIGRATION_FAULTS = (
    MoveFault('finish-migration-fails', 'compute_finish_resize',
              'Virtual Interface creation failed', ends_on='destination'),
    MoveFault('instances-disk-full', 'compute_resize_instance',
              'copy_image'),
)
# An unshelve whose spawn fails on the destination: nova leaves the server
# offloaded, with no host and no allocation (ComputeManager.
# _unshelve_instance; ServerUnshelveSpawnFailTests in
# nova/tests/functional/test_servers.py).
UNSHELVE_SPAWN_FAULTS = (
    MoveFault('unshelve-spawn-fails', 'compute_unshelve_instance',
              'FakeUnshelveSpawnFailDriver'),
    MoveFault('instances-disk-full', 'compute_unshelve_instance',
              'No space left on device'),
)
# A live migration whose destination dies while it copies: nova's monitor
# sees the migration job fail and rolls back (ComputeManager.
# _rollback_live_migration): the server stays ACTIVE on its source, the
# record 'error', the destination's allocation freed (ServerMovingTests.
# test_live_migrate_rollback_cleans_dest_node_allocations). No event
# fails: the record is nova's word.
LIVE_MIGRATION_FAULTS = (
    MoveFault('guest-killed'),
)
# Not a failure: the server's live migrations from its host copy slowly
# (1 MiB/s on the embedded cloud), so that a busy guest's stays in flight
# for the abort, force-complete and dying-destination tests; the other
# live migrations of the cloud run at full speed. Where the cloud offers
# no such control, [migration] busy_image_ref must be slow enough alone.
THROTTLE_FAULTS = (
    MoveFault('live-migration-throttled'),
)
# A build whose spawn on one host fails (ComputeResourcesUnavailable, or
# any error of the hypervisor): the server is rescheduled to an alternate
# host (ComputeManager._do_build_and_run_instance).
RESCHEDULE_FAULTS = (
    MoveFault('spawn-reschedules', 'compute__do_build_and_run_instance',
              'FakeRescheduleDriver'),
    MoveFault('guest-start-fails', 'compute__do_build_and_run_instance'),
)


def expected_failure(fault):
    """The ExpectedFailure of a fault's move, or None if nova has none."""
    if fault.event is None:
        return None
    return model.ExpectedFailure(event=fault.event, says=fault.says)


def offered(settings, candidates):
    """The first of ``candidates`` the cloud's fault command offers."""
    for fault in candidates:
        if fault.name in settings.faults:
            return fault
    return None


def skip_reason(candidates):
    """A configuration skip reason: none of ``candidates`` is offered.

    A function of tempest's CONF, as the verdict reads them.
    """
    def reason(conf):
        for option, value in (
                (compute_commands.FAULT_OPTION, conf.migration.fault_command),
                (compute_commands.HEAL_OPTION, conf.migration.heal_command)):
            if not (value or '').strip():
                return ('%s is not set: the failed-move tests put faults on '
                        'hosts with it' % option)
        listed = {fault.strip() for fault in conf.migration.faults or ()}
        if not listed & {fault.name for fault in candidates}:
            return ('[migration] faults lists none of the faults this test '
                    'can use (%s): it has %s'
                    % (', '.join(fault.name for fault in candidates),
                       ', '.join(sorted(listed)) or 'none'))
        return None
    return reason
