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

import dataclasses

from oslo_config import cfg
from tempest.lib import exceptions as lib_exc

migration_group = cfg.OptGroup(
    name='migration',
    title='Options for moving servers created together',
    help='Options of migration-tempest-plugin. Where an option is unset, the '
         'plugin falls back to the tempest option named in its help.')

BLOCK_MIGRATION_MODES = ('auto', 'true', 'false')

MigrationGroup = [
    cfg.IntOpt('sibling_count',
               default=2,
               min=2,
               help='How many servers each test creates in ONE request '
                    '(min_count = max_count = sibling_count). One of them is '
                    'moved, the others must stay untouched. Must be at '
                    'least 2: a single server is not a multi-create.'),
    cfg.StrOpt('block_migration',
               default='auto',
               choices=[
                   ('auto', 'Let nova decide from the storage of the two '
                            'hosts (compute API microversion 2.25 or later).'),
                   ('true', 'Always ask for a block migration. Needs '
                            '[compute-feature-enabled] '
                            'block_migration_for_live_migration = true.'),
                   ('false', 'Never ask for a block migration (shared '
                             'storage).'),
               ],
               help='Block migration mode of live migrations.'),
    cfg.StrOpt('network',
               help='Network of the servers the tests create: "none" (no '
                    'network, compute API microversion 2.37 or later), '
                    '"auto" (nova auto-allocates, 2.37 or later), or the '
                    'name or ID of an existing network. When unset: '
                    '[compute] fixed_network_name if that is set, else '
                    '"none".'),
    cfg.IntOpt('move_timeout',
               min=1,
               help='Seconds a move (and the build of the siblings) may '
                    'take until nova reports it finished. When unset: '
                    '[compute] build_timeout.'),
    cfg.FloatOpt('poll_interval',
                 help='Longest pause, in seconds, between two polls of '
                      'nova while waiting. Polling starts faster and backs '
                      'off to this. When unset: [compute] build_interval. '
                      'Must be greater than 0.'),
    cfg.BoolOpt('evacuate',
                default=False,
                help='Run the evacuate tests. They stop a nova-compute '
                     'service, mark it forced down and start it again: '
                     'destructive, so off unless enabled. Needs '
                     'compute_stop_command and compute_start_command.'),
    cfg.StrOpt('compute_stop_command',
               help='Shell command that stops the nova-compute service of '
                    'one host, run on the machine that runs tempest. '
                    '"{host}" is replaced by the compute host name, for '
                    'example: ssh {host} sudo systemctl stop '
                    'devstack@n-cpu. It must return only when the service '
                    'has stopped.'),
    cfg.StrOpt('compute_start_command',
               help='Shell command that starts the nova-compute service of '
                    'one host again, run on the machine that runs tempest. '
                    '"{host}" is replaced by the compute host name, for '
                    'example: ssh {host} sudo systemctl start '
                    'devstack@n-cpu.'),
    cfg.StrOpt('report_file',
               help='Path of a file that gets one JSON line per move and '
                    'per sibling build (timings and API request counts). '
                    'Lines are appended. When unset, no report is '
                    'written.'),
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


@dataclasses.dataclass(frozen=True)
class MoveSettings:
    """Effective values of the options the move tests use."""

    sibling_count: int
    # 'auto', True or False: the value of the API's block_migration field.
    block_migration: object
    # 'none', 'auto' or the name or ID of a network.
    network: str
    # The option ``network`` came from, to name it in errors.
    network_option: str
    move_timeout: int
    poll_interval: float
    image_ref: str
    flavor_ref: str


def _read(conf, name):
    """Value of [migration] <name>; oslo's own refusal named as an option."""
    try:
        return getattr(conf.migration, name)
    except (ValueError, cfg.ConfigFileValueError) as error:
        raise InvalidOption('[migration] %s' % name,
                            'has a value oslo.config refuses: %s' % error)


def resolve_block_migration(conf):
    mode = _read(conf, 'block_migration')
    if mode == 'auto':
        return 'auto'
    features = conf.compute_feature_enabled
    if mode == 'true' and not features.block_migration_for_live_migration:
        raise InvalidOption(
            '[migration] block_migration',
            "is 'true' but [compute-feature-enabled] "
            "block_migration_for_live_migration is false: tempest.conf "
            "says this cloud cannot block-migrate")
    return mode == 'true'


def resolve_network(conf):
    """Return (network, option it came from)."""
    network = _read(conf, 'network')
    if network:
        return network, '[migration] network'
    if conf.compute.fixed_network_name:
        return (conf.compute.fixed_network_name,
                '[compute] fixed_network_name')
    return 'none', '[migration] network'


def resolve_move_timeout(conf):
    timeout = _read(conf, 'move_timeout')
    if timeout is not None:
        return timeout
    return conf.compute.build_timeout


def resolve_poll_interval(conf):
    interval = _read(conf, 'poll_interval')
    if interval is not None:
        option = '[migration] poll_interval'
    else:
        interval, option = (conf.compute.build_interval,
                            '[compute] build_interval')
    if interval <= 0:
        raise InvalidOption(option, 'is %s: it must be greater than 0'
                            % interval)
    return interval


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
    return MoveSettings(
        # oslo.config enforces the option's minimum of 2.
        sibling_count=_read(conf, 'sibling_count'),
        block_migration=resolve_block_migration(conf),
        network=network,
        network_option=network_option,
        move_timeout=resolve_move_timeout(conf),
        poll_interval=resolve_poll_interval(conf),
        image_ref=_required(conf.compute.image_ref, '[compute] image_ref'),
        flavor_ref=_required(conf.compute.flavor_ref, '[compute] flavor_ref'),
    )
