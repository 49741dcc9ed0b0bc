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

"""The end-to-end run: the cloud up, the suite in tempest, judged, down."""

import contextlib
import os
import signal
import sys
import time

from e2e import checks
from e2e import report
from harness import cpu_use
from harness import judge
from harness import known_nova_bugs
from harness import leaks
from harness import secret_scan
from harness import tempest_run
from minicloud import cloud
from minicloud import config
from minicloud import drivers
from minicloud import errors
from minicloud import host
from minicloud import workspace


def e2e_verdict(returncode, counts, known_nova_bugs=0):
    """(exit status, message) of the end-to-end run.

    ``known_nova_bugs``: how many tests failed with a known nova bug (the
    verdict's count); tempest failing on those alone passes here.
    """
    if counts.get('ran', 0) == 0 or not (counts.get('passed', 0)
                                         or counts.get('failed', 0)):
        return 1, 'no tests ran: the regex matched nothing runnable'
    if returncode != 0:
        if known_nova_bugs and counts.get('failed', 0) == known_nova_bugs:
            return 0, ('tempest failed only where nova has a known bug '
                       '(%d tests)' % known_nova_bugs)
        return returncode, 'tempest failed (exit %d)' % returncode
    return 0, 'tempest passed'


def run_suite(settings, regex, concurrency):
    """Run the tests in tempest on the cloud; (exit status, message)."""
    from migration_tempest_plugin import census

    tempest = workspace.ensure(settings)
    if not tempest:
        raise errors.MinicloudError(
            'tempest is not installed next to %s nor on PATH: run this from '
            '`tox -e minicloud`' % sys.executable)
    report_file = os.path.join(settings.workspace, 'migration-report.jsonl')
    with contextlib.suppress(FileNotFoundError):
        os.unlink(report_file)
    conn = leaks.connect(settings)
    census_before = leaks.take(conn, census.CREDENTIALS_PREFIX,
                               [checks.tempest_log(settings)])
    run = tempest_run.TempestRun(
        tempest, settings.workspace, settings.tempest_conf, regex,
        concurrency=concurrency, env=settings.environ(),
        output_file=os.path.join(settings.workspace, 'e2e-output.txt'))
    print('minicloud: %s (in %s)' % (' '.join(run.command),
                                     settings.workspace), flush=True)
    driver = drivers.select(settings.driver_name)
    cpu = cpu_use.CpuUse(lambda: cpu_use.cloud_labels(settings, driver))
    with secret_scan.CommandLineSampler() as command_lines, cpu:
        try:
            result = run.run(echo=True)
        finally:
            # Ended early (a SIGTERM): what its tests made goes too.
            if run.cut_short:
                leaks.clean_up(conn, census.CREDENTIALS_PREFIX,
                               [checks.tempest_log(settings)])
    print('\n==== minicloud: tempest summary: %s'
          % tempest_run.summary(result.counts))
    print(cpu.line(), flush=True)
    report.print_report(report_file)
    bugs = known_nova_bugs.applicable(settings.driver_name,
                                      host.nova_version(settings))
    judged = judge.judge(result, known_nova_bugs.verdict_arguments(bugs))
    code, message = e2e_verdict(result.returncode, result.counts,
                                judged.known_nova_bugs)
    print('==== minicloud: leak census and secrets scan:', flush=True)
    if checks.check_run(settings, conn, census_before, command_lines):
        code = code or 1
        message += '; but resources leaked or a secret was written'
    for problem in judged.problems:
        print('e2e: %s' % problem)
    from migration_tempest_plugin import verdict

    ran = {verdict.base_id(test) for test in result.tests}
    for bug in bugs:
        if bug.test not in ran:
            continue
        print('e2e: known nova bug (nova %s and later%s, %s driver): %s '
              'Cause: %s Shown by %s.' % (
                  bug.since, ', fixed in %s' % bug.fixed_in
                  if bug.fixed_in else '', settings.driver_name, bug.breaks,
                  bug.cause, bug.test))
    print('e2e: driver=%s %s' % (settings.driver_name, judged.counts),
          flush=True)
    if not judged.ok:
        code = code or 1
        message += '; but not every test tempest.conf asks for passed'
    return code, message


def stop_on_sigterm(signum, frame):
    # The message comes last, after what the teardown printed.
    raise SystemExit('minicloud: terminated by signal %d' % signum)


def e2e(settings, regex, concurrency):
    # A SIGTERM (a cancelled job, a timeout) ends the run through the
    # finally below, which brings down what this run brought up.
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    started = time.monotonic()
    was_running = cloud.cloud_running(settings)
    code = 1
    try:
        with cloud.state_lock(settings):
            cloud.up(settings)
        code, message = run_suite(settings, regex, concurrency)
        print('==== minicloud: %s; e2e took %.0f s' % (
            message, time.monotonic() - started), flush=True)
    finally:
        # A failed `up` or tempest run must not leave processes behind.
        if settings.keep or was_running:
            why = ('MINICLOUD_KEEP is set' if settings.keep else
                   'it was running before this run')
            print('minicloud: cloud left running (%s); `%s` stops it'
                  % (why, config.command_line('down')))
        else:
            with cloud.state_lock(settings):
                cloud.down(settings)
                left = cloud.leftovers(settings)
            print('census: after down: %s' % (
                'left ' + ', '.join(left) if left else
                'nothing of the cloud is left (processes, network '
                'namespaces, links)'), flush=True)
            if left:
                code = code or 1
    return code
