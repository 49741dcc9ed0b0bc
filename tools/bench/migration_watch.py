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

"""When each migration record turned final, as a poll from outside sees it.

The plugin's report gives a move's wall time from request sent to
verified. Watching every migration record of the cloud while the plugin
runs, polled as often as the reference observer polls its own, splits that
span where the record turned final: request to final, the span the
reference observer measures for its moves, and final to verified, the
plugin's verification.
"""

import datetime
import time

from bench import reference_observer
from harness import sampling


class MigrationWatch(sampling.PeriodicSampler):
    """A thread noting when each migration record is first seen final."""

    def __init__(self, conn, poll=reference_observer.POLL):
        super().__init__(poll)
        self.conn = conn
        self.final_at = {}  # migration uuid -> (server uuid, epoch seconds)
        self.errors = 0
        self._since = datetime.datetime.now(datetime.timezone.utc).strftime(
            '%Y-%m-%dT%H:%M:%S')

    def sample(self):
        try:
            response = self.conn.compute.get(
                '/os-migrations?changes-since=%s' % self._since,
                microversion=reference_observer.MICROVERSION)
            seen = time.time()
            for migration in response.json()['migrations']:
                if (migration['status'] in reference_observer.FINAL
                        and migration['uuid'] not in self.final_at):
                    self.final_at[migration['uuid']] = (
                        migration['instance_uuid'], seen)
        except Exception:  # a figure less, never a failed bench
            self.errors += 1

    def finals_by_server(self):
        """{server uuid: [epoch seconds a record turned final, sorted]}."""
        found = {}
        for server, seen in self.final_at.values():
            found.setdefault(server, []).append(seen)
        return {server: sorted(times) for server, times in found.items()}


def epoch(utc_text):
    """Epoch seconds of a report record's 'time' (UTC, ...Z)."""
    return datetime.datetime.strptime(
        utc_text, '%Y-%m-%dT%H:%M:%S.%fZ').replace(
            tzinfo=datetime.timezone.utc).timestamp()


def matched_spans(records, finals_by_server):
    """{kind: [(request to final s, final to verified s)]} of verified moves.

    A move's record is written when it is verified, ``wall_s`` after its
    request; its span ends at the first record of its server seen final
    in between.
    """
    spans = {}
    for record in records:
        if record['record'] != 'move' or record['outcome'] != 'verified':
            continue
        verified = epoch(record['time'])
        requested = verified - record['wall_s']
        finals = [seen for seen in finals_by_server.get(record['server'], [])
                  if requested <= seen <= verified]
        if finals:
            spans.setdefault(record['kind'], []).append(
                (finals[0] - requested, verified - finals[0]))
    return spans
