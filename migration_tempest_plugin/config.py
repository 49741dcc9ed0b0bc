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

"""The plugin's own options: only what tempest.conf has no option for.

Everything tempest already configures (image, flavors, compute node count,
live migration feature flags, identity, TLS, timeouts' defaults) is read from
tempest's own groups.
"""

import shlex

from oslo_config import cfg
from oslo_utils import strutils
from tempest.lib import exceptions as lib_exc

from migration_tempest_plugin.common import model

migration_group = cfg.OptGroup(
    name='migration',
    title='Options for moving servers created together',
    help='Options of migration-tempest-plugin. Where an option is unset, the '
         'plugin falls back to the tempest option named in its help.')

BLOCK_MIGRATION_MODES = ('auto', 'true', 'false')
# [migration] sibling_count value that fits the count to the cloud.
AUTO_SIBLING_COUNT = 'auto'

# sibling_count, max_sibling_count, block_migration, move_timeout,
# settle_timeout, settle_period, poll_interval, evacuate and guest_heartbeat
# are read as text and checked here
# (resolve_settings(), resolve_evacuate()): tempest reads every option when
# it loads tempest.conf, so a value oslo.config refused (a number out of
# range, a word where a number belongs) would break the discovery of every
# tempest test with an error naming no group, instead of failing only these
# tests with one naming the option.
MigrationGroup = [
    cfg.StrOpt('sibling_count',
               default=AUTO_SIBLING_COUNT,
               help='How many servers each test creates in ONE request '
                    '(min_count = max_count = sibling_count): "auto" or a '
                    'whole number, at least 2 (a single server is not a '
                    'multi-create). One of them is moved, the others must '
                    'stay untouched. "auto": one more than the up and '
                    'enabled compute hosts the moved server could go to '
                    '(those of its availability zone when the test pins '
                    'one), at most max_sibling_count: a scheduler that '
                    'asks for as many hosts as the request once created '
                    'servers (nova bug 1718455) then finds too few, also '
                    'when it picks the host itself. Tests whose policy '
                    'needs a count of their own (server groups) use it.'),
    cfg.StrOpt('max_sibling_count',
               default='5',
               help='Most servers sibling_count = auto creates in one '
                    'request: a whole number, at least 2. The default '
                    'keeps two consecutive tests of one class within '
                    'nova\'s default quota of 10 instances per project '
                    '(a test\'s servers may still be deleting when the '
                    'next test creates its own). Raise it with the '
                    'project quota on a cloud of many computes.'),
    cfg.StrOpt('block_migration',
               default='auto',
               help='Block migration mode of live migrations: "auto" lets '
                    'nova decide from the storage of the two hosts; "true" '
                    'always asks for a block migration and needs '
                    '[compute-feature-enabled] '
                    'block_migration_for_live_migration = true; "false" '
                    'never asks for one (shared storage).'),
    cfg.StrOpt('network',
               help='Network of the servers the tests create: "none" (no '
                    'network, compute API microversion 2.37 or later), '
                    '"auto" (nova auto-allocates, 2.37 or later), or the '
                    'name or ID of an existing network. When unset: '
                    '[compute] fixed_network_name if that is set, else '
                    '"none".'),
    cfg.StrOpt('move_timeout',
               help='Seconds a move (and the build of the siblings) may '
                    'take until nova reports it finished: a whole number '
                    'greater than 0. When unset: [compute] build_timeout.'),
    cfg.StrOpt('settle_timeout',
               default='30',
               help='Seconds nova may take, once a move\'s migration record '
                    'is final, to free what the move held in Placement '
                    'under the migration: a whole number greater than 0. '
                    'Nova does this within seconds; a short bound makes a '
                    'move that never frees it fail soon, not after '
                    'move_timeout.'),
    cfg.StrOpt('settle_period',
               default='5',
               help='Seconds the final state of a move that failed, was '
                    'aborted or was refused must hold before the move is '
                    'judged: a number, 0 or more. nova may still change a '
                    'server after its move looks ended (from nova 33 an '
                    'aborted or failed live migration on libvirt is put in '
                    'ERROR after its rollback set it ACTIVE); a move is '
                    'judged once nova is done with it. Moves that succeed '
                    'are judged once every event of their requests ended, '
                    'without this wait.'),
    cfg.StrOpt('poll_interval',
               help='Longest pause, in seconds, between two polls of '
                    'nova while waiting: a number greater than 0. Polling '
                    'starts faster and backs off to this. When unset: '
                    '[compute] build_interval.'),
    cfg.StrOpt('evacuate',
               default='false',
               help='Run the evacuate tests: true or false. They stop a '
                    'nova-compute service, mark it forced down and start '
                    'it again: destructive, so off unless enabled. Needs '
                    'compute_stop_command and compute_start_command.'),
    cfg.StrOpt('availability_zone_tests',
               default='false',
               help='Run the availability zone tests: true or false. They '
                    'need an availability zone with two up and enabled '
                    'computes and a compute in another zone, which '
                    'tempest.conf has no option to say.'),
    cfg.StrOpt('compute_stop_command',
               help='Command that stops the nova-compute service of one '
                    'host, run on the machine that runs tempest. It is '
                    'split into arguments as a shell would split it and run '
                    'without a shell; "{host}" is replaced by the compute '
                    'host name, for example: ssh {host} sudo systemctl stop '
                    'devstack@n-cpu. It must return only when the service '
                    'has stopped, within [migration] move_timeout.'),
    cfg.StrOpt('compute_start_command',
               help='Command that starts the nova-compute service of one '
                    'host again, run as compute_stop_command is, for '
                    'example: ssh {host} sudo systemctl start '
                    'devstack@n-cpu. The tests then clear the forced_down '
                    'flag of the service and wait until it is up.'),
    cfg.StrOpt('fault_command',
               help='Command that puts a fault on one compute host, run on '
                    'the machine that runs tempest, split and run as '
                    'compute_stop_command is: "{host}" is the compute '
                    'host, "{fault}" the fault\'s name (one of faults), '
                    '"{server}" the UUID of the server the test moves (a '
                    'fault may hit that server only), or "none" for a fault '
                    'on the whole host. It must return once '
                    'the fault is in place (a host whose nova-compute it '
                    'restarts: once nova shows it up again). The '
                    'failed-move tests need it; unset, they skip.'),
    cfg.StrOpt('heal_command',
               help='Command that undoes fault_command for the same '
                    '{host}, {fault} and {server}, run as that one is; it '
                    'must return once the host is as before, and succeed '
                    'also when there is nothing to undo (it runs as a '
                    'cleanup).'),
    cfg.ListOpt('faults',
                default=[],
                help='Names of the faults fault_command can put on a host; '
                     'a failed-move test runs when one of the faults it can '
                     'use is listed, and skips naming this option '
                     'otherwise. Known names (what the host then does): '
                     'finish-migration-fails (its virt driver fails '
                     'finish_migration: nova\'s FakeFinishMigrationFailDriver'
                     '), unshelve-spawn-fails (spawning an offloaded server '
                     'fails: FakeUnshelveSpawnFailDriver), spawn-reschedules '
                     '(the first spawn of each server fails with '
                     'ComputeResourcesUnavailable: FakeRescheduleDriver), '
                     'instances-disk-full (the host\'s instances directory '
                     'has no space left for the server), guest-killed (the '
                     'server\'s QEMU on the host is killed), '
                     'guest-start-fails (the host\'s hypervisor starts no '
                     'guest), live-migration-throttled (not a failure: the '
                     'server\'s live migrations from the host copy slowly, '
                     'so that one of [migration] busy_image_ref stays in '
                     'flight).'),
    cfg.StrOpt('report_file',
               help='Path of a file that gets one JSON line per move and '
                    'per sibling build (timings and API request counts). '
                    'Lines are appended. When unset, no report is '
                    'written.'),
    cfg.StrOpt('guest_heartbeat',
               default='none',
               help='Console format of a heartbeat the guests of [compute] '
                    'image_ref write to their serial console, which turns '
                    'on the guest check: "none" (no check, e.g. cirros) or '
                    '"mtphb1" (the embedded cloud\'s guest, '
                    'tools/minicloud/drivers/libvirt/guest). Through the '
                    'console-output API '
                    'the moves then assert that a live-migrated guest kept '
                    'running (same boot id, counter only grew; its stall '
                    'goes to the report as downtime), that a '
                    'cold-migrated or resized guest booted again and that '
                    'a move nova refused left its guest running.'),
    cfg.StrOpt('reachability_command',
               help='Command prefix that puts a process where the servers\' '
                    'fixed addresses are reachable, which turns on the '
                    'packet probe of live migrations: the plugin runs its '
                    'prober (python -m '
                    'migration_tempest_plugin.common.reachability, with '
                    'the Python that runs tempest) behind it, split as a '
                    'shell would split it and run without a shell. The '
                    'prober sends ICMP echo requests from a raw socket, so '
                    'it needs root or CAP_NET_RAW there. For example, on '
                    'DevStack with ML2/OVN: sudo ip netns exec '
                    'ovnmeta-<network ID>; on the embedded cloud: ip netns '
                    'exec <its probe namespace>. Each live migration is '
                    'then pinged throughout: its packet downtime (the '
                    'longest run of unanswered requests) goes to the '
                    'report beside the heartbeat\'s, and the test fails '
                    'when the guest does not answer pings again where it '
                    'ends up (and, with guest_heartbeat = mtphb1, when its '
                    'TCP port 13 does not answer with the heartbeat\'s '
                    'boot id). Unset: no packet probe.'),
    cfg.StrOpt('reachability_interval',
               default='0.02',
               help='Seconds between two echo requests of the packet probe '
                    '(reachability_command): a number from 0.005 to 1. '
                    'The packet downtime is measured to about this.'),
    cfg.StrOpt('busy_image_ref',
               help='ID of an image whose guests rewrite their memory '
                    'faster than this cloud\'s live migrations copy it, so '
                    'that a live migration of one of them stays in flight '
                    'until it is force-completed (compute API microversion '
                    '2.22) or aborted (2.24), as the tests of those do; '
                    'when guest_heartbeat is set, its guests must write '
                    'that heartbeat too. When unset, those tests skip: a '
                    'guest of [compute] image_ref may finish its live '
                    'migration before it can be caught, and on nova\'s '
                    'fake driver every live migration ends at once. The '
                    'embedded cloud\'s: tools/minicloud/drivers/libvirt/'
                    'guest, whose live migrations the fault '
                    'live-migration-throttled (see faults) slows to 1 '
                    'MiB/s; on another cloud, [libvirt] '
                    'live_migration_bandwidth may do it for every live '
                    'migration.'),
    cfg.StrOpt('upgrade_phase',
               default='none',
               help='Phase of an upgrade validation: "none" (a normal run: '
                    'the upgrade tests skip), "create" (before the '
                    'upgrade: create siblings in one request per move '
                    'kind as the [auth] admin_username user, in its '
                    'project, which outlives the run, and record them in '
                    'upgrade_state_file), "verify" (after the upgrade: '
                    'check the recorded siblings are unchanged, move '
                    'them, then delete them and the state file) or '
                    '"destroy" (delete what a create phase recorded and '
                    'no verify phase deleted, and the state file).'),
    cfg.StrOpt('upgrade_state_file',
               help='Path of the JSON file in which the create phase '
                    'records the siblings it made and from which the '
                    'verify phase loads them. Required when '
                    'upgrade_phase is not "none".'),
]


