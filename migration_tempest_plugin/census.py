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

"""Leak census: what a tempest run left in the cloud, and its cleanup.

A census counts, as the admin sees the whole cloud and for the resources
of the run, servers, ports, Placement consumers holding allocations,
unfinished migrations, the projects and users of dynamic credentials,
images (shelve snapshots), keypairs, server groups, security groups,
networks, volumes (where the cloud has a volume service) and the compute
services that are not up, enabled and free of forced_down.
The run's resources are those named with its ``[DEFAULT]
resource_name_prefix`` (tempest names servers so), the dynamic-credential
projects and users its tempest log lists (tempest names those with the
fixed prefix "tempest", whatever the option says), and what lives in, runs
on or moves a server of those. Whatever a census after the run holds that
the census before did not is a leak.

    python -m migration_tempest_plugin.census --os-cloud NAME \\
        --prefix PREFIX snapshot FILE     # before the run
    python -m migration_tempest_plugin.census --os-cloud NAME \\
        --prefix PREFIX compare FILE      # after: one line, exit 1 on leak
    python -m migration_tempest_plugin.census --os-cloud NAME \\
        --prefix PREFIX --tempest-log LOG cleanup   # delete the run's

Admin credentials come from clouds.yaml or OS_* variables, as for any
openstacksdk program.
"""

import argparse
import json
import os
import re
import sys
import time

import openstack

CATEGORIES = ('servers', 'ports', 'consumers', 'migrations', 'projects',
              'users', 'images', 'keypairs', 'server_groups',
              'security_groups', 'networks', 'volumes', 'computes')

# Owned resources: (category, field of its owning project) in the state.
_PROJECT_OWNED = (('images', 'owner'), ('server_groups', 'project_id'),
                  ('security_groups', 'project_id'),
                  ('networks', 'project_id'), ('volumes', 'project_id'))

# Migration statuses after which nova does nothing more with the record.
# 'done' is not one: an evacuation stays 'done' until its source compute
# cleans up (and frees the source allocation).
FINISHED_MIGRATION_STATUSES = frozenset(
    ('completed', 'confirmed', 'reverted', 'error', 'failed', 'cancelled'))

# Placement microversion whose GET /allocations/{consumer} has project_id.
CONSUMER_MICROVERSION = '1.12'

# Tempest's dynamic credentials provider names its projects and users
# "tempest-<test class>-<number>..." whatever resource_name_prefix says.
CREDENTIALS_PREFIX = 'tempest'

# How tempest logs each set of dynamic credentials it creates (no password).
_ACQUIRED = re.compile(r"Acquired dynamic creds:\s*credentials: Credentials: "
                       r"(\{[^}]*\})")
_FIELD = re.compile(r"'(project_id|user_id)': '([^']+)'")


def credentials_from_log(text):
    """(project IDs, user IDs) of the dynamic credentials a log lists."""
    found = {'project_id': set(), 'user_id': set()}
    for fields in _ACQUIRED.findall(text):
        for name, value in _FIELD.findall(fields):
            found[name].add(value)
    return found['project_id'], found['user_id']


def named_by(prefix, name):
    """Whether tempest named ``name`` with ``prefix`` (rand_name's form)."""
    return bool(prefix) and (name or '').startswith(prefix + '-')


def count(state, prefix, run_projects=(), run_users=()):
    """The census of a cloud state: {view: {category: sorted IDs}}.

    :param state: what the admin sees, as plain data: ``servers`` (dicts
        with id, name, project_id), ``ports`` (id, device_id, project_id),
        ``consumers`` ({consumer uuid: project id} of every consumer with
        an allocation), ``migrations`` (uuid, instance_uuid, status),
        ``projects`` and ``users`` (id, name); and, absent in a state of an
        older census, ``images`` (id, name, owner), ``keypairs`` (id,
        user_id), ``server_groups``, ``security_groups``, ``networks`` and
        ``volumes`` (id, name, project_id), ``computes`` (id, host, state,
        status, forced_down).
    :param prefix: ``[DEFAULT] resource_name_prefix`` of the run.
    :param run_projects: IDs of the run's dynamic-credential projects.
    :param run_users: IDs of the run's dynamic-credential users.
    :returns: three views. 'admin': the whole cloud (projects and users:
        those named as tempest names them). 'run': what the run's prefix
        names, its logged credentials, and what lives in, runs on or moves
        a server of those. 'tempest': the same for tempest's default name
        prefix and no log, which covers runs made with the defaults.
    """
    unfinished = [m for m in state['migrations']
                  if m['status'] not in FINISHED_MIGRATION_STATUSES]
    admin = {
        'servers': [s['id'] for s in state['servers']],
        'ports': [p['id'] for p in state['ports']],
        'consumers': list(state['consumers']),
        'migrations': [m['uuid'] for m in unfinished],
        'projects': [p['id'] for p in state['projects']
                     if _credentials_name(prefix, p['name'])],
        'users': [u['id'] for u in state['users']
                  if _credentials_name(prefix, u['name'])],
        'keypairs': [k['id'] for k in state.get('keypairs', [])],
        'computes': _unusable_computes(state),
    }
    for category, _ in _PROJECT_OWNED:
        admin[category] = [item['id'] for item in state.get(category, [])]
    return {'admin': _sorted(admin),
            'run': _owned(state, unfinished, prefix, run_projects,
                          run_users),
            'tempest': _owned(state, unfinished, CREDENTIALS_PREFIX, (), ())}


