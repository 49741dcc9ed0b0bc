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

"""Checks that a sibling moved the way nova says a move ends.

One helper for every kind of move: the kind only changes the expectations
(migration type and status, final server status, flavor, target host).
"""

import contextlib

from migration_tempest_plugin.common import describe
from migration_tempest_plugin.common import model
from migration_tempest_plugin.common import moves
from migration_tempest_plugin.common import placement
from migration_tempest_plugin.common import ports
from migration_tempest_plugin.common import scrubbing
from migration_tempest_plugin.common import waiters


def server_flavor_name(server):
    """The flavor name of a server (microversion 2.47+ embeds it)."""
    return server.flavor.original_name or server.flavor.name


def sibling_from_server(server):
    """Record a server seen through an admin connection."""
    return model.Sibling(id=server.id, name=server.name, status=server.status,
                         host=server.compute_host,
                         node=server.hypervisor_hostname,
                         availability_zone=server.availability_zone,
                         flavor=server_flavor_name(server),
                         reservation_id=server.reservation_id)


class MoveVerificationError(AssertionError):
    """The move did not end as expected; says what the cloud said."""


def _check_host(server, moved, expected, problems):
    if expected.returns_to_source:
        if server.compute_host != moved.host:
            problems.append('server is on %s, a reverted move ends on its '
                            'source host %s' % (server.compute_host,
                                                moved.host))
        return
    if expected.host_must_change and server.compute_host == moved.host:
        problems.append('server is still on its source host %s'
                        % moved.host)
    if expected.target_host and server.compute_host != expected.target_host:
        problems.append('server is on %s, the move asked for %s'
                        % (server.compute_host, expected.target_host))


def _check_flavor(server, moved, expected, problems):
    wanted = expected.flavor_name or moved.flavor
    flavor = server_flavor_name(server)
    if flavor != wanted:
        problems.append('server has flavor %s, expected %s%s'
                        % (flavor, wanted, '' if expected.flavor_name
                           else ' (its flavor before the move)'))


def _check_migration(migration, moved, server, expected, problems):
    if migration.migration_type != expected.migration_type:
        problems.append('migration record has type %s, expected %s'
                        % (migration.migration_type,
                           expected.migration_type))
    if migration.source_compute != moved.host:
        problems.append('migration record has source %s, the server was on '
                        '%s' % (migration.source_compute, moved.host))
    if (not expected.returns_to_source
            and migration.dest_compute != server.compute_host):
        problems.append('migration record has destination %s, the server '
                        'is on %s' % (migration.dest_compute,
                                      server.compute_host))


class ProviderTrees:
    """Placement's provider trees of compute nodes, read in one request.

    A compute node's resources may sit in child providers (nested
    resource providers), so a server's allocation "on a host" is what it
    holds on any provider of the host's tree.
    """

    def __init__(self, conn):
        self.conn = conn
        self._providers = None

    def providers(self):
        if self._providers is None:
            self._providers = list(self.conn.placement.resource_providers())
        return self._providers

    def tree(self, node, problems):
        """UUIDs of the node's provider tree, or None (a problem said)."""
        roots = [provider.id for provider in self.providers()
                 if provider.name == node]
        if len(roots) != 1:
            problems.append('Placement has %d resource providers named '
                            '%s: %s' % (len(roots), node, roots))
            return None
        return {provider.id for provider in self.providers()
                if roots[0] in (provider.id, provider.root_provider_id)}


def _sum_on(held, tree):
    """{resource class: amount} ``held`` holds on the providers of tree."""
    summed = {}
    for provider in tree:
        for resource, amount in held.get(provider, {}).items():
            summed[resource] = summed.get(resource, 0) + amount
    return summed


def _check_held(what, held, expected_by_node, trees, problems):
    """``held`` must be exactly the expected amounts on each node's tree.

    :param expected_by_node: {node: {resource class: amount}}.
    """
    expected_trees = {}
    for node, resources in expected_by_node.items():
        tree = trees.tree(node, problems)
        if tree is None:
            return
        expected_trees[node] = tree
        on_node = _sum_on(held, tree)
        if on_node != resources:
            problems.append('%s holds %s on %s, expected %s'
                            % (what, on_node or 'nothing', node, resources))
    allowed = set().union(*expected_trees.values())
    elsewhere = sorted(set(held) - allowed)
    if elsewhere:
        problems.append('%s holds allocations on providers of no host it '
                        'should be on (%s): %s'
                        % (what, ', '.join(sorted(expected_by_node)),
                           {provider: held[provider]
                            for provider in elsewhere}))


