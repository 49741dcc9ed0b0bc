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

"""2. Runs killed mid-move, then the operator's cleanup: nothing may be
left.
"""

import contextlib
import os
import re
import signal
import subprocess
import sys
import time

from harness import leaks
from reliability import plugin_tests

# One interrupted run per move kind: (the tests it runs, what they log as
# they ask nova for that move, the signal that ends the run mid-move).
INTERRUPTED_RUNS = (
    (r'test_live_migration\.', 'Live-migrating', signal.SIGTERM),
    (r'test_cold_migration\.', 'Cold-migrating', signal.SIGKILL),
    (r'test_resize\.', 'Resizing', signal.SIGTERM),
    (r'test_unshelve\.', 'Unshelving', signal.SIGKILL),
    (r'test_evacuate\.', 'Evacuating', signal.SIGTERM),
)


def interrupted_run(ctx, tests, move_logged, signum):
    """Kill a run of ``tests`` as it asks nova for its move; clean up.

    The operator's cleanup is the census's command, then the compute
    start command for a compute the run left stopped (an evacuation).
    Returns (leaks after that, whether the kill caught a move).
    """
    name = '%s-%s' % (move_logged.lower(),
                      signal.Signals(signum).name.lower())
    conf, prefix, log = ctx.write_conf('interrupted-%s' % name)
    before = ctx.census(prefix, [log])
    started = re.compile(r'%s [0-9a-f-]{36} ' % move_logged)
    run = ctx.tempest(conf, '^' + re.escape(plugin_tests.TESTS) + tests)
    with open(run.output_file, 'w') as output:
        proc = run.start(output, new_session=True)
        try:
            moving = wait_for_move(log, proc, started)
        finally:
            # The whole run, workers included, as a CI timeout does.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signum)
            proc.wait()
    left = ctx.census(prefix, [log])['run']
    ctx.say('%s: tempest killed %s; left behind: %s' % (
        name, 'mid-move (%s)' % moving if moving else 'before any move',
        ', '.join('%s=%d' % (c, len(ids)) for c, ids in left.items())))
    command = [sys.executable, '-m',
               'migration_tempest_plugin.census', '--os-cloud',
               leaks.CLOUD, '--prefix', prefix, '--tempest-log', log,
               'cleanup']
    ctx.say('cleanup: %s' % ' '.join(command))
    # The operator's command, as the documentation gives it.
    done = subprocess.run(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, env=dict(
            os.environ, OS_CLIENT_CONFIG_FILE=ctx.settings.clouds_yaml))
    ctx.say('cleanup said: %s' % done.stdout.strip().splitlines()[-1])
    ctx.restart_stopped_computes()
    return ctx.leaks_since(before, prefix, [log]), bool(moving)


def wait_for_move(log, proc, started, timeout=600):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if os.path.exists(log):
            with open(log, errors='replace') as f:
                match = started.search(f.read())
            if match:
                return match.group(0).strip()
        time.sleep(0.1)
    return None
