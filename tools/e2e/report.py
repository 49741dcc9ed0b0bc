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

"""The plugin's report of the e2e run: its tables, or its raw lines."""

import json
import os
import subprocess
import sys


def format_report(lines):
    """The plugin's JSON lines report, one compact line per record."""
    out = []
    for line in lines:
        line = line.strip()
        if not line:
            continue
        try:
            record = json.loads(line)
        except ValueError:
            out.append(line)
            continue
        if isinstance(record, dict):
            out.append(', '.join('%s=%s' % (k, json.dumps(record[k]))
                                 for k in sorted(record)))
        else:
            out.append(line)
    return out


def print_report(path):
    """Print the report the plugin wrote to ``path`` during the run."""
    # Flushed: the reader below writes to the same stdout.
    print('==== minicloud: plugin report (%s):' % path, flush=True)
    if not os.path.exists(path):
        print('  (no report written)')
        return
    # The plugin's reader prints tables; its raw lines if it cannot.
    if subprocess.call([sys.executable, '-m',
                        'migration_tempest_plugin.report', path]):
        with open(path) as f:
            for line in format_report(f):
                print('  ' + line)
