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

"""Unit tests of upgrade/settings.py: the upgrade cloud and its releases."""

import os

from minicloud import config
from minicloud import errors
import testtools
from upgrade import settings as upgrade_settings


class TestSettings(testtools.TestCase):

    def settings(self, state_dir):
        return upgrade_settings.UpgradeSettings(
            {'MINICLOUD_STATE_DIR': state_dir}).previous

    def test_venv_of_the_previous_release(self):
        settings = self.settings('/tmp/up')
        self.assertEqual('/tmp/up/venv-previous/bin/nova-manage',
                         settings.bin('nova-manage'))

    def test_refuses_the_development_cloud(self):
        settings = self.settings(os.path.join(config.REPO_DIR,
                                              '.minicloud'))
        error = self.assertRaises(errors.MinicloudError,
                                  upgrade_settings.check_own_state_dir,
                                  settings)
        self.assertIn('the development cloud', str(error))
        upgrade_settings.check_own_state_dir(self.settings('/tmp/up'))

    def test_each_release_has_its_constraints_and_nothing_is_patched(self):
        settings = upgrade_settings.UpgradeSettings(
            {'MINICLOUD_STATE_DIR': '/tmp/up'})
        self.assertEqual(upgrade_settings.PREVIOUS_CONSTRAINTS,
                         settings.previous.constraints_file)
        self.assertEqual(upgrade_settings.CURRENT_CONSTRAINTS,
                         settings.current.constraints_file)
        self.assertEqual(upgrade_settings.CURRENT_CONSTRAINTS,
                         config.CONSTRAINTS_FILE)

    def test_own_defaults_workspace_stamps_and_driver(self):
        settings = upgrade_settings.UpgradeSettings({})
        for cloud in (settings.previous, settings.current):
            self.assertEqual(upgrade_settings.DEFAULT_STATE_DIR,
                             cloud.state_dir)
            self.assertEqual(int(upgrade_settings.DEFAULT_PORT_BASE),
                             cloud.port_base)
            self.assertEqual('minicloud-upgrade', cloud.workspace_name)
            self.assertEqual('fake', cloud.driver_name)
        self.assertEqual(config.WORKSPACE_NAME, 'minicloud')
        self.assertNotEqual(settings.previous.stamp_dir,
                            settings.current.stamp_dir)

    def test_children_find_this_cloud(self):
        settings = upgrade_settings.UpgradeSettings({
            'MINICLOUD_STATE_DIR': '/tmp/up',
            'MINICLOUD_PORT_BASE': '41000'}).current
        self.assertEqual({'MINICLOUD_STATE_DIR': '/tmp/up',
                          'MINICLOUD_PORT_BASE': '41000',
                          'MINICLOUD_DRIVER': 'fake'},
                         settings.environ())

    def test_previous_constraints_pin_the_previous_release(self):
        pins = {}
        for name in (upgrade_settings.PREVIOUS_CONSTRAINTS,
                     upgrade_settings.CURRENT_CONSTRAINTS):
            with open(name) as f:
                pins[name] = dict(line.strip().split('==') for line in f
                                  if '==' in line)
        previous = pins[upgrade_settings.PREVIOUS_CONSTRAINTS]
        current = pins[upgrade_settings.CURRENT_CONSTRAINTS]
        self.assertEqual(
            int(current['nova'].split('.')[0]) - 1,
            int(previous['nova'].split('.')[0]))
        for package in config.SERVER_PACKAGES:
            self.assertIn(package, previous)
