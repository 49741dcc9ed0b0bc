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

"""detect.liveness: does each seed of the catalogue bring its bug back?

A seed is proven live by nova's own functional test of the bug, in the
venv of nova_tests (``<state dir>/nova-tests-venv``). For each entry of
tools/detect/catalogue:

#. its ``Proven-by`` tests run in-process on the pristine nova: they must
   pass (else the entry is **broken**: the test fails without the seed);
#. the entry's patch is applied to that venv's nova and the tests run
   again: every one must fail (**live**); one that still passes makes the
   seed **dead**;
#. the patch is reverted in a ``finally`` and every patched file must be
   byte-identical to before.

An entry without a nova test says how else it was proven (``Proven-how``)
and is reported **unproven**. The venv's nova is checked against its
wheel's RECORD hashes before the first entry (what differs is restored
from the wheel) and after the last (a difference is an error).

Ends with ``liveness: live=N dead=[...] unproven=[...] broken=[...]`` and
writes ``<state dir>/liveness.json``.
"""

import argparse
import contextlib
import dataclasses
import fcntl
import glob
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

from detect import entries
from detect import nova_tests
from detect import patches
from detect import record
from minicloud import errors

TOOL_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(os.path.dirname(TOOL_DIR))
CATALOGUE_DIR = entries.CATALOGUE_DIR
DEFAULT_STATE_DIR = os.path.join(REPO_DIR, '.minicloud-fake', 'detect')

LIVE = 'live'
DEAD = 'dead'
UNPROVEN = 'unproven'
BROKEN = 'broken'
NOT_APPLICABLE = 'not applicable'
FAILING = ('fail', 'error')


def say(text):
    print('liveness: %s' % text, flush=True)


class LivenessError(errors.MinicloudError):
    """The run cannot go on (a venv that does not build, nova changed)."""


@contextlib.contextmanager
def state_lock(state_dir):
    """One liveness run at a time per state dir: they patch one nova."""
    os.makedirs(state_dir, exist_ok=True)
    with open(os.path.join(state_dir, 'liveness.lock'), 'w') as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LivenessError('another liveness run holds %s'
                                % lock.name)
        yield


def nova_dist_info(site):
    return record.nova_dist_info(site)


def nova_record(site):
    return record.read_record(nova_dist_info(site))


def ensure_pristine(venv, site, state_dir):
    """Restore from the wheel every nova file RECORD says differs.

    (files checked, paths restored).
    """
    recorded = nova_record(site)
    differ = record.record_mismatches(site, recorded)
    if differ:
        version = os.path.basename(nova_dist_info(site))[
            len('nova-'):-len('.dist-info')]
        wheels = os.path.join(state_dir, 'wheels')
        subprocess.run([os.path.join(venv, 'bin', 'pip'), 'download',
                        '--no-deps', '--only-binary', ':all:', '-d', wheels,
                        'nova==%s' % version], check=True,
                       stdout=subprocess.DEVNULL)
        wheel = glob.glob(os.path.join(wheels,
                                       'nova-%s-*.whl' % version))[0]
        record.restore_from_wheel(site, wheel, differ)
        still = record.record_mismatches(site, recorded)
        if still:
            raise LivenessError('%s still differ from RECORD after '
                                'restoring them from %s'
                                % (', '.join(still), wheel))
    return len(recorded), differ


# --------------------------------------------------------- classification

@dataclasses.dataclass
class Result:
    bug: str
    verdict: str
    # {test id: status} on the pristine nova and with the seed.
    pristine: dict = dataclasses.field(default_factory=dict)
    seeded: dict = dataclasses.field(default_factory=dict)
    detail: str = ''
    wall_s: float = 0.0

    def line(self):
        parts = ['lp%s: %s' % (self.bug, self.verdict)]
        if self.pristine:
            parts.append('pristine %s' % _counts(self.pristine))
        if self.seeded:
            parts.append('seeded %s' % _counts(self.seeded))
        if self.detail:
            parts.append(self.detail)
        return '; '.join(parts) + (' (%.0f s)' % self.wall_s
                                   if self.wall_s else '')


def _counts(statuses):
    counts = {}
    for status in statuses.values():
        counts[status] = counts.get(status, 0) + 1
    return ' '.join('%s=%d' % item for item in sorted(counts.items()))


def _status(results, test_id):
    return results.get(test_id, {}).get('status', 'missing')


def classify_pristine(entry, pristine):
    """A BROKEN Result if the tests do not all pass unseeded, else None."""
    bad = [t for t in entry.proven_by if _status(pristine, t) != 'pass']
    if not bad:
        return None
    first = pristine.get(bad[0], {})
    return Result(entry.bug, BROKEN,
                  {t: _status(pristine, t) for t in entry.proven_by},
                  detail='without the seed %s: %s %s' % (
                      ', '.join(bad), first.get('status', 'missing'),
                      nova_tests.why_failed(first)))