def _owned(state, unfinished, prefix, run_projects, run_users):
    """The run's view of count()."""
    projects = {p['id'] for p in state['projects']
                if named_by(prefix, p['name']) or p['id'] in run_projects}
    # What the run's projects own stays the run's once they are deleted.
    owners = projects | set(run_projects)
    users = {u['id'] for u in state['users']
             if named_by(prefix, u['name']) or u['id'] in run_users}
    servers = {s['id'] for s in state['servers']
               if named_by(prefix, s['name']) or s['project_id'] in owners}
    moves = {m['uuid'] for m in state['migrations']
             if m['instance_uuid'] in servers}
    view = {
        'servers': servers,
        'ports': [p['id'] for p in state['ports']
                  if p['project_id'] in owners
                  or p['device_id'] in servers],
        'consumers': [uuid for uuid, project in state['consumers'].items()
                      if uuid in servers or uuid in moves
                      or project in owners],
        'migrations': [m['uuid'] for m in unfinished
                       if m['instance_uuid'] in servers],
        'projects': projects,
        'users': users,
        'keypairs': [k['id'] for k in state.get('keypairs', [])
                     if k['user_id'] in users | set(run_users)],
        # Services belong to no run: one left unusable is the run's.
        'computes': _unusable_computes(state),
    }
    for category, owner in _PROJECT_OWNED:
        view[category] = [item['id'] for item in state.get(category, [])
                          if item[owner] in owners
                          or named_by(prefix, item.get('name'))]
    return _sorted(view)


def _unusable_computes(state):
    """'host: how' of each compute not up, enabled and not forced down."""
    return ['%s: state=%s status=%s forced_down=%s' % (
        c['host'], c['state'], c['status'], c['forced_down'])
        for c in state.get('computes', [])
        if (c['state'], c['status'], bool(c['forced_down']))
        != ('up', 'enabled', False)]


def _credentials_name(prefix, name):
    return named_by(prefix, name) or named_by(CREDENTIALS_PREFIX, name)


def _sorted(view):
    return {category: sorted(view[category]) for category in CATEGORIES}


def leaked(before, after, excuse_other_runs=False):
    """{category: IDs} in the admin or run view of ``after``, not before.

    :param excuse_other_runs: leave out of the admin view what tempest's
        default naming owns: on a cloud other tempest runs share, their
        servers and credentials come and go. The run's own view (with its
        own prefix and log) is always counted.
    """
    found = {}
    for category in CATEGORIES:
        if category not in before['admin']:
            # Saved by an older version, which did not count it.
            found[category] = []
            continue
        admin = set(after['admin'][category]) - set(
            before['admin'][category])
        if excuse_other_runs:
            admin -= set(after['tempest'][category])
        found[category] = sorted(admin | (set(after['run'][category])
                                          - set(before['run'][category])))
    return found


def _counts(view):
    return ' '.join('%s=%d' % (category, len(view.get(category, [])))
                    for category in CATEGORIES)


def census_line(before, after, leaks):
    """One line: the run's and the admin's counts before/after, leaks."""
    return ('census: run before [%s] after [%s]; admin before [%s] after '
            '[%s]; leaked [%s] total=%d' % (
                _counts(before['run']), _counts(after['run']),
                _counts(before['admin']), _counts(after['admin']),
                _counts(leaks), total(leaks)))


def total(leaks):
    return sum(len(ids) for ids in leaks.values())


