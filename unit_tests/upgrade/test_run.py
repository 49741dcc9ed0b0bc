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

"""Unit tests of upgrade/run.py: python -m upgrade."""

import testtools

from unit_tests import commands


class TestCommandLine(testtools.TestCase):

    def test_help_says_what_it_does_and_starts_nothing(self):
        text = commands.help_text(self, 'upgrade')
        self.assertIn("the plugin's upgrade validation", text)
        self.assertIn('MINICLOUD_KEEP', text)
        self.assertNotIn('upgrade: from=', text)
