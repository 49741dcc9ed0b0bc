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

"""A namespace on the tenant network that reaches the guests: the probe.

The plugin measures a live migration's downtime by packets from outside
the guest: it runs its prober (migration_tempest_plugin.common.reachability)
with ``ip netns exec <probe netns>`` in front (the generated tempest.conf's
``[migration] reachability_command``). The namespace holds one
end of a veth pair; the other end is a port of a compute host's br-int
with the iface-id of a neutron port of its own (device_owner
``minicloud:probe``), so OVN binds it to that host's chassis like any
VIF and the probe's packets cross the same Geneve tunnels as the guests'.

Its veth end has checksum offload off: OVS's userspace datapath reads the
veth with AF_PACKET and forwards a partial checksum as it is, so the
probe's TCP would arrive with bad checksums (ICMP is computed in full).

Only the libvirt driver has one: on the fake drivers no packet flows.
"""

from minicloud.ovn import plan
from minicloud.ovn import tenant

PORT_NAME = 'minicloud-probe'
# Seconds between two echo requests of the plugin's prober: 50 a second,
# about 2% of one ovs-vswitchd thread (userspace datapath).
PROBE_INTERVAL = 0.02
DEVICE_OWNER = 'minicloud:probe'
# The probe's end, in its namespace.
INSIDE = 'probe0'


def netns(net):
    return '%s-probe' % net.tag


def host_end(net):
    """The veth end on the host's br-int (made in the root namespace)."""
    return '%s-pb' % net.tag


def probe_chassis(net):
    """The host the probe sits on: the last one (alone in its zone).

    The suite's moves are mostly between the hosts of the first zone; a
    probe elsewhere reaches the guest through a tunnel before and after.
    """
    return net.chassis[-1]


def ensure_port(conn, host):
    """The probe's neutron port, bound to ``host``."""
    network = conn.network.find_network(tenant.NETWORK_NAME)
    port = conn.network.find_port(PORT_NAME, network_id=network.id)
    if port is None:
        port = conn.network.create_port(
            name=PORT_NAME, network_id=network.id,
            device_owner=DEVICE_OWNER, device_id=PORT_NAME,
            binding_host_id=host)
    elif port.binding_host_id != host:
        port = conn.network.update_port(port, binding_host_id=host)
    return port


def setup_commands(net, port, prefixlen, mtu):
    """The commands that make the namespace and plug it, in order."""
    chassis = probe_chassis(net)
    inside = ['ip', 'netns', 'exec', netns(net)]
    address = port.fixed_ips[0]['ip_address']
    return [
        ['ip', 'netns', 'add', netns(net)],
        ['ip', 'link', 'add', host_end(net), 'type', 'veth', 'peer', 'name',
         INSIDE, 'netns', netns(net)],
        ['ip', 'link', 'set', host_end(net), 'netns', chassis.netns],
        chassis.argv(['ip', 'link', 'set', host_end(net), 'up']),
        ['ovs-vsctl', '--db=' + chassis.db_connection, '--', '--may-exist',
         'add-port', plan.INTEGRATION_BRIDGE, host_end(net), '--', 'set',
         'Interface', host_end(net),
         'external_ids:iface-id=%s' % port.id,
         'external_ids:attached-mac=%s' % port.mac_address,
         'external_ids:iface-status=active'],
        inside + ['ip', 'link', 'set', 'lo', 'up'],
        inside + ['ip', 'link', 'set', INSIDE, 'address', port.mac_address,
                  'mtu', str(mtu)],
        inside + ['ethtool', '-K', INSIDE, 'tx', 'off'],
        inside + ['ip', 'addr', 'add', '%s/%d' % (address, prefixlen),
                  'dev', INSIDE],
        inside + ['ip', 'link', 'set', INSIDE, 'up'],
    ]
