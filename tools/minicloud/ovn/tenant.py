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

"""The tenant network every server of the suite gets a port on.

One shared Geneve network (ML2's tenant network type) with one IPv4
subnet served by OVN's native DHCP; tempest.conf names it in
``[migration] network``. It has no router and no metadata: the guests
need neither.

Port security is off on it: the suite's servers belong to tempest's
dynamic projects, whose default security groups admit nothing from
another project, and the packet probe (probe_ns) that pings them during a
live migration is the cloud's own. Without security groups OVN also
makes no conntrack entries, which in the userspace datapath cost CPU.
"""

NETWORK_NAME = 'minicloud-net'
SUBNET_NAME = 'minicloud-subnet'
# Addresses reserved for tests (198.18.0.0/15), away from the hosts' and
# the underlay's ranges; only the guests and the probe namespace use it.
SUBNET_CIDR = '198.19.0.0/24'
GATEWAY_IP = '198.19.0.1'


def ensure_network(conn):
    """The tenant network and its subnet (made unless they exist)."""
    network = conn.network.find_network(NETWORK_NAME)
    if network is None:
        network = conn.network.create_network(
            name=NETWORK_NAME, shared=True, port_security_enabled=False)
    if not conn.network.find_subnet(SUBNET_NAME, network_id=network.id):
        conn.network.create_subnet(
            name=SUBNET_NAME, network_id=network.id, ip_version=4,
            cidr=SUBNET_CIDR, gateway_ip=GATEWAY_IP, enable_dhcp=True)
    return network
