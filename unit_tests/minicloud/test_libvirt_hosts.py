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

"""Unit tests of the libvirt hosts' layout and files (nothing started)."""

import ipaddress
import os
import struct
import tempfile
from unittest import mock

import fixtures
from minicloud import config
from minicloud.drivers import libvirt as libvirt_driver
from minicloud import guest_image
from minicloud import libvirt_hosts
import testtools

HOSTS = ['compute1', 'compute2']


def make_layout(port_base=28400, state_dir='/srv/mc'):
    return libvirt_hosts.layout(port_base, state_dir, HOSTS)


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
                              libvirt_hosts.NETWORK)
            for name in [layout.bridge] + [
                    host.veth + 'p' for host in layout.hosts]:
                self.assertLessEqual(len(name), 15, name)


class TestFiles(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.layout = make_layout()
        self.host = self.layout.host('compute2')

    def test_libvirtd_listens_on_its_own_address_only(self):
        conf = libvirt_hosts.libvirtd_conf(self.host)
        self.assertIn('listen_addr = "198.18.0.195"', conf)
        self.assertIn('listen_tls = 0', conf)
        other = libvirt_hosts.libvirtd_conf(self.layout.host('compute1'))
        uuid_line = [line for line in conf.splitlines()
                     if line.startswith('host_uuid')]
        self.assertEqual(1, len(uuid_line))
        self.assertNotIn(uuid_line[0], other)

    def test_qemu_without_cgroups_security_driver_or_virtlogd(self):
        conf = libvirt_hosts.qemu_conf(self.host)
        for line in ('cgroup_controllers = [ ]', 'security_driver = "none"',
                     'stdio_handler = "file"',
                     'migration_address = "198.18.0.195"'):
            self.assertIn(line, conf)

    def test_sshd_keys_only_on_the_host_address(self):
        conf = libvirt_hosts.sshd_config(self.host, self.layout)
        self.assertIn('ListenAddress 198.18.0.195:22', conf)
        self.assertIn('PasswordAuthentication no', conf)
        self.assertIn('Subsystem sftp internal-sftp', conf)
        # A clone under /tmp (world-writable) would refuse every key.
        self.assertIn('StrictModes no', conf)

    def test_ssh_client_checks_host_keys(self):
        conf = libvirt_hosts.ssh_client_config(self.layout)
        self.assertIn('Host 198.18.0.194 198.18.0.195', conf)
        self.assertIn('StrictHostKeyChecking yes', conf)
        self.assertIn('IdentityFile /srv/mc/libvirt/ssh/id_ed25519', conf)

    def test_hosts_file_names_every_host(self):
        self.assertEqual(
            '127.0.0.1 localhost\n198.18.0.195 compute2\n'
            '198.18.0.194 compute1\n',
            libvirt_hosts.hosts_file(self.layout, self.host))

    def nova_conf(self, virt_type):
        return libvirt_hosts.nova_compute_options(
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
        self.assertEqual('1', conf['libvirt']['live_migration_bandwidth'])
        self.assertEqual('/venv/bin/privsep-helper --config-file x',
                         conf['nova_sys_admin']['helper_command'])

    def test_nova_compute_on_tcg_compares_no_cpu(self):
        conf = self.nova_conf('qemu')
        self.assertEqual('qemu', conf['libvirt']['virt_type'])
        self.assertNotIn('workarounds', conf)
        self.assertNotIn('cpu_mode', conf['libvirt'])

    def test_bind_script_mounts_every_host_directory(self):
        script = libvirt_hosts.bind_script(self.host, ['libvirtd', '-f', 'x'])
        for path in libvirt_hosts.HOST_DIRECTORIES + ('/etc/hosts',):
            self.assertIn('mount --bind %s %s' % (
                self.host.source_of(path), path), script)
        self.assertTrue(script.rstrip().endswith('exec libvirtd -f x'))

    def test_nova_compute_enters_mount_and_uts_not_net(self):
        self.assertEqual(
            ['nsenter', '--target', '42', '--mount', '--uts', '--', 'nc'],
            libvirt_hosts.enter_host_argv(42, ['nc']))


class TestVirtType(testtools.TestCase):

    def test_no_device_means_tcg(self):
        self.assertFalse(libvirt_hosts.kvm_works('/nonexistent/kvm'))
        with mock.patch.object(libvirt_hosts, 'kvm_works', autospec=True,
                               return_value=False):
            self.assertEqual('qemu', libvirt_hosts.choose_virt_type(
                '/srv/mc/heartbeat.img', 'MTPHB1 '))

    def test_kvm_that_boots_no_guest_means_tcg(self):
        with mock.patch.object(libvirt_hosts, 'kvm_works', autospec=True,
                               return_value=True), \
                mock.patch.object(libvirt_hosts, 'kvm_boots', autospec=True,
                                  return_value=False) as boots:
            self.assertEqual('qemu', libvirt_hosts.choose_virt_type(
                '/srv/mc/heartbeat.img', 'MTPHB1 '))
        boots.assert_called_once_with('/srv/mc/heartbeat.img', 'MTPHB1 ')

    def test_the_choice_is_kept_until_teardown(self):
        state_dir = self.useFixture(fixtures.TempDir()).path
        settings = config.Settings({'MINICLOUD_STATE_DIR': state_dir,
                                    'MINICLOUD_PORT_BASE': '28400',
                                    'MINICLOUD_DRIVER': 'libvirt'})
        with mock.patch.object(libvirt_hosts, 'choose_virt_type',
                               autospec=True, return_value='kvm') as choose, \
                mock.patch.object(libvirt_driver, 'image_path',
                                  autospec=True, return_value='img'):
            self.assertEqual('kvm', libvirt_driver.virt_type(settings))
            self.assertEqual('kvm', libvirt_driver.virt_type(settings))
            self.assertEqual(1, choose.call_count)
            with mock.patch.object(libvirt_hosts, 'teardown', autospec=True,
                                   return_value=[]):
                libvirt_driver.LibvirtDriver().teardown(settings)
            libvirt_driver.virt_type(settings)
            self.assertEqual(2, choose.call_count)

    def test_missing_packages(self):
        self.assertEqual(
            ['qemu-utils'], libvirt_hosts.missing_debian_packages(
                lambda path: path != '/usr/bin/qemu-img'))


class TestGuestImage(testtools.TestCase):

    def test_one_partition_and_the_boot_signature(self):
        image = guest_image.disk_image(b'\xeb\xfe', size=1 << 20)
        self.assertEqual(1 << 20, len(image))
        self.assertEqual(b'\xeb\xfe', image[:2])
        self.assertEqual(b'\x55\xaa', image[510:512])
        _status, kind, first, count = struct.unpack(
            '<B3xB3xII', image[446:462])
        self.assertEqual((0x83, 1, 2047), (kind, first, count))

    def test_code_too_big_for_the_boot_sector(self):
        self.assertRaises(ValueError, guest_image.disk_image, b'\x90' * 447)

    def test_built_from_the_source(self):
        with tempfile.TemporaryDirectory() as work:
            path = guest_image.build(os.path.join(work, 'guest.img'))
            with open(path, 'rb') as f:
                data = f.read()
        self.assertEqual(guest_image.IMAGE_BYTES, len(data))
        self.assertIn(b'MTPHB1 ', data[:446])

    def test_the_busy_variant_adds_its_loop(self):
        plain = guest_image.assemble()
        busy = guest_image.assemble(busy=True)
        self.assertGreater(len(busy), len(plain))
        self.assertIn(b'MTPHB1 ', busy)

    def test_the_busy_image_is_the_drivers_extra_image(self):
        with tempfile.TemporaryDirectory() as work:
            settings = config.Settings({'MINICLOUD_STATE_DIR': work,
                                        'MINICLOUD_PORT_BASE': '28400',
                                        'MINICLOUD_DRIVER': 'libvirt'})
            guest_image.build(os.path.join(
                work, libvirt_driver.BUSY_IMAGE_FILE), busy=True)
            images = libvirt_driver.LibvirtDriver().extra_images(settings)
        name, data, properties = images[config.BUSY_IMAGE_ID]
        self.assertEqual((config.BUSY_IMAGE_NAME, guest_image.IMAGE_BYTES,
                          {'os_shutdown_timeout': '0'}),
                         (name, len(data), properties))


class TestDriver(testtools.TestCase):

    def settings(self):
        return config.Settings({'MINICLOUD_STATE_DIR': '/srv/mc',
                                'MINICLOUD_PORT_BASE': '28400',
                                'MINICLOUD_DRIVER': 'libvirt'})

    def test_tempest_conf_turns_the_guest_check_on(self):
        options = libvirt_driver.LibvirtDriver().tempest_options()
        self.assertEqual({'guest_heartbeat': 'mtphb1',
                          'busy_image_ref': config.BUSY_IMAGE_ID},
                         options['migration'])
        self.assertEqual('true', options['compute-feature-enabled'][
            'live_migration'])

    def test_nova_compute_enters_its_hosts_namespaces(self):
        with mock.patch.object(libvirt_hosts, 'libvirtd_pid', autospec=True,
                               return_value=4242):
            service = libvirt_driver.LibvirtDriver().service(
                self.settings(), 'compute2')
        self.assertEqual(['nsenter', '--target', '4242', '--mount', '--uts',
                          '--', '/srv/mc/venv/bin/nova-compute'],
                         service.argv[:7])
        self.assertEqual('mc284-compute2',
                         service.env[libvirt_hosts.MARKER])

    def test_privsep_helper_reads_the_hosts_config(self):
        with mock.patch.object(libvirt_driver, 'virt_type', autospec=True,
                               return_value='qemu'):
            options = libvirt_driver.LibvirtDriver().compute_options(
                self.settings(), 'compute1')
        self.assertEqual(
            '/srv/mc/venv/bin/privsep-helper --config-file '
            '/srv/mc/etc/nova/nova.conf --config-file '
            '/srv/mc/etc/nova/compute1.conf',
            options['nova_sys_admin']['helper_command'])
