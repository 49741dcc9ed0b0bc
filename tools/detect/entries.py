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
puts it back (tools/detect/catalogue/lp<bug>.patch).
"""

import dataclasses
import os
import re

from detect import patches

CATALOGUE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                             'catalogue')
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
        return [file_patch.path
                for file_patch in patches.parse_patch(self.patch)]


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
