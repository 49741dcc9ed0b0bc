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

"""What nova says about a server, its moves and the computes, as text.

For failure messages and diagnostics: the server's state and fault, its
migration records, its instance actions with their events, and how nova
sees the compute services involved. Read through an admin connection.
"""

import datetime

from keystoneauth1 import discover
from openstack.compute.v2 import server_action as sdk_server_action
from openstack import exceptions as sdk_exc

from migration_tempest_plugin.common import placement
from migration_tempest_plugin.common import ports


# Instance action events carry the host and the error message from 2.62 and
# 2.84 on.


EVENT_DETAILS_MICROVERSION = '2.84'


def describe_service(service):
    """'host (state, status[: why], forced down, zone z)' of a service."""
    status = service.status
    if status != 'enabled' and service.disabled_reason:
        status += ': %s' % service.disabled_reason
    return '%s (%s, %s%s, zone %s)' % (
        service.host, service.state, status,
        ', forced down' if service.is_forced_down else '',
        service.availability_zone)


def describe_server_state(server):
    return ('status=%s task_state=%s vm_state=%s host=%s node=%s'
            % (server.status, server.task_state, server.vm_state,
               server.compute_host, server.hypervisor_hostname))


def server_migrations(conn, server_id, migration_type=None):
    """Migration records of a server, newest first."""
    query = {'server_id': server_id}
    if migration_type:
        query['migration_type'] = migration_type
    migrations = list(conn.compute.migrations(**query))
    return sorted(migrations, key=lambda m: (m.created_at or '', m.id or 0),
                  reverse=True)


def describe_migration(migration):
    return ('migration %s (id %s): type=%s status=%s source=%s/%s '
            'dest=%s/%s created=%s updated=%s'
            % (migration.uuid, migration.id, migration.migration_type,
               migration.status, migration.source_compute,
               migration.source_node, migration.dest_compute,
               migration.dest_node, migration.created_at,
               migration.updated_at))


def _seconds_since(stamp, now):
    """Seconds from a nova time stamp (UTC) to ``now``, or None."""
    try:
        then = datetime.datetime.fromisoformat(str(stamp).replace('Z', ''))
    except ValueError:
        return None
    return (now - then.replace(tzinfo=None)).total_seconds()


def describe_held(conn, consumer_uuid):
    """'compute1 (<provider>) MEMORY_MB=64, VCPU=1; ...', or 'nothing'."""
    held = placement.allocations(conn, consumer_uuid)
    names = ({provider.id: provider.name
              for provider in conn.placement.resource_providers()}
             if held else {})
    return '; '.join('%s (%s) %s' % (
        names.get(provider, '?'), provider,
        ', '.join('%s=%s' % item for item in sorted(resources.items())))
        for provider, resources in sorted(held.items())) or 'nothing'


def describe_stuck(conn, server_id, migration,
                   now=lambda: datetime.datetime.now(
                       datetime.timezone.utc).replace(tzinfo=None)):
    """A move nova never ended: since when, and what nova holds for it.

    The plugin's own words for a move stuck half-way (a compute gone
    under it), read when a wait for the move runs out.
    """
    since = migration.updated_at or migration.created_at
    seconds = _seconds_since(since, now())
    server = conn.compute.get_server(server_id)
    return ('the move is stuck: %s has been %s since %s%s; nova holds the '
            'server %s; Placement holds for the server: %s; under the '
            'migration: %s' % (
                describe_migration(migration), migration.status, since,
                ' (%.0f s)' % seconds if seconds is not None else '',
                describe_server_state(server),
                describe_held(conn, server_id),
                describe_held(conn, migration.uuid)))


def describe_event(event):
    # Nova keeps no exception message in the traceback; 2.84's details
    # has it (for example "No valid host was found...").
    if event.details:
        said = ' details: %s' % event.details
    elif event.traceback:
        last_line = event.traceback.strip().splitlines()[-1].strip()
        said = ' traceback ends: %s' % last_line
    else:
        said = ''
    return '%s result=%s host=%s%s' % (event.event, event.result, event.host,
                                       said)


def describe_action(action):
    events = '; '.join(describe_event(event) for event in action.events or [])
    return ('action %s request=%s message=%s events: %s'
            % (action.action, action.request_id, action.message,
               events or 'none'))


def action_with_events(conn, server_id, request_id):
    """One instance action with its events (the list of actions has none).

    Read at EVENT_DETAILS_MICROVERSION where the cloud serves it, else at
    the connection's own.
    """
    microversion = event_details_microversion(conn)
    at = {'microversion': microversion} if microversion else {}
    response = conn.compute.get('/servers/%s/os-instance-actions/%s'
                                % (server_id, request_id), **at)
    sdk_exc.raise_from_response(response)
    return sdk_server_action.ServerAction.existing(
        **response.json()['instanceAction'])


def event_details_microversion(conn):
    """EVENT_DETAILS_MICROVERSION if the cloud serves it, else None.

    Only diagnostics read at it: the tested calls keep the connection's
    microversion.
    """
    endpoint = conn.compute.get_endpoint_data()
    if endpoint and endpoint.max_microversion and discover.version_between(
            endpoint.min_microversion, endpoint.max_microversion,
            EVENT_DETAILS_MICROVERSION):
        return EVENT_DETAILS_MICROVERSION
    return None


def describe_computes_involved(conn, server, migrations):
    """How nova sees the server's computes and those not up and enabled.

    A move that never ends is often a compute that died under it; one the
    scheduler tried and lost shows in no record, only in "No valid host".
    """
    involved = {server.compute_host}
    for migration in migrations:
        involved |= {migration.source_compute, migration.dest_compute}
    services = [service for service in conn.compute.services(
        binary='nova-compute') if service.host in involved
        or (service.state, service.status) != ('up', 'enabled')]
    return 'nova-compute of the hosts involved or not up and enabled: ' \
        '%s' % (', '.join(describe_service(service) for service in
                          sorted(services, key=lambda service: service.host))
                or 'none')


def what_the_cloud_said(conn, server_id):
    """Server state and fault, ports, migration records, instance actions.

    ``conn`` must be an admin connection: hosts, migrations, port bindings
    and action event tracebacks are admin-only.
    """
    lines = []
    try:
        server = conn.compute.get_server(server_id)
    except sdk_exc.NotFoundException:
        return 'server %s: not found' % server_id
    lines.append('server %s: %s' % (server_id, describe_server_state(server)))
    if server.fault:
        lines.append('fault: %s' % server.fault)
    lines += ports.describe_server_ports(conn, server_id)
    migrations = server_migrations(conn, server_id)
    for migration in migrations:
        lines.append(describe_migration(migration))
    lines.append(describe_computes_involved(conn, server, migrations))
    for action in conn.compute.server_actions(server_id):
        lines.append(describe_action(action_with_events(
            conn, server_id, action.request_id)))
    return '\n'.join(lines)
