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

"""Reliability run of the plugin on the embedded cloud (tox -e reliability).

1. The whole suite K times (RELIABILITY_RUNS, default 10) at concurrency 2.
2. Interrupted runs: tempest killed mid-move with SIGTERM, then SIGKILL;
   the documented cleanup command; a census must find nothing left.
3. Faults: the destination nova-compute stopped during a live and a cold
   migration; the test must fail within its move timeout naming the cause,
   leave nothing, and the cloud must be healthy again.
4. Bad tempest.conf inputs, each run through tempest: a skip or error
   naming the option, and no server ever created.
5. The census before/after everything, and a scan of every file the runs
   wrote for passwords, tokens and auth headers.

It ends with one line:
reliability: runs=K failures=n leaks=n interrupted_leaks=n
faults_diagnosed=x/y bad_inputs=x/y

Everything it writes goes under <state dir>/reliability/<start time>/
(the state dir of the cloud: <repo>/.minicloud by default).
Each part runs with its own [DEFAULT] resource_name_prefix, tempest log
and report file, in its own tempest workspace, against the cloud's
tempest.conf otherwise unchanged (same lock_path, so the serial classes
of other runs on this cloud still exclude each other).
"""

import argparse
import contextlib
import dataclasses
import json
import os
import re
import signal
import subprocess
import sys
import time

from harness import faults
from harness import judge
from harness import leaks
from harness import secret_scan
from harness import tempest_conf
from harness import tempest_run
from minicloud import cloud
from minicloud import config
from minicloud import errors

SUITE_REGEX = r'^migration_tempest_plugin\.'
TESTS = 'migration_tempest_plugin.tests.scenario.'
LIVE_TEST = (TESTS + 'test_live_migration.LiveMigrateOneSiblingTest.'
             'test_live_migrate_one_sibling_scheduler_picks_host')
LIVE_TO_HOST_TEST = (TESTS + 'test_live_migration.LiveMigrateOneSiblingTest.'
                     'test_live_migrate_one_sibling_to_requested_host')
COLD_TO_HOST_TEST = (TESTS + 'test_cold_migration.ColdMigrateOneSiblingTest.'
                     'test_cold_migrate_one_sibling_to_requested_host')
RESIZE_TESTS = TESTS + 'test_resize.'
EVACUATE_TESTS = TESTS + 'test_evacuate.'
# Interrupted runs leave the evacuate tests out: killed in the middle, they
# would leave a compute stopped.
# One interrupted run per move kind: (the tests it runs, what they log as
# they ask nova for that move, the signal that ends the run mid-move).
INTERRUPTED_RUNS = (
    (r'test_live_migration\.', 'Live-migrating', signal.SIGTERM),
    (r'test_cold_migration\.', 'Cold-migrating', signal.SIGKILL),
    (r'test_resize\.', 'Resizing', signal.SIGTERM),
    (r'test_unshelve\.', 'Unshelving', signal.SIGKILL),
    (r'test_evacuate\.', 'Evacuating', signal.SIGTERM),
)


# ------------------------------------------------------------ bad inputs

@dataclasses.dataclass(frozen=True)
class BadInput:
    """A tempest.conf change and the text its refusal must show.

    ``changes`` maps (section, option) to a value, or None to remove it.
    """

    name: str
    changes: dict
    test: str
    expected: str


def _option(section, option, value):
    return {(section, option): value}


