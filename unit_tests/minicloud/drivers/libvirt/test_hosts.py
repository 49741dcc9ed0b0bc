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

"""Unit tests of minicloud/drivers/libvirt/hosts.py: names, addresses,
namespaces and nova-compute options of the libvirt hosts.
"""

import ipaddress

from minicloud.drivers.libvirt import hosts
import testtools


HOSTS = ['compute1', 'compute2']


def make_layout(port_base=28400, state_dir='/srv/mc'):
    return hosts.layout(port_base, state_dir, HOSTS)


class TestLayout(testtools.TestCase):

    def test_names_and_addresses(self):
        layout = make_layout()
        self.assertEqual('mc284-br', layout.bridge)
        self.assertEqual('198.18.0.193', layout.bridge_address)
        self.assertEqual(
            [('compute1', 'mc284-compute1', 'mc284-v1', '198.18.0.194'),
             ('compute2', 'mc284-compute2', 'mc284-v2', '198.18.0.195')],
            [(h.name, h.netns, h.veth, h.address) for h in layout.hosts])
        self.assertEqual('/srv/mc/libvirt/compute1/root/etc/libvirt',
                         layout.host('compute1').source_of('/etc/libvirt'))

    def test_clouds_apart_get_their_own_names_and_subnets(self):
        one, other = make_layout(28400), make_layout(27600)
        self.assertNotEqual(one.bridge, other.bridge)
        self.assertNotEqual(one.bridge_address, other.bridge_address)

    def test_every_address_in_the_test_range_and_names_fit_ifnamsiz(self):
        for port_base in range(1000, 65000, 100):
            layout = make_layout(port_base)
            for address in [layout.bridge_address] + [
                    host.address for host in layout.hosts]:
                self.assertIn(ipaddress.ip_address(address),
                              hosts.NETWORK)
            for name in [layout.bridge] + [
                    host.veth + 'p' for host in layout.hosts]:
                self.assertLessEqual(len(name), 15, name)


class TestNovaComputeAndNamespaces(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.layout = make_layout()
        self.host = self.layout.host('compute2')

    def nova_conf(self, virt_type):
        return hosts.nova_compute_options(
            self.host, virt_type, '/venv/bin/privsep-helper --config-file x')

    def test_nova_compute_on_kvm(self):
        conf = self.nova_conf('kvm')
        self.assertEqual('libvirt.LibvirtDriver',
                         conf['DEFAULT']['compute_driver'])
        self.assertEqual('198.18.0.195', conf['DEFAULT']['my_ip'])
        self.assertEqual('/var/lib/nova', conf['DEFAULT']['state_path'])
        self.assertEqual('198.18.0.195',
                         conf['libvirt']['live_migration_inbound_addr'])
        self.assertEqual('True',
                         conf['workarounds']['skip_cpu_compare_on_dest'])
        # No cap for every live migration: the busy guest's alone is
        # capped (faults.THROTTLED).
        self.assertNotIn('live_migration_bandwidth', conf['libvirt'])
        self.assertEqual('/venv/bin/privsep-helper --config-file x',
                         conf['nova_sys_admin']['helper_command'])

    def test_nova_compute_on_tcg_compares_no_cpu(self):
        conf = self.nova_conf('qemu')
        self.assertEqual('qemu', conf['libvirt']['virt_type'])
        self.assertNotIn('workarounds', conf)
        self.assertNotIn('cpu_mode', conf['libvirt'])

    def test_bind_script_mounts_every_host_directory(self):
        script = hosts.bind_script(self.host, ['libvirtd', '-f', 'x'])
        for path in hosts.HOST_DIRECTORIES + ('/etc/hosts',):
            self.assertIn('mount --bind %s %s' % (
                self.host.source_of(path), path), script)
        self.assertTrue(script.rstrip().endswith('exec libvirtd -f x'))

    def test_nova_compute_enters_mount_and_uts_not_net(self):
        self.assertEqual(
            ['nsenter', '--target', '42', '--mount', '--uts', '--', 'nc'],
            hosts.enter_host_argv(42, ['nc']))
