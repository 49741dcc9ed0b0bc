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

"""One waiter that polls nova's real state, and what the cloud said.

openstacksdk's ``wait_for_server`` looks at ``status`` only; a server can be
ACTIVE while nova still works on it (``task_state``), and the migration
record of a move turns ``completed`` up to about half a second after the
server is ACTIVE on its new host. So the waits here poll status and
task_state, and migration records, and on failure report what nova showed.
"""

import time

from openstack import exceptions as sdk_exc
from oslo_log import log as logging
from tempest.lib import exceptions as lib_exc

from migration_tempest_plugin.common import describe
from migration_tempest_plugin.common import scrubbing

LOG = logging.getLogger(__name__)

# Pause between polls: FIRST_PAUSE, or PAUSE_FRACTION of the time waited so
# far if longer, never more than the configured poll interval. A change is
# seen at most about 15% late (doubling pauses saw a one-second move up to
# half a second late), and a long wait polls once per interval. Every poll
# costs the cloud: behind each GET /servers/{id} nova-api asks neutron for
# the server's security groups. A tenth, from 0.1 s, polled 27 times in a
# 5 s move, and neutron used the most CPU of the embedded cloud.
FIRST_PAUSE = 0.25
PAUSE_FRACTION = 0.15

MIGRATION_FAILED_STATUSES = ('error', 'failed', 'cancelled')
# Seconds between two looks at a request's instance action while a wait
# polls its migration record: every poll costs nova an API call, and the
# record shows most ends itself.
REQUEST_CHECK_PAUSE = 2.0


class WaitFailed(AssertionError):
    """The cloud reached a state from which the wait cannot succeed."""


class WaitTimeout(lib_exc.TimeoutException):
    """The cloud did not reach the wanted state in time."""


def wait_until(description, poll, timeout, interval, report=None,
               describe=str, clock=time.monotonic, sleep=time.sleep):
    """Poll until ``poll()`` says done; return what it saw last.

    :param description: what is awaited, for messages.
    :param poll: callable returning ``(done, seen)``; ``seen`` describes the
        state observed and is returned when done. It raises WaitFailed when
        the state can no longer become the wanted one.
    :param timeout: seconds before giving up.
    :param interval: longest pause between two polls.
    :param report: callable returning text on what the cloud said, added to
        failure messages.
    :param describe: turns what ``poll`` saw into text for messages.
    """
    start = clock()
    polls = 0
    seen = None
    while True:
        polls += 1
        try:
            done, seen = poll()
        except WaitFailed as failure:
            raise WaitFailed(_message(
                '%s failed: %s' % (description, failure), report))
        if done:
            LOG.debug('%s: done after %.2f s, %d polls', description,
                      clock() - start, polls)
            return seen
        remaining = timeout - (clock() - start)
        if remaining <= 0:
            raise WaitTimeout(_message(
                '%s: not done after %s s (%d polls). Last seen: %s'
                % (description, timeout, polls, describe(seen)), report))
        waited = clock() - start
        sleep(min(max(FIRST_PAUSE, waited * PAUSE_FRACTION), interval,
                  remaining))


def _message(text, report):
    """The failure text with what the cloud said, scrubbed."""
    if report is None:
        return scrubbing.scrub(text)
    try:
        said = report()
    except Exception as error:  # the original failure matters more
        said = 'could not ask the cloud what happened: %r' % error
    return scrubbing.scrub('%s\nWhat the cloud said:\n%s' % (text, said))


