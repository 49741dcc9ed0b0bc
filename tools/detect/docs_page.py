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

"""The merged results as a table, and the docs page
(doc/source/detection.rst) rendered from templates/detection.rst.
"""

import os
import re

from detect import verdicts
from minicloud import config
from minicloud import template

TEMPLATE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                            'templates')
DOCS_PAGE = os.path.join(config.REPO_DIR, 'doc', 'source', 'detection.rst')
UUID_RE = re.compile(r'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-'
                     r'[0-9a-f]{12}')


def rst_table(header, rows, widths):
    """A reStructuredText list-table."""
    out = ['.. list-table::', '   :header-rows: 1',
           '   :widths: %s' % ' '.join(map(str, widths)), '']
    for row in [header] + rows:
        first = True
        for cell in row:
            cell_lines = str(cell).splitlines() or ['']
            out.append(('   * - ' if first else '     - ') + cell_lines[0])
            out.extend(('       ' + line).rstrip()
                       for line in cell_lines[1:])
            first = False
    return '\n'.join(out) + '\n'


def literal(text):
    """Inline literal; UUIDs shortened so the page reads the same each run."""
    text = UUID_RE.sub('<uuid>', text).replace('`', "'")
    return '``%s``' % text if text else ''


def tests_list(tests):
    return '\n'.join('| ``%s``' % test for test in sorted(tests))


def not_proven(result):
    """Each failure that proved nothing: the test, why, its line."""
    return '\n'.join('| ``%s``: %s (%s)' % (test, why, literal(line))
                     for test, (line, why) in sorted(result.flaky.items()))


def missed_text(result, entry):
    """What a measured miss says: the tests that ran, what the seed did."""
    counts = result.ran_counts()
    skipped = sorted(t for t, s in result.ran.items() if s == 'skip')
    text = ('The whole suite ran with the seed in (%d tests: %s) and no '
            'test failed: none looked at what the seed changed (%s).' % (
                len(result.ran), ', '.join(
                    '%d %s' % (n, s) for s, n in sorted(counts.items())),
                entry.reverts))
    if skipped:
        text += '\nSkipped on this cloud:\n\n' + tests_list(skipped)
    return text


def why_cell(result, entry):
    """The failure line of a catch, or why the entry is not caught."""
    if result.verdict == verdicts.CAUGHT:
        text = literal(result.first_failure())
    elif result.verdict == verdicts.MISSED:
        text = missed_text(result, entry)
    elif result.verdict == verdicts.FLAKY:
        text = 'No test that failed with the seed proved it:\n\n' + \
            not_proven(result)
    elif result.verdict == verdicts.DEAD:
        text = "nova's own test of the bug passes with the seed: %s" % (
            literal(result.liveness_detail))
    else:
        text = literal(result.detail)
    if result.left:
        text += '\n\nThe seeded run left (cleaned up): %s' % literal(
            '; '.join('%s: %d' % (what, len(ids))
                      for what, ids in sorted(result.left.items())))
    if entry.author_note:
        text += "\n\n*Author's note* (not measured): %s" % entry.author_note
    return text


def results_table(merged, catalogue):
    by_bug = {entry.bug: entry for entry in catalogue}
    rows = []
    for result in merged.results:
        entry = by_bug[result.bug]
        what = entry.breaks
        if result.caught_by:
            what += '\n\nCaught by:\n\n' + tests_list(result.caught_by)
        if result.flaky and result.verdict == verdicts.CAUGHT:
            what += '\n\nFailed too, but proved nothing (flaky):\n\n' + \
                not_proven(result)
        stamp = result.stamp
        verdict = result.verdict + (' (stale)' if result.bug in merged.stale
                                    else '')
        measured = 'suite %s, %s driver, %s, %.0f s' % (
            stamp.get('suite_commit', '?'), stamp.get('driver', '?'),
            stamp.get('measured', '?')[:10], result.wall_s)
        rows.append([
            '`%s <https://bugs.launchpad.net/nova/+bug/%s>`_' % (
                entry.bug, entry.bug),
            '%s\n\n%s' % (verdict, measured), what,
            why_cell(result, entry)])
    return rst_table(['Bug', 'Verdict; measured', 'What breaks; caught by',
                      'First failure line, or why not caught'], rows,
                     (9, 15, 34, 42))


def timing_table(results):
    """Seconds per phase of an entry: total and mean over the entries."""
    rows = []
    for phase in verdicts.PHASES:
        values = [r.timings[phase] for r in results if phase in r.timings]
        if values:
            rows.append([phase.replace('_', ' + '), '%.0f' % sum(values),
                         '%.0f' % (sum(values) / len(values)),
                         str(len(values))])
    return rst_table(['Phase', 'Total, s', 'Mean per entry, s', 'Entries'],
                     rows, (40, 20, 20, 20))


def write_docs_page(merged, catalogue, docs_page):
    measured = sorted(r.stamp.get('measured', '') for r in merged.results)
    with open(docs_page, 'w') as f:
        f.write(template.render('detection.rst', {
            'when': (measured[-1][:10] if measured else 'never'),
            'suite_commit': merged.suite_commit,
            'shards': str(len(merged.shards)),
            'line': merged.line(), 'table': results_table(merged, catalogue),
            'timing': timing_table(merged.results),
            'move_timeout': str(sorted({
                r.stamp.get('move_timeout') for r in merged.results
                if r.stamp.get('move_timeout')} or {'?'})[0])},
            TEMPLATE_DIR))
