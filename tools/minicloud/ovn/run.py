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

"""The OVN backend's processes: set up, started and stopped by the tool.

Every daemon is a minicloud service (pid file, health probe, log): the
central ones are started once and keep their databases across ``down``
and ``up`` (neutron's database remembers what they hold); a chassis's
Open vSwitch database is made anew whenever its ovsdb-server starts, as a
host's is at boot: ovn-controller finds its chassis again by name. The
libvirt driver's ``up`` makes the hosts' namespaces anew (it stops every
process in them), so their daemons start again after it.
"""

import os
import shlex
import shutil
import subprocess

from minicloud import config
from minicloud.drivers.libvirt import hosts as libvirt_hosts
from minicloud import errors
from minicloud.ovn import plan
from minicloud.ovn import probe_ns
from minicloud.ovn import probes
from minicloud.ovn import tenant
from minicloud import processes
from minicloud import services

LIBVIRT = 'libvirt'
RUNDIR = '/run/openvswitch'


def network(settings):
    """This cloud's backend (plan.Network), for its compute driver."""
    netns_of = rundir_of = None
    if settings.driver_name == LIBVIRT:
        hosts = libvirt_hosts.layout(settings.port_base, settings.state_dir,
                                     config.COMPUTE_HOSTS)
        netns_of = {host.name: host.netns for host in hosts.hosts}
        # Bind-mounted over the host's /run/openvswitch, where libvirt's
        # ovs-vsctl looks for the database.
        rundir_of = {host.name: host.source_of(RUNDIR)
                     for host in hosts.hosts}
    return plan.layout(settings.state_dir, settings.port_base,
                       config.COMPUTE_HOSTS, netns_of, rundir_of)


def missing_debian_packages(exists=os.path.exists):
    return [package for package, path in plan.DEBIAN_PACKAGES
            if not exists(path)]


def central_services(net):
    central = net.central
    return [
        services.Service('ovn-nb', probes.OvsdbProbe(
            central.path('ovnnb.sock'), 'OVN_Northbound'),
            plan.nb_argv(central)),
        services.Service('ovn-sb', probes.OvsdbProbe(
            central.path('ovnsb.sock'), 'OVN_Southbound'),
            plan.sb_argv(central)),
        services.Service('ovn-northd', probes.UnixctlProbe(
            central.path('northd.ctl'), 'version'),
            plan.northd_argv(central)),
    ]


def chassis_services(chassis):
    env = chassis.environ()
    return [
        services.Service(chassis.service_name('ovsdb'), probes.OvsdbProbe(
            chassis.db_socket, 'Open_vSwitch'), plan.ovsdb_argv(chassis),
            env=env),
        services.Service(chassis.service_name('ovs-vswitchd'),
                         probes.UnixctlProbe(chassis.path('vswitchd.ctl'),
                                             'version'),
                         plan.vswitchd_argv(chassis), env=env),
        services.Service(chassis.service_name('ovn-controller'),
                         probes.UnixctlProbe(
                             plan.controller_ctl_glob(chassis),
                             'connection-status', 'connected'),
                         plan.controller_argv(chassis), env=env),
    ]


def all_services(settings):
    """Every daemon of the backend, in start order."""
    net = network(settings)
    result = central_services(net)
    for chassis in net.chassis:
        result += chassis_services(chassis)
    return result


def compute_options(settings, host):
    """{section: {option: value}} the backend adds to a compute's config."""
    nova = os.path.join(settings.etc_dir, 'nova')
    privsep_helper = shlex.join([
        os.path.join(services.compute_venv(settings, host), 'bin',
                     'privsep-helper'),
        '--config-file', os.path.join(nova, 'nova.conf'),
        '--config-file', os.path.join(nova, host + '.conf')])
    return plan.compute_options(network(settings).chassis_of(host),
                                privsep_helper)


def run(argv, env=None):
    result = subprocess.run(
        argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, env=dict(os.environ, **(env or {})))
    if result.returncode != 0:
        raise errors.MinicloudError('%s failed (exit %d): %s' % (
            ' '.join(argv), result.returncode,
            result.stdout.decode('utf-8', 'replace').strip()))
    return result.stdout.decode('utf-8', 'replace')


