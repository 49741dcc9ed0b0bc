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

"""Unit tests of minicloud/drivers/libvirt/driver.py: the libvirt driver."""

import os
import tempfile
from unittest import mock

import fixtures
from minicloud import config
from minicloud.drivers.libvirt import driver
from minicloud.drivers.libvirt import guest_image
from minicloud.drivers.libvirt import hosts
from minicloud.drivers.libvirt import kvm
import testtools


class TestVirtTypeKept(testtools.TestCase):

    def test_the_choice_is_kept_until_teardown(self):
        state_dir = self.useFixture(fixtures.TempDir()).path
        settings = config.Settings({'MINICLOUD_STATE_DIR': state_dir,
                                    'MINICLOUD_PORT_BASE': '28400',
                                    'MINICLOUD_DRIVER': 'libvirt'})
        with mock.patch.object(kvm, 'choose_virt_type',
                               autospec=True, return_value='kvm') as choose, \
                mock.patch.object(driver, 'image_path',
                                  autospec=True, return_value='img'):
            self.assertEqual('kvm', driver.virt_type(settings))
            self.assertEqual('kvm', driver.virt_type(settings))
            self.assertEqual(1, choose.call_count)
            with mock.patch.object(hosts, 'teardown', autospec=True,
                                   return_value=[]):
                driver.LibvirtDriver().teardown(settings)
            driver.virt_type(settings)
            self.assertEqual(2, choose.call_count)


class TestPackages(testtools.TestCase):

    def test_missing_packages(self):
        self.assertEqual(
            ['qemu-utils'], driver.missing_debian_packages(
                lambda path: path != '/usr/bin/qemu-img'))


class TestImages(testtools.TestCase):

    def test_the_busy_image_is_the_drivers_extra_image(self):
        with tempfile.TemporaryDirectory() as work:
            settings = config.Settings({'MINICLOUD_STATE_DIR': work,
                                        'MINICLOUD_PORT_BASE': '28400',
                                        'MINICLOUD_DRIVER': 'libvirt'})
            guest_image.build(os.path.join(
                work, driver.BUSY_IMAGE_FILE), busy=True)
            images = driver.LibvirtDriver().extra_images(settings)
        name, data, properties = images[config.BUSY_IMAGE_ID]
        # Its NIC is the one the guest drives.
        self.assertEqual((config.BUSY_IMAGE_NAME, guest_image.IMAGE_BYTES,
                          {'os_shutdown_timeout': '0',
                           'hw_vif_model': 'rtl8139'}),
                         (name, len(data), properties))


class TestDriver(testtools.TestCase):

    def settings(self):
        return config.Settings({'MINICLOUD_STATE_DIR': '/srv/mc',
                                'MINICLOUD_PORT_BASE': '28400',
                                'MINICLOUD_DRIVER': 'libvirt'})

    def test_tempest_conf_turns_the_guest_check_on(self):
        options = driver.LibvirtDriver().tempest_options()
        self.assertEqual({'guest_heartbeat': 'mtphb1',
                          'busy_image_ref': config.BUSY_IMAGE_ID},
                         options['migration'])
        self.assertEqual('true', options['compute-feature-enabled'][
            'live_migration'])

    def test_nova_compute_enters_its_hosts_namespaces(self):
        with mock.patch.object(hosts, 'libvirtd_pid', autospec=True,
                               return_value=4242):
            service = driver.LibvirtDriver().service(
                self.settings(), 'compute2')
        self.assertEqual(['nsenter', '--target', '4242', '--mount', '--uts',
                          '--', '/srv/mc/venv/bin/nova-compute'],
                         service.argv[:7])
        self.assertEqual('mc284-compute2',
                         service.env[hosts.MARKER])

    def test_privsep_helper_reads_the_hosts_config(self):
        with mock.patch.object(driver, 'virt_type', autospec=True,
                               return_value='qemu'):
            options = driver.LibvirtDriver().compute_options(
                self.settings(), 'compute1')
        self.assertEqual(
            '/srv/mc/venv/bin/privsep-helper --config-file '
            '/srv/mc/etc/nova/nova.conf --config-file '
            '/srv/mc/etc/nova/compute1.conf',
            options['nova_sys_admin']['helper_command'])
