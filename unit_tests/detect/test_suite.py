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

"""Unit tests of detect/suite.py: the failures of a seeded run."""

from detect import suite
import testtools

from unit_tests.detect import samples


class TestFailureLine(testtools.TestCase):
    def test_failure_line_names_exception_and_first_problem(self):
        self.assertEqual(
            'MoveVerificationError: Move of server 5b1 from compute1 did '
            'not end as expected: - allocations left under the migration '
            "9c2: {'rp': {'VCPU': 1}}",
            suite.failure_line(samples.TRACEBACK_VERIFY))
        self.assertEqual('WaitFailed: server 5b1 went to ERROR: NoValidHost:'
                         ' No valid host was found.',
                         suite.failure_line(samples.TRACEBACK_FAILED))

    def test_timeouts(self):
        self.assertTrue(suite.is_timeout(
            suite.failure_line(samples.TRACEBACK_TIMEOUT)))
        self.assertFalse(suite.is_timeout(
            suite.failure_line(samples.TRACEBACK_FAILED)))
        self.assertFalse(suite.is_timeout(
            suite.failure_line(samples.TRACEBACK_VERIFY)))
