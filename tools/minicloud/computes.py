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

"""The computes as nova sees them: services, providers, readiness."""

import datetime

import openstack

from minicloud import database
from minicloud import errors
from minicloud import processes


def compute_services(conn):
    """nova-compute services by host, as the compute API lists them."""
    return {service.host: service
            for service in conn.compute.services(binary='nova-compute')}


def restore_compute(conn, service):
    """Ask nova to clear forced_down and enable a compute service.

    Returns nova's answer ('accepted' or its refusal), or None when there
    was nothing to change. Nova refuses to clear forced_down while
    evacuations away from the host are `done`: the compute completes them
    when it starts.
    """
    if service is None or (service.status == 'enabled'
                           and not service.is_forced_down):
        return None
    try:
        if service.is_forced_down:
            conn.compute.update_service_forced_down(service, forced=False)
        if service.status != 'enabled':
            conn.compute.enable_service(service)
    except openstack.exceptions.HttpException as e:
        return str(e)
    return 'accepted'


def utc_now():
    """Now as nova stores times: UTC, naive, whole seconds."""
    return datetime.datetime.now(datetime.timezone.utc).replace(
        tzinfo=None, microsecond=0)


def reported_since(service, since):
    """Has this compute service reported (heartbeat) at or after since?

    A compute killed a moment ago still shows "up" until service_down_time
    passes: only a report newer than the new process's start counts.
    """
    updated = service and service.updated_at
    return bool(updated) and datetime.datetime.fromisoformat(
        updated).replace(microsecond=0) >= since


def is_up_and_enabled(service):
    return (service is not None and service.state == 'up'
            and service.status == 'enabled' and not service.is_forced_down)


def resource_provider_names(conn):
    return {provider.name
            for provider in conn.placement.resource_providers()}


def wait_computes_ready(settings, cloud_secrets, conn, hosts, timeout,
                        started_at, progress=lambda step: None):
    """Computes up+enabled, mapped into cell1, providers in Placement.

    A compute forced down or disabled (an evacuate test cut short) is
    brought back. started_at: host -> when this command started it;
    progress(step) is told each step done.
    """
    state = {}

    def nodes_exist():
        state['nodes'] = database.compute_node_hosts(settings, cloud_secrets)
        check_compute_processes(settings, hosts)
        return set(hosts) <= state['nodes']

    if not processes.wait_for('compute nodes', nodes_exist, timeout,
                              interval=0.5):
        raise compute_timeout(settings, hosts, 'no compute node record',
                              state['nodes'])
    progress('compute node records')
    if not set(hosts) <= database.mapped_hosts(settings, cloud_secrets):
        processes.run_logged(settings, 'discover-hosts', [
            settings.bin('nova-manage')] + settings.nova_control_args() + [
            'cell_v2', 'discover_hosts', '--verbose'])
        missing = set(hosts) - database.mapped_hosts(settings, cloud_secrets)
        if missing:
            raise errors.MinicloudError(
                'discover_hosts did not map %s; see %s' % (
                    ', '.join(sorted(missing)),
                    settings.log('setup-discover-hosts')))
        progress('hosts mapped into cell1')

    answers = {}

    def ready():
        check_compute_processes(settings, hosts)
        state['services'] = compute_services(conn)
        state['providers'] = resource_provider_names(conn)
        for host in hosts:
            answer = restore_compute(conn, state['services'].get(host))
            if answer:
                answers[host] = answer
        return all(is_up_and_enabled(state['services'].get(host))
                   and host in state['providers']
                   and (host not in started_at or reported_since(
                       state['services'][host], started_at[host]))
                   for host in hosts)

    if not processes.wait_for('computes', ready, timeout, interval=0.5):
        raise compute_timeout(settings, hosts, '%s\nnova\'s last answers to '
                              'clearing forced_down / enabling: %s' % (
                                  describe_computes(
                                      state.get('services', {}),
                                      state.get('providers', set()), hosts),
                                  answers or 'none'))


def describe_computes(services_by_host, providers, hosts):
    """One line per host: service state and resource provider presence."""
    lines = []
    for host in hosts:
        service = services_by_host.get(host)
        if service is None:
            text = 'no nova-compute service'
        else:
            text = 'state=%s status=%s forced_down=%s' % (
                service.state, service.status, service.is_forced_down)
        lines.append('%s: %s, resource provider %s' % (
            host, text, 'present' if host in providers else 'missing'))
    return '\n'.join(lines)


def check_compute_processes(settings, hosts):
    for host in hosts:
        if processes.PidFile(settings, host).alive_pid() is None:
            raise processes.service_failure(settings, host, 'exited')


def compute_timeout(settings, hosts, detail, extra=None):
    tails = '\n'.join('---- last lines of %s ----\n%s' % (
        settings.log(host), processes.log_tail(settings.log(host), 15))
        for host in hosts)
    return errors.MinicloudError(
        'computes %s not ready: %s%s\n%s\nAll logs: %s' % (
            ', '.join(hosts), detail,
            ' (found: %s)' % ', '.join(sorted(extra)) if extra else '',
            tails, settings.log_dir))