def private_directory(path):
    os.makedirs(path, mode=0o700, exist_ok=True)
    os.chmod(path, 0o700)


def empty_directory(path):
    """path as an empty 0700 directory; the directory itself is kept.

    It may be the source of a bind mount in a host's mount namespace, which
    would keep the old directory if this one were deleted and made again.
    """
    private_directory(path)
    for name in os.listdir(path):
        entry = os.path.join(path, name)
        if os.path.isdir(entry) and not os.path.islink(entry):
            shutil.rmtree(entry)
        else:
            os.unlink(entry)


def create_db(path, schema):
    """A database file from its schema, 0600; kept if it exists."""
    if not os.path.exists(path):
        run(['ovsdb-tool', 'create', path, schema])
    os.chmod(path, 0o600)


def start(settings, timeout):
    """Start what is not running: databases, northd, every chassis."""
    net = network(settings)
    central = net.central
    private_directory(os.path.dirname(central.directory))
    private_directory(central.directory)
    create_db(central.path('ovnnb.db'), plan.NB_SCHEMA)
    create_db(central.path('ovnsb.db'), plan.SB_SCHEMA)
    for service in central_services(net):
        services.start_service(settings, service, timeout)
    if net.underlay_bridge and not link_exists(net.underlay_bridge):
        run(['ip', 'link', 'add', net.underlay_bridge, 'type', 'bridge'])
        run(['ip', 'link', 'set', net.underlay_bridge, 'up'])
    for chassis in net.chassis:
        start_chassis(settings, net, chassis, timeout)
    wait_chassis(settings, net, timeout)


def start_chassis(settings, net, chassis, timeout):
    ovsdb, vswitchd, controller = chassis_services(chassis)
    if processes.PidFile(settings, ovsdb.name).alive_pid() is None:
        # A host's Open vSwitch starts from an empty database, as the
        # bridges and ports of its guests are gone.
        stop_chassis(settings, chassis)
        empty_directory(chassis.directory)
        create_db(chassis.path('conf.db'), plan.OVS_SCHEMA)
        if chassis.underlay_veth:
            plug_underlay(net, chassis)
        services.start_service(settings, ovsdb, timeout)
        run(['ovs-vsctl', '--db=' + chassis.db_connection]
            + plan.vsctl_init(chassis, net.central))
    services.start_service(settings, vswitchd, timeout)
    if chassis.underlay_veth:
        address_underlay(chassis, timeout)
    services.start_service(settings, controller, timeout)


def stop_chassis(settings, chassis):
    processes.stop_processes(settings, [
        service.name for service in reversed(chassis_services(chassis))])


def link_exists(name, netns=None):
    prefix = ['ip', 'netns', 'exec', netns] if netns else []
    return subprocess.call(prefix + ['ip', 'link', 'show', name],
                           stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL) == 0


def plug_underlay(net, chassis):
    """The host's underlay veth: one end on the bridge, one in the netns."""
    if link_exists(chassis.underlay_veth):
        run(['ip', 'link', 'delete', chassis.underlay_veth])
    run(['ip', 'link', 'add', chassis.underlay_veth, 'type', 'veth', 'peer',
         'name', chassis.underlay_peer])
    run(['ip', 'link', 'set', chassis.underlay_peer, 'netns', chassis.netns])
    run(['ip', 'link', 'set', chassis.underlay_veth, 'master',
         net.underlay_bridge, 'up'])
    run(chassis.argv(['ip', 'link', 'set', chassis.underlay_peer, 'up']))


def address_underlay(chassis, timeout):
    """The tunnel address on br-phy, once ovs-vswitchd has made it."""
    if not processes.wait_for(
            'br-phy', lambda: link_exists(plan.UNDERLAY_BRIDGE,
                                          chassis.netns), timeout):
        raise errors.MinicloudError(
            'ovs-vswitchd of %s made no %s within %d s' % (
                chassis.host, plan.UNDERLAY_BRIDGE, timeout))
    run(chassis.argv(['ip', 'addr', 'replace', '%s/%d' % (
        chassis.encap_ip, chassis.prefixlen), 'dev', plan.UNDERLAY_BRIDGE]))
    run(chassis.argv(['ip', 'link', 'set', plan.UNDERLAY_BRIDGE, 'up']))


