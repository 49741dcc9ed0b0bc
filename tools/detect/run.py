#!/usr/bin/env python3
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

"""detect: which historic nova move regressions does the suite catch?

On one embedded cloud (tools/minicloud: a running one is reused), the whole
suite first runs on the pristine nova and must pass. Then, for each entry
of the catalogue (tools/detect/catalogue/lp<bug>.patch), the entry's patch
puts its bug back into the cloud's nova, the services that load the patched
modules restart, the WHOLE suite runs again, the patch is reverted (in a
``finally``), every patched file is checked byte-identical to before and the
services restart. A start first checks the venv's nova against its wheel's
RECORD hashes and restores what differs, so an interrupted run leaves
nothing behind.

Ends with the line ``detect: seeded=<n> caught=<n> missed=[...] ...``,
writes the table to ``<state dir>/detect/results.rst`` and the docs page
doc/source/detection.rst.
"""

import argparse
import base64
import configparser
import contextlib
import csv
import dataclasses
import glob
import hashlib
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
import zipfile

from harness import judge
from harness import tempest_conf
from harness import tempest_run
from minicloud import cloud
from minicloud import config
from minicloud import errors
from minicloud import processes
from minicloud import render
from minicloud import workspace

from migration_tempest_plugin import verdict as suite_verdict

TOOL_DIR = os.path.dirname(os.path.abspath(__file__))
CATALOGUE_DIR = os.path.join(TOOL_DIR, 'catalogue')
DOCS_PAGE = os.path.join(config.REPO_DIR, 'doc', 'source', 'detection.rst')
PLUGIN_REGEX = r'^migration_tempest_plugin\.'
# Long enough for every move of a healthy cloud (evacuation, with its
# compute stop and start, takes about 15 s); a seeded bug that leaves a wait
# unfinished then costs minutes, not [compute] build_timeout (300 s) each.
DEFAULT_MOVE_TIMEOUT = 90


def say(text):
    print('detect: %s' % text, flush=True)


# -------------------------------------------------------------- catalogue

HEADER_FIELDS = ('Bug', 'Breaks', 'Fix', 'Reverts', 'Not-applicable',
                 'Missed-because')
ENTRY_NAME_RE = re.compile(r'^lp(\d+)\.patch$')


class CatalogueError(Exception):
    """An entry of the catalogue is malformed."""


@dataclasses.dataclass
class Entry:
    """One historic nova bug and the patch that puts it back."""

    bug: str
    breaks: str
    fix: str
    reverts: str = None
    not_applicable: str = None
    missed_because: str = None
    patch: str = ''

    @property
    def paths(self):
        return [file_patch.path for file_patch in parse_patch(self.patch)]


def parse_entry(text, name):
    """An Entry from the text of catalogue file ``name``.

    The file is a header of ``Field: value`` lines (HEADER_FIELDS), a blank
    line, then a unified diff against site-packages (``a/nova/...``). An
    entry that cannot be seeded has Not-applicable (why) and no diff.
    """
    match = ENTRY_NAME_RE.match(name)
    if not match:
        raise CatalogueError('%s: an entry is named lp<bug>.patch' % name)
    header, _, patch = text.partition('\n\n')
    fields = {}
    for line in header.splitlines():
        key, sep, value = line.partition(': ')
        if not sep or key not in HEADER_FIELDS:
            raise CatalogueError('%s: header line %r is not one of %s' % (
                name, line, ', '.join('"%s: ..."' % f
                                      for f in HEADER_FIELDS)))
        if key in fields:
            raise CatalogueError('%s: %s given twice' % (name, key))
        fields[key] = value.strip()
    for key in ('Bug', 'Breaks', 'Fix'):
        if not fields.get(key):
            raise CatalogueError('%s: no %s' % (name, key))
    if fields['Bug'] != match.group(1):
        raise CatalogueError('%s: Bug %s does not match the file name'
                             % (name, fields['Bug']))
    entry = Entry(bug=fields['Bug'], breaks=fields['Breaks'],
                  fix=fields['Fix'], reverts=fields.get('Reverts'),
                  not_applicable=fields.get('Not-applicable'),
                  missed_because=fields.get('Missed-because'),
                  patch=patch.strip('\n') + '\n' if patch.strip() else '')
    if entry.not_applicable:
        if entry.patch or entry.reverts:
            raise CatalogueError('%s: a Not-applicable entry has neither '
                                 'Reverts nor a patch' % name)
        return entry
    if not entry.reverts or not entry.patch:
        raise CatalogueError('%s: an entry has Reverts and a patch, or '
                             'says why it cannot be seeded (Not-applicable)'
                             % name)
    try:
        file_patches = parse_patch(entry.patch)
    except PatchError as e:
        raise CatalogueError('%s: %s' % (name, e))
    for file_patch in file_patches:
        if not file_patch.path.startswith('nova/'):
            raise CatalogueError('%s: patches %s, not a file of nova'
                                 % (name, file_patch.path))
    return entry


