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

"""The bench run: its tempest runs, the observer beside them, the line."""

import argparse
import configparser
import json
import os
import re
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
from minicloud import workspace

from migration_tempest_plugin import report

import bench as bench_package
from bench import figures
from bench import migration_watch

PLUGIN_REGEX = r'^migration_tempest_plugin\.'
TEMPEST_REGEX = (r'^tempest\.api\.compute\.admin\.'
                 r'(test_live_migration|test_migrations)\.')
SWEEP_REGEX = (r'^migration_tempest_plugin\.tests\.scenario\.'
               r'test_live_migration\.')
MAXRSS = re.compile(r'^BENCH_MAXRSS_KIB (\d+)$', re.MULTILINE)
# Runs a command and reports the largest resident set of its processes.
MEASURE = ('import resource, subprocess, sys\n'
           'code = subprocess.call(sys.argv[1:])\n'
           'print("BENCH_MAXRSS_KIB %d" % resource.getrusage('
           'resource.RUSAGE_CHILDREN).ru_maxrss, flush=True)\n'
           'sys.exit(code)\n')


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
            plugin.append((wall, figures.passed_tests(result), records))
            for kind, found in matched.items():
                spans.setdefault(kind, []).extend(found)
            for kind, seconds in seen.items():
                references.setdefault(kind, []).extend(seconds)
            (wall, result, _), seen = self.observed(
                self.tempest_run, 'tempest-r%d' % round_number,
                TEMPEST_REGEX, {})
            tempest.append((wall, figures.passed_tests(result)))
            for kind, seconds in seen.items():
                beside_tempest.setdefault(kind, []).extend(seconds)
        for kind, seconds in sorted(beside_tempest.items()):
            self.log('reference observer beside tempest: %s median %.2f s '
                     '(%d moves)' % (kind, figures.median(seconds, 0),
                                     len(seconds)))
        sweep = {}
        for count in self.args.sweep:
            _, _, records = self.plugin_run(
                'sweep-n%d' % count, SWEEP_REGEX, {'sibling_count': count})
            sweep[count] = records
        measured = figures.figures(plugin, tempest, references, sweep, spans,
                                   self.back_and_forth, self.peak_rss_kib)
        if self.args.failed_move:
            self.failed_move()
        return measured

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


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog='python -m bench', description=bench_package.__doc__.split(
            '\n\n')[0])
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
        tempest = workspace.ensure(settings)
        bench = Bench(args, settings, tempest)
        measured = bench.run()
    finally:
        if not (was_running or settings.keep):
            with cloud.state_lock(settings):
                cloud.down(settings)
    print(figures.bench_line(measured), flush=True)
    if bench.failures:
        print('bench: failed: %s' % ', '.join(bench.failures), flush=True)
        return 1
    return 0
