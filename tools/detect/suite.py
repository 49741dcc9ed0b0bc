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

"""The suite in tempest: one run in a directory of its own, whether it
stands on its own, its failures, and the run that re-proves them.

Every run goes through harness.tempest_run (a fresh stestr repository
per run) with a copy of the cloud's tempest.conf giving it its own
resource name prefix, tempest log and report: the census between entries
counts what that run left.
"""

import dataclasses
import os
import re

from harness import tempest_conf
from harness import tempest_run

from migration_tempest_plugin import verdict as suite_verdict


PLUGIN_REGEX = r'^migration_tempest_plugin\.'
SCENARIO = 'migration_tempest_plugin.tests.scenario.'
FAILED = ('fail', 'uxsuccess')
TIMEOUT_RE = re.compile(r'\b(WaitTimeout|TimeoutException|TimeoutError|'
                        r'timed out)\b')
EXCEPTION_RE = re.compile(r'^(?:[\w.]+\.)?(\w+(?:Error|Exception|Failed|'
                          r'Timeout|Failure|Fault|NotFound)\w*): ?(.*)$')
# What subunit names a failed setUpClass or tearDownClass.
CLASS_FIXTURE_RE = re.compile(r'^(setUpClass|tearDownClass) \((.+)\)$')


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
    return suite_verdict.base_id(test_id).replace(SCENARIO, '')


@dataclasses.dataclass
class Run:
    """One tempest run of the detect run, and what it left."""

    name: str
    result: tempest_run.Result
    # Its [DEFAULT] resource_name_prefix and tempest log: the census's.
    prefix: str
    log: str
    # harness.known_nova_bugs that apply to the cloud: a failure that is
    # one of them is nova's, not the seed's.
    known_bugs: tuple = ()

    def failed(self):
        """{test id as recorded: its test} of every test that failed."""
        return {test_id: test
                for test_id, test in sorted(self.result.tests.items())
                if test.status in FAILED}

    def failures(self):
        """{test id: failure line} of the failures no known bug explains."""
        return {test_id: failure_line(test.details)
                for test_id, test in self.failed().items()
                if not any(bug.shown_by(test_id, test.details)
                           for bug in self.known_bugs)}

    def statuses(self):
        """{base test id: status} of every test recorded."""
        return {suite_verdict.base_id(test_id): test.status
                for test_id, test in self.result.tests.items()}


def prefix_and_log(run_dir, name):
    """The resource name prefix and tempest log of run ``name``."""
    return 'detect-%s' % name, os.path.join(run_dir, name, 'tempest.log')


def run_tests(settings, tempest, run_dir, name, move_timeout,
              regex=PLUGIN_REGEX, known_bugs=()):
    """Run ``regex`` (default: the whole suite) in run_dir/name; a Run."""
    directory = os.path.join(run_dir, name)
    prefix, log = prefix_and_log(run_dir, name)
    changes = tempest_conf.migration({
        'move_timeout': move_timeout,
        'report_file': os.path.join(directory, 'report.jsonl')})
    changes.update({('DEFAULT', 'resource_name_prefix'): prefix,
                    ('DEFAULT', 'log_dir'): directory,
                    ('DEFAULT', 'log_file'): 'tempest.log'})
    conf = tempest_conf.write_copy(
        settings.tempest_conf, os.path.join(directory, 'tempest.conf'),
        changes)
    result = tempest_run.TempestRun(tempest, directory, conf, regex,
                                    env=settings.environ()).run()
    return Run(name, result, prefix, log, tuple(known_bugs))


def covered(run):
    """Base ids of the tests the run accounts for.

    A test is accounted for when the stream has it, or when its class's
    setUpClass failed (its tests then never start: the fixture's failure
    is theirs).
    """
    ids = set()
    failed_classes = []
    for test_id in run.result.tests:
        match = CLASS_FIXTURE_RE.match(test_id)
        if match:
            failed_classes.append(match.group(2) + '.')
        else:
            ids.add(suite_verdict.base_id(test_id))
    return ids, failed_classes


def problem(run, expected):
    """Why the run cannot be judged, or None.

    It stands on its own when it left its stream (tempest_run's fresh
    repository), tempest's exit status agrees with the stream (non-zero
    if and only if a test failed), and it accounts for every test of
    ``expected`` (the baseline's base ids).
    """
    result = run.result
    if result.problem:
        return result.problem
    failed = bool(run.failed())
    if failed != bool(result.returncode):
        return ('tempest exited %d but %d tests failed in its stream'
                % (result.returncode, len(run.failed())))
    ids, failed_classes = covered(run)
    missing = sorted(test_id for test_id in set(expected) - ids
                     if not test_id.startswith(tuple(failed_classes)))
    if missing:
        return ('recorded %d tests, the baseline %d: %s did not run' % (
            len(ids), len(expected), ', '.join(
                short_test_id(test_id) for test_id in missing[:10])))
    return None


def proof_regex(failed_ids):
    """The regex that runs again exactly the tests that failed.

    A failed setUpClass or tearDownClass runs its whole class again.
    """
    parts = []
    for test_id in sorted(failed_ids):
        match = CLASS_FIXTURE_RE.match(test_id)
        if match:
            parts.append(re.escape(match.group(2) + '.'))
        else:
            parts.append(re.escape(suite_verdict.base_id(test_id))
                         + r'(\[|$)')
    return '^(%s)' % '|'.join(parts)


def outcome(test_id, run):
    """(passed, line) of a failed test (or class fixture) in a later run.

    passed is None when the run did not run it. A failed class fixture
    passed when its class ran with no failure.
    """
    statuses = run.statuses()
    lines = {suite_verdict.base_id(t): failure_line(test.details)
             for t, test in run.failed().items()}
    match = CLASS_FIXTURE_RE.match(test_id)
    if match:
        ran = {t: s for t, s in statuses.items()
               if t.startswith(match.group(2) + '.')
               or match.group(2) in t}
        bad = [t for t, s in ran.items() if s in FAILED]
        if bad:
            return False, lines[bad[0]]
        return (True, '') if ran else (None, 'did not run')
    base = suite_verdict.base_id(test_id)
    status = statuses.get(base)
    if status == 'success':
        return True, ''
    if status is None:
        return None, 'did not run'
    return False, lines.get(base) or status


def reproduced(failed_ids, again):
    """Which failures the seeded nova shows again, each test alone.

    (reproduced, {test id: why not} of the others): a test that passed
    alone with the seed failed in the whole suite for another reason (the
    load of the other tests, a race).
    """
    found, others = [], {}
    for test_id in sorted(failed_ids):
        passed, line = outcome(test_id, again)
        if passed is False:
            found.append(test_id)
        else:
            others[test_id] = ('passed again alone with the seed' if passed
                               else '%s alone with the seed' % line)
    return found, others


def proven(failed_ids, proof):
    """Which failures the run on the pristine nova re-proves.

    (caught, flaky): a test is caught when it passed there; every other
    failure is flaky, with its line there ('did not run' if it did not).
    """
    caught, flaky = [], {}
    for test_id in sorted(failed_ids):
        passed, line = outcome(test_id, proof)
        if passed:
            caught.append(test_id)
        else:
            flaky[test_id] = line
    return caught, flaky
