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

"""Unit tests of reliability/bad_inputs.py: the bad tempest.conf inputs."""

from reliability import bad_inputs
import testtools


class TestBadInputs(testtools.TestCase):

    def test_at_least_15_each_naming_an_option(self):
        self.assertGreaterEqual(len(bad_inputs.BAD_INPUTS), 15)
        for bad_input in bad_inputs.BAD_INPUTS:
            self.assertRegex(bad_input.expected,
                             r'\[[a-z-]+\] [a-z_0-9]+|Missing admin',
                             bad_input.name)
            self.assertTrue(bad_input.test.startswith(
                'migration_tempest_plugin.tests.scenario.'))

    def test_names_are_unique(self):
        names = [bad_input.name for bad_input in bad_inputs.BAD_INPUTS]
        self.assertEqual(len(names), len(set(names)))

    def verdict(self, counts, output, created=()):
        return bad_inputs.refusal_verdict(
            bad_inputs.BAD_INPUTS[0], counts, output, list(created))

    def test_skip_or_error_naming_the_option_and_no_server(self):
        self.assertEqual((True, 'answered'), self.verdict(
            {'failed': 1}, 'Details: [compute] image_ref is not set: ...'))

    def test_a_pass_is_no_answer(self):
        self.assertEqual((False, 'a test passed'), self.verdict(
            {'passed': 1}, '[compute] image_ref is not set'))

    def test_a_server_created_is_no_answer(self):
        answered, why = self.verdict(
            {'failed': 1}, '[compute] image_ref is not set', ['rel-1-a-1'])
        self.assertFalse(answered)
        self.assertIn('rel-1-a-1', why)

    def test_another_message_is_no_answer(self):
        answered, _why = self.verdict({'skipped': 1}, 'Unauthorized')
        self.assertFalse(answered)