def load_catalogue(directory=CATALOGUE_DIR):
    entries = []
    for name in sorted(os.listdir(directory)):
        if name.endswith('.patch'):
            with open(os.path.join(directory, name)) as f:
                entries.append(parse_entry(f.read(), name))
    return entries


# ---------------------------------------------------------------- patches

class PatchError(Exception):
    """A patch is malformed."""


class PatchDoesNotApply(Exception):
    """A patch's context is not in the file: nova moved on."""


@dataclasses.dataclass
class Hunk:
    old_start: int
    old: list
    new: list


@dataclasses.dataclass
class FilePatch:
    path: str
    hunks: list


HUNK_RE = re.compile(r'^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@')


def _strip_prefix(name):
    name = name.split('\t')[0]
    if not name.startswith(('a/', 'b/')):
        raise PatchError('path %s has no a/ or b/ prefix (patch -p1)' % name)
    return name[2:]


def parse_patch(text):
    """The FilePatches of a unified diff (modifications only)."""
    lines = text.splitlines()
    result = []
    index = 0
    while index < len(lines):
        if not lines[index].startswith('--- '):
            index += 1
            continue
        if index + 1 >= len(lines) or not lines[index + 1].startswith('+++ '):
            raise PatchError('"--- " line %d without "+++ "' % (index + 1))
        old_path = _strip_prefix(lines[index][4:])
        new_path = _strip_prefix(lines[index + 1][4:])
        if old_path != new_path:
            raise PatchError('renames are not supported: %s -> %s'
                             % (old_path, new_path))
        index += 2
        hunks = []
        while index < len(lines) and lines[index].startswith('@@'):
            match = HUNK_RE.match(lines[index])
            if not match:
                raise PatchError('bad hunk header %r' % lines[index])
            old_count = int(match.group(2) or 1)
            new_count = int(match.group(4) or 1)
            hunk = Hunk(int(match.group(1)), [], [])
            index += 1
            while len(hunk.old) < old_count or len(hunk.new) < new_count:
                if index >= len(lines):
                    raise PatchError('hunk of %s ends early' % old_path)
                line = lines[index]
                tag, body = line[:1], line[1:]
                if tag == ' ' or line == '':
                    hunk.old.append(body)
                    hunk.new.append(body)
                elif tag == '-':
                    hunk.old.append(body)
                elif tag == '+':
                    hunk.new.append(body)
                elif line.startswith('\\'):
                    pass
                else:
                    raise PatchError('bad line in hunk of %s: %r'
                                     % (old_path, line))
                index += 1
            hunks.append(hunk)
        if not hunks:
            raise PatchError('no hunks for %s' % old_path)
        result.append(FilePatch(old_path, hunks))
    if not result:
        raise PatchError('no file in the patch')
    return result