def sbctl(net, *args):
    return run(['ovn-sbctl', '--db=' + net.central.sb_connection] + list(
        args))


def registered_chassis(net):
    return set(sbctl(net, '--bare', '--columns=hostname', 'list',
                     'Chassis').split())


def wait_chassis(settings, net, timeout):
    """Until every host has its chassis (by hostname) in the SB."""
    hosts = {chassis.host for chassis in net.chassis}
    if not processes.wait_for('chassis', lambda: hosts <= registered_chassis(
            net), timeout):
        raise errors.MinicloudError(
            'the OVN chassis of %s did not register within %d s; logs: %s'
            % (', '.join(sorted(hosts - registered_chassis(net))), timeout,
               settings.log_dir))


def memory(settings):
    """(processes, RSS bytes) of the backend's daemons."""
    found = []
    for service in all_services(settings):
        pid = processes.PidFile(settings, service.name).alive_pid()
        if pid is not None:
            found += processes.tree(pid)
    count, rss, _pss = processes.memory_of(found)
    return count, rss


def status_lines(settings):
    net = network(settings)
    count, rss = memory(settings)
    kinds = sorted({chassis.datapath for chassis in net.chassis})
    return ['network: ML2/OVN, %d chassis (datapath %s), %d daemons, RSS '
            '%d MiB' % (len(net.chassis), ', '.join(kinds), count,
                        rss // 2 ** 20)]


def tempest_migration_options(settings):
    """[migration] options of tempest.conf for the packet probe.

    Only where packets flow (the libvirt driver): the prober runs in the
    probe namespace (probe_ns), which only root enters.
    """
    net = network(settings)
    if not net.underlay_bridge:
        return {}
    return {'reachability_command': shlex.join(
        ['ip', 'netns', 'exec', probe_ns.netns(net)]),
        'reachability_interval': str(probe_ns.PROBE_INTERVAL)}


def namespaces(settings):
    """{network namespace: its addresses} the backend makes."""
    net = network(settings)
    if not net.underlay_bridge:
        return {}
    return {probe_ns.netns(net): ()}


def leftovers(settings):
    """Links and namespaces of the backend that exist, as text lines.

    Its processes name the state dir (processes.strays finds them); the
    libvirt driver's teardown deletes these with the hosts' (same tag).
    """
    net = network(settings)
    ours = {net.underlay_bridge, probe_ns.host_end(net)} | {
        chassis.underlay_veth for chassis in net.chassis}
    listed = run(['ip', '-o', 'link', 'show']).splitlines()
    links = {line.split(':')[1].strip().split('@')[0] for line in listed
             if line.count(':') >= 2}
    spaces = run(['ip', 'netns', 'list']).split()
    return (['link ' + name for name in sorted(links & (ours - {None}))]
            + ['netns ' + name for name in sorted(namespaces(settings))
               if name in spaces])


def start_probe(settings, conn):
    """The probe namespace on the tenant network (libvirt driver only).

    Made anew: the libvirt driver's ``up`` deletes every namespace of the
    cloud. Returns its name, or None where no packet flows.
    """
    net = network(settings)
    if not net.underlay_bridge:
        return None
    name = probe_ns.netns(net)
    if subprocess.call(['ip', 'netns', 'pids', name],
                       stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL) == 0:
        run(['ip', 'netns', 'delete', name])
    network_record = tenant.ensure_network(conn)
    port = probe_ns.ensure_port(conn, probe_ns.probe_chassis(net).host)
    subnet = conn.network.get_subnet(port.fixed_ips[0]['subnet_id'])
    prefixlen = int(subnet.cidr.split('/')[1])
    for argv in probe_ns.setup_commands(net, port, prefixlen,
                                        network_record.mtu):
        run(argv)
    return name
