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

"""Names, paths, command lines and options of the OVN backend.

Pure: nothing here touches the system, so every choice is unit-tested.
``run`` does the work from these.
"""

import dataclasses
import ipaddress
import os
import shlex

DEBIAN_PACKAGES = (
    # package, a file it installs
    ('openvswitch-switch', '/usr/sbin/ovs-vswitchd'),
    ('ovn-central', '/usr/bin/ovn-northd'),
    ('ovn-host', '/usr/bin/ovn-controller'),
    # The probe namespace's veth needs its checksum offload off.
    ('ethtool', '/usr/sbin/ethtool'),
)
OVS_SCHEMA = '/usr/share/openvswitch/vswitch.ovsschema'
NB_SCHEMA = '/usr/share/ovn/ovn-nb.ovsschema'
SB_SCHEMA = '/usr/share/ovn/ovn-sb.ovsschema'

# The tunnels' underlay: a /28 of its own per cloud, at the same index as
# the libvirt hosts' /28 of 198.18.0.0/24 (layout of drivers/libvirt/
# hosts.py), so two clouds never share one. Like the hosts' range,
# reserved for tests.
UNDERLAY_NETWORK = ipaddress.ip_network('198.18.1.0/24')
UNDERLAY_PREFIX = 28
INTEGRATION_BRIDGE = 'br-int'
# The netdev bridge that holds a host's tunnel address: OVS's userspace
# tunnels route and resolve neighbours through an OVS bridge only.
UNDERLAY_BRIDGE = 'br-phy'
# Neutron's default for a 1500-byte underlay less Geneve's headers.
GENEVE_MAX_HEADER = 38

# How the daemons log: into the service's log (its stdout), not syslog.
LOGGING = ('-vconsole:info', '-vsyslog:off', '-vfile:off')
# Databases and their sockets are the cloud's alone: files 0600.
UMASK = ['sh', '-c', 'umask 077 && exec "$@"', 'minicloud-ovn']

# Chassis kinds: where the daemons run and what datapath they use.
NETDEV = 'netdev'
DUMMY = 'dummy'


@dataclasses.dataclass
class Central:
    """The OVN databases and northd: files and sockets of one cloud."""

    directory: str

    def path(self, name):
        return os.path.join(self.directory, name)

    @property
    def nb_connection(self):
        return 'unix:' + self.path('ovnnb.sock')

    @property
    def sb_connection(self):
        return 'unix:' + self.path('ovnsb.sock')


@dataclasses.dataclass
class Chassis:
    """One compute host's Open vSwitch and ovn-controller."""

    # nova's [DEFAULT] host: the chassis name and hostname neutron binds to.
    host: str
    directory: str
    # The host's network namespace; None: the root one (fake drivers).
    netns: str
    datapath: str
    # The Geneve tunnel address (on br-phy in the netns; unused on dummy).
    encap_ip: str
    prefixlen: int
    # Underlay veth: this end on the underlay bridge, its peer in the
    # netns on br-phy. None on the fake drivers.
    underlay_veth: str = None

    def path(self, name):
        return os.path.join(self.directory, name)

    @property
    def underlay_peer(self):
        return self.underlay_veth + 'p' if self.underlay_veth else None

    @property
    def db_socket(self):
        return self.path('db.sock')

    @property
    def db_connection(self):
        return 'unix:' + self.db_socket

    def service_name(self, daemon):
        """'ovsdb', 'ovs-vswitchd' or 'ovn-controller', of this host."""
        return '%s-%s' % (daemon, self.host)

    def environ(self):
        """Every directory the OVS and OVN tools default to, the host's.

        Without OVS_RUNDIR ovs-vswitchd puts br-int.mgmt (ovn-controller's
        OpenFlow socket) where another host's ovn-controller looks.
        """
        env = {}
        for tool in ('OVS', 'OVN'):
            for kind in ('RUNDIR', 'DBDIR', 'LOGDIR', 'SYSCONFDIR'):
                env['%s_%s' % (tool, kind)] = self.directory
        return env

    def argv(self, argv):
        """argv run in the host's network namespace (if it has one)."""
        if self.netns:
            return ['ip', 'netns', 'exec', self.netns] + list(argv)
        return list(argv)


@dataclasses.dataclass
class Network:
    """The whole backend of one cloud."""

    tag: str
    central: Central
    chassis: list
    # Underlay bridge in the root namespace (no address); None if unused.
    underlay_bridge: str = None

    def chassis_of(self, host):
        for chassis in self.chassis:
            if chassis.host == host:
                return chassis
        raise KeyError(host)