def list_opts():
    """Options of this plugin, for oslo-config-generator and Sphinx."""
    return [(migration_group, MigrationGroup)]


class InvalidOption(lib_exc.InvalidConfiguration):
    """A tempest.conf value the tests cannot run with.

    ``option`` is the option to fix, as ``[group] name``.
    """

    def __init__(self, option, problem):
        self.option = option
        super().__init__('%s %s' % (option, problem))


def _number(text, convert, option, requirement, acceptable):
    """``text`` converted, or InvalidOption saying the ``requirement``."""
    try:
        value = convert(str(text).strip())
    except ValueError:
        value = None
    if value is None or not acceptable(value):
        raise InvalidOption(option, "is '%s': it must be %s"
                            % (text, requirement))
    return value


def _positive(text, convert, option, kind):
    return _number(text, convert, option, '%s greater than 0' % kind,
                   lambda value: value > 0)


def resolve_sibling_count(conf):
    """A whole number of at least 2, or AUTO_SIBLING_COUNT."""
    text = str(conf.migration.sibling_count).strip()
    if text.lower() == AUTO_SIBLING_COUNT:
        return AUTO_SIBLING_COUNT
    return _number(conf.migration.sibling_count, int,
                   '[migration] sibling_count',
                   '"auto" or a whole number of at least 2 (one server is '
                   'not a multi-create)', lambda count: count >= 2)


