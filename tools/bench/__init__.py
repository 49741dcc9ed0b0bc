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

"""Benchmark the plugin's moves against tempest's and a reference observer.

On ONE embedded cloud (tools/minicloud: a running one is reused, else it is
brought up and, unless MINICLOUD_KEEP is set, brought down at the end),
each round runs, at the same concurrency:

1. the plugin's suite (`tempest run`), its timing report in a file of the
   round;
2. tempest's own tempest.api.compute.admin.test_live_migration and
   test_migrations.

Alongside each of the two runs, the reference observer
(reference_observer.py, one worker) moves servers of its own the whole
time: one request, then a poll every 50 ms of the migration record until
it is final. So the plugin's moves and the yardstick's are made side by
side, under the same load, and the tempest run carries the same extra
load as the plugin's.

Then the plugin's live migration tests once per sibling count in
--sweep (2, 5, 10), and failed_move.py: a live migration to a host whose
compute is stopped must fail naming the cause (--no-failed-move skips it).
Figures only; nothing here passes or fails a test.

Definitions (all medians are over every round):
- plugin_overhead: median client wall time (request sent to verified,
  from the report) of the plugin's live-migrate moves / median time of the
  reference observer's live migrations made during the plugin's runs. The
  same ratio for cold migration with confirm (plugin: request sent to
  confirmed and verified) is printed too.
- matched_overhead: the same ratio on matched spans: a plugin move's
  request sent to its migration record final (migration_watch.py polls
  every record of the cloud as often as the reference observer polls its
  own) against the reference observer's request to final. verify_s is
  the median rest of the plugin's live-migrate moves: record final to
  verified, the plugin's verification.
- plugin_vs_tempest: seconds per move of each suite, where a suite's
  seconds per move = the summed durations (from the run's subunit stream) of
  its passed tests that move a server / the moves those tests made. The
  plugin's moves are its report's verified move lines; tempest's are
  counted from its code (TEMPEST_MOVES): a test moves once, twice if it
  live-migrates back and forth. Only moves tempest also makes count on the
  plugin's side (live migration, cold migration, resize): its evacuate
  and unshelve tests stop computes or shelve, which tempest's do not.
- plugin_s, tempest_s: median wall time of one run of each suite.
- moves: the plugin's verified moves over all rounds.
- api_calls_per_move: median API requests per plugin move (report).
- peak_rss_mib: the largest resident set of any process of a plugin run
  (tempest and its workers).

The last line printed is the `bench:` line.

Modules:
  run                  the runs, the observer beside them, the command line
  figures              the figures above and the final line
  migration_watch      when each migration record turned final
  reference_observer   the yardstick: moves of its own, polled tightly
  failed_move          a move that fails on purpose must name its cause
"""
