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

"""Benchmark the plugin's moves against tempest's and a reference observer.

On ONE embedded cloud (tools/minicloud: a running one is reused, else it is
brought up and, unless MINICLOUD_KEEP is set, brought down at the end),
each round runs, at the same concurrency:

1. the plugin's suite (`tempest run`), its timing report in a file of the
   round;
2. tempest's own tempest.api.compute.admin.test_live_migration and
   test_migrations.

Alongside each of the two runs, the reference observer
(reference_observer.py, one worker) moves servers of its own the whole
time: one request, then a poll every 50 ms of the migration record until
it is final. So the plugin's moves and the yardstick's are made side by
side, under the same load, and the tempest run carries the same extra
load as the plugin's.

Then the plugin's live migration tests once per sibling count in
--sweep (2, 5, 10), and failed_move.py: a live migration to a host whose
compute is stopped must fail naming the cause (--no-failed-move skips it).
Figures only; nothing here passes or fails a test.

Definitions (all medians are over every round):
- plugin_overhead: median client wall time (request sent to verified,
  from the report) of the plugin's live-migrate moves / median time of the
  reference observer's live migrations made during the plugin's runs. The
  same ratio for cold migration with confirm (plugin: request sent to
  confirmed and verified) is printed too.
- matched_overhead: the same ratio on matched spans: a plugin move's
  request sent to its migration record final (migration_watch.py polls
  every record of the cloud as often as the reference observer polls its
  own) against the reference observer's request to final. verify_s is
  the median rest of the plugin's live-migrate moves: record final to
  verified, the plugin's verification.
- plugin_vs_tempest: seconds per move of each suite, where a suite's
  seconds per move = the summed durations (from the run's subunit stream) of
  its passed tests that move a server / the moves those tests made. The
  plugin's moves are its report's verified move lines; tempest's are
  counted from its code (TEMPEST_MOVES): a test moves once, twice if it
  live-migrates back and forth. Only moves tempest also makes count on the
  plugin's side (live migration, cold migration, resize): its evacuate
  and unshelve tests stop computes or shelve, which tempest's do not.
- plugin_s, tempest_s: median wall time of one run of each suite.
- moves: the plugin's verified moves over all rounds.
- api_calls_per_move: median API requests per plugin move (report).
- peak_rss_mib: the largest resident set of any process of a plugin run
  (tempest and its workers).

The last line printed is the `bench:` line.
"""

import argparse
import configparser
import json
import os
import re
import statistics
import subprocess
import sys
import time

from harness import judge
from harness import tempest_conf
from harness import tempest_run
from minicloud import api
from minicloud import cloud
from minicloud import config
from minicloud import errors
from minicloud import render
from minicloud import workspace

from migration_tempest_plugin import report

from bench import migration_watch

PLUGIN_REGEX = r'^migration_tempest_plugin\.'
TEMPEST_REGEX = (r'^tempest\.api\.compute\.admin\.'
                 r'(test_live_migration|test_migrations)\.')
SWEEP_REGEX = (r'^migration_tempest_plugin\.tests\.scenario\.'
               r'test_live_migration\.')
# Moves of tempest's tests that pass on a cloud without volumes, consoles,
# trunks or vTPM; live migrations go back and forth when tempest.conf says
# so. Kept in step with tempest's code by hand.
TEMPEST_LIVE_MIGRATION_TESTS = ('test_live_block_migration',
                                'test_live_block_migration_paused')
TEMPEST_MOVES = {
    'test_live_migration_by_project_manager': 1,
    'test_list_migrations_in_flavor_resize_situation': 1,
    'test_resize_server_revert_deleted_flavor': 1,
    'test_cold_migration': 1,
    'test_revert_cold_migration': 1,
    'test_cold_migration_with_swap': 1,
}
# Kinds of the plugin's moves that tempest's tests make as well.
COMPARABLE_KINDS = ('live-migrate', 'cold-migrate', 'resize')

MAXRSS = re.compile(r'^BENCH_MAXRSS_KIB (\d+)$', re.MULTILINE)
# Runs a command and reports the largest resident set of its processes.
MEASURE = ('import resource, subprocess, sys\n'
           'code = subprocess.call(sys.argv[1:])\n'
           'print("BENCH_MAXRSS_KIB %d" % resource.getrusage('
           'resource.RUSAGE_CHILDREN).ru_maxrss, flush=True)\n'
           'sys.exit(code)\n')