def wait_for_server_status(conn, server_id, status, timeout, interval,
                           report=None, request_id=None, from_error=False):
    """Wait until the server has ``status`` and no ``task_state``.

    ``status`` is one status or a tuple of them. Returns the server. Fails
    at once on ERROR, unless awaited, with the server's fault; and when
    nova ended the request short of the status: the server is at rest (no
    task_state) in another status and an event of the request's instance
    action failed (an unshelve the scheduler refused, a shelve whose guest
    is gone) or, with ``request_id``, every event of it ended (an unshelve
    that should have failed and landed). ``request_id`` names that request
    (its
    x-openstack-request-id) and is looked at from the first poll; without
    it, the newest action is, once the server was seen busy. ``from_error``:
    the server leaves ERROR (a hard reboot recovering it): ERROR fails only
    once nova is at rest with it (no task_state).
    """
    statuses = (status,) if isinstance(status, str) else tuple(status)
    # Whether the server had a task_state since the last look at actions.
    busy = False

    def poll():
        nonlocal busy
        server = conn.compute.get_server(server_id)
        if (server.status == 'ERROR' and 'ERROR' not in statuses
                and not (from_error and server.task_state is not None)):
            # Nova may record the fault just after the status: the
            # report, read later, shows it then.
            raise WaitFailed('server %s went to ERROR%s' % (
                server_id, ', fault: %s' % server.fault if server.fault
                else ''))
        if server.task_state is not None:
            busy = True
            return False, server
        if server.status in statuses:
            return True, server
        if request_id:
            ended = ended_request(conn, server_id, request_id)
        elif busy:
            busy = False
            ended = failed_newest_action(conn, server_id)
        else:
            ended = None
        if ended:
            raise WaitFailed(
                'server %s came to rest %s, not %s, and nova ended the '
                'request: %s' % (server_id, server.status,
                                 ' or '.join(statuses),
                                 describe.describe_action(ended)))
        return False, server

    return wait_until('server %s to be %s with no task_state'
                      % (server_id, ' or '.join(statuses)),
                      poll, timeout, interval, report,
                      describe=describe.describe_server_state)


def wait_for_deletions_to_end(conn, timeout, interval):
    """Wait until no server of the cloud is being deleted.

    ``conn`` must be an admin connection: it lists every project's servers.
    """
    def poll():
        deleting = [server.id for server in conn.compute.servers(
            all_projects=True) if server.task_state == 'deleting']
        return not deleting, deleting

    wait_until('the deletions of servers in flight to end', poll, timeout,
               interval, describe=lambda deleting: 'servers still deleting: '
               + ', '.join(deleting))


def wait_for_host_cleared(conn, server_id, timeout, interval, report=None):
    """Wait until the offloaded server has no host; return it.

    nova shows SHELVED_OFFLOADED before the compute clears the host and
    node in a second save (ComputeManager._shelve_offload_instance), which
    would also clear them on a server unshelved in between.
    """
    def poll():
        server = conn.compute.get_server(server_id)
        return server.compute_host is None, server

    return wait_until('server %s to have no host' % server_id, poll,
                      timeout, interval, report,
                      describe=describe.describe_server_state)


def wait_for_server_deleted(conn, server_id, timeout, interval,
                            report=None):
    def poll():
        try:
            server = conn.compute.get_server(server_id)
        except sdk_exc.NotFoundException:
            return True, 'gone'
        return False, describe.describe_server_state(server)

    wait_until('server %s to be deleted' % server_id, poll, timeout,
               interval, report)


