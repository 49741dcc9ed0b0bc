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

"""Unit tests of minicloud/services.py: one service of the cloud."""

import os

import fixtures
from minicloud import services
import testtools

from unit_tests.minicloud import fakes


class TestComputeVenv(testtools.TestCase):

    def test_compute_runs_from_the_cloud_venv_unless_recorded(self):
        state_dir = self.useFixture(fixtures.TempDir()).path
        current = fakes.make_settings(MINICLOUD_STATE_DIR=state_dir)
        previous = fakes.make_settings(MINICLOUD_STATE_DIR=state_dir)
        previous.venv = os.path.join(state_dir, 'venv-previous')

        def program(host):
            return fakes.fake_driver().service(current, host).argv[0]

        current_compute = os.path.join(state_dir, 'venv', 'bin',
                                       'nova-compute')
        self.assertEqual(current_compute, program('compute2'))
        services.record_compute_venv(previous, 'compute2')
        # A restart by compute-start keeps the release the compute ran.
        self.assertEqual(os.path.join(previous.venv, 'bin', 'nova-compute'),
                         program('compute2'))
        self.assertEqual(current_compute, program('compute1'))
