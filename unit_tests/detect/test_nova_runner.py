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

"""Unit tests of detect/nova_runner.py: why a nova test failed."""

from detect import nova_runner
import testtools


class TestRunnerWhy(testtools.TestCase):
    """nova_runner.why: the exception a traceback ends with."""

    def test_exception_after_the_last_frame(self):
        text = ('Traceback (most recent call last):\n'
                '  File "a.py", line 1, in f\n'
                '    raise X()\n'
                '  File "b.py", line 2, in g\n'
                '    remote()\n'
                'nova.tests.functional.api.client.OpenStackApiException: '
                'Unexpected status code: ' + 'x' * 1000 + '\n')
        why = nova_runner.why(text)
        self.assertTrue(why.startswith(
            'nova.tests.functional.api.client.OpenStackApiException: '
            'Unexpected status code: '))
        self.assertEqual(nova_runner.WHY_CHARS, len(why))

    def test_no_frames(self):
        self.assertEqual('AssertionError: x',
                         nova_runner.why('AssertionError: x\n'))
        self.assertEqual('', nova_runner.why(''))
