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

"""Unit tests of harness/subunit.py: the one subunit reader of the tools."""

import datetime
import io

from harness import subunit
from subunit import v2 as subunit_v2
import testtools

TRACEBACK = '''\
Traceback (most recent call last):
  File "/x/waiters.py", line 80, in wait_until
migration_tempest_plugin.common.waiters.WaitFailed: server 5b1 went to \
ERROR: NoValidHost: No valid host was found.
'''


def stream(*events):
    buffer = io.BytesIO()
    output = subunit_v2.StreamResultToBytes(buffer)
    for event in events:
        output.status(**event)
    return buffer.getvalue()


class TestRead(testtools.TestCase):

    def test_status_and_traceback_of_each_test(self):
        tests = subunit.read(stream(
            dict(test_id='pkg.T.test_ok', test_status='success'),
            dict(test_id='pkg.T.test_bad', file_name='traceback',
                 file_bytes=TRACEBACK.encode(),
                 mime_type='text/plain; charset=utf8'),
            dict(test_id='pkg.T.test_bad', test_status='fail')))
        self.assertEqual('success', tests['pkg.T.test_ok'].status)
        self.assertEqual(('fail', TRACEBACK),
                         (tests['pkg.T.test_bad'].status,
                          tests['pkg.T.test_bad'].details))

    def test_reason_of_a_skip_and_the_seconds_a_test_took(self):
        start = datetime.datetime(2026, 12, 1, 10, 0, 0,
                                  tzinfo=datetime.timezone.utc)
        tests = subunit.read(stream(
            dict(test_id='pkg.T.test_skip', test_status='inprogress',
                 timestamp=start),
            dict(test_id='pkg.T.test_skip', file_name='reason',
                 file_bytes=b'evacuate is off',
                 mime_type='text/plain; charset=utf8'),
            dict(test_id='pkg.T.test_skip', test_status='skip',
                 timestamp=start + datetime.timedelta(seconds=2.5))))
        self.assertEqual(subunit.Test('skip', 'evacuate is off', 2.5),
                         tests['pkg.T.test_skip'])

    def test_an_empty_stream_has_no_test(self):
        self.assertEqual({}, subunit.read(b''))
