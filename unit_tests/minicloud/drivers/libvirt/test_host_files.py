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

"""Unit tests of minicloud/drivers/libvirt/host_files.py: the hosts'
config files, rendered from templates/libvirt/.
"""

import os
import subprocess

import fixtures
from minicloud.drivers.libvirt import host_files
from minicloud.drivers.libvirt import hosts
import testtools


HOSTS = ['compute1', 'compute2']


def make_layout(port_base=28400, state_dir='/srv/mc'):
    return hosts.layout(port_base, state_dir, HOSTS)


# The files as the tool wrote them from joined strings, before templates:
# rendered from templates, they must stay byte-identical.
EXPECTED = {
    'compute2/libvirtd.conf': (
        'listen_tls = 0\n'
        'listen_tcp = 1\n'
        'listen_addr = "198.18.0.195"\n'
        'auth_tcp = "none"\n'
        'unix_sock_dir = "/run/libvirt"\n'
        'host_uuid = "49b82227-e46d-52a3-b1b1-ffcb87be3be5"\n'
        'log_outputs = "3:file:/var/log/libvirt/libvirtd.log"\n'
        '\n'),
    'compute2/qemu.conf': (
        'user = "root"\n'
        'group = "root"\n'
        'dynamic_ownership = 0\n'
        'remember_owner = 0\n'
        'security_driver = "none"\n'
        'stdio_handler = "file"\n'
        'cgroup_controllers = [ ]\n'
        'migration_address = "198.18.0.195"\n'
        'migration_host = "198.18.0.195"\n'
        '\n'),
    'compute2/sshd_config': (
        'ListenAddress 198.18.0.195:22\n'
        'HostKey /srv/mc-28400/libvirt/compute2/ssh/ssh_host_ed25519_key\n'
        'AuthorizedKeysFile /srv/mc-28400/libvirt/ssh/authorized_keys\n'
        'PermitRootLogin prohibit-password\n'
        'StrictModes no\n'
        'PasswordAuthentication no\n'
        'KbdInteractiveAuthentication no\n'
        'UsePAM no\n'
        'PidFile none\n'
        'Subsystem sftp internal-sftp\n'
        '\n'),
    'compute2/hosts': (
        '127.0.0.1 localhost\n'
        '198.18.0.195 compute2\n'
        '198.18.0.194 compute1\n'
        '198.18.0.196 compute3\n'),
    'ssh_config': (
        'Host 198.18.0.194 198.18.0.195 198.18.0.196\n'
        '    User root\n'
        '    IdentityFile /srv/mc-28400/libvirt/ssh/id_ed25519\n'
        '    IdentitiesOnly yes\n'
        '    UserKnownHostsFile /srv/mc-28400/libvirt/ssh/known_hosts\n'
        '    StrictHostKeyChecking yes\n'
        '\n'),
}


class TestFiles(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.layout = make_layout()
        self.host = self.layout.host('compute2')

    def test_libvirtd_listens_on_its_own_address_only(self):
        conf = host_files.libvirtd_conf(self.host)
        self.assertIn('listen_addr = "198.18.0.195"', conf)
        self.assertIn('listen_tls = 0', conf)
        other = host_files.libvirtd_conf(self.layout.host('compute1'))
        uuid_line = [line for line in conf.splitlines()
                     if line.startswith('host_uuid')]
        self.assertEqual(1, len(uuid_line))
        self.assertNotIn(uuid_line[0], other)

    def test_qemu_without_cgroups_security_driver_or_virtlogd(self):
        conf = host_files.qemu_conf(self.host)
        for line in ('cgroup_controllers = [ ]', 'security_driver = "none"',
                     'stdio_handler = "file"',
                     'migration_address = "198.18.0.195"'):
            self.assertIn(line, conf)

    def test_sshd_keys_only_on_the_host_address(self):
        conf = host_files.sshd_config(self.host, self.layout)
        self.assertIn('ListenAddress 198.18.0.195:22', conf)
        self.assertIn('PasswordAuthentication no', conf)
        self.assertIn('Subsystem sftp internal-sftp', conf)
        # A clone under /tmp (world-writable) would refuse every key.
        self.assertIn('StrictModes no', conf)

    def test_ssh_client_checks_host_keys(self):
        conf = host_files.ssh_client_config(self.layout)
        self.assertIn('Host 198.18.0.194 198.18.0.195', conf)
        self.assertIn('StrictHostKeyChecking yes', conf)
        self.assertIn('IdentityFile /srv/mc/libvirt/ssh/id_ed25519', conf)

    def test_hosts_file_names_every_host(self):
        self.assertEqual(
            '127.0.0.1 localhost\n198.18.0.195 compute2\n'
            '198.18.0.194 compute1\n',
            host_files.hosts_file(self.layout, self.host))


class TestBytes(testtools.TestCase):

    def test_rendered_as_the_joined_strings_were(self):
        layout = hosts.layout(28400, '/srv/mc-28400',
                              ['compute1', 'compute2', 'compute3'])
        host = layout.host('compute2')
        self.assertEqual(EXPECTED, {
            'compute2/libvirtd.conf': host_files.libvirtd_conf(host),
            'compute2/qemu.conf': host_files.qemu_conf(host),
            'compute2/sshd_config': host_files.sshd_config(host, layout),
            'compute2/hosts': host_files.hosts_file(layout, host),
            'ssh_config': host_files.ssh_client_config(layout)})


DOMAIN = """<domain type='qemu'>
  <devices>
    <interface type='ethernet'>
      <mac address='fa:16:3e:c4:34:ed'/>
      <target dev='tap68599f85-0b'/>
    </interface>
    <console type='pty'><target type='serial' port='0'/></console>
  </devices>
</domain>
"""


class TestQemuHook(testtools.TestCase):
    """The hook as libvirtd runs it, with ovs-vsctl and ip that record."""

    def setUp(self):
        super().setUp()
        self.directory = self.useFixture(fixtures.TempDir()).path
        self.calls = os.path.join(self.directory, 'calls')
        for command in ('ovs-vsctl', 'ip'):
            path = os.path.join(self.directory, command)
            with open(path, 'w') as f:
                f.write('#!/bin/sh\necho "%s $*" >> %s\n'
                        % (command, self.calls))
            os.chmod(path, 0o755)
        self.hook = os.path.join(self.directory, 'qemu')
        with open(self.hook, 'w') as f:
            f.write(host_files.qemu_hook())

    def run_hook(self, *event):
        subprocess.run(
            ['sh', self.hook, 'instance-1'] + list(event), input=DOMAIN,
            text=True, check=True, env={'PATH': '%s:%s' % (
                self.directory, os.environ['PATH'])})
        if not os.path.exists(self.calls):
            return []
        with open(self.calls) as f:
            return f.read().splitlines()

    def test_a_started_guest_has_its_taps_up_once_in_the_datapath(self):
        self.assertEqual(
            ["ovs-vsctl --timeout=10 wait-until Interface tap68599f85-0b "
             "ofport>0", 'ip link set tap68599f85-0b up'],
            self.run_hook('started', 'begin', '-'))

    def test_other_events_leave_the_taps_alone(self):
        for event in (('prepare', 'begin'), ('start', 'begin'),
                      ('stopped', 'end'), ('release', 'end')):
            self.assertEqual([], self.run_hook(*event, '-'))
