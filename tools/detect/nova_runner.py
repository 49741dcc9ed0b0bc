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

"""Run some of nova's own tests in one process; write their results.

Run by detect.liveness with the python of its nova test venv (never
imported by the tools): ``python nova_runner.py OUT.json TEST_ID...``.
Standard library and nova only. Each test id is loaded on its own, so one
that does not import is reported (``load-error``) without hiding the
others. OUT.json is ``{test id: {"status": ..., "detail": ...}}`` with
status one of pass, fail, error, skip, load-error; why is the exception
the traceback ends with, detail the end of the traceback.
"""

import importlib
import json
import sys
import traceback
import unittest
import warnings

DETAIL_CHARS = 3000
WHY_CHARS = 300


def relax_sqlalchemy_deprecations():
    """SQLAlchemy deprecations warn, as in the cloud, instead of raising.

    nova's WarningsFixture turns SADeprecationWarning raised from nova into
    an error. nova 34.0.0 calls orm.noload, deprecated in the SQLAlchemy
    the embedded cloud pins (tools/minicloud/constraints.txt): with the
    fixture as is, every API call that loads an instance fails in the
    tests and nowhere else. SAWarning stays an error.
    """
    nova_fixtures = importlib.import_module('nova.tests.fixtures.nova')
    from sqlalchemy import exc as sqla_exc

    original = nova_fixtures.WarningsFixture.setUp

    def setUp(self):
        original(self)
        warnings.filterwarnings('ignore',
                                category=sqla_exc.SADeprecationWarning)

    nova_fixtures.WarningsFixture.setUp = setUp


def why(traceback_text):
    """The exception a traceback ends with: its first line, shortened.

    The line after the traceback's last frame; a remote error's message can
    be one very long line, so only its start is kept.
    """
    lines = traceback_text.rstrip().splitlines()
    last_frame = max((i for i, line in enumerate(lines)
                      if line.startswith('  File ')), default=-1)
    for line in lines[last_frame + 1:]:
        if line and not line.startswith(' '):
            return line[:WHY_CHARS]
    return lines[-1][:WHY_CHARS] if lines else ''


class Recorder(unittest.TestResult):
    """Each test's status and why it failed.

    nova's tests are testtools tests: they hand their details (the
    traceback, and the captured logs beside it) to a result that takes
    them; only the traceback is kept.
    """

    def __init__(self):
        super().__init__()
        self.results = {}

    def _set(self, test, status, err=None, details=None):
        detail = ''
        if details and 'traceback' in details:
            detail = details['traceback'].as_text()
        elif err is not None:
            detail = ''.join(traceback.format_exception(*err))
        elif details:
            detail = '\n'.join(content.as_text()
                               for content in details.values())
        self.results[test.id()] = {'status': status, 'why': why(detail),
                                   'detail': detail[-DETAIL_CHARS:]}

    def addSuccess(self, test, details=None):
        self._set(test, 'pass')

    def addFailure(self, test, err=None, details=None):
        self._set(test, 'fail', err, details)

    def addError(self, test, err=None, details=None):
        self._set(test, 'error', err, details)

    def addSkip(self, test, reason=None, details=None):
        self.results[test.id()] = {'status': 'skip',
                                   'detail': str(reason or details)}

    def addExpectedFailure(self, test, err=None, details=None):
        self._set(test, 'fail', err, details)

    def addUnexpectedSuccess(self, test, details=None):
        self._set(test, 'pass')


def run(test_ids):
    # nova's functional tests monkey-patch (eventlet) when their package
    # is imported: that comes before anything else of nova.
    importlib.import_module('nova.tests.functional')
    relax_sqlalchemy_deprecations()
    loader = unittest.TestLoader()
    results = {}
    for test_id in test_ids:
        try:
            suite = loader.loadTestsFromName(test_id)
        except Exception:
            results[test_id] = {'status': 'load-error',
                                'detail': traceback.format_exc()[
                                    -DETAIL_CHARS:]}
            continue
        recorder = Recorder()
        suite.run(recorder)
        if not recorder.results:
            results[test_id] = {'status': 'load-error',
                                'detail': 'no test of that id ran'}
        for ran_id, result in recorder.results.items():
            # A module that failed to import runs as one
            # unittest.loader._FailedTest: not a test of nova failing.
            if ran_id.startswith('unittest.loader._FailedTest'):
                result = dict(result, status='load-error')
                ran_id = test_id
            results[ran_id] = result
    return results


def main(argv):
    out, test_ids = argv[0], argv[1:]
    results = run(test_ids)
    with open(out, 'w') as f:
        json.dump(results, f, indent=1, sort_keys=True)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
