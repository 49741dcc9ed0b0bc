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

"""Unit tests of minicloud/drivers/libvirt/kvm.py: nova's virt_type."""

from unittest import mock

from minicloud.drivers.libvirt import kvm
import testtools


class TestVirtType(testtools.TestCase):

    def test_no_device_means_tcg(self):
        self.assertFalse(kvm.kvm_works('/nonexistent/kvm'))
        with mock.patch.object(kvm, 'kvm_works', autospec=True,
                               return_value=False):
            self.assertEqual('qemu', kvm.choose_virt_type(
                '/srv/mc/heartbeat.img', 'MTPHB1 '))

    def test_kvm_that_boots_no_guest_means_tcg(self):
        with mock.patch.object(kvm, 'kvm_works', autospec=True,
                               return_value=True), \
                mock.patch.object(kvm, 'kvm_boots', autospec=True,
                                  return_value=False) as boots:
            self.assertEqual('qemu', kvm.choose_virt_type(
                '/srv/mc/heartbeat.img', 'MTPHB1 '))
        boots.assert_called_once_with('/srv/mc/heartbeat.img', 'MTPHB1 ')
