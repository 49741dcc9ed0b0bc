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

"""Print the timing report ([migration] report_file) as short tables.

Usage: python -m migration_tempest_plugin.report REPORT_FILE

Standard library only, so that tools without tempest (tools/minicloud,
tools/bench) can run it. One table row per move and per sibling build, then
the medians by kind and number of siblings.
"""

import json
import statistics
import sys

# downtime: a live-migrated guest's stall, from its heartbeat
# ([migration] guest_heartbeat; '-' without it). packet downtime: the
# longest run of its unanswered pings ([migration] reachability_command;
# '-' without it).
MOVE_HEADER = ('test', 'kind', 'N', 'from', 'to', 'wall s', 'nova s',
               'requests', 'downtime s', 'packet downtime s', 'outcome',
               'chain')
SUMMARY_HEADER = ('kind', 'N', 'count', 'failed', 'median wall s',
                  'max wall s', 'median nova s', 'median requests',
                  'downtime s median/max', 'packet downtime s median/max')


def read_records(lines):
    """Records of the report's JSON lines; lines that are not are skipped."""
    records = []
    for line in lines:
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and record.get('record'):
            records.append(record)
    return records


def short_test_name(test_id):
    """'Class.test_method' of a tempest test id, without its tags."""
    return '.'.join(test_id.split('[')[0].split('.')[-2:])


def nova_seconds(record):
    """Seconds nova recorded for the move's actions, or None."""
    seconds = [action.get('seconds') for action in record.get('nova') or []
               if action and action.get('seconds') is not None]
    return sum(seconds) if seconds else None


def _number(value, digits=2):
    return '-' if value is None else '%.*f' % (digits, value)


def chain_place(record):
    """'3/13 after resize+confirm, host requested' for a chained move."""
    place = record.get('chain')
    if not place:
        return '-'
    return '%s/%s after %s, %s' % (place.get('step'), place.get('of'),
                                   place.get('after') or 'none',
                                   place.get('destination'))


def record_rows(records):
    return [(short_test_name(record.get('test', '')), record['kind'],
             str(record.get('siblings')), record.get('source') or '-',
             record.get('dest') or '-', _number(record.get('wall_s')),
             _number(nova_seconds(record), 0),
             str(record.get('api_requests')),
             _number(record.get('downtime_s')),
             _number(record.get('packet_downtime_s')),
             record.get('outcome'), chain_place(record))
            for record in records]


def _median(values):
    values = [value for value in values if value is not None]
    return statistics.median(values) if values else None


def median_and_max(records, field):
    """'median/max' of a field over the records that have it, or '-'."""
    values = [record[field] for record in records
              if record.get(field) is not None]
    if not values:
        return '-'
    return '%s/%s' % (_number(_median(values)), _number(max(values)))


def summary_rows(records):
    groups = {}
    for record in records:
        # A move verified as refused is a kind of its own, not a failure.
        kind = record['kind']
        if record.get('outcome') == 'refused':
            kind += ' (refused)'
            record = dict(record, outcome='verified')
        groups.setdefault((kind, record.get('siblings') or 0),
                          []).append(record)
    rows = []
    for (kind, siblings), group in sorted(groups.items()):
        verified = [record for record in group
                    if record.get('outcome') == 'verified']
        walls = [record['wall_s'] for record in verified]
        rows.append((kind, str(siblings), str(len(group)),
                     str(len(group) - len(verified)),
                     _number(_median(walls)),
                     _number(max(walls) if walls else None),
                     _number(_median(nova_seconds(record)
                                     for record in verified), 0),
                     _number(_median(record.get('api_requests')
                                     for record in verified), 0),
                     median_and_max(verified, 'downtime_s'),
                     median_and_max(verified, 'packet_downtime_s')))
    return rows


def format_table(header, rows):
    """Columns padded to their widest cell, header first."""
    table = [tuple(header)] + [tuple(row) for row in rows]
    widths = [max(len(row[column]) for row in table)
              for column in range(len(header))]
    return '\n'.join('  '.join(cell.ljust(width) for cell, width
                               in zip(row, widths)).rstrip()
                     for row in table)


def format_report(records):
    if not records:
        return '(no moves or builds recorded)'
    return '%s\n\n%s' % (format_table(MOVE_HEADER, record_rows(records)),
                         format_table(SUMMARY_HEADER, summary_rows(records)))


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    try:
        with open(argv[0]) as report:
            records = read_records(report)
    except FileNotFoundError:
        print('no report at %s' % argv[0])
        return 0
    print(format_report(records))
    return 0


if __name__ == '__main__':
    sys.exit(main())