def median(values, default=None):
    values = [value for value in values if value is not None]
    return statistics.median(values) if values else default


def passed_tests(result):
    """{test id without tags: seconds} of the tests that passed."""
    return {test_id.split('[')[0]: test.seconds
            for test_id, test in result.tests.items()
            if test.status == 'success'}


def tempest_moves(test_id, back_and_forth):
    name = test_id.rsplit('.', 1)[-1]
    if name in TEMPEST_LIVE_MIGRATION_TESTS:
        return 2 if back_and_forth else 1
    return TEMPEST_MOVES.get(name, 0)


def tempest_seconds_per_move(durations, back_and_forth):
    moves = {test: tempest_moves(test, back_and_forth)
             for test in durations}
    total_moves = sum(moves.values())
    if not total_moves:
        return None, 0
    seconds = sum(durations[test] for test, count in moves.items() if count)
    return seconds / total_moves, total_moves


def comparable(record):
    return record['kind'].split('+')[0] in COMPARABLE_KINDS


def plugin_seconds_per_move(durations, records):
    """Seconds per comparable move of the plugin's passed tests."""
    moves = {}
    for record in records:
        test = record['test'].split('[')[0]
        if (record['record'] == 'move' and record['outcome'] == 'verified'
                and test in durations):
            moves.setdefault(test, []).append(record)
    counted = {test: len(found) for test, found in moves.items()
               if all(comparable(record) for record in found)}
    total_moves = sum(counted.values())
    if not total_moves:
        return None, 0
    return sum(durations[test] for test in counted) / total_moves, total_moves


def move_walls(records, kind):
    return [record['wall_s'] for record in records
            if record['record'] == 'move' and record['kind'] == kind
            and record['outcome'] == 'verified']


def bench_line(figures):
    return ('bench: plugin_overhead=%.2f matched_overhead=%.2f '
            'verify_s=%.2f plugin_vs_tempest=%.2f '
            'plugin_s=%.0f tempest_s=%.0f moves=%d api_calls_per_move=%d '
            'peak_rss_mib=%d' % (
                figures['plugin_overhead'], figures['matched_overhead'],
                figures['verify_s'], figures['plugin_vs_tempest'],
                figures['plugin_s'], figures['tempest_s'], figures['moves'],
                figures['api_calls_per_move'], figures['peak_rss_mib']))


def ratio(numerator, denominator):
    if not numerator or not denominator:
        return float('nan')
    return numerator / denominator