BAD_INPUTS = (
    BadInput('image missing', _option('compute', 'image_ref', ''),
             LIVE_TEST, '[compute] image_ref is not set'),
    BadInput('image unknown', _option('compute', 'image_ref', 'no-such'),
             LIVE_TEST, '[compute] image_ref is no-such, which the test '
                        'user cannot find'),
    BadInput('flavor missing', _option('compute', 'flavor_ref', ''),
             LIVE_TEST, '[compute] flavor_ref is not set'),
    BadInput('flavor unknown', _option('compute', 'flavor_ref', 'no-such'),
             LIVE_TEST, '[compute] flavor_ref is no-such, which the test '
                        'user cannot find'),
    BadInput('resize to the same flavor',
             _option('compute', 'flavor_ref_alt', 'minicloud-1'),
             RESIZE_TESTS, '[compute] flavor_ref_alt is minicloud-1, the '
                           'same flavor as [compute] flavor_ref'),
    BadInput('sibling count 1', _option('migration', 'sibling_count', '1'),
             LIVE_TEST, "[migration] sibling_count is '1'"),
    BadInput('sibling count 0', _option('migration', 'sibling_count', '0'),
             LIVE_TEST, "[migration] sibling_count is '0'"),
    BadInput('sibling count negative',
             _option('migration', 'sibling_count', '-2'),
             LIVE_TEST, "[migration] sibling_count is '-2'"),
    BadInput('sibling count not a number',
             _option('migration', 'sibling_count', 'two'),
             LIVE_TEST, "[migration] sibling_count is 'two'"),
    BadInput('unknown block migration mode',
             _option('migration', 'block_migration', 'sometimes'),
             LIVE_TEST, "[migration] block_migration is 'sometimes'"),
    BadInput('unknown network', _option('migration', 'network', 'no-such'),
             LIVE_TEST, '[migration] network is no-such, a network the '
                        'test user cannot find'),
    BadInput('move timeout 0', _option('migration', 'move_timeout', '0'),
             LIVE_TEST, "[migration] move_timeout is '0'"),
    BadInput('poll interval negative',
             _option('migration', 'poll_interval', '-1'),
             LIVE_TEST, "[migration] poll_interval is '-1'"),
    BadInput('live migration disabled',
             _option('compute-feature-enabled', 'live_migration', 'false'),
             LIVE_TEST, '[compute-feature-enabled] live_migration = False'),
    BadInput('one compute node',
             _option('compute', 'min_compute_nodes', '1'),
             LIVE_TEST, '[compute] min_compute_nodes is 1'),
    BadInput('no admin credentials',
             {('auth', 'admin_username'): None,
              ('auth', 'admin_password'): None,
              ('auth', 'admin_project_name'): None},
             LIVE_TEST, 'Missing admin credentials: set [auth]'),
    BadInput('wrong password',
             _option('auth', 'admin_password', 'not-the-password'),
             LIVE_TEST, '[auth] admin_password or [auth] admin_username '
                        '(admin) was refused by Keystone'),
    BadInput('unreachable identity URI',
             _option('identity', 'uri_v3', 'http://127.0.0.1:9/v3'),
             LIVE_TEST, '[identity] uri_v3 is http://127.0.0.1:9/v3, where '
                        'no Keystone v3 answers'),
    BadInput('CA file missing',
             _option('identity', 'ca_certificates_file',
                     '/nonexistent/ca.pem'),
             LIVE_TEST, '[identity] ca_certificates_file is '
                        '/nonexistent/ca.pem, which is not a readable file'),
    BadInput('avoid-list matching every host',
             _option('compute', 'target_hosts_to_avoid', 'compute'),
             LIVE_TO_HOST_TEST, "[compute] target_hosts_to_avoid is "
                                "'compute', which every up and enabled"),
    BadInput('evacuate not a boolean',
             _option('migration', 'evacuate', 'sometimes'),
             EVACUATE_TESTS, "[migration] evacuate is 'sometimes'"),
    BadInput('evacuate without stop command',
             _option('migration', 'compute_stop_command', ''),
             EVACUATE_TESTS, '[migration] compute_stop_command is not set'),
    BadInput('evacuate without start command',
             _option('migration', 'compute_start_command', None),
             EVACUATE_TESTS, '[migration] compute_start_command is not set'),
)


def refusal_verdict(bad_input, counts, output, servers_created):
    """(answered, why not) for one bad input's tempest run."""
    if counts.get('passed'):
        return False, 'a test passed'
    if not (counts.get('skipped') or counts.get('failed')):
        return False, 'no skip and no failure'
    if bad_input.expected not in output:
        return False, 'the output does not say %r' % bad_input.expected
    if servers_created:
        return False, 'servers were created: %s' % ', '.join(servers_created)
    return True, 'answered'


