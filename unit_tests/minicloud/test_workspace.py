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

"""Unit tests of minicloud/workspace.py: the tempest workspace."""

import os

import fixtures
from minicloud import workspace
import testtools


class TestWorkspace(testtools.TestCase):

    def stestr_conf(self, tempest_dir):
        path = os.path.join(self.useFixture(fixtures.TempDir()).path,
                            '.stestr.conf')
        with open(path, 'w') as f:
            f.write('[DEFAULT]\ntest_path=%s/test_discover\ntop_dir=%s\n'
                    % (tempest_dir, tempest_dir))
        return path

    def test_a_workspace_of_another_envs_tempest_is_made_again(self):
        import tempest

        here = os.path.dirname(tempest.__file__)
        self.assertTrue(workspace.made_for_this_tempest(
            self.stestr_conf(here)))
        self.assertFalse(workspace.made_for_this_tempest(self.stestr_conf(
            '/work/.tox/minicloud-smoke/lib/python3.11/site-packages/'
            'tempest')))

    def test_classes_split_between_workers(self):
        path = self.stestr_conf('/t')
        with open(path, 'a') as f:
            f.write('group_regex=([^\\.]*\\.)*\n')
        workspace.split_classes(path)
        workspace.split_classes(path)
        with open(path) as f:
            text = f.read()
        self.assertNotIn('group_regex', text)
        self.assertIn('test_path = /t/test_discover', text)
