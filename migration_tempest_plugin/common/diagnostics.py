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

"""What a person reading a failed move needs, with nothing secret in it.

On a failed or timed-out move the test gets, as a testtools detail: what
nova said about the server (describe.what_the_cloud_said: state, fault,
migration records, instance actions with their events and tracebacks), the
state of every nova-compute service, and the Placement allocations of the
server and of each of its migrations. Everything goes through ``scrub``
first.
"""

import unittest

from testtools import content

from migration_tempest_plugin.common import describe
from migration_tempest_plugin.common import scrubbing


def compute_services_text(conn):
    return '\n'.join('%s updated %s' % (describe.describe_service(service),
                                        service.updated_at)
                     for service in conn.compute.services(
                         binary='nova-compute'))


def allocations_text(conn, server_id):
    """Allocations of the server and of each of its migrations."""
    consumers = [('server %s' % server_id, server_id)]
    consumers += [('migration %s (%s, %s)' % (migration.uuid,
                                              migration.migration_type,
                                              migration.status),
                   migration.uuid)
                  for migration in describe.server_migrations(conn, server_id)]
    return '\n'.join('%s: %s' % (label, describe.describe_held(conn, consumer))
                     for label, consumer in consumers)


def event_tracebacks_text(conn, server_id):
    """Whole tracebacks of the server's failed instance action events.

    what_the_cloud_said gives their last line; the rest is admin-only.
    """
    lines = []
    for listed in conn.compute.server_actions(server_id):
        action = describe.action_with_events(conn, server_id,
                                             listed.request_id)
        for event in action.events or []:
            if event.traceback:
                lines.append('%s %s (%s):\n%s' % (
                    action.action, event.event, event.result,
                    event.traceback.rstrip()))
    return '\n'.join(lines)


def _section(title, read):
    try:
        body = read()
    except Exception as error:  # one lost section must not hide the rest
        body = 'could not read it: %r' % error
    return '== %s ==\n%s' % (title, body or 'nothing')


def diagnose(conn, server_ids):
    """Readable, scrubbed text on the servers and the computes.

    ``conn`` must be an admin connection.
    """
    sections = []
    for server_id in server_ids:
        sections.append(_section(
            'what nova said about server %s' % server_id,
            lambda server_id=server_id: describe.what_the_cloud_said(
                conn, server_id)))
        sections.append(_section(
            'tracebacks of instance action events of server %s' % server_id,
            lambda server_id=server_id: event_tracebacks_text(conn,
                                                              server_id)))
        sections.append(_section(
            'Placement allocations of server %s and its migrations'
            % server_id,
            lambda server_id=server_id: allocations_text(conn, server_id)))
    sections.append(_section('nova-compute services',
                             lambda: compute_services_text(conn)))
    return scrubbing.scrub('\n'.join(sections))


DETAIL_NAME = 'what-the-cloud-said'


def attach_on_failure(test, conn, observer, exc_info):
    """testtools exception handler: diagnostics and the report line.

    Adds to ``test`` a detail with ``diagnose`` on the servers the failure
    is about (the one moving, else the siblings being built), and has the
    MoveObserver write the interrupted move's or build's line. Skips are
    not failures.
    """
    if isinstance(exc_info[1], unittest.SkipTest):
        return
    server_ids = observer.watched_servers()
    if server_ids:
        test.addDetail(DETAIL_NAME, content.text_content(
            diagnose(conn, server_ids)))
    observer.failed(exc_info)