def verdict_line(runs, failures, leaks, interrupted_leaks, faults, bad):
    """The reliability run's last line; faults and bad are (x, y)."""
    return ('reliability: runs=%d failures=%d leaks=%d interrupted_leaks=%d '
            'faults_diagnosed=%d/%d bad_inputs=%d/%d'
            % (runs, failures, leaks, interrupted_leaks, faults[0],
               faults[1], bad[0], bad[1]))


# ------------------------------------------------------------- the run

class Reliability(object):
    """The run's state: where it writes, the cloud, what it saw."""

    def __init__(self, runs, fault_timeout, settings):
        self.settings = settings
        self.runs = runs
        self.fault_timeout = fault_timeout
        self.stamp = time.strftime('%Y%m%d%H%M%S', time.gmtime())
        self.prefix = 'rel%s' % self.stamp
        self.workdir = os.path.join(settings.state_dir, 'reliability',
                                    self.stamp)
        self.cloud_output = os.path.join(self.workdir, 'minicloud-output.txt')
        os.makedirs(self.workdir, exist_ok=True)
        self.tempest_path = os.path.join(
            os.path.dirname(sys.executable), 'tempest')
        self.conn = None

    def say(self, text):
        print('reliability: %s' % text, flush=True)

    def cloud(self, action, *args):
        """A minicloud action on the cloud; returns what it returns.

        What it prints goes to a file of the run, for the secrets scan.
        """
        with open(self.cloud_output, 'a') as out, \
                contextlib.redirect_stdout(out):
            print('$ minicloud %s %s' % (action.__name__, ' '.join(args)))
            return action(self.settings, *args)

    def prepare(self):
        if self.cloud(cloud.status):
            self.say('bringing the embedded cloud up')
            try:
                with cloud.state_lock(self.settings):
                    self.cloud(cloud.up)
            except errors.MinicloudError as error:
                # A compute another run stopped for a while fails `up`.
                if not self.wait_healthy():
                    raise RuntimeError(
                        'the embedded cloud is not healthy (%s): see %s'
                        % (error, self.cloud_output))
        self.base_conf = self.settings.tempest_conf
        self.conn = leaks.connect(self.settings)

    def write_conf(self, part, changes=None):
        """A tempest.conf for one part: own prefix, log and report."""
        directory = os.path.join(self.workdir, part)
        os.makedirs(directory, exist_ok=True)
        prefix = '%s-%s' % (self.prefix, part)
        own = {('DEFAULT', 'resource_name_prefix'): prefix,
               ('DEFAULT', 'log_dir'): directory,
               ('DEFAULT', 'log_file'): 'tempest.log',
               ('migration', 'report_file'): os.path.join(
                   directory, 'report.jsonl')}
        own.update(changes or {})
        path = tempest_conf.write_copy(
            self.base_conf, os.path.join(directory, 'tempest.conf'), own)
        return path, prefix, os.path.join(directory, 'tempest.log')

    def tempest(self, conf, regex, concurrency=2):
        """The TempestRun of ``conf``, in the directory of its part."""
        directory = os.path.dirname(conf)
        return tempest_run.TempestRun(
            self.tempest_path, directory, conf, regex,
            concurrency=concurrency, env=self.settings.environ(),
            output_file=os.path.join(directory, 'tempest-run.txt'))

    # Census.

    def census(self, prefix, logs=()):
        return leaks.take(self.conn, prefix, logs)

    def leaks_since(self, before, prefix, logs=(), settle=120):
        """Leaks of the run's view, and of the admin's but for other runs.

        Other helpers' or CI's tempest runs may share this cloud.
        """
        return leaks.leaks_since(self.conn, before, prefix, logs, settle,
                                 excuse_other_runs=True, say=self.say)

    def servers_ever_named(self, prefix):
        """Names of servers, deleted or not, named with ``prefix``."""
        query = {'all_projects': True, 'name': '^%s-' % re.escape(prefix)}
        servers = list(self.conn.compute.servers(**query))
        servers += list(self.conn.compute.servers(deleted_only=True,
                                                  **query))
        return sorted(server.name for server in servers)

    # 1. Repeated runs.

    def repeated_runs(self):
        failures = 0
        conf, _prefix, _log = self.write_conf('suite')
        for number in range(1, self.runs + 1):
            result = self.tempest(conf, SUITE_REGEX).run()
            judged = judge.judge(result)
            failed = (result.counts.get('failed', 0)
                      or (1 if result.returncode else 0)
                      or (0 if judged.ok else 1))
            failures += failed
            self.say('suite run %d/%d: exit %d, %s in %.0f s' % (
                number, self.runs, result.returncode, judged.counts,
                result.wall_s))
            for problem in judged.problems:
                self.say('suite run %d: %s' % (number, problem))
        return failures

    # 2. Interrupted runs.

    def interrupted_run(self, tests, move_logged, signum):
        """Kill a run of ``tests`` as it asks nova for its move; clean up.

        The operator's cleanup is the census's command, then the compute
        start command for a compute the run left stopped (an evacuation).
        Returns (leaks after that, whether the kill caught a move).
        """
        name = '%s-%s' % (move_logged.lower(),
                          signal.Signals(signum).name.lower())
        conf, prefix, log = self.write_conf('interrupted-%s' % name)
        before = self.census(prefix, [log])
        started = re.compile(r'%s [0-9a-f-]{36} ' % move_logged)
        run = self.tempest(conf, '^' + re.escape(TESTS) + tests)
        with open(run.output_file, 'w') as output:
            proc = run.start(output, new_session=True)
            try:
                moving = self.wait_for_move(log, proc, started)
            finally:
                # The whole run, workers included, as a CI timeout does.
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signum)
                proc.wait()
        left = self.census(prefix, [log])['run']
        self.say('%s: tempest killed %s; left behind: %s' % (
            name, 'mid-move (%s)' % moving if moving else 'before any move',
            ', '.join('%s=%d' % (c, len(ids)) for c, ids in left.items())))
        command = [sys.executable, '-m',
                   'migration_tempest_plugin.census', '--os-cloud',
                   leaks.CLOUD, '--prefix', prefix, '--tempest-log', log,
                   'cleanup']
        self.say('cleanup: %s' % ' '.join(command))
        # The operator's command, as the documentation gives it.
        done = subprocess.run(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, env=dict(
                os.environ, OS_CLIENT_CONFIG_FILE=self.settings.clouds_yaml))
        self.say('cleanup said: %s' % done.stdout.strip().splitlines()[-1])
        self.restart_stopped_computes()
        return self.leaks_since(before, prefix, [log]), bool(moving)

    def wait_for_move(self, log, proc, started, timeout=600):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and proc.poll() is None:
            if os.path.exists(log):
                with open(log, errors='replace') as f:
                    match = started.search(f.read())
                if match:
                    return match.group(0).strip()
            time.sleep(0.1)
        return None

    # 3. Faults.

    def fault(self, move):
        part = 'fault-%s' % move
        conf, prefix, log = self.write_conf(part, {
            ('migration', 'move_timeout'): str(self.fault_timeout)})
        before = self.census(prefix, [log])
        result_file = os.path.join(self.workdir, part, 'result.json')
        try:
            # A process of its own: tempest reads its config once.
            subprocess.run([sys.executable, '-m', 'reliability',
                            'inject-fault', '--conf', conf, '--move', move,
                            '--result', result_file],
                           cwd=os.path.dirname(conf),
                           env=dict(os.environ, **self.settings.environ()))
        finally:
            self.restart_stopped_computes()
        with open(result_file) as f:
            result = json.load(f)
        leaked = self.leaks_since(before, prefix, [log])
        healthy = self.wait_healthy()
        diagnosed, why = fault_verdict(result, self.fault_timeout, leaked,
                                       healthy)
        self.say('fault %s: %s (%s)' % (move, 'diagnosed' if diagnosed
                                        else 'NOT diagnosed', why))
        return diagnosed

    def restart_stopped_computes(self):
        for host in config.COMPUTE_HOSTS:
            with contextlib.suppress(errors.MinicloudError), \
                    cloud.state_lock(self.settings):
                self.cloud(cloud.compute_start, host)

    def wait_healthy(self, timeout=180):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.cloud(cloud.status) == 0:
                return True
            time.sleep(5)
        return False

    # 4. Bad inputs.

    def bad_input(self, number, bad_input):
        part = 'bad-%02d' % number
        conf, prefix, _log = self.write_conf(part, bad_input.changes)
        result = self.tempest(conf, bad_input.test).run()
        created = self.servers_ever_named(prefix)
        answered, why = refusal_verdict(bad_input, result.counts,
                                        result.output, created)
        self.say('bad input %d (%s): %s' % (number, bad_input.name, why))
        return answered

    # 5. Secrets.

    def known_secrets(self):
        return list(config.load_secrets(self.settings).values())

    def secrets_found(self):
        # The tempest.conf copies hold the admin password by design.
        paths = [path for path in secret_scan.files_under(self.workdir)
                 if not path.endswith('tempest.conf')]
        found = secret_scan.scan_files(paths, self.known_secrets())
        self.say('secrets: scanned %d files (tempest logs, subunit streams,'
                 ' reports, tempest and minicloud output): %d with a secret'
                 % (len(paths), len(found)))
        for path, findings in sorted(found.items()):
            for kind, excerpt in findings[:3]:
                self.say('secret in %s: %s: %s' % (path, kind, excerpt))
        return len(found)

    def run(self):
        started = time.monotonic()
        self.prepare()
        before = self.census(self.prefix)
        failures = self.repeated_runs()
        self.say('suite runs took %.0f s' % (time.monotonic() - started))
        interrupted = [self.interrupted_run(*run)
                       for run in INTERRUPTED_RUNS]
        interrupted_leaks = sum(leaked for leaked, _caught in interrupted)
        # A run the kill did not catch mid-move proved nothing.
        failures += sum(1 for _leaks, caught in interrupted if not caught)
        diagnosed = [self.fault(move) for move in ('live', 'cold')]
        bad = [self.bad_input(number, bad_input) for number, bad_input in
               enumerate(BAD_INPUTS, 1)]
        logs = [path for path in secret_scan.files_under(self.workdir)
                if path.endswith('tempest.log')]
        leaked = self.leaks_since(before, self.prefix, logs)
        failures += self.secrets_found()
        self.say('took %.0f s; files under %s' % (
            time.monotonic() - started, self.workdir))
        print(verdict_line(self.runs, failures, leaked, interrupted_leaks,
                           (sum(diagnosed), len(diagnosed)),
                           (sum(bad), len(bad))), flush=True)
        return 0 if not (failures or leaked or interrupted_leaks) and all(
            diagnosed) and all(bad) else 1


