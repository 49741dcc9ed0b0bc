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

"""Matched spans of the bench: a plugin move split where nova ended it."""

from bench import migration_watch
import testtools

VERIFIED_AT = '2026-12-01T10:00:10.000000Z'


def move(server, wall_s, outcome='verified', kind='live-migrate'):
    return {'record': 'move', 'kind': kind, 'server': server,
            'wall_s': wall_s, 'time': VERIFIED_AT, 'outcome': outcome}


class TestMatchedSpans(testtools.TestCase):

    def test_span_ends_at_the_first_final_record_within_the_move(self):
        verified = migration_watch.epoch(VERIFIED_AT)
        finals = {'s1': [verified - 9, verified - 1.5, verified - 0.5]}
        spans = migration_watch.matched_spans([move('s1', 4.0)], finals)
        # Requested 4 s before verified: the record final 9 s before is
        # an earlier move's.
        self.assertEqual({'live-migrate': [(2.5, 1.5)]}, spans)

    def test_moves_without_a_final_record_or_not_verified_are_left_out(self):
        verified = migration_watch.epoch(VERIFIED_AT)
        finals = {'s1': [verified - 1], 's2': [verified - 1]}
        self.assertEqual({}, migration_watch.matched_spans(
            [move('s1', 4.0, outcome='failed'), move('s3', 4.0),
             {'record': 'build', 'outcome': 'verified'}], finals))

    def test_epoch_reads_the_reports_utc_time(self):
        self.assertEqual(1796119210.0, migration_watch.epoch(VERIFIED_AT))
