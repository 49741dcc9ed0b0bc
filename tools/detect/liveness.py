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
nova test venv (nova_tests). For each entry:

#. its ``Proven-by`` tests run in-process on the pristine nova: they must
   pass (else the entry is **broken**: the test fails without the seed);
#. the entry's patch is applied to that venv's nova and the tests run
   again: every one must fail (**live**); one that still passes makes the
   seed **dead**;
#. the patch is reverted (patches.seeded) and every patched file must be
   byte-identical to before.

An entry without a nova test says how else it was proven (``Proven-how``)
and is reported **unproven** here. The venv's nova is checked against its
wheel's RECORD before the first entry (what differs is restored) and after
the last (a difference is an error). A result holds for the entry's patch
and tests and nova's version (Entry.seed_key): ``tox -e detect`` proves
each entry it seeds this way, once, and keeps the result in
``<state dir>/detect/liveness.json``.

    python -m detect.liveness [--only BUG,...]

ends with ``liveness: live=N dead=[...] unproven=[...] broken=[...]``.
"""

import argparse
import dataclasses
import os
import sys
import time

import detect
from detect import entries
from detect import nova_tests
from detect import patches
from detect import record
from detect import services
from detect import store
from minicloud import errors

LIVE = 'live'
DEAD = 'dead'
UNPROVEN = 'unproven'
BROKEN = 'broken'
NOT_APPLICABLE = 'not applicable'
FAILING = ('fail', 'error')


@dataclasses.dataclass
class Result:
    bug: str
    verdict: str
    # {test id: status} on the pristine nova and with the seed.
    pristine: dict = dataclasses.field(default_factory=dict)
    seeded: dict = dataclasses.field(default_factory=dict)
    detail: str = ''
    wall_s: float = 0.0
    # What it holds for (Entry.seed_key, nova's version), when kept.
    seed_key: str = ''
    nova_version: str = ''

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
        return Result(entry.bug, BROKEN, pristine_statuses, statuses,
                      'with the seed %s: %s %s' % (
                          ', '.join(odd), statuses[odd[0]],
                          nova_tests.why_failed(seeded.get(odd[0], {}))))
    if passed:
        return Result(entry.bug, DEAD, pristine_statuses, statuses,
                      'still passes with the seed: %s' % ', '.join(passed))
    return Result(entry.bug, LIVE, pristine_statuses, statuses,
                  'with the seed: %s' % nova_tests.why_failed(
                      seeded[ids[0]]))


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
        try:
            with patches.seeded(site, entry.patch):
                seeded = nova_tests.run_tests(venv, entry.proven_by,
                                              work_dir)
        except patches.PatchDoesNotApply as e:
            seeded = None
            result = Result(entry.bug, BROKEN,
                            detail='patch does not apply: %s' % e)
        except patches.NotReverted as e:
            raise errors.MinicloudError('lp%s: %s' % (entry.bug, e))
        if seeded is not None:
            result = classify(entry, pristine, seeded)
    result.wall_s = time.monotonic() - started
    return result


class Prover(object):
    """Proves entries live, keeping each result.

    In the nova test venv of a state dir's detect directory; a result is
    kept for its seed and nova's version.
    """

    def __init__(self, detect_dir):
        self.detect_dir = detect_dir
        self.venv = None
        self.site = None
        self.kept = store.read_json(self.path, {})

    @property
    def path(self):
        return os.path.join(self.detect_dir, 'liveness.json')

    def prepare(self):
        started = time.monotonic()
        self.venv, built = nova_tests.ensure_venv(self.detect_dir)
        self.site = nova_tests.site_packages(self.venv)
        checked, restored = record.ensure_pristine(
            self.site, os.path.join(self.venv, 'bin', 'pip'),
            os.path.join(self.detect_dir, 'wheels'))
        detect.say('nova test venv %s %s in %.0f s; RECORD: %d nova files, '
                   '%d restored from the wheel%s' % (
                       self.venv, 'built' if built else 'reused',
                       time.monotonic() - started, checked, len(restored),
                       (': ' + ', '.join(restored)) if restored else ''))

    def prove(self, entry, reuse=True):
        """The entry's Result: kept, or proven now (then kept)."""
        if self.venv is None:
            self.prepare()
        version = record.nova_version(self.site)
        kept = self.kept.get(entry.bug)
        if (reuse and kept and kept['seed_key'] == entry.seed_key
                and kept['nova_version'] == version):
            return Result(**kept)
        result = prove(entry, self.venv, self.site, os.path.join(
            self.detect_dir, 'liveness', 'lp%s' % entry.bug))
        result.seed_key, result.nova_version = entry.seed_key, version
        self.kept[entry.bug] = dataclasses.asdict(result)
        store.write_json(self.path, self.kept)
        return result

    def finish(self):
        """The venv's nova must be as its RECORD says after the seeds."""
        if self.site is not None:
            checked = record.check_pristine(self.site)
            detect.say('RECORD check of the nova test venv after the '
                       'seeds: %d nova files, none differs' % checked)


def main(argv=None):
    parser = argparse.ArgumentParser(prog='python -m detect.liveness',
                                     description=__doc__.split('\n\n')[0])
    parser.add_argument('--only', metavar='BUG[,BUG...]',
                        help='prove only these entries')
    parser.add_argument('--again', action='store_true',
                        help='prove again entries whose result is kept')
    args = parser.parse_args(argv)
    settings = services.settings_for('fake')
    detect_dir = store.detect_dir(settings)
    started = time.monotonic()
    # A SIGTERM ends the run through the revert of the seed; the RECORD
    # check at the next start covers a SIGKILL.
    services.exit_on_sigterm()
    try:
        chosen = entries.select(entries.load_catalogue(), only=(
            args.only.split(',') if args.only else None))
        with store.lock(detect_dir):
            prover = Prover(detect_dir)
            results = []
            for entry in chosen:
                results.append(prover.prove(entry, reuse=not args.again))
                print(results[-1].line(), flush=True)
            prover.finish()
    except (errors.MinicloudError, entries.CatalogueError) as e:
        print('liveness: error: %s' % e, file=sys.stderr)
        return 1
    print(summary_line(results, time.monotonic() - started), flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