# In a failure's own words (before "What the cloud said:"): a wait that
# ran out, and what it last saw of the move's migration record.
TIMED_OUT = re.compile(r'not done after \S+ s')
STUCK_RECORD = re.compile(r'Last seen: migration \S+ \(id \S+\): '
                          r'type=\S+ status=(\S+)')
# nova's error for the move: a failed event of its request, else its record.
NOVA_ERRORS = (re.compile(r'\S+ result=Error[^;\n]*'),
               re.compile(r'migration \S+ \(id \S+\): type=\S+ '
                          r'status=(?:error|failed)[^\n;]*'))


def fault_verdict(result, move_timeout, leaks, healthy):
    """(diagnosed, why) of one fault run's result (see inject_fault).

    Diagnosed means the failure names nova's error for the move, or,
    where nova never ends the request, its migration record stuck in its
    state together with the down destination it waits on. A plain
    timeout is not a diagnosis.
    """
    if result.get('outcome') != 'failed':
        return False, 'the test did not fail: %s' % result.get('outcome')
    after_request = result['failed_at'] - result['requested_at']
    if after_request > move_timeout + result.get('poll_interval', 0) + 30:
        return False, 'it failed %.0f s after the move request, beyond the' \
                      ' move timeout of %d s' % (after_request, move_timeout)
    own_words = result['message'].split('What the cloud said:')[0]
    # As describe.what_the_cloud_said describes the computes involved.
    destination_down = ('%s (down,' % result['destination']
                        in result['message'])
    if TIMED_OUT.search(own_words):
        stuck = STUCK_RECORD.search(own_words)
        if not (stuck and destination_down):
            return False, ('a plain timeout %.0f s after the move request: '
                           'it names no migration record stuck with its '
                           'destination %s down' % (after_request,
                                                    result['destination']))
        cause = ('nova never ended the request: its migration record '
                 'stuck in %s with nova-compute on %s down'
                 % (stuck.group(1), result['destination']))
    else:
        error = next(filter(None, (pattern.search(own_words)
                                   for pattern in NOVA_ERRORS)), None)
        if not error:
            return False, ("the failure does not give nova's error for the "
                           "move")
        cause = "nova's error: %s" % error.group(0).strip()
    if leaks:
        return False, '%d resources leaked' % leaks
    if not healthy:
        return False, 'the cloud is not healthy again'
    return True, ('failed %.0f s after the move request (move timeout %d '
                  's); %s; nothing leaked; cloud healthy again'
                  % (after_request, move_timeout, cause))