# Reading the cloud (admin connection).

def _consumers(conn):
    consumers = {}
    for provider in conn.placement.resource_providers():
        answer = conn.placement.get(
            '/resource_providers/%s/allocations' % provider.id)
        for uuid in answer.json()['allocations']:
            consumers[uuid] = None
    for uuid in consumers:
        answer = conn.placement.get('/allocations/%s' % uuid,
                                    microversion=CONSUMER_MICROVERSION)
        consumers[uuid] = answer.json().get('project_id')
    return consumers


def _keypairs(conn, users):
    """Keypairs of the given users (nova lists another's by user_id)."""
    return [{'id': '%s/%s' % (user['id'], keypair.name),
             'user_id': user['id']}
            for user in users
            for keypair in conn.compute.keypairs(user_id=user['id'])]


def _owned_items(items, owner='project_id'):
    return [{'id': item.id, 'name': item.name,
             'project_id': getattr(item, owner)} for item in items]


def cloud_state(conn, keypair_users=()):
    """What the admin ``conn`` sees, in the form ``count`` takes.

    :param keypair_users: IDs of users whose keypairs to list besides the
        admin's and those of users named as tempest names them (nova
        lists keypairs per user).
    """
    users = [{'id': u.id, 'name': u.name} for u in conn.identity.users()]
    listed = [user for user in users
              if named_by(CREDENTIALS_PREFIX, user['name'])
              or user['id'] in keypair_users
              or user['id'] == conn.current_user_id]
    listed += [{'id': user_id} for user_id in set(keypair_users)
               - {user['id'] for user in users}]
    volumes = (_owned_items(conn.block_storage.volumes(all_projects=True))
               if conn.has_service('block-storage') else [])
    return {
        'servers': [{'id': s.id, 'name': s.name, 'project_id': s.project_id}
                    for s in conn.compute.servers(all_projects=True)],
        'ports': [{'id': p.id, 'device_id': p.device_id,
                   'project_id': p.project_id}
                  for p in conn.network.ports()],
        'consumers': _consumers(conn),
        'migrations': [{'uuid': m.uuid, 'instance_uuid': m.server_id,
                        'status': m.status}
                       for m in conn.compute.migrations()],
        'projects': [{'id': p.id, 'name': p.name}
                     for p in conn.identity.projects()],
        'users': users,
        'images': [{'id': i.id, 'name': i.name, 'owner': i.owner_id}
                   for i in conn.image.images()],
        'keypairs': _keypairs(conn, listed),
        'server_groups': _owned_items(conn.compute.server_groups(
            all_projects=True)),
        'security_groups': _owned_items(conn.network.security_groups()),
        'networks': _owned_items(conn.network.networks()),
        'volumes': volumes,
        'computes': [{'id': c.id, 'host': c.host, 'state': c.state,
                      'status': c.status, 'forced_down': c.is_forced_down}
                     for c in conn.compute.services(binary='nova-compute')],
    }


def take(conn, prefix, run_credentials=((), ())):
    """The census now; ``run_credentials`` as credentials_from_log's."""
    return count(cloud_state(conn, run_credentials[1]), prefix,
                 *run_credentials)


def settled_leaks(conn, prefix, before, timeout, run_credentials=((), ()),
                  excuse_other_runs=False, interval=5.0,
                  clock=time.monotonic, sleep=time.sleep):
    """The census after the run and its leaks, once nothing more goes.

    Deletions end asynchronously (a server's allocations go after it), so
    the census is taken again until no leak is left or ``timeout`` passes.
    """
    deadline = clock() + timeout
    while True:
        after = take(conn, prefix, run_credentials)
        leaks = leaked(before, after, excuse_other_runs)
        if not total(leaks) or clock() >= deadline:
            return after, leaks
        sleep(interval)


