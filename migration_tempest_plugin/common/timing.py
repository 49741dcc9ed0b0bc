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

"""How long each move and each sibling build took, and how many requests.

The connections of a test class share one RequestLog: it counts every API
request they send and remembers the server action requests among them, so
that a move is timed from the moment its request is sent, whichever helper
sends it. A MoveObserver per test turns that into one JSON line per move
and per sibling build in ``[migration] report_file``, with nova's own
record of the move (its instance action and events, one-second
resolution) next to the client's wall time.
"""

import datetime
import json
import re
import time

from migration_tempest_plugin.common import model
from migration_tempest_plugin.common import scrubbing

# Server actions that move a server, by the key of their request body.
MOVE_ACTIONS = {
    'os-migrateLive': 'live-migrate',
    'migrate': 'cold-migrate',
    'resize': 'resize',
    'evacuate': 'evacuate',
    'unshelve': 'unshelve',
}
# The action name of DELETE /servers/{id}/migrations/{id} (2.24), which
# has no body.
ABORT_MIGRATION = 'abort'
# Actions that end a move started earlier; they name the move's outcome.
ENDING_ACTIONS = {
    'confirmResize': 'confirm',
    'revertResize': 'revert',
    # POST /servers/{id}/migrations/{id}/action (2.22).
    'force_complete': 'force-complete',
    ABORT_MIGRATION: 'abort',
}

_SERVER_ACTION_PATH = re.compile(
    r'(?:^|/)servers/([^/?]+)(?:/migrations/[^/?]+)?/action(?:\?|$)')
_SERVER_MIGRATION_PATH = re.compile(
    r'(?:^|/)servers/([^/?]+)/migrations/[^/?]+(?:\?|$)')

# Nova's time stamps: ISO 8601, with or without fraction and zone.
_NOVA_TIME_FORMATS = ('%Y-%m-%dT%H:%M:%S.%f', '%Y-%m-%dT%H:%M:%S')


def action_of(method, url, body):
    """(server ID, action name) of a server action request, or None.

    An action on a server's migration (force_complete, abort) is one of
    the server's: nova records it in the server's instance actions.
    """
    method = method.upper()
    match = _SERVER_ACTION_PATH.search(str(url))
    if (method == 'POST' and match and isinstance(body, dict)
            and len(body) == 1):
        return match.group(1), next(iter(body))
    match = _SERVER_MIGRATION_PATH.search(str(url))
    if method == 'DELETE' and match:
        return match.group(1), ABORT_MIGRATION
    return None


class RequestLog:
    """Counts API requests and remembers server action requests.

    Every request a session sends counts, Keystone's token requests too.
    """

    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self.count = 0
        self.actions = []

    def request_sent(self, method, url, body):
        """Count a request; return its ActionRequest if it is one."""
        action = None
        found = action_of(method, url, body)
        if found:
            action = model.ActionRequest(server_id=found[0],
                                         action=found[1],
                                         sent=self.clock(),
                                         requests_before=self.count)
            self.actions.append(action)
        self.count += 1
        return action

    def last_request_id(self, server_id):
        """The newest action request's ID for the server, or None."""
        for action in reversed(self.actions):
            if action.server_id == server_id:
                return action.request_id
        return None

    def move_request_ids(self, server_id):
        """IDs of the server's requests since its latest move request.

        The move's own request and those that ended it (a confirm, a
        revert, an abort, a force-complete), oldest first.
        """
        mine = [action for action in self.actions
                if action.server_id == server_id]
        starts = [index for index, action in enumerate(mine)
                  if action.action in MOVE_ACTIONS]
        return [action.request_id
                for action in mine[starts[-1] if starts else 0:]]

    @staticmethod
    def response_received(action, response):
        if action is not None:
            action.request_id = response.headers.get(
                'x-openstack-request-id')


def move_kind(actions):
    """'live-migrate', 'cold-migrate+confirm'... from a move's actions."""
    names = [MOVE_ACTIONS[actions[0].action]]
    names += [ENDING_ACTIONS[action.action] for action in actions[1:]
              if action.action in ENDING_ACTIONS]
    return '+'.join(names)


def parse_nova_time(text):
    """A naive UTC datetime from a nova time stamp, or None."""
    if not text:
        return None
    text = text.replace('Z', '').split('+')[0]
    for time_format in _NOVA_TIME_FORMATS:
        try:
            return datetime.datetime.strptime(text, time_format)
        except ValueError:
            continue
    return None


def summarize_instance_action(body):
    """What nova recorded of one instance action, for the report.

    ``seconds`` runs from the action's start to the last event's finish;
    nova keeps whole seconds, so it is coarse for sub-second moves.
    """
    events = [{'event': event.get('event'),
               'start': event.get('start_time'),
               'finish': event.get('finish_time'),
               'result': event.get('result')}
              for event in body.get('events') or []]
    start = parse_nova_time(body.get('start_time'))
    finishes = [parse_nova_time(event['finish']) for event in events]
    finishes = [finish for finish in finishes if finish]
    seconds = None
    if start and finishes:
        seconds = (max(finishes) - start).total_seconds()
    return {'action': body.get('action'),
            'request_id': body.get('request_id'),
            'start': body.get('start_time'),
            'seconds': seconds,
            'events': events}


def nova_record(conn, action):
    """Nova's instance action for an ActionRequest, summarized, or None."""
    if action is None or not action.request_id:
        return None
    try:
        response = conn.compute.get('/servers/%s/os-instance-actions/%s'
                                    % (action.server_id, action.request_id))
        if response.status_code != 200:
            return {'error': 'HTTP %s' % response.status_code}
        return summarize_instance_action(response.json()['instanceAction'])
    except Exception as error:  # the report must not fail the test
        return {'error': scrubbing.scrub(repr(error))}


