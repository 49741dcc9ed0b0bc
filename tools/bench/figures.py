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

"""The bench's figures from its runs (definitions: see the package's
docstring), and its final line.
"""

import statistics

from migration_tempest_plugin import report

# Moves of tempest's tests that pass on a cloud without volumes, consoles,
# trunks or vTPM; live migrations go back and forth when tempest.conf says
# so. Kept in step with tempest's code by hand.
TEMPEST_LIVE_MIGRATION_TESTS = ('test_live_block_migration',
                                'test_live_block_migration_paused')
TEMPEST_MOVES = {
    'test_live_migration_by_project_manager': 1,
    'test_list_migrations_in_flavor_resize_situation': 1,
    'test_resize_server_revert_deleted_flavor': 1,
    'test_cold_migration': 1,
    'test_revert_cold_migration': 1,
    'test_cold_migration_with_swap': 1,
}
# Kinds of the plugin's moves that tempest's tests make as well.
COMPARABLE_KINDS = ('live-migrate', 'cold-migrate', 'resize')


def median(values, default=None):
    values = [value for value in values if value is not None]
    return statistics.median(values) if values else default


def passed_tests(result):
    """{test id without tags: seconds} of the tests that passed."""
    return {test_id.split('[')[0]: test.seconds
            for test_id, test in result.tests.items()
            if test.status == 'success'}


def tempest_moves(test_id, back_and_forth):
    name = test_id.rsplit('.', 1)[-1]
    if name in TEMPEST_LIVE_MIGRATION_TESTS:
        return 2 if back_and_forth else 1
    return TEMPEST_MOVES.get(name, 0)


def tempest_seconds_per_move(durations, back_and_forth):
    moves = {test: tempest_moves(test, back_and_forth)
             for test in durations}
    total_moves = sum(moves.values())
    if not total_moves:
        return None, 0
    seconds = sum(durations[test] for test, count in moves.items() if count)
    return seconds / total_moves, total_moves


def comparable(record):
    return record['kind'].split('+')[0] in COMPARABLE_KINDS


def plugin_seconds_per_move(durations, records):
    """Seconds per comparable move of the plugin's passed tests."""
    moves = {}
    for record in records:
        test = record['test'].split('[')[0]
        if (record['record'] == 'move' and record['outcome'] == 'verified'
                and test in durations):
            moves.setdefault(test, []).append(record)
    counted = {test: len(found) for test, found in moves.items()
               if all(comparable(record) for record in found)}
    total_moves = sum(counted.values())
    if not total_moves:
        return None, 0
    return sum(durations[test] for test in counted) / total_moves, total_moves


def move_walls(records, kind):
    return [record['wall_s'] for record in records
            if record['record'] == 'move' and record['kind'] == kind
            and record['outcome'] == 'verified']


def bench_line(figures):
    return ('bench: plugin_overhead=%.2f matched_overhead=%.2f '
            'verify_s=%.2f plugin_vs_tempest=%.2f '
            'plugin_s=%.0f tempest_s=%.0f moves=%d api_calls_per_move=%d '
            'peak_rss_mib=%d' % (
                figures['plugin_overhead'], figures['matched_overhead'],
                figures['verify_s'], figures['plugin_vs_tempest'],
                figures['plugin_s'], figures['tempest_s'], figures['moves'],
                figures['api_calls_per_move'], figures['peak_rss_mib']))


def ratio(numerator, denominator):
    if not numerator or not denominator:
        return float('nan')
    return numerator / denominator


def figures(plugin, tempest, references, sweep, spans, back_and_forth,
            peak_rss_kib):
    records = [record for _, _, run in plugin for record in run]
    print('\n==== plugin report, all rounds\n%s' % report.format_report(
        records))
    moves = [record for record in records if record['record'] == 'move'
             and record['outcome'] == 'verified']
    overheads = {}
    for kind, seconds in sorted(references.items()):
        overheads[kind] = ratio(median(move_walls(records, kind)),
                                median(seconds))
        print('%s: plugin median %.2f s (%d moves), reference median '
              'beside it %.2f s (%d moves), ratio %.2f' % (
                  kind, median(move_walls(records, kind), 0),
                  len(move_walls(records, kind)), median(seconds, 0),
                  len(seconds), overheads[kind]))
    matched = {}
    for kind, seconds in sorted(references.items()):
        to_final = [span[0] for span in spans.get(kind, [])]
        verifying = [span[1] for span in spans.get(kind, [])]
        matched[kind] = (ratio(median(to_final), median(seconds)),
                         median(verifying, float('nan')))
        print('%s matched spans: plugin request to final median %.2f s '
              '(%d moves), reference %.2f s, ratio %.2f; plugin final '
              'to verified median %.2f s' % (
                  kind, median(to_final, 0), len(to_final),
                  median(seconds, 0), matched[kind][0],
                  matched[kind][1]))
    nothing = (float('nan'), float('nan'))
    plugin_per_move = [plugin_seconds_per_move(durations, run)
                       for _, durations, run in plugin]
    tempest_per_move = [tempest_seconds_per_move(durations,
                                                 back_and_forth)
                        for _, durations in tempest]
    plugin_spm = median(spm for spm, _ in plugin_per_move)
    tempest_spm = median(spm for spm, _ in tempest_per_move)
    print('seconds per move (test durations / moves): plugin %s over '
          '%s moves per round, tempest %s over %s moves per round' % (
              plugin_spm and round(plugin_spm, 2),
              [n for _, n in plugin_per_move],
              tempest_spm and round(tempest_spm, 2),
              [n for _, n in tempest_per_move]))
    print('\n==== live migration by sibling count')
    for count, run in sorted(sweep.items()):
        builds = [record['wall_s'] for record in run
                  if record['record'] == 'build'
                  and record['outcome'] == 'verified']
        walls = move_walls(run, 'live-migrate')
        print('N=%-3d build median %.2f s, live-migrate median %.2f s '
              '(%d moves), requests per move %s' % (
                  count, median(builds, 0), median(walls, 0),
                  len(walls), median(
                      record['api_requests'] for record in run
                      if record['record'] == 'move')))
    return {
        'plugin_overhead': overheads.get('live-migrate', float('nan')),
        'matched_overhead': matched.get('live-migrate', nothing)[0],
        'verify_s': matched.get('live-migrate', nothing)[1],
        'plugin_vs_tempest': ratio(plugin_spm, tempest_spm),
        'plugin_s': median([wall for wall, _, _ in plugin], 0),
        'tempest_s': median([wall for wall, _ in tempest], 0),
        'moves': len(moves),
        'api_calls_per_move': median(
            record['api_requests'] for record in moves) or 0,
        'peak_rss_mib': peak_rss_kib // 1024,
    }
