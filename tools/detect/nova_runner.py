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
status one of pass, fail, error, skip, load-error; detail is the end of
the traceback.
"""

import importlib
import json
import sys
import traceback
import unittest
import warnings

DETAIL_CHARS = 3000


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


class Recorder(unittest.TestResult):
    def __init__(self):
        super().__init__()
        self.results = {}

    def _set(self, test, status, err=None):
        detail = ''
        if err is not None:
            detail = ''.join(traceback.format_exception(*err))
        self.results[test.id()] = {'status': status,
                                   'detail': detail[-DETAIL_CHARS:]}

    def addSuccess(self, test):
        self._set(test, 'pass')

    def addFailure(self, test, err):
        self._set(test, 'fail', err)

    def addError(self, test, err):
        self._set(test, 'error', err)

    def addSkip(self, test, reason):
        self.results[test.id()] = {'status': 'skip', 'detail': reason}

    def addExpectedFailure(self, test, err):
        self._set(test, 'fail', err)

    def addUnexpectedSuccess(self, test):
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