class Bench(object):
    def __init__(self, args, settings, tempest):
        self.args = args
        self.settings = settings
        self.tempest = tempest
        self.dir = os.path.join(settings.state_dir, 'bench', time.strftime(
            '%Y%m%dT%H%M%S', time.gmtime()))
        os.makedirs(self.dir)
        parser = configparser.RawConfigParser()
        parser.read(settings.tempest_conf)
        self.back_and_forth = parser.getboolean(
            'compute-feature-enabled', 'live_migrate_back_and_forth',
            fallback=False)
        self.image = parser.get('compute', 'image_ref')
        self.flavor = parser.get('compute', 'flavor_ref')
        self.peak_rss_kib = 0
        # Checks that failed: the bench line still prints, the exit is 1.
        self.failures = []

    def log(self, text):
        print('bench: %s' % text if not text.startswith('bench') else text,
              flush=True)

    def tempest_run(self, name, regex, migration_options):
        """Run tempest in a directory of the bench's own.

        Returns (wall seconds, tempest_run.Result, report records).
        """
        directory = os.path.join(self.dir, name)
        report_file = os.path.join(directory, 'report.jsonl')
        conf = tempest_conf.write_copy(
            self.settings.tempest_conf, os.path.join(directory,
                                                     'tempest.conf'),
            tempest_conf.migration(dict(migration_options,
                                        report_file=report_file)))
        result = tempest_run.TempestRun(
            self.tempest, directory, conf, regex,
            concurrency=self.args.concurrency, env=self.settings.environ(),
            wrapper=[sys.executable, '-c', MEASURE]).run()
        self.log('%s: %.0f s, %s (output: %s/tempest-output.txt)' % (
            name, result.wall_s, tempest_run.summary(result.counts), name))
        result.check()
        records = []
        if os.path.exists(report_file):
            with open(report_file) as lines:
                records = report.read_records(lines)
        return result.wall_s, result, records

    def plugin_run(self, name, regex, migration_options=None):
        wall, result, records = self.tempest_run(name, regex,
                                                 migration_options or {})
        rss = MAXRSS.findall(result.output)
        if rss:
            self.peak_rss_kib = max(self.peak_rss_kib, int(rss[-1]))
        return wall, result, records

    def judge(self, name, result):
        """Fail the bench unless every test the run must run passed."""
        judged = judge.judge(result)
        self.log('%s: %s' % (name, judged.counts))
        if not judged.ok:
            raise errors.MinicloudError(
                'the plugin run %s did not pass every test tempest.conf '
                'asks for: %s' % (name, '; '.join(judged.problems)))

    def watched_plugin_run(self, name, regex):
        """plugin_run, every migration record watched: (..., spans)."""
        conn = api.connect(self.settings,
                           config.load_secrets(self.settings))
        with migration_watch.MigrationWatch(conn) as watch:
            wall, result, records = self.plugin_run(name, regex)
        if watch.errors:
            self.log('migration watch: %d polls failed' % watch.errors)
        return wall, result, records, migration_watch.matched_spans(
            records, watch.finals_by_server())

    def observed(self, run, *args):
        """``run(*args)`` with the reference observer moving alongside.

        Returns run's result and the observer's {kind: [seconds]}.
        """
        command = [sys.executable, '-m', 'bench.reference_observer',
                   '--image', self.image, '--flavor', self.flavor]
        env = dict(os.environ, OS_CLIENT_CONFIG_FILE=self.settings.clouds_yaml)
        observer = subprocess.Popen(command, env=env, stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE)
        try:
            result = run(*args)
        finally:
            # Closing its stdin stops it after the move it is making.
            out, err = observer.communicate(b'')
        said = err.decode('utf-8', 'replace').strip()
        if observer.returncode:
            self.log('reference observer failed: %s' % said[-2000:])
            return result, {}
        for line in said.splitlines():
            self.log('reference observer: %s' % line)
        return result, json.loads(out)

    def run(self):
        plugin, tempest, references, beside_tempest = [], [], {}, {}
        spans = {}
        for round_number in range(1, self.args.rounds + 1):
            (wall, result, records, matched), seen = self.observed(
                self.watched_plugin_run, 'plugin-r%d' % round_number,
                self.args.plugin_regex)
            self.judge('plugin-r%d' % round_number, result)
            plugin.append((wall, passed_tests(result), records))
            for kind, found in matched.items():
                spans.setdefault(kind, []).extend(found)
            for kind, seconds in seen.items():
                references.setdefault(kind, []).extend(seconds)
            (wall, result, _), seen = self.observed(
                self.tempest_run, 'tempest-r%d' % round_number,
                TEMPEST_REGEX, {})
            tempest.append((wall, passed_tests(result)))
            for kind, seconds in seen.items():
                beside_tempest.setdefault(kind, []).extend(seconds)
        for kind, seconds in sorted(beside_tempest.items()):
            self.log('reference observer beside tempest: %s median %.2f s '
                     '(%d moves)' % (kind, median(seconds, 0), len(seconds)))
        sweep = {}
        for count in self.args.sweep:
            _, _, records = self.plugin_run(
                'sweep-n%d' % count, SWEEP_REGEX, {'sibling_count': count})
            sweep[count] = records
        figures = self.figures(plugin, tempest, references, sweep, spans)
        if self.args.failed_move:
            self.failed_move()
        return figures

    def failed_move(self):
        """Run failed_move.py; print its verdict, its output in a file."""
        conf = os.path.join(self.dir, 'failed-move.conf')
        tempest_conf.write_copy(
            self.settings.tempest_conf, conf, tempest_conf.migration({
                'report_file': os.path.join(self.dir, 'failed-move.jsonl')}))
        # A process of its own: tempest reads its config once.
        proc = subprocess.run(
            [sys.executable, '-m', 'bench.failed_move', conf], cwd=self.dir,
            env=dict(os.environ, **self.settings.environ()),
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        output = proc.stdout.decode('utf-8', 'replace')
        with open(os.path.join(self.dir, 'failed-move.out'), 'w') as log:
            log.write(output)
        verdict = [line for line in output.splitlines()
                   if line.startswith('failed-move check:')]
        print('\n%s (exit %d; output: failed-move.out)' % (
            verdict[-1] if verdict else 'failed-move check: no verdict',
            proc.returncode), flush=True)
        if proc.returncode:
            self.failures.append('the failed-move check')

    def figures(self, plugin, tempest, references, sweep, spans):
        records = [record for _, _, run in plugin for record in run]
        print('\n==== plugin report, all rounds\n%s' % report.format_report(
            records))
        moves = [record for record in records if record['record'] == 'move'
                 and record['outcome'] == 'verified']
        overheads = {}
        for kind, seconds in sorted(references.items()):
            overheads[kind] = ratio(median(move_walls(records, kind)),
                                    median(seconds))
            print('%s: plugin median %.2f s (%d moves), reference median '
                  'beside it %.2f s (%d moves), ratio %.2f' % (
                      kind, median(move_walls(records, kind), 0),
                      len(move_walls(records, kind)), median(seconds, 0),
                      len(seconds), overheads[kind]))
        matched = {}
        for kind, seconds in sorted(references.items()):
            to_final = [span[0] for span in spans.get(kind, [])]
            verifying = [span[1] for span in spans.get(kind, [])]
            matched[kind] = (ratio(median(to_final), median(seconds)),
                             median(verifying, float('nan')))
            print('%s matched spans: plugin request to final median %.2f s '
                  '(%d moves), reference %.2f s, ratio %.2f; plugin final '
                  'to verified median %.2f s' % (
                      kind, median(to_final, 0), len(to_final),
                      median(seconds, 0), matched[kind][0],
                      matched[kind][1]))
        nothing = (float('nan'), float('nan'))
        plugin_per_move = [plugin_seconds_per_move(durations, run)
                           for _, durations, run in plugin]
        tempest_per_move = [tempest_seconds_per_move(durations,
                                                     self.back_and_forth)
                            for _, durations in tempest]
        plugin_spm = median(spm for spm, _ in plugin_per_move)
        tempest_spm = median(spm for spm, _ in tempest_per_move)
        print('seconds per move (test durations / moves): plugin %s over '
              '%s moves per round, tempest %s over %s moves per round' % (
                  plugin_spm and round(plugin_spm, 2),
                  [n for _, n in plugin_per_move],
                  tempest_spm and round(tempest_spm, 2),
                  [n for _, n in tempest_per_move]))
        print('\n==== live migration by sibling count')
        for count, run in sorted(sweep.items()):
            builds = [record['wall_s'] for record in run
                      if record['record'] == 'build'
                      and record['outcome'] == 'verified']
            walls = move_walls(run, 'live-migrate')
            print('N=%-3d build median %.2f s, live-migrate median %.2f s '
                  '(%d moves), requests per move %s' % (
                      count, median(builds, 0), median(walls, 0),
                      len(walls), median(
                          record['api_requests'] for record in run
                          if record['record'] == 'move')))
        return {
            'plugin_overhead': overheads.get('live-migrate', float('nan')),
            'matched_overhead': matched.get('live-migrate', nothing)[0],
            'verify_s': matched.get('live-migrate', nothing)[1],
            'plugin_vs_tempest': ratio(plugin_spm, tempest_spm),
            'plugin_s': median([wall for wall, _, _ in plugin], 0),
            'tempest_s': median([wall for wall, _ in tempest], 0),
            'moves': len(moves),
            'api_calls_per_move': median(
                record['api_requests'] for record in moves) or 0,
            'peak_rss_mib': self.peak_rss_kib // 1024,
        }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--rounds', type=int, default=3)
    parser.add_argument('--concurrency', type=int, default=2)
    parser.add_argument('--plugin-regex', default=PLUGIN_REGEX)
    parser.add_argument('--sweep', type=int, nargs='*', default=[2, 5, 10],
                        help='sibling counts of the live migration runs')
    parser.add_argument('--no-failed-move', dest='failed_move',
                        action='store_false',
                        help='skip the deliberately failed move')
    args = parser.parse_args(argv)
    settings = config.Settings()
    was_running = cloud.cloud_running(settings)
    with cloud.state_lock(settings):
        cloud.up(settings)
    try:
        values = render.template_values(settings,
                                        config.load_secrets(settings))
        tempest = workspace.ensure_workspace(settings, values)
        bench = Bench(args, settings, tempest)
        figures = bench.run()
    finally:
        if not (was_running or settings.keep):
            with cloud.state_lock(settings):
                cloud.down(settings)
    print(bench_line(figures), flush=True)
    if bench.failures:
        print('bench: failed: %s' % ', '.join(bench.failures), flush=True)
        return 1
    return 0
