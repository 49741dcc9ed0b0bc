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

"""Where a server's ports are bound, and whether a move left them right.

A move is not done until the server's ports are bound on the host the
server is on: nova sets ``binding:host_id``, activates the destination's
binding of a live migration (neutron's multiple port bindings, extension
``binding-extended``) and deletes the source's. On any cloud where the
servers have ports, after a move (verification.verify_move waits for it,
up to the move's timeout):

- every port of the moved server is bound to the server's host
  (``binding:host_id``) and, where neutron lists bindings, has exactly one
  binding, on that host and ACTIVE: no binding left on another host;
- the server has the same ports, with the same fixed addresses and MACs;
- every port of its siblings is bound as it was, with the same addresses.

After a refused or failed move the same holds of the host the server is
on; a server without a host (shelved offloaded) has its ports unbound. A
server without ports (``[migration] network = none``) is not checked.
nova 33 and 34 fail the last after an unshelve whose spawn failed: the
ports stay bound to the host that failed (ComputeManager.
_unshelve_instance frees the allocations and the host, not the bindings;
tools/e2e/known_nova_bugs.py).

The port's own ``status`` is not asserted, only reported (in what the
cloud said and in failure texts): on ML2/OVN it may stay DOWN for 30 s and
more after a live migration while the binding on the new host is ACTIVE
and the guest answers there. neutron's ML2 sets the port DOWN when it
activates the destination's binding and only OVN's next "logical port up"
event sets it ACTIVE again; with OVN's multi-chassis binding the logical
port can stay up on the destination throughout, so no event comes (seen on
the embedded cloud, neutron 29 with OVN 23.03: 3 of 5 live migrations of
real guests and 1 of 1 on the fake driver left the port DOWN for over 30 s;
the packet probe saw the guest answer on its destination within 0.1 s).

Read through openstacksdk: ``conn.network.ports(device_id=...)`` and, for
the bindings, ``GET /v2.0/ports/{id}/bindings`` (admin).
"""

import dataclasses

BINDINGS_EXTENSION = 'binding-extended'
ACTIVE = 'ACTIVE'


@dataclasses.dataclass(frozen=True)
class PortState:
    """One port as a verification compares it."""

    id: str
    status: str
    # binding:host_id; '' when unbound.
    host: str
    mac: str
    # Sorted (subnet ID, address) pairs.
    addresses: tuple
    # Sorted (host, status) of its bindings; None where neutron has no
    # binding-extended.
    bindings: tuple = None

    def describe(self):
        text = 'port %s %s, binding:host_id %r' % (self.id, self.status,
                                                   self.host)
        if self.bindings is not None:
            text += ', bindings %s' % (', '.join(
                '%s:%s' % binding for binding in self.bindings) or 'none')
        return text + ', addresses %s %s' % (self.mac, _addresses(self))


def port_state(port, bindings=None):
    """A PortState from an openstacksdk port and its binding records.

    ``bindings``: the ``bindings`` list of GET /ports/{id}/bindings (dicts
    with ``host`` and ``status``), or None when not read.
    """
    addresses = tuple(sorted((fixed['subnet_id'], fixed['ip_address'])
                             for fixed in port.fixed_ips or ()))
    return PortState(
        id=port.id, status=port.status, host=port.binding_host_id or '',
        mac=port.mac_address, addresses=addresses,
        bindings=None if bindings is None else tuple(sorted(
            (binding['host'] or '', binding['status'])
            for binding in bindings)))


def has_bindings_api(conn):
    """Whether neutron lists a port's bindings (binding-extended)."""
    return any(extension.alias == BINDINGS_EXTENSION
               for extension in conn.network.extensions())


def read_ports(conn, server_ids, bindings=True):
    """{server ID: {port ID: PortState}} of the servers' ports.

    One listing for all of them (neutron takes several device_id), then
    each port's bindings.
    """
    states = {server_id: {} for server_id in server_ids}
    if not states:
        # No device_id would list every port of the cloud.
        return states
    for port in conn.network.ports(device_id=list(states)):
        records = None
        if bindings:
            records = conn.network.get(
                '/ports/%s/bindings' % port.id).json()['bindings']
        states.setdefault(port.device_id, {})[port.id] = port_state(
            port, records)
    return states