def _check_allocations(conn, trees, server, moved, migration, expected,
                       problems):
    resources = (expected.allocated_resources
                 or moves.flavor_resources(server.flavor))
    expected_by_node = {server.hypervisor_hostname: resources}
    if not expected.allocations_on_destination_only:
        # The source still holds what the server had there.
        expected_by_node.setdefault(moved.node, resources)
    _check_held('server %s' % server.id,
                placement.allocations(conn, server.id),
                expected_by_node, trees, problems)
    if migration is not None:
        left = placement.allocations(conn, migration.uuid)
        if left:
            problems.append('allocations left under the migration %s: %s'
                            % (migration.uuid, left))


def servers_now(conn, siblings):
    """{server ID: server} of the siblings as nova shows them now.

    Siblings of one request are read in one request (by their
    reservation); others one by one.
    """
    reservations = {sibling.reservation_id for sibling in siblings}
    if len(reservations) == 1 and None not in reservations:
        found = {server.id: server for server in conn.compute.servers(
            all_projects=True, reservation_id=reservations.pop())}
        if {sibling.id for sibling in siblings} <= set(found):
            return found
    return {sibling.id: conn.compute.get_server(sibling.id)
            for sibling in siblings}


def check_sibling(conn, trees, sibling, now, problems):
    """The sibling is as recorded: host, status, flavor and allocation.

    ``now`` is the sibling as nova shows it now. Its allocation must be
    exactly its flavor's resources on its host.
    """
    if (now.compute_host, now.status, now.task_state,
            server_flavor_name(now)) != (sibling.host, sibling.status, None,
                                         sibling.flavor):
        problems.append(
            'sibling %s changed: was %s on %s with flavor %s, now %s '
            'flavor=%s' % (sibling.id, sibling.status, sibling.host,
                           sibling.flavor, describe.describe_server_state(now),
                           server_flavor_name(now)))
    _check_held('sibling %s' % sibling.id,
                placement.allocations(conn, sibling.id),
                {sibling.node: moves.flavor_resources(now.flavor)}, trees,
                problems)


def check_siblings_recorded(conn, siblings):
    """Raise MoveVerificationError unless every sibling is as recorded.

    For siblings just built: nothing moved yet, so each must hold exactly
    its flavor's resources on its own host.
    """
    trees = ProviderTrees(conn)
    problems = []
    now = servers_now(conn, siblings)
    for sibling in siblings:
        check_sibling(conn, trees, sibling, now[sibling.id], problems)
    if problems:
        raise MoveVerificationError(scrubbing.scrub(
            'Siblings %s are not as built:\n- %s'
            % (', '.join(sibling.id for sibling in siblings),
               '\n- '.join(problems))))


def _wait_for_migration_allocations_freed(conn, migration, timeout,
                                          interval, report):
    """Wait until nothing is allocated under the migration's UUID.

    nova saves the record final before the source compute frees what it
    held under the migration (seen: 1 s later, from a compute of the
    previous release during an upgrade). What is still there after the
    timeout, a short one, is reported with the other checks.
    """
    def poll():
        left = placement.allocations(conn, migration.uuid)
        return not left, left

    with contextlib.suppress(waiters.WaitTimeout):
        waiters.wait_until('allocations under migration %s to be freed'
                           % migration.uuid, poll, timeout, interval, report)


# The status a move's record reaches when nova carried the move out, by
# migration type: a move that should have been refused fails at once there.
LANDED_STATUSES = {
    'live-migration': ('completed',),
    'migration': ('finished', 'confirmed'),
    'resize': ('finished', 'confirmed'),
    'evacuation': ('done', 'completed'),
}


def _check_offloaded(conn, server, problems):
    """An offloaded server has no host and holds nothing in Placement."""
    if server.compute_host:
        problems.append('server is on %s; offloaded, it has no host'
                        % server.compute_host)
    held = placement.allocations(conn, server.id)
    if held:
        problems.append('server %s is offloaded but holds %s'
                        % (server.id, held))


def _check_failure(conn, server_id, request_ids, failure, problems):
    """The move's requests have the failed event the fault must give."""
    seen = []
    for request_id in request_ids:
        action = describe.action_with_events(conn, server_id, request_id)
        for event in action.events or []:
            if event.event != failure.event:
                continue
            said = '%s %s' % (event.details or '', event.traceback or '')
            if event.result == 'Error' and failure.says in said:
                return
            seen.append(describe.describe_event(event))
    problems.append('no %s event failed saying %r (the fault): %s' % (
        failure.event, failure.says, '; '.join(seen) or 'no such event'))


def _wait_for_bindings(port_watch, server_id, host, before, timeout,
                       interval, report):
    """The server's ports once bound right on ``host``, or as last read.

    Bound right: ports.moved_problems finds nothing. When the time runs
    out, what was read last is returned for the checks to list.
    """
    last = {}

    def poll():
        last.clear()
        last.update(port_watch.read(server_id))
        return not ports.moved_problems(server_id, host, before, last), last

    with contextlib.suppress(waiters.WaitTimeout):
        waiters.wait_until(
            'the ports of server %s to be bound to %s only' % (
                server_id, host or 'no host'), poll, timeout, interval,
            report, describe=lambda seen: '; '.join(
                ports.describe_ports(seen or {})))
    return dict(last)


