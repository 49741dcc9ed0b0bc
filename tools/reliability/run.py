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

"""The reliability run, from the first census to the final line."""

import argparse
import os
import time

from harness import secret_scan
from minicloud import config
import reliability
from reliability import bad_inputs
from reliability import compute_faults
from reliability import context
from reliability import fault_injection
from reliability import interrupted
from reliability import repeated


def verdict_line(runs, failures, leaks, interrupted_leaks, faults, bad):
    """The reliability run's last line.

    ``faults``: the fault runs' outcomes (compute_faults); ``bad``: (x, y).
    """
    return ('reliability: runs=%d failures=%d leaks=%d interrupted_leaks=%d '
            'faults_diagnosed=%d/%d faults_timed_out=%d bad_inputs=%d/%d'
            % (runs, failures, leaks, interrupted_leaks,
               faults.count(compute_faults.DIAGNOSED), len(faults),
               faults.count(compute_faults.TIMED_OUT), bad[0], bad[1]))


def secrets_found(ctx):
    # The tempest.conf copies hold the admin password by design.
    paths = [path for path in secret_scan.files_under(ctx.workdir)
             if not path.endswith('tempest.conf')]
    found = secret_scan.scan_files(paths, ctx.known_secrets())
    ctx.say('secrets: scanned %d files (tempest logs, subunit streams,'
            ' reports, tempest and minicloud output): %d with a secret'
            % (len(paths), len(found)))
    for path, findings in sorted(found.items()):
        for kind, excerpt in findings[:3]:
            ctx.say('secret in %s: %s: %s' % (path, kind, excerpt))
    return len(found)


def run(ctx):
    started = time.monotonic()
    ctx.prepare()
    before = ctx.census(ctx.prefix)
    failures = repeated.repeated_runs(ctx)
    ctx.say('suite runs took %.0f s' % (time.monotonic() - started))
    killed = [interrupted.interrupted_run(ctx, *run)
              for run in interrupted.INTERRUPTED_RUNS]
    interrupted_leaks = sum(leaked for leaked, _caught in killed)
    # A run the kill did not catch mid-move proved nothing.
    failures += sum(1 for _leaks, caught in killed if not caught)
    outcomes = [compute_faults.fault(ctx, move) for move in ('live', 'cold')]
    bad = [bad_inputs.bad_input(ctx, number, bad_input)
           for number, bad_input in enumerate(bad_inputs.BAD_INPUTS, 1)]
    logs = [path for path in secret_scan.files_under(ctx.workdir)
            if path.endswith('tempest.log')]
    leaked = ctx.leaks_since(before, ctx.prefix, logs)
    failures += secrets_found(ctx)
    ctx.say('took %.0f s; files under %s' % (
        time.monotonic() - started, ctx.workdir))
    print(verdict_line(ctx.runs, failures, leaked, interrupted_leaks,
                       outcomes, (sum(bad), len(bad))), flush=True)
    return 0 if not (failures or leaked or interrupted_leaks) and all(
        outcome == compute_faults.DIAGNOSED for outcome in outcomes) and all(
        bad) else 1


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog='python -m reliability',
        description=reliability.__doc__.split('\n\n')[0],
        epilog='Environment: RELIABILITY_RUNS (default 10), '
               'RELIABILITY_FAULT_TIMEOUT (default 90 s), and those of '
               'python -m minicloud.')
    commands = parser.add_subparsers(dest='command')
    fault = commands.add_parser(
        'inject-fault', help='one fault test in this process (the run '
                             'starts it; see fault_injection.py)')
    fault.add_argument('--conf', required=True)
    fault.add_argument('--move', choices=('live', 'cold'), required=True)
    fault.add_argument('--result', required=True)
    args = parser.parse_args(argv)
    if args.command == 'inject-fault':
        fault_injection.inject_fault(args.conf, args.move, args.result)
        return 0
    return run(context.Context(
        int(os.environ.get('RELIABILITY_RUNS', '10')),
        int(os.environ.get('RELIABILITY_FAULT_TIMEOUT', '90')),
        config.Settings()))
