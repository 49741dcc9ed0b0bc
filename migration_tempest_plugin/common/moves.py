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

"""Pure rules of the scheduler-driven moves: skip reasons and outcomes.

Decided from tempest.conf and microversions alone, before anything is
created.
"""

from tempest.lib.common import api_version_request

from migration_tempest_plugin.common import compute_commands
from migration_tempest_plugin import config as migration_config

# Unshelve of an offloaded server to a requested host.
UNSHELVE_HOST_MICROVERSION = '2.91'
# From this microversion an evacuated server ends stopped.
EVACUATE_STOPS_SERVER_MICROVERSION = '2.95'


def _at_least(microversion, minimum):
    return (api_version_request.APIVersionRequest(microversion)
            >= api_version_request.APIVersionRequest(minimum))


def host_request_skip_reason(conf):
    """Why no test may name the destination host, or None."""
    if conf.compute_feature_enabled.can_migrate_between_any_hosts:
        return None
    return ('Requesting a host needs [compute-feature-enabled] '
            'can_migrate_between_any_hosts = True')


# Statuses of a live migration's record until it ends.
LIVE_MIGRATION_ACTIVE = ('accepted', 'queued', 'preparing', 'running',
                         'running (post-copy)')


def busy_image_skip_reason(conf):
    """Why no test may catch a live migration in flight, or None."""
    if conf.migration.busy_image_ref:
        return None
    return ('[migration] busy_image_ref is not set: aborting or '
            'force-completing a live migration needs guests whose live '
            'migration stays in flight (on nova\'s fake driver every live '
            'migration ends at once)')


def in_flight(server_migration):
    """Whether a live migration's copy is under way (GET, 2.23+).

    nova's libvirt driver saves the transfer's progress once it sees the
    hypervisor's migration job run; before that, an abort finds no job to
    cancel and a force-complete no job to pause.
    """
    return (server_migration.status == 'running'
            and bool(server_migration.memory_total_bytes))


def resize_skip_reason(conf):
    """Why the resize tests cannot run, or None; no API call."""
    alt = conf.compute.flavor_ref_alt
    if not alt:
        return ('[compute] flavor_ref_alt is not set: the resize tests '
                'resize to it')
    if alt == conf.compute.flavor_ref:
        return ('[compute] flavor_ref_alt is %s, the same flavor as '
                '[compute] flavor_ref: a resize needs another flavor' % alt)
    return None


def back_and_forth_skip_reason(conf):
    if conf.compute_feature_enabled.live_migrate_back_and_forth:
        return None
    return ('Live migrating back and forth is disabled in tempest.conf: '
            '[compute-feature-enabled] live_migrate_back_and_forth = False')


def evacuate_skip_reason(conf):
    """Why the evacuate tests cannot run, or None; no API call.

    A value of [migration] evacuate that is not a boolean is an error
    (InvalidOption), not a skip.
    """
    if not migration_config.resolve_evacuate(conf):
        return ('Evacuate tests stop a nova-compute service and are off '
                'unless enabled: [migration] evacuate = False')
    commands = conf.migration
    for option, value in (
            (compute_commands.STOP_OPTION, commands.compute_stop_command),
            (compute_commands.START_OPTION, commands.compute_start_command)):
        if not (value or '').strip():
            return ('%s is not set: the evacuate tests need it to stop and '
                    'start a nova-compute service' % option)
    return None


def zone_tests_skip_reason(conf):
    """Why the availability zone tests cannot run, or None; no API call."""
    if migration_config.resolve_availability_zone_tests(conf):
        return None
    return ('The availability zone tests need two zones, one with two '
            'computes, which tempest.conf cannot say: they are off unless '
            '[migration] availability_zone_tests = True')


def evacuated_server_status(microversion, status_before):
    """The status nova gives an evacuated server.

    From microversion 2.95 nova stops an evacuated server; before, it keeps
    the status it had.
    """
    if _at_least(microversion, EVACUATE_STOPS_SERVER_MICROVERSION):
        return 'SHUTOFF'
    return status_before


def _ceil_gib(mebibytes):
    return -(-mebibytes // 1024)


def parse_cpu_spec(spec, vcpus):
    """The CPU numbers of a mask such as "0-3,^2"; "^1" means all but 1.

    As nova reads ``hw:cpu_dedicated_mask`` and ``hw:cpu_realtime_mask``.
    """
    if spec.strip().startswith('^'):
        spec = '0-%d,%s' % (vcpus - 1, spec)
    chosen, rejected = set(), set()
    for rule in (rule.strip() for rule in spec.split(',')):
        if not rule:
            continue
        into = rejected if rule.startswith('^') else chosen
        first, _, last = rule.lstrip('^').partition('-')
        into.update(range(int(first), int(last or first) + 1))
    return chosen - rejected


def _is_true(value):
    return str(value).strip().lower() in ('1', 'true', 'yes', 'on')


def _dedicated_cpus(flavor, extra_specs):
    """How many of the flavor's guest CPUs are pinned (PCPU)."""
    policy = extra_specs.get('hw:cpu_policy')
    if policy == 'dedicated':
        return flavor.vcpus
    if policy != 'mixed':
        return 0
    mask = extra_specs.get('hw:cpu_dedicated_mask')
    if not mask and _is_true(extra_specs.get('hw:cpu_realtime')):
        mask = extra_specs.get('hw:cpu_realtime_mask') or (
            '0-%d' % (flavor.vcpus - 1))
    return len(parse_cpu_spec(mask or '', flavor.vcpus))


def flavor_resources(flavor):
    """{resource class: amount} nova allocates for a server of ``flavor``.

    As nova's scheduler derives it for a server booted from an image (the
    flavor's extra specs only; image properties are not read): VCPU,
    MEMORY_MB, and DISK_GB for root, ephemeral and swap disks; pinned CPUs
    (``hw:cpu_policy`` dedicated, or the dedicated part of mixed) are PCPU
    instead of VCPU, with one more PCPU for an isolated emulator thread;
    ``resources:<class>`` extra specs replace a derived amount and
    ``resources<group>:<class>`` ones add to it; an amount of 0 is not
    allocated. ``flavor`` needs its extra specs: a flavor looked up with
    them, or the one a server embeds (microversion 2.47 and later).
    """
    extra_specs = flavor.extra_specs or {}
    pinned = _dedicated_cpus(flavor, extra_specs)
    isolated_emulator = (pinned and extra_specs.get(
        'hw:emulator_threads_policy') == 'isolate')
    resources = {
        'VCPU': flavor.vcpus - pinned,
        'PCPU': pinned + (1 if isolated_emulator else 0),
        'MEMORY_MB': flavor.ram,
        'DISK_GB': ((flavor.disk or 0) + (flavor.ephemeral or 0)
                    + _ceil_gib(int(flavor.swap or 0))),
    }
    grouped = {}
    for key, value in extra_specs.items():
        prefix, _, resource_class = key.partition(':')
        if prefix == 'resources':
            resources[resource_class] = int(value)
        elif prefix.startswith('resources') and resource_class:
            grouped[resource_class] = (grouped.get(resource_class, 0)
                                       + int(value))
    for resource_class, amount in grouped.items():
        resources[resource_class] = resources.get(resource_class, 0) + amount
    return {resource: amount for resource, amount in resources.items()
            if amount}
