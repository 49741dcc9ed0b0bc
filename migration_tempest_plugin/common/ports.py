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
servers have ports, after a move:

- every port of the moved server is bound to the server's host, ACTIVE,
  and (where neutron lists bindings) has one binding, on that host and
  ACTIVE: no inactive binding left on another host;
- its fixed addresses and MAC are unchanged;
- every port of its siblings is as it was.

After a refused or failed move the same holds of the host the server is
on. A verification waits for these to hold rather than reading once.

The port's own ``status`` is another matter than its binding's: neutron's
ML2 sets a port DOWN when it activates the destination's binding and only
OVN's next "port up" event sets it ACTIVE again; with OVN's multi-chassis
binding the logical port may stay up throughout, no event comes and the
port stays DOWN while the guest answers on its new host (ML2/OVN, neutron
29: 3 of 5 live migrations on real guests, 1 of 1 on the fake driver, for
30 s and more). ``binding_problems(..., port_status=False)`` leaves it to
the binding's status.

Read through openstacksdk: ``conn.network.ports(device_id=...)`` and, for
the bindings, ``GET /v2.0/ports/{id}/bindings``.
"""

import dataclasses

BINDINGS_EXTENSION = 'binding-extended'
ACTIVE = 'ACTIVE'


@dataclasses.dataclass(frozen=True)
class PortState:
    """One port as a verification compares it."""

    id: str
    status: str
    host: str
    mac: str
    # Sorted (subnet ID, address) pairs.
    addresses: tuple
    # Sorted (host, status) of its bindings; None where neutron has no
    # binding-extended.
    bindings: tuple = None

    def describe(self):
        text = '%s %s on %r' % (self.id, self.status, self.host)
        if self.bindings is not None:
            text += ', bindings %s' % (', '.join(
                '%s:%s' % binding for binding in self.bindings) or 'none')
        return text


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
            (binding['host'], binding['status']) for binding in bindings)))


def has_bindings_api(conn):
    """Whether neutron lists a port's bindings (binding-extended)."""
    return any(extension.alias == BINDINGS_EXTENSION
               for extension in conn.network.extensions())


def read_ports(conn, server_id, bindings=True):
    """{port ID: PortState} of a server's ports."""
    states = {}
    for port in conn.network.ports(device_id=server_id):
        records = None
        if bindings:
            records = conn.network.get(
                '/ports/%s/bindings' % port.id).json()['bindings']
        states[port.id] = port_state(port, records)
    return states


def binding_problems(server_id, host, ports, port_status=True):
    """What is wrong with where a server's ports are bound; [] if nothing.

    ``host``: the host the server is on (OS-EXT-SRV-ATTR:host); ``ports``:
    {port ID: PortState}; ``port_status``: whether the port's own status
    must be ACTIVE too (see above).
    """
    problems = []
    for state in sorted(ports.values(), key=lambda s: s.id):
        if state.host != host:
            problems.append(
                'port %s of server %s is bound to %r, the server is on %s'
                % (state.id, server_id, state.host, host))
        if port_status and state.status != ACTIVE:
            problems.append('port %s of server %s is %s, not ACTIVE'
                            % (state.id, server_id, state.status))
        if state.bindings is None:
            continue
        for binding_host, status in state.bindings:
            if binding_host != host:
                problems.append(
                    'port %s of server %s has a binding left on %s (%s)'
                    % (state.id, server_id, binding_host, status))
            elif status != ACTIVE:
                problems.append(
                    'port %s of server %s: its binding on %s is %s, not '
                    'ACTIVE' % (state.id, server_id, host, status))
        if host not in {binding_host for binding_host, _s in
                        state.bindings}:
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


def untouched_problems(server_id, before, after):
    """A sibling's ports: each exactly as it was (binding and status too)."""
    problems = address_problems(server_id, before, after)
    for port_id in sorted(set(before) & set(after)):
        old, new = before[port_id], after[port_id]
        if (old.host, old.status, old.bindings) != (
                new.host, new.status, new.bindings):
            problems.append('port %s of sibling %s changed: %s before, %s '
                            'after' % (port_id, server_id, old.describe(),
                                       new.describe()))
    return problems


def _addresses(state):
    return ', '.join(address for _subnet, address in state.addresses)


def describe_ports(ports):
    """Lines for what the cloud said: each port and its bindings."""
    return [state.describe() for state in
            sorted(ports.values(), key=lambda s: s.id)] or ['no ports']
