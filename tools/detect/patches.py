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

"""Unified diffs applied to nova's files, all or nothing, and reverted.

Modifications only, with exact context: a hunk is looked for at its line,
then anywhere in the file if it occurs there once.
"""

import contextlib
import dataclasses
import glob
import hashlib
import os
import re


class PatchError(Exception):
    """A patch is malformed."""


class PatchDoesNotApply(Exception):
    """A patch's context is not in the file: nova moved on."""


class NotReverted(Exception):
    """A patched file is not byte-identical to before after the revert."""


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


def drop_bytecode(path):
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
        drop_bytecode(full)
    return originals


def restore_files(root, originals):
    """Write the original bytes back; {path: sha256} of what is there."""
    hashes = {}
    for path, data in originals.items():
        full = os.path.join(root, path)
        with open(full, 'wb') as f:
            f.write(data)
        drop_bytecode(full)
        hashes[path] = file_sha256(full)
    return hashes


@contextlib.contextmanager
def seeded(root, text):
    """Apply the patch under ``root`` for the block, then revert it.

    Yields the paths patched. PatchDoesNotApply (nothing changed) is raised
    before the block. The revert runs however the block ends (an
    exception, a SIGTERM turned into SystemExit); a file that does not
    hash as before afterwards raises NotReverted.
    """
    paths = sorted({file_patch.path for file_patch in parse_patch(text)})
    before = {path: file_sha256(os.path.join(root, path)) for path in paths}
    originals = apply_patch(root, text)
    try:
        yield sorted(originals)
    finally:
        after = restore_files(root, originals)
        changed = [path for path in paths if after.get(path) != before[path]]
        if changed:
            raise NotReverted('%s differ after the revert'
                              % ', '.join(changed))