def binding_problems(server_id, host, ports):
    """What is wrong with where a server's ports are bound; [] if nothing.

    ``host``: the host the server is on (OS-EXT-SRV-ATTR:host), None or ''
    for a server on no host (its ports must be unbound); ``ports``: {port
    ID: PortState}. The ports' own status is not judged (module doc).
    """
    host = host or ''
    problems = []
    for state in sorted(ports.values(), key=lambda s: s.id):
        if state.host != host:
            problems.append(
                'port %s of server %s is bound to %r, the server is on %s'
                % (state.id, server_id, state.host, host or 'no host'))
        if state.bindings is None:
            continue
        hosts = set()
        for binding_host, status in state.bindings:
            hosts.add(binding_host)
            if binding_host != host:
                if binding_host:
                    problems.append(
                        'port %s of server %s has a binding left on %s (%s)'
                        % (state.id, server_id, binding_host, status))
            elif status != ACTIVE:
                problems.append(
                    'port %s of server %s: its binding on %s is %s, not '
                    'ACTIVE' % (state.id, server_id, host, status))
        if host and host not in hosts:
            problems.append('port %s of server %s has no binding on %s'
                            % (state.id, server_id, host))
    return problems


def address_problems(server_id, before, after):
    """The moved server's ports: the same ports, addresses and MACs."""
    problems = []
    if set(before) != set(after):
        problems.append(
            'server %s had ports %s before the move and %s after' % (
                server_id, ', '.join(sorted(before)) or 'none',
                ', '.join(sorted(after)) or 'none'))
    for port_id in sorted(set(before) & set(after)):
        old, new = before[port_id], after[port_id]
        if (old.addresses, old.mac) != (new.addresses, new.mac):
            problems.append(
                'port %s of server %s changed its addresses: %s %s before, '
                '%s %s after' % (port_id, server_id, old.mac,
                                 _addresses(old), new.mac, _addresses(new)))
    return problems


def moved_problems(server_id, host, before, after):
    """Bindings of the moved server on ``host``; addresses as ``before``.

    ``before`` None: the ports were not read before the move (the
    addresses are not compared).
    """
    problems = binding_problems(server_id, host, after)
    if before is not None:
        problems += address_problems(server_id, before, after)
    return problems


def untouched_problems(server_id, before, after):
    """A sibling's ports: bound as they were, the same addresses."""
    problems = address_problems(server_id, before, after)
    for port_id in sorted(set(before) & set(after)):
        old, new = before[port_id], after[port_id]
        if (old.host, old.bindings) != (new.host, new.bindings):
            problems.append('port of sibling %s changed: %s before, %s '
                            'after' % (server_id, old.describe(),
                                       new.describe()))
    return problems


def _addresses(state):
    return ', '.join(address for _subnet, address in state.addresses)


def describe_ports(ports):
    """Lines for what the cloud said: each port and its bindings."""
    return [state.describe() for state in
            sorted(ports.values(), key=lambda s: s.id)] or ['no ports']


class PortWatch:
    """The ports of a test's servers, read before each move.

    ``record`` reads the ports of servers just built; ``before_move`` reads
    again those of every server recorded (the moved one and its siblings).
    verification.verify_move compares what the move left with ``ports``
    and records the moved server's ports once the move checked out.
    """

    def __init__(self, conn):
        self.conn = conn
        # Whether neutron lists bindings; asked once.
        self.bindings = None
        # {server ID: {port ID: PortState}}, as read last.
        self.ports = {}

    def read_many(self, server_ids):
        """{server ID: {port ID: PortState}}, read now."""
        server_ids = list(server_ids)
        if not server_ids:
            return {}
        if self.bindings is None:
            self.bindings = has_bindings_api(self.conn)
        return read_ports(self.conn, server_ids, self.bindings)

    def read(self, server_id):
        return self.read_many([server_id])[server_id]

    def record(self, server_ids):
        self.ports.update(self.read_many(server_ids))

    def before_move(self):
        self.record(list(self.ports))


def describe_server_ports(conn, server_id):
    """'ports: ...' lines of a server for what the cloud said; never fails.

    Reads the bindings where neutron lists them.
    """
    try:
        try:
            found = read_ports(conn, [server_id], bindings=True)
        except Exception:
            found = read_ports(conn, [server_id], bindings=False)
    except Exception as error:  # a description must not fail the test
        return ['ports: could not be read: %r' % error]
    return ['ports: %s' % line
            for line in describe_ports(found[server_id])]
