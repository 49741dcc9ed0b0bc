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

"""Unit tests of minicloud/drivers/__init__.py: the compute driver seam."""

import fixtures
from minicloud import drivers
from minicloud import errors
import testtools

from unit_tests.minicloud import fakes


class TestDrivers(testtools.TestCase):

    def test_minicloud_driver_picks_one(self):
        settings = fakes.make_settings(MINICLOUD_DRIVER='libvirt')
        self.assertEqual('libvirt',
                         drivers.select(settings.driver_name).name)

    def test_unknown_driver_names_the_variable_and_the_known_ones(self):
        e = self.assertRaises(errors.MinicloudError, drivers.select,
                              'libvirt-kvm')
        self.assertIn("MINICLOUD_DRIVER='libvirt-kvm'", str(e))
        self.assertIn('fake, libvirt', str(e))

    def test_every_driver_gives_the_whole_interface(self):
        settings = fakes.make_settings()
        # libvirt's would probe KVM by booting a guest.
        self.useFixture(fixtures.MockPatch(
            'minicloud.drivers.libvirt.driver.virt_type', return_value='qemu'))
        for name, driver_class in drivers.known().items():
            driver = driver_class()
            self.assertEqual(name, driver.name)
            self.assertIn('DEFAULT', driver.compute_options(settings,
                                                            'compute1'))
            self.assertIn('compute-feature-enabled',
                          driver.tempest_options())
            self.assertIn('/srv/mc/etc/nova/compute1.conf',
                          driver.service(settings, 'compute1').argv)