def outcome_of(exc_info):
    """'timeout' for a wait that ran out of time, else 'failed'."""
    exception = exc_info[1]
    if 'Timeout' in type(exception).__name__:
        return 'timeout'
    return 'failed'


def utc_now():
    return datetime.datetime.now(datetime.timezone.utc).strftime(
        '%Y-%m-%dT%H:%M:%S.%fZ')


def append_json_line(path, record):
    """Append one record as one JSON line, scrubbed; nothing if no path."""
    if not path:
        return
    line = scrubbing.scrub(json.dumps(record, sort_keys=True))
    # One write of one line: concurrent workers append whole lines.
    with open(path, 'a') as report:
        report.write(line + '\n')


class MoveObserver:
    """Times the sibling build and the moves of one test.

    A move starts with a move action request (MOVE_ACTIONS) and takes the
    later requests for the same server (a confirm, an abort); it ends when
    verified or when the test fails. Moves of several servers may run at
    once: each gets its own line.
    """

    def __init__(self, test_id, request_log, conn, report_file,
                 clock=time.monotonic, now=utc_now):
        self.test_id = test_id
        self.request_log = request_log
        self.conn = conn
        self.report_file = report_file
        self.clock = clock
        self.now = now
        # The test's requests start here in the class's log.
        self.first_action = len(request_log.actions)
        # Indexes in the log of the move requests whose line is written.
        self.written = set()
        self.build = None
        self.built_servers = []
        # Host of each sibling of the test's builds, by ID, as verified.
        self.hosts = {}
        self.sibling_count = None
        # The place in a chain of moves of the next move(s), for the
        # report: {'chain': name, 'step': n, 'of': length, 'after': kind}.
        self.chain_place = None

    # Sibling builds.

    def build_started(self, count):
        self.sibling_count = count
        self.build = {'count': count, 'started': self.clock(),
                      'requests_before': self.request_log.count}

    def build_servers(self, server_ids):
        """The servers of the build, for diagnostics while it runs."""
        self.built_servers = list(server_ids)

    def build_finished(self, siblings):
        self.hosts.update((sibling.id, sibling.host) for sibling in siblings)
        self._write_build('verified', hosts=sorted(
            {sibling.host for sibling in siblings}))
        self.build = None

    def _write_build(self, outcome, hosts=None, error=None):
        record = self._record('build', 'build', self.build['count'],
                              self.build['started'],
                              self.build['requests_before'], outcome)
        record['hosts'] = hosts
        if error:
            record['error'] = error
        append_json_line(self.report_file, record)

    # Moves.

    def _unwritten_move(self, server_id=None):
        """(index, requests) of the oldest move without a line, or None.

        Of ``server_id``'s moves only, when given.
        """
        actions = self.request_log.actions
        for index in range(self.first_action, len(actions)):
            action = actions[index]
            if (action.action in MOVE_ACTIONS and index not in self.written
                    and server_id in (None, action.server_id)):
                later = [other for other in actions[index + 1:]
                         if other.server_id == action.server_id]
                # A move of the same server after it ends its requests.
                for end, other in enumerate(later):
                    if other.action in MOVE_ACTIONS:
                        later = later[:end]
                        break
                return index, [action] + later
        return None

    def current_move(self, server_id=None):
        """The action requests of a move under way, first the move."""
        found = self._unwritten_move(server_id)
        return found[1] if found else []

    def watched_servers(self):
        """Servers whose state explains a failure now: moved or built."""
        move = self.current_move()
        if move:
            return [move[0].server_id]
        return list(self.built_servers) if self.build else []

    def move_verified(self, server, outcome='verified', after_clock=None):
        """Write the line of ``server``'s move that ended verified.

        ``outcome`` 'refused' is a move the test expected the scheduler to
        refuse, verified as refused. ``after_clock``: called once the
        move's clock stopped; returns fields for the line (the guest
        check's downtime).
        """
        if self._write_move(outcome, server_id=server.id,
                            dest=server.compute_host,
                            after_clock=after_clock):
            self.hosts[server.id] = server.compute_host

    def _write_move(self, outcome, server_id=None, dest=None, error=None,
                    after_clock=None):
        """Write the line of a move under way; False if there is none."""
        found = self._unwritten_move(server_id)
        if not found:
            # A move verified again (an evacuation, once its source is
            # back) has had its line.
            return False
        index, move = found
        first = move[0]
        record = self._record('move', move_kind(move), self.sibling_count,
                              first.sent, first.requests_before, outcome)
        record.update({'server': first.server_id,
                       'source': self.hosts.get(first.server_id),
                       'dest': dest})
        if error:
            record['error'] = error
        if self.chain_place:
            record['chain'] = dict(self.chain_place)
        if after_clock:
            record.update(after_clock())
        # Read after the clock stopped; not counted in the move's requests.
        record['nova'] = [nova_record(self.conn, action) for action in move]
        append_json_line(self.report_file, record)
        self.written.add(index)
        return True

    def failed(self, exc_info):
        """Write the line of the move or build the failure interrupted."""
        # Tempest's exceptions read "Request timed out\nDetails: ...".
        error = scrubbing.first_line(
            str(exc_info[1]).replace('\nDetails: ', ': ', 1))
        outcome = outcome_of(exc_info)
        if self.current_move():
            self._write_move(outcome, error=error)
        elif self.build:
            self._write_build(outcome, error=error)
            self.build = None

    def _record(self, record, kind, sibling_count, started,
                requests_before, outcome):
        return {
            'time': self.now(),
            'test': self.test_id,
            'record': record,
            'kind': kind,
            'siblings': sibling_count,
            'wall_s': round(self.clock() - started, 3),
            'api_requests': self.request_log.count - requests_before,
            'outcome': outcome,
        }