def _check_ports(port_watch, server, moved, siblings, timeout, interval,
                 report, problems):
    """The network part of a move (common/ports.py); {} without a watch.

    Waits until the moved server's ports are bound to its host, then
    checks them and its siblings' against what was read before the move.
    Returns the moved server's ports.
    """
    if port_watch is None:
        return {}
    before = port_watch.ports.get(moved.id)
    after = _wait_for_bindings(port_watch, moved.id, server.compute_host,
                               before, timeout, interval, report)
    problems += ports.moved_problems(moved.id, server.compute_host, before,
                                     after)
    others = [sibling.id for sibling in siblings
              if sibling.id != moved.id and sibling.id in port_watch.ports]
    for sibling_id, now in port_watch.read_many(others).items():
        problems += ports.untouched_problems(
            sibling_id, port_watch.ports[sibling_id], now)
    return after


def verify_move(conn, moved, siblings, expected, timeout, interval,
                settle_timeout, known_migrations=(), request_id=None,
                request_ids=(), settle_period=0, port_watch=None):
    """Wait until nova is done with the move, then check it as nova would.

    :param conn: an admin openstacksdk Connection.
    :param moved: the Sibling recorded before the move.
    :param siblings: all Siblings of the request, recorded before the move.
    :param expected: an ExpectedMove.
    :param timeout: seconds the move may take.
    :param settle_timeout: seconds nova may take, once the record is
        final, to free what it held under the migration.
    :param known_migrations: UUIDs of migration records of ``moved`` from
        before the move.
    :param request_id: the request that started (or ended) the move, whose
        instance action the waits follow to fail as soon as nova gives up.
    :param request_ids: every request of the move (the move, a confirm,
        an abort...): the move is judged once every event of theirs ended.
    :param settle_period: seconds the state of a move that ``settles``
        (failed, aborted, refused) must hold before it is judged.
    :param port_watch: a ports.PortWatch holding the ports of ``moved``
        and its siblings read before the move, or None: the ports are not
        checked. The moved server's ports must end bound to its host only
        (waited for up to ``settle_timeout`` after a move that lands, read
        once after one that settles), with the addresses they had; the
        siblings' as they were.
    :returns: the server after the move.
    :raises MoveVerificationError: listing every check that failed, followed
        by what the cloud said about the server.
    """
    def report():
        return describe.what_the_cloud_said(conn, moved.id)

    migration = None
    if expected.migration_type:
        # The record turns final after the server, and costs nova less to
        # show (a server's show asks Neutron too): poll the record first.
        statuses = expected.migration_status
        migration = waiters.wait_for_migration(
            conn, moved.id, expected.migration_type,
            statuses if isinstance(statuses, tuple) else (statuses,),
            timeout, interval, report,
            known=known_migrations, request_id=request_id,
            landed=(LANDED_STATUSES.get(expected.migration_type, ())
                    if expected.refused else ()))
        _wait_for_migration_allocations_freed(conn, migration,
                                              settle_timeout, interval,
                                              report)
    # An evacuated server loses its task_state before nova moves its host,
    # together with the record: read the server after the record.
    server = waiters.wait_for_server_status(
        conn, moved.id, expected.server_status, timeout, interval, report,
        request_id=request_id)
    request_ids = list(request_ids) or [request_id]
    waiters.wait_for_requests_ended(conn, moved.id, request_ids, timeout,
                                    interval, report)
    if expected.settles and settle_period:
        server, migration = waiters.hold_still(
            conn, server, migration, settle_period, interval, report)
    problems = []
    trees = ProviderTrees(conn)
    _check_flavor(server, moved, expected, problems)
    if expected.offloaded:
        _check_offloaded(conn, server, problems)
    else:
        _check_host(server, moved, expected, problems)
        _check_allocations(conn, trees, server, moved, migration, expected,
                           problems)
    if migration is not None:
        _check_migration(migration, moved, server, expected, problems)
    if expected.failure:
        _check_failure(conn, moved.id, request_ids, expected.failure,
                       problems)
    others = [sibling for sibling in siblings if sibling.id != moved.id]
    now = servers_now(conn, others)
    for sibling in others:
        check_sibling(conn, trees, sibling, now[sibling.id], problems)
    # nova binds the ports before it ends the record; what a move that
    # settled left is final, a move that landed gets settle_timeout.
    moved_ports = _check_ports(
        port_watch, server, moved, siblings,
        0 if expected.settles else settle_timeout, interval, report,
        problems)
    if problems:
        raise MoveVerificationError(scrubbing.scrub(
            'Move of server %s from %s did not end as expected:\n- %s\n'
            'What the cloud said:\n%s'
            % (moved.id, moved.host, '\n- '.join(problems), report())))
    if port_watch is not None:
        port_watch.ports[moved.id] = moved_ports
    return server
