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

"""The plugin's upgrade phases, run by the grenade plugin's resources.sh.

The same script the grenade job runs (devstack/upgrade/resources.sh),
pointed at this cloud: create before the upgrade, verify after it,
destroy what a verify phase left.
"""

import contextlib
import json
import os
import subprocess
import sys

from harness import tempest_run
from minicloud import config
from minicloud import errors
from minicloud import processes
from minicloud import workspace

RESOURCES_SCRIPT = os.path.join(config.REPO_DIR, 'devstack', 'upgrade',
                                'resources.sh')
# Each round is one create run before the upgrade and one verify run after:
# "mixed" while the last compute still runs the previous release,
# "upgraded" once it runs the current one.
ROUNDS = ('mixed', 'upgraded')


def round_dir(settings, name):
    """Work dir of one round's phases (state file, phase configs)."""
    return os.path.join(settings.state_dir, 'round-%s' % name)


def state_file(settings, name):
    """Where resources.sh keeps the siblings of one round."""
    return os.path.join(round_dir(settings, name), 'siblings.json')


def run_resources(settings, name, *phase):
    """Run the grenade plugin's resources.sh; its tempest totals and exit.

    The same script the grenade job runs, pointed at this cloud.
    """
    tempest = workspace.tempest_command()
    if not tempest:
        raise errors.MinicloudError(
            'tempest is not installed next to %s nor on PATH: run this '
            'from `tox -e upgrade`' % sys.executable)
    # The compute commands in tempest.conf find this cloud by settings'.
    env = dict(os.environ, MIGRATION_TEMPEST=tempest,
               MIGRATION_TEMPEST_CONF=settings.tempest_conf,
               MIGRATION_WORK_DIR=round_dir(settings, name),
               **settings.environ())
    label = '%s-%s' % ('-'.join(phase), name)
    command = ['bash', RESOURCES_SCRIPT] + list(phase)
    print('upgrade: %s: %s' % (label, ' '.join(command)), flush=True)
    proc = subprocess.run(command, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT)
    output = proc.stdout.decode('utf-8', 'replace')
    log = os.path.join(settings.log_dir, 'resources-%s.log' % label)
    with open(log, 'w') as f:
        f.write(output)
    counts = tempest_run.parse_totals(output)
    print('upgrade: %s: exit %d: %s (log: %s)' % (
        label, proc.returncode, tempest_run.summary(counts), log), flush=True)
    if proc.returncode != 0 or counts.get('skipped'):
        # The failed or skipped tests and why, from tempest's output.
        sys.stdout.write(processes.log_tail(log, 80) + '\n')
    return counts, proc.returncode


def shortfall(counts, returncode):
    """Tests that did not pass (failed or skipped: every move must run)."""
    missed = counts.get('failed', 0) + counts.get('skipped', 0)
    if returncode != 0 and not missed:
        missed = 1
    return missed


def siblings_recorded(path):
    with contextlib.suppress(OSError, ValueError):
        with open(path) as f:
            return sum(len(group['servers'])
                       for group in json.load(f)['groups'].values())
    return 0


def create_phase(settings, tally, name):
    counts, code = run_resources(settings, name, 'create')
    tally.failures += shortfall(counts, code)
    tally.created_before += siblings_recorded(state_file(settings, name))
    # As grenade does before it stops the old services.
    _, code = run_resources(settings, name, 'verify', 'pre-upgrade')
    tally.failures += int(code != 0)


def verify_phase(settings, tally, name):
    counts, code = run_resources(settings, name, 'verify', 'post-upgrade')
    tally.failures += shortfall(counts, code)
    # Each passed verify test moved one sibling made before the upgrade.
    tally.moved_after += counts.get('passed', 0)
    # The verify phase deletes what it moved: destroy finds nothing left.
    if os.path.exists(state_file(settings, name)):
        print('upgrade: %s is left after the verify phase'
              % state_file(settings, name), flush=True)
        tally.failures += 1
    _, code = run_resources(settings, name, 'destroy')
    tally.failures += int(code != 0)