# ------------------------------------------------------- fault injection

def inject_fault(conf, move, result_file):
    """Run one move test with its destination compute stopped mid-move.

    The test is the one that asks for a host (not forced). That host's
    nova-compute is stopped (the cloud's compute-stop) right before the
    move request, while nova still reports it up (nova notices a dead
    compute only after service_down_time), so the scheduler accepts it,
    nova sends the move there and it breaks half-way, as when a
    compute dies during a move. The class takes tempest's serial lock so
    no other test class of any run sharing the lock_path runs meanwhile;
    the compute is started again before the servers are deleted.
    """
    faults.use_tempest_conf(conf)
    import unittest

    from migration_tempest_plugin.tests import base
    from migration_tempest_plugin.tests.scenario import test_cold_migration
    from migration_tempest_plugin.tests.scenario import test_live_migration

    # The requested-host tests: the host stopped is the one nova is asked
    # for. With three computes a scheduler-picked move may go elsewhere.
    if move == 'live':
        test_class = test_live_migration.LiveMigrateOneSiblingTest
        test_id, request = LIVE_TO_HOST_TEST, 'live_migrate'
        owner = base.SiblingMoveTest
    else:
        test_class = test_cold_migration.ColdMigrateOneSiblingTest
        test_id, request = COLD_TO_HOST_TEST, 'cold_migrate'
        owner = test_class
    seen = {}
    original = getattr(owner, request)

    def stopped_first(self, sibling, host=None):
        destination = host or self.choose_target_host(sibling)
        seen['destination'] = destination
        self.addCleanup(faults.start_compute, destination)
        faults.stop_compute(destination)
        seen['requested_at'] = time.monotonic()
        return original(self, sibling, host)

    test_method = test_id.rsplit('.', 1)[1]
    original_test = getattr(test_class, test_method)

    def timed(self):
        try:
            return original_test(self)
        finally:
            seen['failed_at'] = time.monotonic()

    setattr(owner, request, stopped_first)
    setattr(test_class, test_method, timed)
    test_class._serial = True
    result = faults.run_tests(test_id, unittest.TestResult())
    problems = result.failures + result.errors
    outcome = ('failed' if problems else
               'skipped' if result.skipped else 'passed')
    message = '\n'.join(text for _test, text in problems) or str(
        result.skipped)
    from tempest import config
    seen.update(outcome=outcome, message=message,
                poll_interval=float(config.CONF.migration.poll_interval
                                    or config.CONF.compute.build_interval))
    print('reliability: fault %s: %s; failure:\n%s'
          % (move, outcome, message), flush=True)
    with open(result_file, 'w') as f:
        json.dump(seen, f)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    commands = parser.add_subparsers(dest='command')
    fault = commands.add_parser('inject-fault', help=argparse.SUPPRESS)
    fault.add_argument('--conf', required=True)
    fault.add_argument('--move', choices=('live', 'cold'), required=True)
    fault.add_argument('--result', required=True)
    args = parser.parse_args(argv)
    if args.command == 'inject-fault':
        inject_fault(args.conf, args.move, args.result)
        return 0
    return Reliability(
        int(os.environ.get('RELIABILITY_RUNS', '10')),
        int(os.environ.get('RELIABILITY_FAULT_TIMEOUT', '90')),
        config.Settings()).run()
