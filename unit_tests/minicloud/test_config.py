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

"""Unit tests of minicloud/config.py: settings of a cloud, its driver."""

import os
import subprocess
from unittest import mock

import fixtures
from minicloud import config
from minicloud import drivers
from minicloud import errors
import testtools

from unit_tests.minicloud import fakes


class TestSettings(testtools.TestCase):

    def test_ports_follow_the_base(self):
        settings = fakes.make_settings(MINICLOUD_PORT_BASE='50000')
        self.assertEqual(50000, settings.port('mariadb'))
        self.assertEqual(50010, settings.port('keystone'))
        self.assertEqual('http://127.0.0.1:50010/v3', settings.keystone_url)

    def test_default_port_base(self):
        self.assertEqual(config.DEFAULT_PORT_BASE,
                         fakes.make_settings().port_base)

    def test_default_ports_lie_below_the_ephemeral_range(self):
        top = config.DEFAULT_PORT_BASE + max(
            config.PORT_OFFSETS.values())
        self.assertLess(top, 32768)

    def test_recorded_port_base_is_used_unless_overridden(self):
        state_dir = self.useFixture(fixtures.TempDir()).path
        with open(os.path.join(state_dir, config.PORT_BASE_FILE),
                  'w') as f:
            f.write('40000\n')
        self.assertEqual(
            40000,
            fakes.make_settings(MINICLOUD_STATE_DIR=state_dir).port_base)
        self.assertEqual(
            50000, fakes.make_settings(MINICLOUD_STATE_DIR=state_dir,
                                       MINICLOUD_PORT_BASE='50000').port_base)

    def test_keep_only_when_set_to_something_other_than_0(self):
        self.assertFalse(fakes.make_settings().keep)
        self.assertFalse(fakes.make_settings(MINICLOUD_KEEP='0').keep)
        self.assertTrue(fakes.make_settings(MINICLOUD_KEEP='1').keep)

    def test_port_base_not_a_number(self):
        e = self.assertRaises(errors.MinicloudError,
                              config.parse_port_base, 'high')
        self.assertIn("'high'", str(e))

    def test_port_range_must_fit(self):
        self.assertRaises(errors.MinicloudError,
                          config.parse_port_base, '65530')
        self.assertRaises(errors.MinicloudError,
                          config.parse_port_base, '80')

    def test_paths_under_the_state_dir(self):
        settings = fakes.make_settings()
        self.assertEqual('/srv/mc/tempest/etc/tempest.conf',
                         settings.tempest_conf)
        self.assertEqual('/srv/mc/logs/compute1.log',
                         settings.log('compute1'))
        self.assertEqual('/srv/mc/venv/bin/uwsgi', settings.bin('uwsgi'))


class TestDriverChoice(testtools.TestCase):

    def test_the_default_is_the_machines(self):
        for machine in ('fake', 'libvirt'):
            with mock.patch.object(config, 'machine_driver', autospec=True,
                                   return_value=(machine, 'because')):
                settings = config.Settings({'MINICLOUD_STATE_DIR': '/srv/mc'})
            self.assertEqual(machine, settings.driver_name)
            self.assertEqual('auto: because', settings.driver_why)
            self.assertEqual(machine,
                             drivers.select(settings.driver_name).name)

    def test_a_named_driver_needs_no_probe(self):
        with mock.patch.object(config, 'machine_driver',
                               autospec=True) as machine:
            settings = fakes.make_settings(MINICLOUD_DRIVER='libvirt')
        machine.assert_not_called()
        self.assertEqual('MINICLOUD_DRIVER=libvirt', settings.driver_why)

    def test_libvirt_needs_root_the_tools_and_namespaces(self):
        def which(tool):
            return '/usr/bin/' + tool

        def works(command, **kwargs):
            self.assertEqual(config.NAMESPACE_PROBE, command)
            return 0

        self.assertEqual('libvirt',
                         config.machine_driver(lambda: 0, which, works)[0])
        self.assertEqual(('fake', 'not root (the hosts need namespaces and '
                          'mounts)'),
                         config.machine_driver(lambda: 1000, which, works))
        self.assertEqual(('fake', 'no nsenter on PATH'), config.machine_driver(
            lambda: 0, lambda tool: None if tool == 'nsenter' else tool,
            works))
        denied = config.machine_driver(lambda: 0, which, lambda c, **k: 1)
        self.assertEqual('fake', denied[0])
        self.assertIn('unshare --net --mount --uts true', denied[1])

    def test_the_namespace_probe_runs_here(self):
        # The probe is a real command: as root it must succeed.
        if os.geteuid() != 0:
            self.skipTest('needs root')
        self.assertEqual(0, subprocess.call(config.NAMESPACE_PROBE))

    def test_recorded_driver_is_used_unless_overridden(self):
        state_dir = self.useFixture(fixtures.TempDir()).path
        fakes.make_settings(MINICLOUD_STATE_DIR=state_dir,
                            MINICLOUD_DRIVER='libvirt').record()
        recorded = config.Settings({'MINICLOUD_STATE_DIR': state_dir})
        self.assertEqual('libvirt', recorded.driver_name)
        self.assertEqual('the cloud in %s was made with it' % state_dir,
                         recorded.driver_why)
        self.assertEqual('fake', fakes.make_settings(
            MINICLOUD_STATE_DIR=state_dir,
            MINICLOUD_DRIVER='fake').driver_name)
