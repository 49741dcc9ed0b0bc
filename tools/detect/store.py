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

"""Where detect keeps what it measured, and the merge of its shards.

Each run (a shard: all entries, ``--only``, ``--shard i/n``, ``--driver``)
writes ``<state dir>/detect/runs/<UTC time>/results.json``: the stamp of
what it measured (the suite's commit: the last commit of
migration_tempest_plugin/, with ``+dirty`` when it has uncommitted
changes; nova's version; the driver; the move timeout), whether it ended
with its closing baseline passing, and each entry's Result. The merge
takes, for each entry, its newest result among the complete shards of
every detect directory given; a result measured on another suite commit
than today's is stale.

A whole catalogue takes hours of shards, more than one machine or session
gives: ``--keep`` copies a complete shard's results.json into KEPT_DIR, a
detect directory in the repository, and every merge reads it, so shards
measured anywhere on the same suite commit add up on a clean clone.
"""

import contextlib
import dataclasses
import fcntl
import glob
import json
import os
import shutil
import subprocess
import time

from detect import verdicts
from minicloud import config
from minicloud import errors

SUITE_DIR = 'migration_tempest_plugin'
RESULTS = 'results.json'
KEPT_DIR = os.path.join(config.REPO_DIR, 'tools', 'detect', 'kept')


def detect_dir(settings):
    return os.path.join(settings.state_dir, 'detect')


@contextlib.contextmanager
def lock(directory):
    """One detect run at a time per detect directory: they patch nova."""
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, 'lock'), 'w') as held:
        try:
            fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise errors.MinicloudError('another detect run holds %s'
                                        % held.name)
        yield


def read_json(path, default):
    try:
        with open(path) as f:
            return json.load(f)
    except FileNotFoundError:
        return default


def write_json(path, data):
    """Write ``data`` to ``path`` whole or not at all."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + '.new', 'w') as f:
        json.dump(data, f, indent=1, sort_keys=True)
    os.replace(path + '.new', path)


def git(*args):
    done = subprocess.run(['git', '-C', config.REPO_DIR] + list(args),
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          text=True)
    return done.stdout.strip() if done.returncode == 0 else None


def suite_commit():
    """The last commit of the suite (+dirty with uncommitted changes)."""
    commit = git('log', '-1', '--format=%h', '--', SUITE_DIR)
    if not commit:
        return 'unknown'
    if git('status', '--porcelain', '--', SUITE_DIR):
        commit += '+dirty'
    return commit


def now():
    return time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())


def stamp(settings, nova_version, move_timeout):
    return {'suite_commit': suite_commit(), 'nova_version': nova_version,
            'driver': settings.driver_name, 'move_timeout': move_timeout,
            'measured': now()}


class PristineFailures(object):
    """Tests seen failing on the pristine nova, kept across runs.

    A test that failed on the pristine nova once (a baseline, a proof run)
    is flaky there: its passing a proof run alone cannot prove a catch.
    """

    def __init__(self, directory):
        self.path = os.path.join(directory, 'pristine-failures.json')
        self.seen = read_json(self.path, {})

    def record(self, run_name, failures):
        """Keep {base test id: failure line} seen in run ``run_name``."""
        for test_id, line in failures.items():
            self.seen.setdefault(test_id, []).append(
                {'run': run_name, 'line': line, 'when': now()})
        if failures:
            write_json(self.path, self.seen)

    def of(self, test_id):
        """'<run>: <line>' of the test's last failure there, or None."""
        if test_id not in self.seen:
            return None
        last = self.seen[test_id][-1]
        return '%s: %s' % (last['run'], last['line'])


def new_run_dir(directory):
    run_dir = os.path.join(directory, 'runs', time.strftime(
        '%Y%m%dT%H%M%S', time.gmtime()))
    os.makedirs(run_dir)
    return run_dir


def save_shard(run_dir, shard_stamp, results, complete, runs, wall_s,
               error=None):
    """The shard's results.json; ``runs``: {baseline name: its summary}.

    ``error``: why the run stopped before its end (then not complete).
    """
    data = {'stamp': shard_stamp, 'complete': complete, 'runs': runs,
            'wall_s': round(wall_s),
            'results': [dataclasses.asdict(result) for result in results]}
    if error:
        data['error'] = error
    write_json(os.path.join(run_dir, RESULTS), data)


def keep_shard(run_dir, kept_dir=KEPT_DIR):
    """Copy a shard's results.json into ``kept_dir``; the copy's path."""
    kept = os.path.join(kept_dir, 'runs', os.path.basename(run_dir))
    os.makedirs(kept, exist_ok=True)
    return shutil.copy(os.path.join(run_dir, RESULTS), kept)


def shards(directories):
    """(run dir, its results.json) of their shards, oldest first."""
    found = []
    for directory in directories:
        for path in glob.glob(os.path.join(directory, 'runs', '*', RESULTS)):
            found.append((os.path.dirname(path), read_json(path, {})))
    return sorted(found, key=lambda item: item[1].get('stamp', {}).get(
        'measured', ''))


@dataclasses.dataclass
class Merged:
    """The merged results: one per entry measured, newest first wins."""

    results: list
    # Bugs measured on another suite commit than ``suite_commit``.
    stale: list
    # Seedable entries no complete shard measured.
    not_measured: list
    suite_commit: str
    # {run dir: its wall time} of the shards whose results were taken.
    shards: dict

    @property
    def wall_s(self):
        """The shards' wall time: their baselines and entries."""
        return sum(self.shards.values())

    def line(self):
        return verdicts.summary_line(
            self.results, self.wall_s, self.suite_commit, self.stale,
            self.not_measured)


def merge(directories, catalogue, commit=None):
    """Merge the complete shards of the detect directories (see above)."""
    commit = commit or suite_commit()
    newest, walls = {}, {}
    for run_dir, shard in shards(directories):
        if not shard.get('complete'):
            continue
        walls[run_dir] = shard.get('wall_s', 0)
        for data in shard.get('results', []):
            newest[data['bug']] = (run_dir, verdicts.Result(**data))
    results, taken, stale, not_measured = [], {}, [], []
    for entry in catalogue:
        if entry.bug not in newest:
            if not entry.not_applicable:
                not_measured.append(entry.bug)
            continue
        run_dir, result = newest[entry.bug]
        results.append(result)
        taken[run_dir] = walls[run_dir]
        if result.stamp.get('suite_commit') != commit:
            stale.append(entry.bug)
    return Merged(results, stale, not_measured, commit, taken)
