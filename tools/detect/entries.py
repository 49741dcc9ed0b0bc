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

"""The catalogue: one historic nova bug per file and the patch that
puts it back (tools/detect/catalogue/lp<bug>.patch), and which entries a
run takes (--only, --shard, --driver).

An entry's header is ``Field: value`` lines, one field a line, in blocks
separated by blank lines, before the diff's first ``--- `` line
(catalogue/README.rst).
"""

import dataclasses
import hashlib
import os
import re

from detect import patches

CATALOGUE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                             'catalogue')
HEADER_FIELDS = ('Bug', 'Breaks', 'Fix', 'Reverts', 'Not-applicable',
                 'Proven-by', 'Proven-how', 'Shows-with', 'Author-note')
# What a header once had, and what says it now.
RENAMED_FIELDS = {'Missed-because': 'Author-note'}
ENTRY_NAME_RE = re.compile(r'^lp(\d+)\.patch$')
FIELD_RE = re.compile(r'^([A-Z][A-Za-z-]*): (.*)$')
# Shows-with naming real guests: the entry runs on the libvirt cloud.
REAL_GUESTS_RE = re.compile(r'\breal guests\b', re.IGNORECASE)
DRIVERS = ('fake', 'libvirt')


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
    # nova's functional tests that fail with the seed (its own test).
    proven_by: tuple = ()
    # How the seed was proven live where nova has no test.
    proven_how: str = None
    # What the cloud needs to show the bug (healthy API, a compute
    # restart, a fault, real guests) and the move sequence.
    shows_with: str = None
    # The author's note: an expectation, never a measurement.
    author_note: str = None
    patch: str = ''

    @property
    def paths(self):
        return [file_patch.path
                for file_patch in patches.parse_patch(self.patch)]

    @property
    def driver(self):
        """The cloud's compute driver the entry needs: fake or libvirt."""
        if REAL_GUESTS_RE.search(self.shows_with or ''):
            return 'libvirt'
        return 'fake'

    @property
    def seed_key(self):
        """What a liveness result holds for: the patch and its tests."""
        digest = hashlib.sha256(self.patch.encode('utf-8'))
        digest.update(' '.join(self.proven_by).encode('utf-8'))
        return digest.hexdigest()


def parse_header(lines, name):
    """{field: value} of the header lines; CatalogueError if malformed."""
    fields = {}
    for line in lines:
        if not line.strip():
            continue
        found = FIELD_RE.match(line)
        if found and found.group(1) in RENAMED_FIELDS:
            raise CatalogueError('%s: %s is gone: write %s (the author\'s '
                                 'note)' % (name, found.group(1),
                                            RENAMED_FIELDS[found.group(1)]))
        if not found or found.group(1) not in HEADER_FIELDS:
            raise CatalogueError('%s: header line %r is not one of %s' % (
                name, line, ', '.join('"%s: ..."' % f
                                      for f in HEADER_FIELDS)))
        key, value = found.groups()
        if key in fields:
            raise CatalogueError('%s: %s given twice' % (name, key))
        fields[key] = value.strip()
    return fields


def parse_entry(text, name):
    """An Entry from the text of catalogue file ``name``.

    The header (HEADER_FIELDS, in any block before the diff), then a
    unified diff against site-packages (``a/nova/...``). An entry that
    cannot be seeded has Not-applicable (why) and no diff; a seeded entry
    has Breaks, Fix, Reverts, Shows-with, and Proven-by (nova's tests that
    fail with the seed) or Proven-how.
    """
    match = ENTRY_NAME_RE.match(name)
    if not match:
        raise CatalogueError('%s: an entry is named lp<bug>.patch' % name)
    lines = text.split('\n')
    start = next((index for index, line in enumerate(lines)
                  if line.startswith('--- ')), len(lines))
    fields = parse_header(lines[:start], name)
    patch = '\n'.join(lines[start:]).strip('\n')
    for key in ('Bug', 'Breaks', 'Fix'):
        if not fields.get(key):
            raise CatalogueError('%s: no %s' % (name, key))
    if fields['Bug'] != match.group(1):
        raise CatalogueError('%s: Bug %s does not match the file name'
                             % (name, fields['Bug']))
    entry = Entry(bug=fields['Bug'], breaks=fields['Breaks'],
                  fix=fields['Fix'], reverts=fields.get('Reverts'),
                  not_applicable=fields.get('Not-applicable'),
                  proven_by=tuple(fields.get('Proven-by', '').split()),
                  proven_how=fields.get('Proven-how'),
                  shows_with=fields.get('Shows-with'),
                  author_note=fields.get('Author-note'),
                  patch=patch + '\n' if patch else '')
    if entry.not_applicable:
        if entry.patch or entry.reverts:
            raise CatalogueError('%s: a Not-applicable entry has neither '
                                 'Reverts nor a patch' % name)
        return entry
    if not entry.reverts or not entry.patch:
        raise CatalogueError('%s: an entry has Reverts and a patch, or '
                             'says why it cannot be seeded (Not-applicable)'
                             % name)
    missing = [] if entry.shows_with else ['Shows-with']
    if not (entry.proven_by or entry.proven_how):
        missing.append('Proven-by or Proven-how')
    if missing:
        raise CatalogueError('%s: no %s' % (name, ', '.join(missing)))
    try:
        file_patches = patches.parse_patch(entry.patch)
    except patches.PatchError as e:
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


def parse_shard(text):
    """(index, count) of ``i/n``, 1 <= i <= n; ValueError if not."""
    index, sep, count = text.partition('/')
    if not sep or not index.isdigit() or not count.isdigit() or not (
            1 <= int(index) <= int(count)):
        raise ValueError('a shard is i/n with 1 <= i <= n, not %r' % text)
    return int(index), int(count)


def select(entries, only=None, shard=None, driver=None):
    """The entries a run takes, in the catalogue's order.

    ``only``: these bugs (every other is left out); ``driver``: the entries
    that need that compute driver; ``shard`` (i, n): every n-th of what is
    left, from the i-th on (n runs with i = 1..n take each entry once).
    Raises CatalogueError naming bugs ``only`` lists that are not entries.
    """
    chosen = list(entries)
    if only:
        unknown = set(only) - {entry.bug for entry in entries}
        if unknown:
            raise CatalogueError('no catalogue entry for %s'
                                 % ', '.join(sorted(unknown)))
        chosen = [entry for entry in chosen if entry.bug in only]
    if driver:
        chosen = [entry for entry in chosen if entry.driver == driver]
    if shard:
        index, count = shard
        chosen = chosen[index - 1::count]
    return chosen