def wait_for_migration(conn, server_id, migration_type, statuses, timeout,
                       interval, report=None, known=(), request_id=None,
                       passed=(), accept=None, landed=(), clock=time.monotonic,
                       sleep=time.sleep):
    """Wait until the newest migration of that type has one of ``statuses``.

    Returns the migration record. A record in error fails at once, naming
    the failed events of the request; so does one in ``passed``, statuses
    that come after the awaited ones. ``accept``, when given, is called
    with a record in an awaited status and says whether it is the state
    awaited. ``known`` holds UUIDs of records
    that existed before the move, which are not the move's own.
    ``request_id`` names the move's request: while its record is not
    there or not final, a failed event of the request with the server at
    rest (nova gave up before or without the record) fails at once,
    unless the record is awaited in a failed status (a refusal the test
    expects, which the record shows a moment after the event). ``landed``
    holds the statuses of a move carried out: awaiting a refusal, a record
    in one of them fails at once, saying where nova moved the server. A
    wait that times out says since when the record is stuck and what nova
    holds for the move.
    """
    expects_refusal = any(status in MIGRATION_FAILED_STATUSES
                          for status in statuses)
    request_checked = [None]

    def request_check_due():
        now = clock()
        if (request_checked[0] is not None
                and now - request_checked[0] < REQUEST_CHECK_PAUSE):
            return False
        request_checked[0] = now
        return True

    def failed_action_text():
        action = request_id and failed_request(conn, server_id, request_id)
        return '; %s' % describe.describe_action(action) if action else ''

    def records():
        return [m for m in describe.server_migrations(
            conn, server_id, migration_type) if m.uuid not in known]

    def poll():
        migrations = records()
        newest = migrations[0] if migrations else None
        if (newest is not None and newest.status not in statuses
                and newest.status in MIGRATION_FAILED_STATUSES):
            if still_moving(conn, server_id, newest):
                return False, newest
        if (newest is not None and newest.status in statuses
                and (accept is None or accept(newest))):
            return True, newest
        if newest is not None and newest.status in landed:
            raise WaitFailed(
                'nova carried out the %s it should have refused: its record '
                'went %s and server %s is now on %s; %s' % (
                    migration_type, newest.status, server_id,
                    conn.compute.get_server(server_id).compute_host,
                    describe.describe_migration(newest)))
        # An awaited status that accept does not take yet is waited on.
        if (newest is not None and newest.status not in statuses
                and (newest.status in MIGRATION_FAILED_STATUSES
                     or newest.status in passed)):
            raise WaitFailed(describe.describe_migration(newest)
                             + failed_action_text())
        if request_id and not expects_refusal and request_check_due():
            action = failed_request(conn, server_id, request_id)
            if (action and conn.compute.get_server(server_id).task_state
                    is None):
                raise WaitFailed('nova ended the request %s: %s; %s' % (
                    request_id, describe.describe_action(action),
                    describe.describe_migration(newest) if newest
                    else 'no %s record' % migration_type))
        return False, newest or 'no %s record yet' % migration_type

    def describe_last(seen):
        if isinstance(seen, str):
            return seen
        return describe.describe_stuck(conn, server_id, seen)

    return wait_until('%s of server %s to be %s'
                      % (migration_type, server_id, '/'.join(statuses)),
                      poll, timeout, interval, report,
                      describe=describe_last, clock=clock, sleep=sleep)


def _with_failed_event(conn, server_id, request_id):
    action = describe.action_with_events(conn, server_id, request_id)
    if any(event.result == 'Error' for event in action.events or []):
        return action
    return None


def still_moving(conn, server_id, record):
    """Whether nova still works on the server of a record that reads failed.

    A failed record is final once nova is at rest with the server (no
    task_state). Before that nova's own move may write over it: the
    resource tracker's periodic task marks a migration 'error' when the
    instance it read still carries the migration context of an earlier,
    failed move (ResourceTracker._update_usage_from_migrations, "Current
    instance migration 6 doesn't match migration 8, marking migration as
    error"), and the resize going on saves 'post-migrating' over it a
    second later (seen on nova 34.0.0, fake driver, 2026-12-07: a resize
    retried after one whose finish_resize failed; earlier that day a cold
    migration's new record read 'error' with no destination, then
    'pre-migrating' with one).
    """
    task_state = conn.compute.get_server(server_id).task_state
    if task_state is None:
        return False
    LOG.warning('migration %s reads %s while server %s is still %s: '
                'judged once nova is at rest with it', record.uuid,
                record.status, server_id, task_state)
    return True


def ended_request(conn, server_id, request_id):
    """The request's instance action once nova ended it, or None.

    Ended: one of its events failed, or it has events and every one ended.
    """
    try:
        action = describe.action_with_events(conn, server_id, request_id)
    except sdk_exc.NotFoundException:
        return None
    events = action.events or []
    if any(event.result == 'Error' for event in events) or _all_ended(events):
        return action
    return None


def failed_request(conn, server_id, request_id):
    """The request's instance action if one of its events failed.

    None while nova has not recorded the action yet (it does so as it
    starts the request) or no event failed.
    """
    try:
        return _with_failed_event(conn, server_id, request_id)
    except sdk_exc.NotFoundException:
        return None


def newest_action_events(conn, server_id, action_name):
    """Events of the server's newest ``action_name`` request, or None."""
    actions = [action for action in conn.compute.server_actions(server_id)
               if action.action == action_name]
    if not actions:
        return None
    newest = max(actions, key=lambda action: action.start_time or '')
    return describe.action_with_events(conn, server_id,
                                       newest.request_id).events or []


def _all_ended(events):
    return bool(events) and all(event.finish_time for event in events)


