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

"""nova bugs the suite shows on the embedded cloud, and the tests that do.

The tests stay strict: on any cloud these fail. The embedded cloud's e2e
and detect runs pass each entry that applies to its nova and driver to the
plugin's verdict (``--known-nova-bug``), which counts such a failure apart
(``known_nova_bugs=``) and fails the run when the test passes
(``unexpected_passes=``: nova fixed it, or the test stopped seeing it),
unless the bug is a race nova shows only when two requests meet
(``--known-nova-race``).
"""

import dataclasses
import re

from packaging import version as packaging_version

from migration_tempest_plugin import verdict


@dataclasses.dataclass(frozen=True)
class KnownNovaBug:
    """A nova bug, the test that shows it, and where it applies.

    :param test: the test's id without attributes.
    :param pattern: a regex the failure's text matches when it is the bug.
    :param breaks: what an operator sees.
    :param cause: where in nova it comes from.
    :param drivers: the embedded cloud's compute drivers that show it.
    :param since: the first nova release that has it.
    :param fixed_in: the first release without it, or None.
    :param seen_on: releases it was seen on, with how.
    :param race: nova shows it only when two requests meet: the test
        passing is no news.
    """

    test: str
    pattern: str
    breaks: str
    cause: str
    drivers: tuple
    since: str
    fixed_in: str = None
    seen_on: str = ''
    race: bool = False

    def applies(self, driver, nova_version):
        version = packaging_version.Version(nova_version)
        return (driver in self.drivers
                and version >= packaging_version.Version(self.since)
                and (self.fixed_in is None or version
                     < packaging_version.Version(self.fixed_in)))

    def shown_by(self, test_id, details):
        """Whether a failure of ``test_id`` with ``details`` is this bug."""
        return (verdict.base_id(test_id) == self.test
                and re.search(self.pattern, details) is not None)


# The late change waiters.hold_still reports: ACTIVE, then ERROR.
LATE_ERROR = (r'changed [0-9.]+ s after its move looked ended \(nova was not '
              r'done with it\): first status ACTIVE,.*then status ERROR')

IN_FLIGHT = ('migration_tempest_plugin.tests.scenario.'
             'test_in_flight_live_migration.LiveMigrationInFlightTest.')

# Where the rollback is over before the first look: ERROR, no fault.
ERROR_WITHOUT_FAULT = r'went to ERROR\n'
# Where the abort's record is over before the first look: error, not
# cancelled, and the server ERROR.
ABORT_ENDED_IN_ERROR = (r'to be cancelled failed: migration \S+ \(id \d+\): '
                        r'type=live-migration status=error (?s:.*)\nWhat the '
                        r'cloud said:\nserver \S+: status=ERROR ')
LATE_ERROR_CAUSE = (
    'LibvirtDriver._live_migration collects the migration job with '
    'future.result() after the monitor returns (commit 20a9f9d740, '
    '"Collect result of _live_migration_operation"); the job\'s error '
    'reaches ComputeManager._do_live_migration, which puts the record in '
    'error and the server in ERROR after the rollback.')

FAILED_MOVES = ('migration_tempest_plugin.tests.scenario.'
                'test_failed_moves.FailedMoveTest.')

# What ports.binding_problems says of a port still bound to a host when its
# server is on none.
PORT_LEFT_BOUND = (r'port [0-9a-f-]+ of server [0-9a-f-]+ is bound to '
                   r"'[^']+', the server is on no host")

SERVER_GROUPS = ('migration_tempest_plugin.tests.scenario.'
                 'test_server_groups.ServerGroupSiblingsTest.')

