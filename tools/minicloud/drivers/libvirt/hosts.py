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

"""Compute hosts for nova's libvirt driver, each in its own namespaces.

Each host is

- a network namespace (``mc<tag>-<host>``) with one veth whose peer is on
  a bridge in the root namespace; the bridge holds an address of the same
  /28 of 198.18.0.0/24 (a range reserved for tests), so nova-compute, which
  runs in the root namespace, reaches every host's address: libvirt's live
  migration and the ssh/scp of cold migration and resize go there;
- a UTS namespace with the host's name (libvirt's node name) and a mount
  namespace in which per-host directories are bind-mounted over
  HOST_DIRECTORIES and /etc/hosts;
- one libvirtd (Debian's), listening on TCP on the host's address only,
  and one sshd there, with keys generated for this cloud, for nova's disk
  copies.

nova-compute enters the host's mount and UTS namespaces (nsenter) and
stays in the root network namespace, where the control plane listens on
loopback. Every process of a host carries MARKER in its environment or
runs in the host's network namespace: ``teardown`` finds and stops them by
that, also after a ``kill -9`` of the tool, then deletes the namespaces,
the veths and the bridge. The mount namespaces vanish with their last
process; nothing is mounted in the root namespace.
"""

import contextlib
import dataclasses
import ipaddress
import os
import shlex
import subprocess

import psutil

from minicloud import errors
from minicloud import processes

# libvirtd refuses to start without this user, even as root.
QEMU_USER = 'libvirt-qemu'

# Per host, these paths are directories of the host's own.
HOST_DIRECTORIES = ('/etc/libvirt', '/run/libvirt', '/var/lib/libvirt',
                    '/var/cache/libvirt', '/var/log/libvirt',
                    '/var/lib/nova', '/etc/ssh/ssh_config.d',
                    # The host's Open vSwitch (minicloud/ovn): libvirt's
                    # ovs-vsctl finds its database there.
                    '/run/openvswitch')
HOSTS_FILE = '/etc/hosts'
# nova's paths are the same on every host (nova writes the source's disk
# paths into the migration XML) with different files behind them: its
# shared storage probe says "not shared" and it migrates the disks.
NOVA_STATE_PATH = '/var/lib/nova'
INSTANCES_PATH = '/var/lib/nova/instances'
LIBVIRT_SOCKET = '/run/libvirt/libvirt-sock'
NETWORK = ipaddress.ip_network('198.18.0.0/24')
SUBNET_PREFIX = 28
MARKER = 'MINICLOUD_LIBVIRT_HOST'


class HostSetupError(errors.MinicloudError):
    """A compute host could not be set up; the message says why."""


@dataclasses.dataclass
class Host:
    name: str
    netns: str
    # veth end on the bridge (root namespace); its peer is in the netns.
    veth: str
    address: str
    # Per-host files, in the root namespace.
    directory: str

    def path(self, *parts):
        return os.path.join(self.directory, *parts)

    def source_of(self, path):
        """The host's own directory or file bind-mounted over path."""
        return self.path('root', path.lstrip('/'))


@dataclasses.dataclass
class Layout:
    """Names and addresses of a cloud's hosts, from its port base."""

    tag: str
    bridge: str
    bridge_address: str
    prefixlen: int
    hosts: list
    # Keys and files all hosts share.
    directory: str

    @property
    def client_key(self):
        return os.path.join(self.directory, 'ssh', 'id_ed25519')

    @property
    def known_hosts(self):
        return os.path.join(self.directory, 'ssh', 'known_hosts')

    def host(self, name):
        for host in self.hosts:
            if host.name == name:
                return host
        raise KeyError(name)