def classify(entry, pristine, seeded):
    """The Result of an entry from its test results, unseeded and seeded.

    live: every Proven-by test passes on the pristine nova and fails (an
    assertion or an error of the test) with the seed. dead: one still
    passes with the seed. broken: one fails without the seed, or the
    seeded nova does not load (a test module that does not import, a
    runner that crashed), or a test was skipped.
    """
    broken = classify_pristine(entry, pristine)
    if broken:
        return broken
    ids = entry.proven_by
    statuses = {t: _status(seeded, t) for t in ids}
    pristine_statuses = {t: 'pass' for t in ids}
    passed = [t for t in ids if statuses[t] == 'pass']
    odd = [t for t in ids if statuses[t] not in FAILING + ('pass',)]
    if odd:
        first = seeded.get(odd[0], {})
        return Result(entry.bug, BROKEN, pristine_statuses, statuses,
                      'with the seed %s: %s %s' % (
                          ', '.join(odd), statuses[odd[0]],
                          nova_tests.why_failed(first)))
    if passed:
        return Result(entry.bug, DEAD, pristine_statuses, statuses,
                      'still passes with the seed: %s' % ', '.join(passed))
    return Result(entry.bug, LIVE, pristine_statuses, statuses,
                  'with the seed: %s' % nova_tests.why_failed(seeded[ids[0]]))


def summary_line(results, wall_s=None):
    by = {}
    for result in results:
        by.setdefault(result.verdict, []).append(result.bug)
    line = ('liveness: live=%d dead=[%s] unproven=[%s] broken=[%s]' % (
        len(by.get(LIVE, [])), ','.join(by.get(DEAD, [])),
        ','.join(by.get(UNPROVEN, [])), ','.join(by.get(BROKEN, []))))
    if by.get(NOT_APPLICABLE):
        line += ' not_applicable=[%s]' % ','.join(by[NOT_APPLICABLE])
    if wall_s is not None:
        line += ' wall_s=%d' % wall_s
    return line


# ------------------------------------------------------------------ prove

def prove(entry, venv, site, work_dir):
    """Prove one entry live (or not): a Result."""
    started = time.monotonic()
    if entry.not_applicable:
        return Result(entry.bug, NOT_APPLICABLE, detail=entry.not_applicable)
    if not entry.proven_by:
        return Result(entry.bug, UNPROVEN, detail=entry.proven_how)
    pristine = nova_tests.run_tests(venv, entry.proven_by, work_dir)
    result = classify_pristine(entry, pristine)
    if result is None:
        paths = sorted({p.path for p in patches.parse_patch(entry.patch)})
        before = {path: patches.file_sha256(os.path.join(site, path))
                  for path in paths}
        originals = {}
        try:
            try:
                originals = patches.apply_patch(site, entry.patch)
            except patches.PatchDoesNotApply as e:
                return Result(entry.bug, BROKEN,
                              detail='patch does not apply: %s' % e,
                              wall_s=time.monotonic() - started)
            seeded = nova_tests.run_tests(venv, entry.proven_by, work_dir)
        finally:
            if originals:
                after = patches.restore_files(site, originals)
                changed = [p for p in before if after.get(p) != before[p]]
                if changed:
                    raise LivenessError('lp%s: %s differ after the revert'
                                        % (entry.bug, ', '.join(changed)))
        result = classify(entry, pristine, seeded)
    result.wall_s = time.monotonic() - started
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(prog='python -m detect.liveness',
                                     description=__doc__.split('\n\n')[0])
    parser.add_argument('--only', metavar='BUG[,BUG...]',
                        help='prove only these entries')
    parser.add_argument('--state-dir', default=DEFAULT_STATE_DIR,
                        help='where the nova test venv and the results '
                             'live (default %(default)s)')
    parser.add_argument('--catalogue', default=CATALOGUE_DIR,
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        catalogue = entries.load_catalogue(args.catalogue)
    except entries.CatalogueError as e:
        parser.error(str(e))
    if args.only:
        wanted = args.only.split(',')
        unknown = set(wanted) - {entry.bug for entry in catalogue}
        if unknown:
            parser.error('no catalogue entry for %s'
                         % ', '.join(sorted(unknown)))
        catalogue = [entry for entry in catalogue if entry.bug in wanted]
    # A SIGTERM ends the run through the finally that reverts the patch;
    # the RECORD check at the next start covers a SIGKILL.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(143))
    started = time.monotonic()
    try:
        with state_lock(args.state_dir):
            results = prove_all(args.state_dir, catalogue, started)
    except (LivenessError, entries.CatalogueError) as e:
        print('liveness: error: %s' % e, file=sys.stderr)
        return 1
    with open(os.path.join(args.state_dir, 'liveness.json'), 'w') as f:
        json.dump([dataclasses.asdict(r) for r in results], f, indent=1)
    print(summary_line(results, time.monotonic() - started), flush=True)
    return 0


def prove_all(state_dir, catalogue, started):
    """Build or reuse the venv, check nova, prove each entry: Results."""
    venv, built = nova_tests.ensure_venv(state_dir)
    say('venv %s (%s in %.0f s)' % (venv, 'built' if built else 'reused',
                                    time.monotonic() - started))
    site = nova_tests.site_packages(venv)
    checked, restored = ensure_pristine(venv, site, state_dir)
    say('RECORD check: %d nova files, %d restored from the wheel%s' % (
        checked, len(restored),
        (': ' + ', '.join(restored)) if restored else ''))
    results = []
    with tempfile.TemporaryDirectory(prefix='liveness-') as work_dir:
        for entry in catalogue:
            result = prove(entry, venv, site, work_dir)
            print(result.line(), flush=True)
            results.append(result)
    differ = record.record_mismatches(site, nova_record(site))
    if differ:
        raise LivenessError('nova files differ from RECORD after the run: '
                            '%s' % ', '.join(differ))
    say('RECORD check after the run: %d nova files, none differs' % checked)
    return results


if __name__ == '__main__':
    sys.exit(main())
