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

"""Unit tests of upgrade/figures.py: the final line of the run."""

import testtools
from upgrade import figures


class TestFinalLine(testtools.TestCase):

    def test_final_line(self):
        tally = figures.Tally()
        tally.from_version, tally.to_version = '33.0.2', '34.0.0'
        tally.created_before, tally.moved_after = 16, 8
        self.assertRegex(
            tally.line(),
            r'^upgrade: from=33\.0\.2 to=34\.0\.0 created_before=16 '
            r'moved_after=8 failures=0 wall_s=\d+$')