def resolve_max_sibling_count(conf):
    return _number(conf.migration.max_sibling_count, int,
                   '[migration] max_sibling_count',
                   'a whole number of at least 2 (one server is not a '
                   'multi-create)', lambda count: count >= 2)


def sibling_count_for(settings, destinations):
    """How many siblings a test creates.

    :param settings: MoveSettings.
    :param destinations: how many up and enabled compute hosts the moved
        sibling could go to (its own host not counted).
    """
    if settings.sibling_count != AUTO_SIBLING_COUNT:
        return settings.sibling_count
    return max(2, min(destinations + 1, settings.max_sibling_count))


def resolve_block_migration(conf):
    """The API's block_migration value: 'auto', True or False."""
    mode = str(conf.migration.block_migration).strip().lower()
    if mode not in BLOCK_MIGRATION_MODES:
        raise InvalidOption('[migration] block_migration',
                            "is '%s': it must be one of %s"
                            % (conf.migration.block_migration,
                               ', '.join(BLOCK_MIGRATION_MODES)))
    features = conf.compute_feature_enabled
    if mode == 'true' and not features.block_migration_for_live_migration:
        raise InvalidOption(
            '[migration] block_migration',
            "is 'true' but [compute-feature-enabled] "
            "block_migration_for_live_migration is false: tempest.conf "
            "says this cloud cannot block-migrate")
    return 'auto' if mode == 'auto' else mode == 'true'