def layout(port_base, state_dir, host_names):
    """The hosts of the cloud at port_base: names and a /28 of their own.

    Two clouds on one machine have different port bases (hundreds apart),
    hence different names and subnets.
    """
    tag = 'mc%d' % (port_base // 100)
    subnets = list(NETWORK.subnets(new_prefix=SUBNET_PREFIX))
    subnet = subnets[(port_base // 100) % len(subnets)]
    addresses = list(subnet.hosts())
    if len(host_names) + 1 > len(addresses):
        raise HostSetupError('%d hosts do not fit in %s' % (
            len(host_names), subnet))
    directory = os.path.join(state_dir, 'libvirt')
    hosts = [Host(name=name, netns='%s-%s' % (tag, name),
                  veth='%s-v%d' % (tag, index),
                  address=str(addresses[index]),
                  directory=os.path.join(directory, name))
             for index, name in enumerate(host_names, start=1)]
    return Layout(tag=tag, bridge='%s-br' % tag,
                  bridge_address=str(addresses[0]),
                  prefixlen=subnet.prefixlen, hosts=hosts,
                  directory=directory)


def nova_compute_options(host, virt_type, privsep_helper):
    """{section: {option: value}} of the host's nova-compute.

    ``privsep_helper``: the command line of the venv's privsep-helper with
    the config files (there is no sudo on these machines).
    """
    libvirt = {
        'virt_type': virt_type,
        'connection_uri': 'qemu+unix:///system?socket=%s' % LIBVIRT_SOCKET,
        'live_migration_scheme': 'tcp',
        'live_migration_inbound_addr': host.address,
    }
    options = {
        'DEFAULT': {
            'host': host.name,
            'compute_driver': 'libvirt.LibvirtDriver',
            'my_ip': host.address,
            'state_path': NOVA_STATE_PATH,
            'instances_path': INSTANCES_PATH,
        },
        'libvirt': libvirt,
        'nova_sys_admin': {'helper_command': privsep_helper},
        'oslo_concurrency': {
            'lock_path': os.path.join(NOVA_STATE_PATH, 'lock')},
    }
    if virt_type == 'kvm':
        libvirt['cpu_mode'] = 'host-model'
        # The nested vCPU lacks features its model names (SSE3): the
        # destination's CPU comparison would refuse every migration.
        options['workarounds'] = {'skip_cpu_compare_on_dest': 'True'}
    return options


def bind_script(host, command):
    """Shell script run in the host's new mount and UTS namespaces."""
    lines = ['set -e', 'hostname %s' % shlex.quote(host.name)]
    for path in HOST_DIRECTORIES + (HOSTS_FILE,):
        lines.append('mount --bind %s %s' % (
            shlex.quote(host.source_of(path)), shlex.quote(path)))
    lines.append('exec ' + ' '.join(shlex.quote(word) for word in command))
    return '\n'.join(lines) + '\n'


def enter_host_argv(pid, argv, network=False):
    """argv run in the mount and UTS namespaces of the host's libvirtd."""
    prefix = ['nsenter', '--target', str(pid), '--mount', '--uts']
    if network:
        prefix.append('--net')
    return prefix + ['--'] + list(argv)


def run(argv, ok_codes=(0,)):
    result = subprocess.run(argv, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    if result.returncode not in ok_codes:
        raise HostSetupError('%s failed (exit %d): %s' % (
            ' '.join(argv), result.returncode,
            result.stdout.decode('utf-8', 'replace').strip()))
    return result.stdout.decode('utf-8', 'replace')


def ensure_qemu_user():
    try:
        import pwd
        pwd.getpwnam(QEMU_USER)
    except KeyError:
        run(['useradd', '--system', '--no-create-home', '--shell',
             '/usr/sbin/nologin', QEMU_USER])


def setup_network(layout):
    """Bridge with its address, and each host's netns joined by a veth."""
    run(['ip', 'link', 'add', layout.bridge, 'type', 'bridge'])
    run(['ip', 'addr', 'add', '%s/%d' % (layout.bridge_address,
                                         layout.prefixlen),
         'dev', layout.bridge])
    run(['ip', 'link', 'set', layout.bridge, 'up'])
    for host in layout.hosts:
        peer = host.veth + 'p'
        run(['ip', 'netns', 'add', host.netns])
        run(['ip', 'link', 'add', host.veth, 'type', 'veth', 'peer', 'name',
             peer])
        run(['ip', 'link', 'set', peer, 'netns', host.netns])
        run(['ip', 'link', 'set', host.veth, 'master', layout.bridge, 'up'])
        inside = ['ip', 'netns', 'exec', host.netns]
        run(inside + ['ip', 'link', 'set', 'lo', 'up'])
        run(inside + ['ip', 'addr', 'add',
                      '%s/%d' % (host.address, layout.prefixlen),
                      'dev', peer])
        run(inside + ['ip', 'link', 'set', peer, 'up'])


def start_host(layout, host, log_dir, timeout=60):
    """Start the host's libvirtd and sshd; return libvirtd's pid.

    libvirtd gets the host's new mount and UTS namespaces and enters its
    network namespace (``ip netns exec``, which also mounts the netns's
    /sys: libvirtd then sees no cgroups, as qemu.conf wants).
    """
    env = {MARKER: host.netns}
    command = ['ip', 'netns', 'exec', host.netns, '/usr/sbin/libvirtd',
               '--listen', '-f', '/etc/libvirt/libvirtd.conf',
               # Not /run's: that one is the machine's.
               '--pid-file', '/run/libvirt/libvirtd.pid']
    libvirtd = processes.popen_logged(
        'libvirtd-%s' % host.name,
        ['unshare', '--mount', '--uts', '--propagation', 'private', '--',
         'sh', '-c', bind_script(host, command)],
        os.path.join(log_dir, 'libvirtd-%s.log' % host.name), env)
    socket = host.source_of(LIBVIRT_SOCKET)
    wait_until('libvirtd of %s (log: %s)' % (
        host.name, host.source_of('/var/log/libvirt/libvirtd.log')),
        lambda: os.path.exists(socket) and listening(host, 16509), timeout,
        lambda: exit_status(libvirtd))
    sshd = processes.popen_logged(
        'sshd-%s' % host.name, enter_host_argv(libvirtd.pid, [
            '/usr/sbin/sshd', '-D', '-e', '-f', host.path('sshd_config')],
            network=True),
        os.path.join(log_dir, 'sshd-%s.log' % host.name), env)
    wait_until('sshd of %s' % host.name, lambda: listening(host, 22),
               timeout, lambda: exit_status(sshd))
    return libvirtd.pid


def wait_until(what, ready, timeout, failed):
    """Poll ready() until true; fail naming what failed() says, if it does."""
    def check():
        if ready():
            return True
        problem = failed()
        if problem:
            raise HostSetupError('%s: %s' % (what, problem))
        return False

    if not processes.wait_for(what, check, timeout, interval=0.1):
        raise HostSetupError('%s: not within %d s' % (what, timeout))


def exit_status(proc):
    if proc.poll() is not None:
        return 'exited with status %s' % proc.returncode
    return None


def listening(host, port):
    import socket
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex((host.address, port)) == 0


def libvirtd_pid(host):
    """pid of the host's running libvirtd, or None."""
    for proc in host_processes(host):
        with contextlib.suppress(psutil.Error):
            if proc.name() == 'libvirtd':
                return proc.pid
    return None


def host_processes(host):
    """Processes of the host: in its netns, or carrying its MARKER."""
    pids = set()
    if host.netns in existing_netns(host.netns):
        pids.update(int(pid) for pid in
                    run(['ip', 'netns', 'pids', host.netns]).split())
    found = []
    for proc in psutil.process_iter():
        with contextlib.suppress(psutil.Error):
            if proc.pid in pids or proc.environ().get(MARKER) == host.netns:
                found.append(proc)
    return found


def process_names(host):
    names = []
    for proc in host_processes(host):
        with contextlib.suppress(psutil.Error):
            names.append(proc.name())
    return names


def existing_links(prefix):
    names = []
    for line in run(['ip', '-o', 'link', 'show']).splitlines():
        name = line.split(':')[1].strip().split('@')[0]
        if name.startswith(prefix):
            names.append(name)
    return names


def existing_netns(prefix):
    return [line.split()[0] for line in
            run(['ip', 'netns', 'list']).splitlines()
            if line.split() and line.split()[0].startswith(prefix)]


def leftovers(layout):
    """What of this cloud's hosts exists: processes, netns, links."""
    procs = [proc for host in layout.hosts for proc in host_processes(host)]
    return (procs, existing_netns(layout.tag + '-'),
            existing_links(layout.tag + '-'))


def teardown(layout):
    """Stop every process of the hosts, delete netns, veths and bridge.

    Returns what it removed, as text, for the tool to print.
    """
    procs, namespaces, links = leftovers(layout)
    removed = []
    for proc in procs:
        with contextlib.suppress(psutil.Error):
            removed.append('%s(%d)' % (proc.name(), proc.pid))
    processes.terminate(procs, grace=10)
    for name in namespaces:
        run(['ip', 'netns', 'delete', name])
        removed.append('netns ' + name)
    for name in existing_links(layout.tag + '-'):
        run(['ip', 'link', 'delete', name], ok_codes=(0, 1))
        removed.append('link ' + name)
    return removed


def up(layout, log_dir, timeout=60):
    """Network and daemons of every host.

    After ``teardown`` and host_files.prepare_files. Returns {host name:
    libvirtd pid}.
    """
    ensure_qemu_user()
    setup_network(layout)
    return {host.name: start_host(layout, host, log_dir, timeout)
            for host in layout.hosts}
