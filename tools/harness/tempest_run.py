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

"""One tempest run: the only place the tools start ``tempest run``.

A run has a directory of its own, where ``tempest run`` works (tempest
writes its .stestr.conf there) with a fresh stestr repository: the subunit
stream read after the run is this run's, never an earlier one's. Its
tempest.conf is the cloud's or a copy with changes (tempest_conf). After
the run: tempest's exit status, the totals it printed, and every test's
status from the stream (subunit). A run that left no run in stestr's
repository (tempest never started, discovery failed) has no stream: its
``problem`` says why, and ``check()`` raises it.
"""

import dataclasses
import os
import re
import shutil
import subprocess
import sys
import time

from harness import subunit
from minicloud import errors
from minicloud import processes

TOTALS_RE = re.compile(r'^Ran: (\d+) tests? in', re.MULTILINE)
COUNT_RE = re.compile(r'^ - (Passed|Skipped|Failed|Expected Fail|'
                      r'Unexpected Success): (\d+)', re.MULTILINE)
STREAM = 'last-run.subunit'


def parse_totals(output):
    """Counts from the Totals block of `tempest run` output (last one)."""
    ran = TOTALS_RE.findall(output)
    counts = {'ran': int(ran[-1]) if ran else 0}
    for name, value in COUNT_RE.findall(output):
        counts[name.lower().replace(' ', '_')] = int(value)
    return counts


def summary(counts):
    """'failed=0, passed=3, ran=3, ...' of parse_totals' counts."""
    return ', '.join('%s=%d' % item for item in sorted(counts.items()))


class NoTestsRecorded(errors.MinicloudError):
    """stestr's repository holds no run: no test ran, none can be judged."""


@dataclasses.dataclass
class Result:
    """What one tempest run did."""

    directory: str
    conf: str
    regex: str
    returncode: int
    output: str
    # parse_totals of the output.
    counts: dict
    # {test id: subunit.Test} of the run's stream.
    tests: dict
    # The stream's path, or None with why in ``problem``.
    stream: str
    problem: str
    wall_s: float

    def statuses(self):
        """{test id: subunit status}."""
        return {test_id: test.status for test_id, test in self.tests.items()}

    def check(self):
        """Raise NoTestsRecorded unless the run left its stream."""
        if self.problem:
            raise NoTestsRecorded(self.problem)
        return self


class TempestRun(object):
    """``tempest run`` of ``regex`` with ``conf`` in ``directory``.

    ``env``: variables added to this process's environment (a cloud's
    settings.environ(): the compute commands in tempest.conf find the
    cloud by them). ``wrapper``: argv run in front of tempest's (a
    measuring process). ``output_file``: where the output is kept
    (default: tempest-output.txt in the directory).
    """

    def __init__(self, tempest, directory, conf, regex, concurrency=None,
                 env=None, wrapper=(), output_file=None):
        self.tempest = tempest
        self.directory = directory
        self.conf = conf
        self.regex = regex
        self.concurrency = concurrency
        self.env = dict(os.environ, **(env or {}))
        self.wrapper = list(wrapper)
        self.output_file = output_file or os.path.join(
            directory, 'tempest-output.txt')
        # Set when the run was ended before tempest was (a signal).
        self.cut_short = False

    @property
    def command(self):
        command = [self.tempest, 'run', '--config-file', self.conf,
                   '--regex', self.regex]
        if self.concurrency:
            command += ['--concurrency', str(self.concurrency)]
        return self.wrapper + command

    def start(self, stdout, new_session=False):
        """Start tempest on a fresh stestr repository; the Popen.

        ``new_session``: in a process group of its own, which a caller
        may kill whole (as a CI timeout does).
        """
        os.makedirs(self.directory, exist_ok=True)
        shutil.rmtree(os.path.join(self.directory, '.stestr'),
                      ignore_errors=True)
        return subprocess.Popen(self.command, cwd=self.directory,
                                env=self.env, stdout=stdout,
                                stderr=subprocess.STDOUT,
                                start_new_session=new_session)

    def run(self, echo=False):
        """Run tempest to its end; a Result.

        ``echo``: tempest's output goes to this stdout as it comes. Ended
        early (a signal, an exception), tempest and its workers are
        stopped and ``cut_short`` is set.
        """
        started = time.monotonic()
        output = []
        os.makedirs(self.directory, exist_ok=True)
        with open(self.output_file, 'w') as kept:
            proc = self.start(subprocess.PIPE)
            try:
                for raw in proc.stdout:
                    line = raw.decode('utf-8', 'replace')
                    output.append(line)
                    kept.write(line)
                    if echo:
                        sys.stdout.write(line)
                        sys.stdout.flush()
                returncode = proc.wait()
            finally:
                if proc.poll() is None:
                    self.cut_short = True
                    processes.terminate_tree(proc.pid)
        return self.collect(returncode, ''.join(output),
                            time.monotonic() - started)

    def collect(self, returncode, output, wall_s=0.0):
        """The Result of the run that ended with ``returncode``."""
        stestr = os.path.join(os.path.dirname(self.tempest), 'stestr')
        last = subprocess.run([stestr, 'last', '--subunit'],
                              cwd=self.directory, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
        stream, problem, tests = None, None, {}
        if last.returncode:
            problem = ('no tests recorded: `stestr last` in %s failed (exit '
                       '%d): %s' % (self.directory, last.returncode,
                                    last.stderr.decode('utf-8', 'replace')
                                    .strip()[-500:]))
        else:
            stream = os.path.join(self.directory, STREAM)
            with open(stream, 'wb') as f:
                f.write(last.stdout)
            tests = subunit.read(last.stdout)
        return Result(self.directory, self.conf, self.regex, returncode,
                      output, parse_totals(output), tests, stream, problem,
                      wall_s)