def underlay_addresses(port_base, count):
    """(prefixlen, [addresses]) of ``count`` tunnel endpoints."""
    subnets = list(UNDERLAY_NETWORK.subnets(new_prefix=UNDERLAY_PREFIX))
    subnet = subnets[(port_base // 100) % len(subnets)]
    hosts = list(subnet.hosts())
    if count + 1 > len(hosts):
        raise ValueError('%d chassis do not fit in %s' % (count, subnet))
    # The first address stays free, as the hosts' bridge address does.
    return subnet.prefixlen, [str(address) for address in hosts[1:count + 1]]


def layout(state_dir, port_base, hosts, netns_of=None, rundir_of=None):
    """The backend of the cloud at ``port_base`` with these compute hosts.

    ``netns_of``: {host: network namespace} where the hosts have one (the
    libvirt driver); without, every chassis is a dummy in the root
    namespace. ``rundir_of``: {host: directory} of the chassis's files, if
    not one under the state dir (the libvirt hosts' /run/openvswitch).
    """
    tag = 'mc%d' % (port_base // 100)
    directory = os.path.join(state_dir, 'ovn')
    prefixlen, addresses = underlay_addresses(port_base, len(hosts))
    chassis = []
    for index, (host, address) in enumerate(zip(hosts, addresses), start=1):
        netns = (netns_of or {}).get(host)
        rundir = (rundir_of or {}).get(host)
        chassis.append(Chassis(
            host=host, netns=netns,
            directory=rundir or os.path.join(directory, host),
            datapath=NETDEV if netns else DUMMY, encap_ip=address,
            prefixlen=prefixlen,
            underlay_veth='%s-u%d' % (tag, index) if netns else None))
    return Network(
        tag=tag, central=Central(os.path.join(directory, 'central')),
        chassis=chassis,
        underlay_bridge='%s-ul' % tag if netns_of else None)


# ------------------------------------------------------------ command lines

def database_argv(central, name):
    """The ovsdb-server of ``name`` ('ovnnb' or 'ovnsb'), on its socket."""
    return UMASK + [
        'ovsdb-server', central.path(name + '.db'),
        '--remote=punix:' + central.path(name + '.sock'),
        '--unixctl=' + central.path(name + '.ctl'), '--no-chdir'] + list(
            LOGGING)


def nb_argv(central):
    return database_argv(central, 'ovnnb')


def sb_argv(central):
    return database_argv(central, 'ovnsb')


def northd_argv(central):
    return ['ovn-northd', '--ovnnb-db=' + central.nb_connection,
            '--ovnsb-db=' + central.sb_connection,
            '--unixctl=' + central.path('northd.ctl'), '--no-chdir'] + list(
                LOGGING)


def ovsdb_argv(chassis):
    return chassis.argv(UMASK + [
        'ovsdb-server', chassis.path('conf.db'),
        '--remote=punix:' + chassis.db_socket,
        '--unixctl=' + chassis.path('ovsdb.ctl'), '--no-chdir'] + list(
            LOGGING))


def vswitchd_argv(chassis):
    argv = ['ovs-vswitchd', chassis.db_connection,
            '--unixctl=' + chassis.path('vswitchd.ctl'), '--no-chdir']
    if chassis.datapath == DUMMY:
        # OVS's test datapath: ports get OpenFlow numbers (ovn-controller
        # claims only such ports) and no kernel device exists.
        argv.append('--enable-dummy')
    return chassis.argv(argv + list(LOGGING))


def controller_argv(chassis):
    return chassis.argv(['ovn-controller', chassis.db_connection,
                         '--no-chdir'] + list(LOGGING))


def controller_ctl_glob(chassis):
    """ovn-controller 23.03 has no --unixctl: OVN_RUNDIR places it."""
    return chassis.path('ovn-controller.*.ctl')


def open_vswitch_ids(chassis, central):
    """external_ids of the host's Open_vSwitch record, for ovn-controller.

    system-id and hostname are nova's host: network namespaces share the
    machine's hostname, and neutron finds a binding host's chassis by
    its hostname.
    """
    return {
        'system-id': chassis.host,
        'hostname': chassis.host,
        'ovn-remote': central.sb_connection,
        'ovn-encap-type': 'geneve',
        'ovn-encap-ip': chassis.encap_ip,
        'ovn-bridge': INTEGRATION_BRIDGE,
        'ovn-bridge-datapath-type': chassis.datapath,
    }


def vsctl_init(chassis, central):
    """ovs-vsctl arguments (after the db option) that configure a host."""
    args = ['--no-wait', 'init', '--', 'set', 'Open_vSwitch', '.']
    args += ['external_ids:%s=%s' % item for item in sorted(
        open_vswitch_ids(chassis, central).items())]
    if chassis.underlay_veth:
        args += ['--', '--may-exist', 'add-br', UNDERLAY_BRIDGE,
                 '--', 'set', 'Bridge', UNDERLAY_BRIDGE,
                 'datapath_type=' + chassis.datapath,
                 '--', '--may-exist', 'add-port', UNDERLAY_BRIDGE,
                 chassis.underlay_peer]
    return args


# ------------------------------------------------------------ options

def ml2_values(central):
    """Template values of ml2_conf.ini's [ovn] section."""
    return {'ovn_nb_connection': central.nb_connection,
            'ovn_sb_connection': central.sb_connection,
            'geneve_max_header_size': str(GENEVE_MAX_HEADER)}


def compute_options(chassis, privsep_helper):
    """{section: {option: value}} of the host's nova-compute for OVN.

    os-vif reaches the host's ovsdb-server by its unix socket (the
    compute runs in the root network namespace, where 127.0.0.1:6640
    would be no host's). It only makes sure br-int exists: libvirt makes
    the tap and its port (neutron's ``[ovn] ovs_create_tap = false``).
    A port bound while neutron said ``ovs_create_tap`` has os-vif make the
    tap through its privileged helper: ``privsep_helper`` is the venv's
    privsep-helper with the compute's config files (there is no sudo),
    started in the host's network namespace where the host has one.
    """
    options = {'os_vif_ovs': {'ovsdb_connection': chassis.db_connection}}
    words = shlex.split(privsep_helper)
    if chassis.netns:
        words = ['nsenter', '--net=/run/netns/%s' % chassis.netns,
                 '--'] + words
    options['vif_plug_ovs_privileged'] = {'helper_command': shlex.join(words)}
    if chassis.datapath == DUMMY:
        # The fake driver's guests plug their ports there (drivers/fake/
        # ports.py).
        options['minicloud_ports'] = {
            'ovsdb_connection': chassis.db_connection}
    return options
