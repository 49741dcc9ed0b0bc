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

"""nova's own functional tests in a venv of their own.

The venv (``<state dir>/detect/nova-tests-venv``) holds the pinned nova,
whose wheel ships ``nova/tests/functional/``, and nova's test requirements
(nova-test-requirements.txt beside this file), under the embedded cloud's
constraints; it is built once and again only when what it is built from
changes (its stamp). The tests run in one process of that venv's python
(nova_runner.py), which writes each test's status and why it failed.
"""

import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys

import detect
from minicloud import errors
from minicloud import processes

TOOL_DIR = os.path.dirname(os.path.abspath(__file__))
REQUIREMENTS = os.path.join(TOOL_DIR, 'nova-test-requirements.txt')
CONSTRAINTS = os.path.join(os.path.dirname(TOOL_DIR), 'minicloud',
                           'constraints.txt')
RUNNER = os.path.join(TOOL_DIR, 'nova_runner.py')
VENV_NAME = 'nova-tests-venv'
STAMP = '.detect-liveness-stamp'
# One entry's tests, in one process; nova's own limit per test is 160 s.
RUN_TIMEOUT = 1200
# The environment of nova's `tox -e functional`, less what tox adds.
TEST_ENV = {
    'OS_STDOUT_CAPTURE': '1',
    'OS_STDERR_CAPTURE': '1',
    'OS_TEST_TIMEOUT': '160',
    'PYTHONDONTWRITEBYTECODE': '1',
    'NOVA_RAISE_ON_GREENLET_LEAK': 'True',
    'OS_NOVA_DISABLE_EVENTLET_PATCHING': 'False',
    'LC_ALL': 'C.UTF-8',
}
EXCEPTION_LINE_RE = re.compile(r'^[\w.]*(Error|Exception|Mismatch|'
                               r'Failure|Timeout)\w*:')


def stamp_of(python=sys.executable):
    """What the venv is built from: requirements, constraints, python."""
    digest = hashlib.sha256()
    for path in (REQUIREMENTS, CONSTRAINTS):
        with open(path, 'rb') as f:
            digest.update(f.read())
    version = subprocess.run(
        [python, '-c', 'import sys; print(sys.version)'],
        stdout=subprocess.PIPE, check=True).stdout
    digest.update(version)
    return digest.hexdigest()


def site_packages(venv):
    found = glob.glob(os.path.join(venv, 'lib', 'python3*', 'site-packages'))
    if len(found) != 1:
        raise errors.MinicloudError('no single site-packages in %s' % venv)
    return found[0]


def ensure_venv(state_dir, python=sys.executable):
    """The nova test venv under ``state_dir``, built if it is not current.

    (venv, built): built is False when an existing venv had the stamp of
    today's requirements, constraints and python.
    """
    venv = os.path.join(state_dir, VENV_NAME)
    stamp = stamp_of(python)
    stamp_path = os.path.join(venv, STAMP)
    if os.path.exists(stamp_path):
        with open(stamp_path) as f:
            if f.read().strip() == stamp:
                return venv, False
    if os.path.exists(venv):
        shutil.rmtree(venv)
    os.makedirs(state_dir, exist_ok=True)
    detect.say('building %s (nova and its test requirements)' % venv)
    subprocess.run([python, '-m', 'venv', venv], check=True)
    log = os.path.join(state_dir, 'nova-tests-venv-install.log')
    with open(log, 'w') as out:
        proc = subprocess.run(
            processes.install_command(os.path.join(venv, 'bin', 'python'),
                                      ['-c', CONSTRAINTS, '-r',
                                       REQUIREMENTS]),
            stdout=out, stderr=subprocess.STDOUT)
    if proc.returncode:
        raise errors.MinicloudError('uv could not build %s: see %s'
                                    % (venv, log))
    # nova's tests load the API from $pybasedir/etc/nova/api-paste.ini,
    # next to the nova package; the wheel installs etc/ at the venv's top.
    site = site_packages(venv)
    os.symlink(os.path.relpath(os.path.join(venv, 'etc'), site),
               os.path.join(site, 'etc'))
    with open(stamp_path, 'w') as f:
        f.write(stamp + '\n')
    return venv, True


def run_tests(venv, test_ids, work_dir, timeout=RUN_TIMEOUT):
    """{test id: {'status', 'why', 'detail'}} of nova tests run in the venv.

    A runner that crashed or ran out of time gives every test the status
    'crash', with the end of its output.
    """
    os.makedirs(work_dir, exist_ok=True)
    out = os.path.join(work_dir, 'results.json')
    if os.path.exists(out):
        os.unlink(out)
    env = dict(os.environ, **TEST_ENV)
    env.pop('PYTHONPATH', None)
    log = os.path.join(work_dir, 'runner.log')
    try:
        with open(log, 'w') as f:
            proc = subprocess.run(
                [os.path.join(venv, 'bin', 'python'), RUNNER, out]
                + list(test_ids), cwd=work_dir, env=env, stdout=f,
                stderr=subprocess.STDOUT, timeout=timeout)
        returncode = proc.returncode
    except subprocess.TimeoutExpired:
        returncode = 'timeout after %d s' % timeout
    if returncode == 0 and os.path.exists(out):
        with open(out) as f:
            return json.load(f)
    with open(log, errors='replace') as f:
        tail = f.read()[-2000:]
    return {test_id: {'status': 'crash',
                      'detail': 'runner ended with %s: %s'
                      % (returncode, tail)} for test_id in test_ids}


def why_failed(result):
    """Why a test failed: the runner's ``why``, else from its traceback."""
    return result.get('why') or failure_line(result.get('detail', ''))


def failure_line(detail):
    """The line of a traceback that says why: its last exception line."""
    lines = [line.strip() for line in detail.strip().splitlines()]
    for line in reversed(lines):
        if EXCEPTION_LINE_RE.match(line):
            return line[:300]
    return lines[-1][:300] if lines else ''
