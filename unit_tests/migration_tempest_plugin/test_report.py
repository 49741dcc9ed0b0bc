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

import json

import fixtures
import testtools

from migration_tempest_plugin import report

TEST = ('migration_tempest_plugin.tests.scenario.test_live_migration.'
        'LiveMigrateOneSiblingTest.test_live_migrate_one_sibling'
        '[id-3f08ee37,multinode]')


def move(wall, outcome='verified', kind='live-migrate', siblings=2,
         requests=12, nova_seconds=1.0):
    return {'record': 'move', 'kind': kind, 'siblings': siblings,
            'test': TEST, 'source': 'compute1', 'dest': 'compute2',
            'wall_s': wall, 'api_requests': requests, 'outcome': outcome,
            'nova': [{'seconds': nova_seconds}, None]}


def build(wall, siblings=2):
    return {'record': 'build', 'kind': 'build', 'siblings': siblings,
            'test': TEST, 'hosts': ['compute1', 'compute2'],
            'wall_s': wall, 'api_requests': 6, 'outcome': 'verified'}


class TestReadRecords(testtools.TestCase):

    def test_reads_json_lines_and_skips_other_lines(self):
        lines = [json.dumps(build(1.2)) + '\n', 'not json\n', '\n',
                 '[1, 2]\n', json.dumps(move(0.9))]
        self.assertEqual(['build', 'move'], [
            record['record'] for record in report.read_records(lines)])


class TestTables(testtools.TestCase):

    def test_short_test_name_drops_module_and_tags(self):
        self.assertEqual(
            'LiveMigrateOneSiblingTest.test_live_migrate_one_sibling',
            report.short_test_name(TEST))

    def test_format_table_pads_columns(self):
        self.assertEqual('a    bb\nccc  d',
                         report.format_table(('a', 'bb'), [('ccc', 'd')]))

    def test_one_row_per_record(self):
        rows = report.record_rows([build(1.234), move(0.5)])
        self.assertEqual(
            ('LiveMigrateOneSiblingTest.test_live_migrate_one_sibling',
             'build', '2', '-', '-', '1.23', '-', '6', '-', '-', 'verified',
             '-'),
            rows[0])
        self.assertEqual(('live-migrate', '2', 'compute1', 'compute2',
                          '0.50', '1', '12', '-', '-', 'verified', '-'),
                         rows[1][1:])

    def test_a_refused_move_is_summarized_apart_not_failed(self):
        rows = report.summary_rows([move(1.0), move(0.5, outcome='refused')])
        self.assertEqual(
            [('live-migrate', '2', '1', '0'),
             ('live-migrate (refused)', '2', '1', '0')],
            [row[:4] for row in rows])

    def test_a_chained_move_shows_its_place(self):
        chained = dict(move(0.5), chain={
            'step': 3, 'of': 13, 'after': 'resize+confirm',
            'destination': 'host requested'})
        self.assertEqual('3/13 after resize+confirm, host requested',
                         report.record_rows([chained])[0][-1])

    def test_downtime_of_a_checked_live_migration(self):
        record = move(0.5)
        record['downtime_s'] = 0.093
        self.assertEqual('0.09', report.record_rows([record])[0][-4])
        self.assertEqual('0.09/0.09',
                         report.summary_rows([record, move(0.7)])[0][-2])

    def test_packet_downtime_beside_the_heartbeat_downtime(self):
        records = [dict(move(0.5), downtime_s=0.3, packet_downtime_s=0.06),
                   dict(move(0.6), downtime_s=0.5, packet_downtime_s=0.08),
                   dict(move(0.7), downtime_s=0.1, packet_downtime_s=0.2)]
        self.assertEqual(('0.30', '0.06'),
                         report.record_rows(records)[0][-4:-2])
        self.assertEqual(('0.30/0.50', '0.08/0.20'),
                         report.summary_rows(records)[0][-2:])

    def test_summary_gives_medians_of_verified_moves_by_kind_and_count(self):
        rows = report.summary_rows([
            move(0.5), move(0.7, requests=14), move(0.9, requests=16),
            move(30, outcome='timeout'), move(2.0, siblings=10),
            build(1.0), build(3.0)])
        self.assertEqual([
            ('build', '2', '2', '0', '2.00', '3.00', '-', '6', '-', '-'),
            ('live-migrate', '2', '4', '1', '0.70', '0.90', '1', '14', '-',
             '-'),
            ('live-migrate', '10', '1', '0', '2.00', '2.00', '1', '12', '-',
             '-'),
        ], rows)

    def test_nova_seconds_add_up_over_the_moves_actions(self):
        record = move(3.0)
        record['nova'] = [{'seconds': 2.0}, {'seconds': 1.0},
                          {'error': 'HTTP 404'}]
        self.assertEqual(3.0, report.nova_seconds(record))
        self.assertIsNone(report.nova_seconds({'nova': None}))

    def test_empty_report(self):
        self.assertEqual('(no moves or builds recorded)',
                         report.format_report([]))


class TestMain(testtools.TestCase):

    def test_prints_tables_of_the_file(self):
        path = self.useFixture(fixtures.TempDir()).join('report.jsonl')
        with open(path, 'w') as lines:
            lines.write(json.dumps(move(0.5)) + '\n')
        out = self.useFixture(fixtures.StringStream('stdout'))
        self.useFixture(fixtures.MonkeyPatch('sys.stdout', out.stream))
        self.assertEqual(0, report.main([path]))
        out.stream.flush()
        printed = out.getDetails()['stdout'].as_text()
        self.assertIn('median wall s', printed)
        self.assertIn('compute1  compute2  0.50', printed)

    def test_missing_file_is_not_an_error(self):
        self.assertEqual(0, report.main(['/nonexistent/report.jsonl']))

    def test_usage(self):
        self.assertEqual(2, report.main([]))
