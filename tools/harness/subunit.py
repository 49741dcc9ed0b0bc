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

"""The one reader of subunit streams in the tools.

A stream is what ``stestr last --subunit`` gives of a run: every test's
id, status, details (the traceback of a failure, the reason of a skip) and
start and stop times. The plugin's verdict reads statuses with its own
reader (the plugin imports no tool).
"""

import dataclasses
import io


@dataclasses.dataclass
class Test:
    """One test of a stream."""

    # subunit's: success, fail, skip, xfail, uxsuccess, ...
    status: str
    # The traceback of a failure or the reason of a skip, else ''.
    details: str = ''
    # From its start to its stop, if the stream has both.
    seconds: float = None


def read(stream):
    """{test id: Test} of a subunit v2 stream (bytes)."""
    import subunit
    import testtools

    tests = {}

    def on_test(test):
        details = ''
        for key in ('traceback', 'reason'):
            if key in test['details']:
                details = test['details'][key].as_text()
                break
        seconds = None
        start, stop = test['timestamps']
        if start is not None and stop is not None:
            seconds = (stop - start).total_seconds()
        tests[test['id']] = Test(test['status'], details, seconds)

    result = testtools.StreamToDict(on_test)
    result.startTestRun()
    subunit.ByteStreamToStreamResult(
        io.BytesIO(stream), non_subunit_name='stdout').run(result)
    result.stopTestRun()
    return tests