def resolve_network(conf):
    """Return (network, option it came from)."""
    if conf.migration.network:
        return conf.migration.network, '[migration] network'
    if conf.compute.fixed_network_name:
        return (conf.compute.fixed_network_name,
                '[compute] fixed_network_name')
    return 'none', '[migration] network'


def resolve_move_timeout(conf):
    if conf.migration.move_timeout is None:
        return _positive(conf.compute.build_timeout, int,
                         '[compute] build_timeout', 'a whole number')
    return _positive(conf.migration.move_timeout, int,
                     '[migration] move_timeout', 'a whole number')


def resolve_poll_interval(conf):
    if conf.migration.poll_interval is None:
        return _positive(conf.compute.build_interval, float,
                         '[compute] build_interval', 'a number')
    return _positive(conf.migration.poll_interval, float,
                     '[migration] poll_interval', 'a number')


def _boolean(conf, name):
    value = getattr(conf.migration, name)
    try:
        return strutils.bool_from_string(value, strict=True)
    except ValueError:
        raise InvalidOption('[migration] %s' % name,
                            "is '%s': it must be true or false" % value)


def resolve_evacuate(conf):
    """Whether the evacuate tests are enabled ([migration] evacuate)."""
    return _boolean(conf, 'evacuate')


def resolve_availability_zone_tests(conf):
    """Whether [migration] availability_zone_tests is on."""
    return _boolean(conf, 'availability_zone_tests')


HEARTBEAT_FORMATS = ('mtphb1',)


def resolve_guest_heartbeat(conf):
    """The heartbeat format of [migration] guest_heartbeat, or None."""
    text = str(conf.migration.guest_heartbeat).strip().lower()
    if text == 'none':
        return None
    if text not in HEARTBEAT_FORMATS:
        raise InvalidOption('[migration] guest_heartbeat',
                            "is '%s': it must be none or one of %s"
                            % (conf.migration.guest_heartbeat,
                               ', '.join(HEARTBEAT_FORMATS)))
    return text


def resolve_reachability_command(conf):
    """[migration] reachability_command as a tuple of words, or None."""
    text = conf.migration.reachability_command
    if not text or not text.strip():
        return None
    try:
        return tuple(shlex.split(text))
    except ValueError as error:
        raise InvalidOption('[migration] reachability_command',
                            "is '%s': it must split into words as a shell "
                            'would split it (%s)' % (text, error))


def resolve_reachability_interval(conf):
    return _number(conf.migration.reachability_interval, float,
                   '[migration] reachability_interval',
                   'a number of seconds from 0.005 to 1',
                   lambda seconds: 0.005 <= seconds <= 1)


def _required(value, option):
    if not value:
        raise InvalidOption(option, 'is not set: the tests need it to '
                                    'create servers')
    return value


def resolve_settings(conf):
    """Check tempest.conf and return the effective MoveSettings.

    Raises InvalidOption naming the option to fix. Pure: no API call.
    """
    network, network_option = resolve_network(conf)
    return model.MoveSettings(
        sibling_count=resolve_sibling_count(conf),
        block_migration=resolve_block_migration(conf),
        network=network,
        network_option=network_option,
        move_timeout=resolve_move_timeout(conf),
        settle_timeout=_positive(conf.migration.settle_timeout, int,
                                 '[migration] settle_timeout',
                                 'a whole number'),
        settle_period=_number(conf.migration.settle_period, float,
                              '[migration] settle_period',
                              'a number of seconds, 0 or more',
                              lambda seconds: seconds >= 0),
        poll_interval=resolve_poll_interval(conf),
        image_ref=_required(conf.compute.image_ref, '[compute] image_ref'),
        flavor_ref=_required(conf.compute.flavor_ref, '[compute] flavor_ref'),
        flavor_ref_alt=conf.compute.flavor_ref_alt,
        report_file=conf.migration.report_file,
        compute_stop_command=conf.migration.compute_stop_command,
        compute_start_command=conf.migration.compute_start_command,
        fault_command=conf.migration.fault_command,
        heal_command=conf.migration.heal_command,
        faults=tuple(fault.strip() for fault in conf.migration.faults or ()
                     if fault.strip()),
        max_sibling_count=resolve_max_sibling_count(conf),
        guest_heartbeat=resolve_guest_heartbeat(conf),
        busy_image_ref=conf.migration.busy_image_ref,
        reachability_command=resolve_reachability_command(conf),
        reachability_interval=resolve_reachability_interval(conf),
    )
