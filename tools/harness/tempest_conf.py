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

"""The one editor of tempest.conf in the tools: a copy with changes.

A run gives its tempest runs a copy of the cloud's tempest.conf with some
options set (its own resource_name_prefix, log and report file, a move
timeout, a bad input) or removed; the cloud's own file is never changed.
"""

import configparser
import os


def migration(options):
    """Changes (see edit) setting these [migration] options."""
    return {('migration', name): str(value)
            for name, value in options.items()}


def edit(text, changes):
    """tempest.conf ``text`` with ``changes`` applied.

    ``changes`` maps (section, option) to a value, or None to remove the
    option. Values are written as they are, never interpolated; [DEFAULT]'s
    are not copied into the other sections.
    """
    parser = configparser.RawConfigParser(interpolation=None, strict=False)
    parser.optionxform = str
    parser.read_string(text)
    for (section, option), value in changes.items():
        if section != 'DEFAULT' and not parser.has_section(section):
            parser.add_section(section)
        if value is None:
            parser.remove_option(section, option)
        else:
            parser.set(section, option, value)
    lines = []
    for section in ['DEFAULT'] + parser.sections():
        items = (parser.defaults() if section == 'DEFAULT' else
                 {k: v for k, v in parser.items(section, raw=True)
                  if k not in parser.defaults()
                  or parser.defaults()[k] != v})
        lines.append('[%s]' % section)
        lines.extend('%s = %s' % item for item in items.items())
        lines.append('')
    return '\n'.join(lines)


def write_copy(source, path, changes):
    """Write ``source`` with ``changes`` (see edit) to ``path``; the path.

    The copy holds the admin password: only its owner may read it.
    """
    with open(source) as f:
        text = edit(f.read(), changes)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, 'w') as f:
        f.write(text)
    os.chmod(path, 0o600)
    return path
