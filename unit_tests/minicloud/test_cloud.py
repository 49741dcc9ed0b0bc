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

"""Unit tests of minicloud/cloud.py: the cloud lifecycle."""

import fixtures
from minicloud import cloud
from minicloud import errors
from minicloud import host
import testtools

from unit_tests.minicloud import fakes


class TestCheckSameDriver(testtools.TestCase):

    def test_a_cloud_keeps_its_driver(self):
        state_dir = self.useFixture(fixtures.TempDir()).path
        fakes.make_settings(MINICLOUD_STATE_DIR=state_dir,
                            MINICLOUD_DRIVER='libvirt').record()
        settings = fakes.make_settings(MINICLOUD_STATE_DIR=state_dir)
        stamps = host.Stamps(settings)
        # No databases yet: nothing of the driver is kept.
        cloud.check_same_driver(settings, stamps)
        stamps.mark('databases')
        error = self.assertRaises(errors.MinicloudError,
                                  cloud.check_same_driver, settings, stamps)
        self.assertIn('runs the libvirt driver, not fake', str(error))
        self.assertIn('down --purge', str(error))


class TestComputeStop(testtools.TestCase):

    def test_the_compute_dies_with_no_grace(self):
        stop = self.useFixture(fixtures.MockPatch(
            'minicloud.processes.stop_processes')).mock
        settings = fakes.make_settings()
        cloud.compute_stop(settings, 'compute2')
        stop.assert_called_once_with(settings, ['compute2'], 0)