def action_finished(conn, server_id, action_name):
    """Whether every event of the server's newest ``action_name`` ended."""
    return _all_ended(newest_action_events(conn, server_id, action_name))


def error_settled(conn, server_id, action_name):
    """An ``accept`` for wait_for_migration: error ends only with its request.

    A record in error is final once nova is done with the request
    (action_finished), unless the destination refused the live migration
    in pre_live_migration: the source then saves 'error', rolls back in a
    thread of its own that outlives its compute_live_migration event
    (ComputeManager.live_migration submits _do_live_migration), sets the
    server's task_state to None and saves the record 'failed' last
    (_cleanup_pre_live_migration, _rollback_live_migration).
    """

    def accept(record):
        if record.status != 'error':
            return True
        events = newest_action_events(conn, server_id, action_name) or []
        refused_late = any(event.event == 'compute_pre_live_migration'
                           and event.result == 'Error' for event in events)
        return not refused_late and _all_ended(events)
    return accept


def failed_newest_action(conn, server_id):
    """The server's newest instance action if one of its events failed."""
    actions = list(conn.compute.server_actions(server_id))
    if not actions:
        return None
    newest = max(actions, key=lambda action: action.start_time or '')
    return _with_failed_event(conn, server_id, newest.request_id)


def wait_for_requests_ended(conn, server_id, request_ids, timeout, interval,
                            report=None, clock=time.monotonic,
                            sleep=time.sleep):
    """Wait until every event of the requests' instance actions ended.

    A move is judged once nova is done with the requests that made and
    ended it (the move, a confirm, an abort): an event still open is work
    nova is still doing for them.
    """
    request_ids = [request_id for request_id in request_ids if request_id]

    def poll():
        open_events = []
        for request_id in request_ids:
            try:
                action = describe.action_with_events(conn, server_id,
                                                     request_id)
            except sdk_exc.NotFoundException:
                open_events.append('request %s: no instance action yet'
                                   % request_id)
                continue
            open_events += ['%s of %s (request %s)' % (
                event.event, action.action, request_id)
                for event in action.events or [] if not event.finish_time]
        return not open_events, open_events

    return wait_until(
        'every event of the requests %s of server %s to end'
        % (', '.join(request_ids), server_id), poll, timeout, interval,
        report, describe=lambda seen: 'events not ended: %s' % (
            ', '.join(seen or ()) or 'none'), clock=clock, sleep=sleep)


def _state(server, record):
    """What must hold still: server status, task, host; the record."""
    return (server.status, server.task_state, server.compute_host,
            record.status if record else None)


def _read_state(conn, server_id, migration_type, migration_uuid):
    server = conn.compute.get_server(server_id)
    record = None
    if migration_type:
        record = next((migration for migration in describe.server_migrations(
            conn, server_id, migration_type)
            if migration.uuid == migration_uuid), None)
    return server, record


def _describe_state(state):
    status, task_state, host, record_status = state
    text = 'status %s, task_state %s, host %s' % (status, task_state, host)
    if record_status:
        text += ', migration %s' % record_status
    return text


def hold_still(conn, server, record, period, interval, report=None,
               clock=time.monotonic, sleep=time.sleep):
    """The server and its record once they held still for ``period`` s.

    ``server`` and ``record`` (a migration record, or None) are as the
    waits last saw them. For a move that failed, was aborted or was
    refused: nova may change the server after its move looks ended (from
    nova 33 the libvirt driver's _live_migration collects the migration
    job's error after the monitor's rollback set the server ACTIVE, and
    ComputeManager._do_live_migration then puts the record and the server
    in ERROR). Raises WaitFailed naming the change and when it came.
    """
    first = _state(server, record)
    migration_type = record.migration_type if record else None
    migration_uuid = record.uuid if record else None
    start = clock()
    while clock() - start < period:
        sleep(max(0.1, min(interval, period - (clock() - start))))
        server, record = _read_state(conn, server.id, migration_type,
                                     migration_uuid)
        now = _state(server, record)
        if now != first:
            raise WaitFailed(_message(
                'server %s changed %.1f s after its move looked ended '
                '(nova was not done with it): first %s, then %s' % (
                    server.id, clock() - start, _describe_state(first),
                    _describe_state(now)), report))
    return server, record
