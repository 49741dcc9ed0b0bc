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

"""Unit tests of bench/figures.py: the figures of the bench's runs."""

import testtools

from bench import figures
from harness import subunit
from harness import tempest_run


class TestPassedTests(testtools.TestCase):

    def test_seconds_of_the_tests_that_passed_without_their_tags(self):
        result = tempest_run.Result(
            '/d', '/d/tempest.conf', 'x', 1, '', {}, {
                'pkg.T.test_a[id-1,smoke]': subunit.Test('success', '', 2.5),
                'pkg.T.test_b[id-2]': subunit.Test('fail', 'boom', 1.0),
                'pkg.T.test_c': subunit.Test('skip', 'off', 0.0)},
            '/d/s', None, 9.0)
        self.assertEqual({'pkg.T.test_a': 2.5}, figures.passed_tests(result))
