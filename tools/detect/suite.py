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

"""The whole suite in tempest on the seeded nova, and its failures.
"""

import os
import re

from harness import tempest_conf
from harness import tempest_run

from migration_tempest_plugin import verdict as suite_verdict


PLUGIN_REGEX = r'^migration_tempest_plugin\.'


TIMEOUT_RE = re.compile(r'\b(WaitTimeout|TimeoutException|TimeoutError|'
                        r'timed out)\b')
EXCEPTION_RE = re.compile(r'^(?:[\w.]+\.)?(\w+(?:Error|Exception|Failed|'
                          r'Timeout|Failure|Fault|NotFound)\w*): ?(.*)$')


def failure_line(traceback):
    """The line saying why a test failed: its exception and first problem.

    ``MoveVerificationError: Move of server ... did not end as expected: -
    allocations left under the migration ...``: the exception's class
    without its module, its first line, and the first "- " line under it.
    """
    lines = traceback.strip().splitlines()
    for index in range(len(lines) - 1, -1, -1):
        match = EXCEPTION_RE.match(lines[index])
        if not match:
            continue
        text = '%s: %s' % (match.group(1), match.group(2).strip())
        for line in lines[index + 1:]:
            if line.startswith('- '):
                text += ' ' + line
                break
        return text[:400]
    return lines[-1][:400] if lines else '(no traceback)'


def is_timeout(line):
    """A failure that is a wait running out, not nova's error."""
    return bool(TIMEOUT_RE.search(line.split(':', 1)[0])) or (
        line.startswith('Timeout') or 'not done after' in line)


def short_test_id(test_id):
    """``test_resize.ResizeOneSiblingTest.test_...`` without the prefix."""
    return suite_verdict.base_id(test_id).replace(
        'migration_tempest_plugin.tests.scenario.', '')


def run_suite(settings, tempest, run_dir, name, move_timeout):
    """The whole suite in tempest, in a directory of the detect run's.

    Returns (tempest_run.Result, {short test id: failure line} of the
    tests that failed); a run that recorded no test is an error.
    """
    directory = os.path.join(run_dir, name)
    conf = tempest_conf.write_copy(
        settings.tempest_conf, os.path.join(directory, 'tempest.conf'),
        tempest_conf.migration({
            'move_timeout': move_timeout,
            'report_file': os.path.join(directory, 'report.jsonl')}))
    result = tempest_run.TempestRun(tempest, directory, conf, PLUGIN_REGEX,
                                    env=settings.environ()).run().check()
    failures = {short_test_id(test_id): failure_line(test.details)
                for test_id, test in sorted(result.tests.items())
                if test.status in ('fail', 'uxsuccess')}
    return result, failures