KNOWN_NOVA_BUGS = (
    KnownNovaBug(
        test=IN_FLIGHT + 'test_abort_live_migration_of_one_sibling',
        # Which one shows depends on when the waits look: the rollback
        # (ACTIVE, record cancelled) lasts a second or two before ERROR.
        pattern='|'.join((LATE_ERROR, ERROR_WITHOUT_FAULT,
                          ABORT_ENDED_IN_ERROR)),
        breaks='An aborted live migration ends with its server in ERROR and '
               'its record in error, a second or two after the rollback '
               'set the server ACTIVE on its source and the record '
               'cancelled; the guest runs on.',
        cause=LATE_ERROR_CAUSE,
        drivers=('libvirt',),
        since='33.0.0',
        seen_on='34.0.0 (tox -e minicloud, 2026-12-07)'),
    KnownNovaBug(
        test=IN_FLIGHT + 'test_live_migration_whose_destination_dies',
        # Which one shows depends on whether the rollback (ACTIVE, record
        # error) is seen before ERROR follows it, about a second later.
        pattern='%s|%s' % (LATE_ERROR, ERROR_WITHOUT_FAULT),
        breaks='A live migration whose destination dies while it copies '
               'ends with its server in ERROR on its source, with no fault, '
               'a second or so after nova rolled it back (server ACTIVE, '
               'record error); the guest runs on.',
        cause=LATE_ERROR_CAUSE,
        drivers=('libvirt',),
        since='33.0.0',
        seen_on='34.0.0 (python -m minicloud fault guest-killed during a '
                'live migration, 2026-12-07; both forms seen that day)'),
    KnownNovaBug(
        test=FAILED_MOVES + 'test_unshelve_whose_destination_fails',
        pattern=PORT_LEFT_BOUND,
        breaks='An unshelve whose spawn fails leaves the server '
               'SHELVED_OFFLOADED on no host, but its ports bound (ACTIVE '
               'binding) to the host that failed to spawn it.',
        cause='ComputeManager._unshelve_instance binds the ports to the '
              'host (setup_instance_network_on_host) before the driver '
              'spawns; when the spawn fails it frees the allocations and '
              'the host, not the bindings ("FIXME: Umm, shouldn\'t we be '
              'rolling back port bindings too?", in 33.0.2 and 34.0.0).',
        drivers=('fake', 'libvirt'),
        since='33.0.0',
        seen_on='34.0.0 (tox -e minicloud-fake, fault '
                'unshelve-spawn-fails, 2026-12-07)'),
    KnownNovaBug(
        test=SERVER_GROUPS + 'test_anti_affinity_concurrent_live_migrations',
        pattern=(r'went to ERROR, fault: .*Anti-affinity instance group '
                 r'policy was violated'),
        breaks='Of two members of an anti-affinity group live-migrated at '
               'once, the one the destination refuses (the other is '
               'migrating there) ends in ERROR on its source, its guest '
               'running, instead of being sent to another host or left '
               'ACTIVE.',
        cause='ComputeManager.check_can_live_migrate_destination turns '
              'the late group check\'s RescheduledException into '
              'MigrationPreCheckError ("error becomes NoValidHost and '
              'instance status remains ACTIVE"), but since commit '
              '56d320a203 (bug 1996732) _validate_instance_group_policy '
              'raises GroupAffinityViolation, which the conductor\'s '
              '_live_migrate handles as an unexpected error: vm_state '
              'ERROR.',
        drivers=('fake', 'libvirt'),
        since='28.0.0',
        seen_on='34.0.0 (clean-clone .ci/run, fake driver, 2026-12-07)',
        race=True),
)


def applicable(driver, nova_version, bugs=KNOWN_NOVA_BUGS):
    """The bugs that apply to a cloud of ``driver`` and ``nova_version``."""
    return [bug for bug in bugs if bug.applies(driver, nova_version)]


def verdict_arguments(bugs):
    """The verdict's --known-nova-bug and --known-nova-race arguments."""
    arguments = []
    for bug in bugs:
        re.compile(bug.pattern)
        arguments += ['--known-nova-race' if bug.race else '--known-nova-bug',
                      bug.test, bug.pattern]
    return arguments
