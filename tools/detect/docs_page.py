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

"""The results of a run as a table, and the docs page
(doc/source/detection.rst) rendered from templates/detection.rst.
"""

import configparser
import json
import os
import re

from detect import verdicts
from minicloud import config
from minicloud import template

TEMPLATE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                            'templates')
DOCS_PAGE = os.path.join(config.REPO_DIR, 'doc', 'source', 'detection.rst')


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
        if result.verdict in (verdicts.CAUGHT, verdicts.TIMEOUT_ONLY):
            what = '\n'.join('| ``%s``' % t for t in result.caught_by())
            why = _literal(result.first_failure())
        else:
            what = ''
            why = result.detail or entry.not_applicable or ''
        if entry.author_note:
            why += ("\n\n*Author's note* (not measured): %s"
                    % entry.author_note)
        rows.append([
            '`%s <https://bugs.launchpad.net/nova/+bug/%s>`_' % (
                entry.bug, entry.bug),
            result.verdict, entry.breaks + ('\n\n' + what if what else ''),
            why])
    return _rst_table(['Bug', 'Verdict', 'What breaks; caught by',
                       'First failure line, or why not caught'], rows)


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
        results = [verdicts.Result(by_bug[r['bug']], r['verdict'],
                                   r['failures'], r['detail'], r['wall_s'])
                   for r in json.load(f)]
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
        f.write(template.render('detection.rst', {
            'when': when, 'summary': summary, 'line': line, 'table': table,
            'move_timeout': move_timeout}, TEMPLATE_DIR))
