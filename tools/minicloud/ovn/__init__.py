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

"""The cloud's network backend: ML2/OVN on Open vSwitch's userspace datapath.

What runs, from Debian's openvswitch-switch, ovn-central and ovn-host:

- central, in the root namespace: the OVN northbound and southbound
  ``ovsdb-server`` and ``ovn-northd``. Both databases listen on unix
  sockets only, in a 0700 directory of the state dir (no TCP at all:
  neutron and every ovn-controller run on this machine, and a unix socket
  reaches across network namespaces); the database files are 0600.
- per compute host, a chassis named after nova's host: its own
  ``ovsdb-server`` (unix socket), ``ovs-vswitchd`` and ``ovn-controller``.
  On the libvirt driver they run in the host's network namespace with the
  ``netdev`` (userspace) datapath: the kernel has no openvswitch module.
  Geneve tunnels between the hosts go over an underlay of their own (a
  second veth per host on a bridge with no address), whose host end is the
  port of a netdev bridge ``br-phy`` holding the tunnel address, as
  userspace tunnelling wants. On the fake drivers the chassis run in the
  root namespace on OVS's ``dummy`` datapath: ports are claimed and bound
  to the host's chassis, no packet flows and no kernel device is made.

neutron's ML2/OVN mechanism driver binds a port to the chassis whose
hostname is the port's ``binding:host_id``; nova and os-vif plug it
unchanged: os-vif talks to the host's ``ovsdb-server`` through its unix
socket and creates the guest's tap through its privsep helper, which the
compute's config starts in the host's network namespace (nova-compute
itself runs in the root one, where the control plane listens).

Modules: ``plan`` (names, paths, command lines and options: no system
work), ``probes`` (health of the daemons over their unix sockets), ``run``
(set up, start, stop), ``tenant`` (the tenant network the servers use) and
``probe_ns`` (a namespace on the tenant network that pings guests).
"""