def cleanup(conn, prefix, run_credentials=((), ()), timeout=300,
            log=print):
    """Delete what a run named ``prefix`` left; returns what it deleted.

    Servers named with the prefix or in its projects (and with them their
    ports and allocations), allocations still held for them or their
    migrations, ports, images, server groups, volumes, security groups,
    networks and keypairs of the run, then its users and projects. A
    refused delete stops none of the others: it is logged, and the first
    refusal is raised at the end. A compute left down is reported by the
    census, not started: that takes the operator's own command.
    """
    if not prefix:
        raise ValueError('a prefix is needed: without one every server '
                         'would match')
    refusals = []

    def delete(what, item_id, call, *args, **kwargs):
        log('deleting %s %s' % (what, item_id))
        try:
            call(*args, **kwargs)
        except Exception as refusal:  # the others must still go
            log('could not delete %s %s: %s' % (what, item_id, refusal))
            refusals.append(refusal)

    run = take(conn, prefix, run_credentials)['run']
    for server_id in run['servers']:
        delete('server', server_id, conn.compute.delete_server, server_id,
               ignore_missing=True)
    for server_id in run['servers']:
        server = conn.compute.find_server(server_id, all_projects=True)
        if server is not None:
            delete('(waiting for) server', server_id,
                   conn.compute.wait_for_delete, server, wait=timeout)
    run = take(conn, prefix, run_credentials)['run']
    for port_id in run['ports']:
        delete('port', port_id, conn.network.delete_port, port_id,
               ignore_missing=True)
    for uuid in run['consumers']:
        delete('allocations of consumer', uuid, conn.placement.delete,
               '/allocations/%s' % uuid)
    # (category, service, its delete call): a service is looked up only
    # for what the run left of it (a cloud may have no volume service).
    for category, service, call in (
            ('images', 'image', 'delete_image'),
            ('server_groups', 'compute', 'delete_server_group'),
            ('volumes', 'block_storage', 'delete_volume'),
            ('security_groups', 'network', 'delete_security_group'),
            ('networks', 'network', 'delete_network')):
        for item_id in run[category]:
            delete(category.replace('_', ' ')[:-1], item_id,
                   getattr(getattr(conn, service), call), item_id,
                   ignore_missing=True)
    for keypair in run['keypairs']:
        user_id, name = keypair.split('/', 1)
        delete('keypair', keypair, conn.compute.delete_keypair, name,
               ignore_missing=True, user_id=user_id)
    for user_id in run['users']:
        delete('user', user_id, conn.identity.delete_user, user_id,
               ignore_missing=True)
    for project_id in run['projects']:
        delete('project', project_id, conn.identity.delete_project,
               project_id, ignore_missing=True)
    if refusals:
        raise refusals[0]
    return run


def logged_credentials(paths):
    """credentials_from_log of the logs that exist among ``paths``."""
    projects, users = set(), set()
    for path in paths:
        if not os.path.exists(path):
            continue
        with open(path, errors='replace') as log:
            found = credentials_from_log(log.read())
        projects |= found[0]
        users |= found[1]
    return projects, users


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog='python -m migration_tempest_plugin.census',
        description=__doc__.split('\n\n')[0])
    parser.add_argument('--os-cloud', help='cloud of clouds.yaml (admin)')
    parser.add_argument('--prefix', default='tempest',
                        help="tempest's [DEFAULT] resource_name_prefix of "
                             "the run (default: %(default)s)")
    parser.add_argument('--tempest-log', action='append', default=[],
                        help="tempest log of the run: its dynamic "
                             "credentials are the run's (repeatable)")
    commands = parser.add_subparsers(dest='command', required=True)
    snapshot = commands.add_parser('snapshot', help='save a census')
    snapshot.add_argument('file')
    compare = commands.add_parser(
        'compare', help='census now against a saved one; exit 1 on a leak')
    compare.add_argument('file')
    compare.add_argument('--settle', type=float, default=60,
                         help='seconds to wait for deletions to end')
    commands.add_parser('cleanup', help='delete what the prefix names')
    args = parser.parse_args(argv)
    conn = openstack.connect(cloud=args.os_cloud)
    run_credentials = logged_credentials(args.tempest_log)
    if args.command == 'snapshot':
        with open(args.file, 'w') as f:
            json.dump(take(conn, args.prefix, run_credentials), f)
        return 0
    if args.command == 'compare':
        with open(args.file) as f:
            before = json.load(f)
        after, leaks = settled_leaks(conn, args.prefix, before, args.settle,
                                     run_credentials)
        print(census_line(before, after, leaks))
        for category, ids in leaks.items():
            if ids:
                print('census: leaked %s: %s' % (category, ', '.join(ids)))
        return 1 if total(leaks) else 0
    cleanup(conn, args.prefix, run_credentials)
    left = take(conn, args.prefix, run_credentials)['run']
    print('cleanup: left by prefix %s: [%s]' % (args.prefix, _counts(left)))
    return 1 if total(left) else 0


if __name__ == '__main__':
    sys.exit(main())