def apply_hunks(text, hunks, path):
    """``text`` with the hunks applied; the context must match exactly.

    A hunk is looked for at its line (shifted by the hunks before it), then
    anywhere in the file if it occurs there once.
    """
    lines = text.split('\n')
    offset = 0
    for hunk in hunks:
        size = len(hunk.old)
        at = hunk.old_start - 1 + offset
        if lines[at:at + size] != hunk.old:
            found = [i for i in range(len(lines) - size + 1)
                     if lines[i:i + size] == hunk.old]
            if len(found) != 1:
                raise PatchDoesNotApply(
                    '%s: the hunk at line %d %s' % (
                        path, hunk.old_start,
                        'matches %d places' % len(found) if found
                        else 'is not in the file'))
            at = found[0]
        lines[at:at + size] = hunk.new
        offset = at + len(hunk.new) - (hunk.old_start - 1) - size
    return '\n'.join(lines)


def file_sha256(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def _drop_bytecode(path):
    """Remove the cached bytecode of a source file (it is rebuilt)."""
    directory, name = os.path.split(path)
    for pyc in glob.glob(os.path.join(directory, '__pycache__',
                                      name[:-3] + '.*.pyc')):
        os.unlink(pyc)


def apply_patch(root, text):
    """Apply a patch under ``root``; {path: original bytes}.

    All or nothing: every file is patched in memory first, so a patch that
    does not apply (PatchDoesNotApply) changes nothing.
    """
    originals = {}
    patched = {}
    for file_patch in parse_patch(text):
        full = os.path.join(root, file_patch.path)
        with open(full, 'rb') as f:
            original = originals.get(file_patch.path, f.read())
        originals[file_patch.path] = original
        patched[file_patch.path] = apply_hunks(
            patched.get(file_patch.path, original.decode('utf-8')),
            file_patch.hunks, file_patch.path)
    for path, text in patched.items():
        full = os.path.join(root, path)
        with open(full, 'wb') as f:
            f.write(text.encode('utf-8'))
        _drop_bytecode(full)
    return originals


def restore_files(root, originals):
    """Write the original bytes back; {path: sha256} of what is there."""
    hashes = {}
    for path, data in originals.items():
        full = os.path.join(root, path)
        with open(full, 'wb') as f:
            f.write(data)
        _drop_bytecode(full)
        hashes[path] = file_sha256(full)
    return hashes


# ----------------------------------------------------------------- RECORD

def record_digest(data):
    """A RECORD hash: sha256, urlsafe base64 without padding."""
    return 'sha256=' + base64.urlsafe_b64encode(
        hashlib.sha256(data).digest()).rstrip(b'=').decode('ascii')


def read_record(dist_info):
    """{path under site-packages: 'sha256=...'} of the package's files."""
    with open(os.path.join(dist_info, 'RECORD'), newline='') as f:
        return {row[0]: row[1] for row in csv.reader(f)
                if len(row) >= 2 and row[0].startswith('nova/')
                and row[1].startswith('sha256=')}


def record_mismatches(site_packages, record):
    """Paths whose content is not what RECORD says (or that are gone)."""
    differ = []
    for path, digest in sorted(record.items()):
        try:
            with open(os.path.join(site_packages, path), 'rb') as f:
                data = f.read()
        except FileNotFoundError:
            differ.append(path)
            continue
        if record_digest(data) != digest:
            differ.append(path)
    return differ


def restore_from_wheel(site_packages, wheel, paths):
    with zipfile.ZipFile(wheel) as archive:
        for path in paths:
            full = os.path.join(site_packages, path)
            with open(full, 'wb') as f:
                f.write(archive.read(path))
            if path.endswith('.py'):
                _drop_bytecode(full)


def nova_dist_info(site_packages):
    found = glob.glob(os.path.join(site_packages, 'nova-*.dist-info'))
    if len(found) != 1:
        raise errors.MinicloudError(
            'expected one nova-*.dist-info in %s, found %s'
            % (site_packages, found or 'none'))
    return found[0]


def ensure_pristine_nova(settings, site_packages):
    """Restore every nova file that differs from its wheel's RECORD.

    The pinned wheel comes from pip (its cache, else PyPI); returns the
    paths restored.
    """
    dist_info = nova_dist_info(site_packages)
    record = read_record(dist_info)
    differ = record_mismatches(site_packages, record)
    say('RECORD check of %s: %d files, %d differ%s' % (
        os.path.basename(dist_info), len(record), len(differ),
        (': ' + ', '.join(differ)) if differ else ''))
    if not differ:
        return []
    version = os.path.basename(dist_info)[len('nova-'):-len('.dist-info')]
    wheels = os.path.join(settings.state_dir, 'detect', 'wheels')
    subprocess.run([settings.bin('pip'), 'download', '--no-deps',
                    '--only-binary', ':all:', '-d', wheels,
                    'nova==%s' % version], check=True,
                   stdout=subprocess.DEVNULL)
    wheel = glob.glob(os.path.join(wheels, 'nova-%s-*.whl' % version))[0]
    restore_from_wheel(site_packages, wheel, differ)
    still = record_mismatches(site_packages, record)
    if still:
        raise errors.MinicloudError('%s still differ from RECORD after '
                                    'restoring them from %s'
                                    % (', '.join(still), wheel))
    say('restored %d files from %s' % (len(differ), wheel))
    return differ


# --------------------------------------------------------------- services

NOVA_CONTROL = ('nova-api', 'nova-conductor', 'nova-scheduler')
ALL_NOVA = NOVA_CONTROL + config.COMPUTE_HOSTS
# Which services load a nova module, by path prefix (first match wins).
# A manager module is loaded only by its own service (seen in nova 34.0.0:
# importing each service's manager loads no other service's); shared code
# (objects, nova/scheduler/utils.py that even nova-api and the computes
# import, anything not listed) is loaded by every nova service.
MODULE_SERVICES = (
    ('nova/api/', ('nova-api',)),
    ('nova/compute/manager.py', config.COMPUTE_HOSTS),
    ('nova/virt/', config.COMPUTE_HOSTS),
    ('nova/conductor/manager.py', ('nova-conductor',)),
    ('nova/conductor/tasks/', ('nova-conductor',)),
    ('nova/scheduler/manager.py', ('nova-scheduler',)),
    ('nova/scheduler/filters/', ('nova-scheduler',)),
)


def services_for(paths):
    """The nova services that load these files, in ALL_NOVA's order."""
    names = set()
    for path in paths:
        for prefix, services in MODULE_SERVICES:
            if path.startswith(prefix):
                names.update(services)
                break
        else:
            names.update(ALL_NOVA)
    return [name for name in ALL_NOVA if name in names]


def restart(settings, names):
    """Stop these services; `up` starts them again and waits for them."""
    started = time.monotonic()
    with cloud.state_lock(settings):
        processes.stop_processes(settings, names)
        with contextlib.redirect_stdout(io.StringIO()):
            cloud.up(settings)
    say('restarted %s in %.0f s' % (', '.join(names),
                                    time.monotonic() - started))


# ------------------------------------------------------------------ suite

TIMEOUT_RE = re.compile(r'\b(WaitTimeout|TimeoutException|TimeoutError|'
                        r'timed out)\b')
EXCEPTION_RE = re.compile(r'^(?:[\w.]+\.)?(\w+(?:Error|Exception|Failed|'
                          r'Timeout|Failure|Fault|NotFound)\w*): ?(.*)$')


def failure_line(traceback):
    """The line saying why a test failed: its exception and first problem.

    ``MoveVerificationError: Move of server ... did not end as expected: -
    allocations left under the migration ...``: the exception's class
    without its module, its first line, and the first "- " line under it.
    """
    lines = traceback.strip().splitlines()
    for index in range(len(lines) - 1, -1, -1):
        match = EXCEPTION_RE.match(lines[index])
        if not match:
            continue
        text = '%s: %s' % (match.group(1), match.group(2).strip())
        for line in lines[index + 1:]:
            if line.startswith('- '):
                text += ' ' + line
                break
        return text[:400]
    return lines[-1][:400] if lines else '(no traceback)'


def is_timeout(line):
    """A failure that is a wait running out, not nova's error."""
    return bool(TIMEOUT_RE.search(line.split(':', 1)[0])) or (
        line.startswith('Timeout') or 'not done after' in line)


def short_test_id(test_id):
    """``test_resize.ResizeOneSiblingTest.test_...`` without the prefix."""
    return suite_verdict.base_id(test_id).replace(
        'migration_tempest_plugin.tests.scenario.', '')


def run_suite(settings, tempest, run_dir, name, move_timeout):
    """The whole suite in tempest, in a directory of the detect run's.

    Returns (tempest_run.Result, {short test id: failure line} of the
    tests that failed); a run that recorded no test is an error.
    """
    directory = os.path.join(run_dir, name)
    conf = tempest_conf.write_copy(
        settings.tempest_conf, os.path.join(directory, 'tempest.conf'),
        tempest_conf.migration({
            'move_timeout': move_timeout,
            'report_file': os.path.join(directory, 'report.jsonl')}))
    result = tempest_run.TempestRun(tempest, directory, conf, PLUGIN_REGEX,
                                    env=settings.environ()).run().check()
    failures = {short_test_id(test_id): failure_line(test.details)
                for test_id, test in sorted(result.tests.items())
                if test.status in ('fail', 'uxsuccess')}
    return result, failures


# ---------------------------------------------------------------- verdict

CAUGHT = 'caught'
TIMEOUT_ONLY = 'timeout only'
MISSED = 'missed'
NOT_APPLICABLE = 'not applicable'
DOES_NOT_APPLY = 'patch does not apply'


def verdict(failures):
    """The verdict of a seeded run from its failures.

    caught: a test failed on nova's error or a broken expectation; a run
    whose only failures are waits running out is counted apart.
    """
    if not failures:
        return MISSED
    if all(is_timeout(line) for line in failures.values()):
        return TIMEOUT_ONLY
    return CAUGHT


@dataclasses.dataclass
class Result:
    entry: Entry
    verdict: str
    failures: dict = dataclasses.field(default_factory=dict)
    detail: str = ''
    wall_s: float = 0.0

    def caught_by(self):
        if self.verdict in (CAUGHT, TIMEOUT_ONLY):
            return sorted(self.failures)
        return []

    def first_failure(self):
        """The failure line of the first non-timeout failure (or first)."""
        lines = [self.failures[t] for t in sorted(self.failures)]
        lines.sort(key=is_timeout)
        return lines[0] if lines else ''


def summary_line(results, wall_s):
    by = {}
    for result in results:
        by.setdefault(result.verdict, []).append(result.entry.bug)
    seeded = sum(1 for r in results
                 if r.verdict in (CAUGHT, TIMEOUT_ONLY, MISSED))
    return ('detect: seeded=%d caught=%d missed=[%s] timeout_only=[%s] '
            'not_applicable=[%s] does_not_apply=[%s] wall_s=%d' % (
                seeded, len(by.get(CAUGHT, [])),
                ','.join(by.get(MISSED, [])),
                ','.join(by.get(TIMEOUT_ONLY, [])),
                ','.join(by.get(NOT_APPLICABLE, [])),
                ','.join(by.get(DOES_NOT_APPLY, [])), wall_s))


# ------------------------------------------------------------------ table

def _rst_table(header, rows):
    """A reStructuredText list-table."""
    out = ['.. list-table::', '   :header-rows: 1', '   :widths: 10 14 30 46',
           '']
    for row in [header] + rows:
        first = True
        for cell in row:
            cell_lines = str(cell).splitlines() or ['']
            out.append(('   * - ' if first else '     - ') + cell_lines[0])
            out.extend(('       ' + line).rstrip()
                       for line in cell_lines[1:])
            first = False
    return '\n'.join(out) + '\n'


UUID_RE = re.compile(r'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-'
                     r'[0-9a-f]{12}')


def _literal(text):
    """Inline literal; UUIDs shortened so the page reads the same each run."""
    text = UUID_RE.sub('<uuid>', text).replace('`', "'")
    return '``%s``' % text if text else ''


def results_table(results):
    rows = []
    for result in results:
        entry = result.entry
        if result.verdict in (CAUGHT, TIMEOUT_ONLY):
            what = '\n'.join('| ``%s``' % t for t in result.caught_by())
            why = _literal(result.first_failure())
        else:
            what = ''
            why = (result.detail or entry.not_applicable
                   or entry.missed_because or '')
        rows.append([
            '`%s <https://bugs.launchpad.net/nova/+bug/%s>`_' % (
                entry.bug, entry.bug),
            result.verdict, entry.breaks + ('\n\n' + what if what else ''),
            why])
    return _rst_table(['Bug', 'Verdict', 'What breaks; caught by',
                       'First failure line, or why not caught'], rows)


DOCS_INTRO = """\
========================
What the suite catches
========================

.. This page is generated by ``tox -e detect`` (tools/detect/run.py)
   from its last run: edit the text in that file, not here.

A migration test suite is worth the regressions it catches. ``tox -e
detect`` puts historic nova move bugs back into the embedded cloud's nova
(tools/minicloud), one at a time, runs the WHOLE suite against each and
records which tests fail. The catalogue is ``tools/detect/catalogue/``: one
file per Launchpad bug, with a minimal patch against the nova pinned in
``tools/minicloud/constraints.txt``.

How it runs
===========

#. The venv's nova files are checked against the wheel's ``RECORD``
   hashes; any that differ (an interrupted run) are restored from the
   pinned wheel.
#. The cloud comes up (a running one is reused) and the whole suite runs
   on the pristine nova: this baseline must pass.
#. For each entry: its patch is applied in the cloud's venv (all files or
   none), the services that load the patched modules restart (nova-api,
   conductor, scheduler, the computes: see ``MODULE_SERVICES``), the whole
   suite runs, the patch is reverted in a ``finally``, each patched file
   must hash as before, and the services restart.

An entry is **caught** when at least one test failed on nova's error or a
broken expectation; failures that are only waits running out are counted
apart (**timeout only**). A patch that no longer applies is reported as
such. ``[migration] move_timeout`` is %(move_timeout)d s in these runs.

Last run
========

%(when)s: %(summary)s

``%(line)s``

%(table)s
A miss is a reason to add a test, not to drop the entry: the entries missed
today need tests that make a second move of the same server (chains),
server-group and availability-zone tests, or a fault injected into a move.

Adding an entry for a new bug
=============================

#. Find the fix in nova (``git log --grep 'Closes-Bug: #NNNN'``) and its
   ``nova/tests/functional/regressions/test_bug_NNNN.py``, if any.
#. In the embedded cloud's venv
   (``.minicloud/venv/lib/python3.11/site-packages``), write the smallest
   change that puts the bug back into today's code: usually the fix's
   lines removed or reverted, adapted to how the code looks now. Do not
   copy more of nova than the diff's context.
#. Create ``tools/detect/catalogue/lpNNNN.patch``: a header, a blank line,
   then the unified diff with ``a/nova/...`` and ``b/nova/...`` paths (it
   must apply with ``patch -p1`` inside site-packages)::

     Bug: NNNN
     Breaks: one line: what a user of the API sees
     Fix: <commit sha> <subject>
     Reverts: the file and the logic the patch takes back
     Missed-because: (optional) what a test needs to see it

     --- a/nova/compute/manager.py
     +++ b/nova/compute/manager.py
     @@ ...

   A bug that cannot be seeded in this nova gets ``Not-applicable: why``
   and no ``Reverts`` nor diff.
#. If the patch touches a module no service in ``MODULE_SERVICES`` is
   mapped to, every nova service restarts; add a prefix there when only
   some load it.
#. ``tox -e py3`` checks the catalogue's format; ``tox -e detect -- --only
   NNNN`` runs the baseline and the whole suite with that one bug seeded;
   ``tox -e detect`` runs it all and writes this page again (commit it).
"""


def write_results(results, line, out_dir):
    """The run's table (results.rst, after its line) and results.json."""
    with open(os.path.join(out_dir, 'results.rst'), 'w') as f:
        f.write(line + '\n\n' + results_table(results))
    with open(os.path.join(out_dir, 'results.json'), 'w') as f:
        json.dump([{'bug': r.entry.bug, 'verdict': r.verdict,
                    'failures': r.failures, 'detail': r.detail,
                    'wall_s': round(r.wall_s)} for r in results], f,
                  indent=1)


def read_results(run_dir, entries):
    """(results, line, move timeout, date) of an earlier run's directory."""
    by_bug = {entry.bug: entry for entry in entries}
    with open(os.path.join(run_dir, 'results.json')) as f:
        results = [Result(by_bug[r['bug']], r['verdict'], r['failures'],
                          r['detail'], r['wall_s']) for r in json.load(f)]
    with open(os.path.join(run_dir, 'results.rst')) as f:
        line = f.readline().strip()
    parser = configparser.RawConfigParser()
    # Runs before tools/harness kept the baseline's conf beside its dir.
    parser.read([os.path.join(run_dir, 'baseline', 'tempest.conf'),
                 os.path.join(run_dir, 'baseline.conf')])
    name = os.path.basename(os.path.normpath(run_dir))
    return (results, line, parser.getint('migration', 'move_timeout'),
            '%s-%s-%s' % (name[:4], name[4:6], name[6:8]))


def write_docs_page(results, line, when, docs_page, move_timeout):
    table = results_table(results)
    counts = {}
    for result in results:
        counts[result.verdict] = counts.get(result.verdict, 0) + 1
    summary = ', '.join('%d %s' % (n, v) for v, n in sorted(counts.items()))
    with open(docs_page, 'w') as f:
        f.write(DOCS_INTRO % {'when': when, 'summary': summary,
                              'line': line, 'table': table,
                              'move_timeout': move_timeout})


# ------------------------------------------------------------------- main

class Detect(object):
    def __init__(self, settings, tempest, site_packages, run_dir,
                 move_timeout):
        self.settings = settings
        self.tempest = tempest
        self.site = site_packages
        self.run_dir = run_dir
        self.move_timeout = move_timeout

    def suite(self, name):
        result, failures = run_suite(self.settings, self.tempest,
                                     self.run_dir, name, self.move_timeout)
        say('%s: suite %.0f s, %s%s' % (
            name, result.wall_s, tempest_run.summary(result.counts),
            ''.join('\n    %s: %s' % item
                    for item in sorted(failures.items()))))
        return result, failures

    def baseline(self):
        """The suite on the pristine nova: every test that must run passes.

        The plugin's verdict says which must (tempest.conf enables them).
        """
        result, _failures = self.suite('baseline')
        judged = judge.judge(result)
        say('baseline: %s' % judged.counts)
        if not judged.ok:
            raise errors.MinicloudError(
                'the baseline run on the pristine nova did not pass (%s); '
                'its output: %s' % (
                    '; '.join(judged.problems),
                    os.path.join(self.run_dir, 'baseline',
                                 'tempest-output.txt')))

    def seed(self, entry):
        """Run the suite with ``entry``'s bug in nova; a Result."""
        started = time.monotonic()
        if entry.not_applicable:
            return Result(entry, NOT_APPLICABLE)
        names = services_for(entry.paths)
        before = {path: file_sha256(os.path.join(self.site, path))
                  for path in entry.paths}
        originals = {}
        try:
            try:
                originals = apply_patch(self.site, entry.patch)
            except PatchDoesNotApply as e:
                say('lp%s: patch does not apply: %s' % (entry.bug, e))
                return Result(entry, DOES_NOT_APPLY, detail=str(e))
            say('lp%s: seeded into %s' % (
                entry.bug, ', '.join(sorted(originals))))
            restart(self.settings, names)
            _result, failures = self.suite('lp%s' % entry.bug)
        finally:
            if originals:
                after = restore_files(self.site, originals)
                changed = [p for p in before if after.get(p) != before[p]]
                if changed:
                    raise errors.MinicloudError(
                        'lp%s: %s differ after the revert'
                        % (entry.bug, ', '.join(changed)))
                say('lp%s: reverted, %d files as before' % (
                    entry.bug, len(after)))
                restart(self.settings, names)
        result = Result(entry, verdict(failures), failures,
                        wall_s=time.monotonic() - started)
        say('lp%s: %s' % (entry.bug, result.verdict))
        return result


def site_packages_of(settings):
    found = glob.glob(os.path.join(settings.venv, 'lib', 'python3*',
                                   'site-packages'))
    if len(found) != 1:
        raise errors.MinicloudError('no single site-packages in %s'
                                    % settings.venv)
    return found[0]


def main(argv=None):
    parser = argparse.ArgumentParser(prog='detect',
                                     description=__doc__.split('\n\n')[0])
    parser.add_argument('--move-timeout', type=int,
                        default=DEFAULT_MOVE_TIMEOUT,
                        help='[migration] move_timeout of the runs '
                             '(default %(default)s s)')
    parser.add_argument('--docs-page', default=DOCS_PAGE,
                        help='page to write (default %(default)s)')
    parser.add_argument('--only', metavar='BUG[,BUG...]',
                        help='seed only these entries (each still runs the '
                             'whole suite); the docs page is not written')
    parser.add_argument('--docs-from', metavar='RUN_DIR',
                        help='only write the docs page again, from the '
                             'results of that run (.minicloud/detect/...)')
    args = parser.parse_args(argv)
    entries = load_catalogue()
    if args.docs_from:
        results, line, move_timeout, when = read_results(args.docs_from,
                                                         entries)
        write_docs_page(results, line, when, args.docs_page, move_timeout)
        say('docs page: %s' % args.docs_page)
        return 0
    if args.only:
        wanted = args.only.split(',')
        unknown = set(wanted) - {entry.bug for entry in entries}
        if unknown:
            parser.error('no catalogue entry for %s' % ', '.join(
                sorted(unknown)))
        entries = [entry for entry in entries if entry.bug in wanted]
    # A SIGTERM (tox, a timeout) ends the run through the finally blocks
    # that revert the seeded patch; the RECORD check at the next start
    # covers a SIGKILL.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(143))
    started = time.monotonic()
    settings = config.Settings()
    was_running = cloud.cloud_running(settings)
    try:
        if os.path.exists(settings.venv):
            if (ensure_pristine_nova(settings, site_packages_of(settings))
                    and was_running):
                restart(settings, list(ALL_NOVA))
        with cloud.state_lock(settings):
            cloud.up(settings)
        site = site_packages_of(settings)
        values = render.template_values(
            settings, config.load_secrets(settings))
        tempest = workspace.ensure_workspace(settings, values)
        run_dir = os.path.join(settings.state_dir, 'detect', time.strftime(
            '%Y%m%dT%H%M%S', time.gmtime()))
        os.makedirs(run_dir)
        detect = Detect(settings, tempest, site, run_dir, args.move_timeout)
        detect.baseline()
        results = [detect.seed(entry) for entry in entries]
        line = summary_line(results, time.monotonic() - started)
        write_results(results, line, run_dir)
        say('table: %s' % os.path.join(run_dir, 'results.rst'))
        if not args.only:
            write_docs_page(results, line,
                            time.strftime('%Y-%m-%d', time.gmtime()),
                            args.docs_page, args.move_timeout)
            say('docs page: %s' % args.docs_page)
    except errors.MinicloudError as e:
        print('detect: error: %s' % e, file=sys.stderr)
        return 1
    finally:
        if not (was_running or settings.keep):
            with cloud.state_lock(settings):
                cloud.down(settings)
    print(line, flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
