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
import os
from unittest import mock

import fixtures
from keystoneauth1 import session as ks_session
from tempest.lib import exceptions as lib_exc
import testtools

from migration_tempest_plugin.common import connection
from migration_tempest_plugin.common import model
from migration_tempest_plugin.common import timing
from migration_tempest_plugin.common import waiters
from unit_tests import fakes

ACTION_URL = 'https://nova.example/v2.1/servers/s-1/action'


class FakeClock(object):
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def response(request_id='req-1', status_code=202):
    answer = fakes.FakeResponse({}, status_code)
    answer.headers = {'x-openstack-request-id': request_id}
    return answer


class TestRequestLog(testtools.TestCase):

    def test_counts_every_request_and_remembers_server_actions(self):
        log = timing.RequestLog(clock=FakeClock())
        self.assertIsNone(log.request_sent('GET', 'servers/s-1', None))
        action = log.request_sent('POST', ACTION_URL,
                                  {'os-migrateLive': {'host': None}})
        log.response_received(action, response('req-9'))
        self.assertIsNone(log.request_sent(
            'POST', 'https://keystone.example/v3/auth/tokens',
            {'auth': {}}))
        self.assertEqual(3, log.count)
        self.assertEqual([model.ActionRequest(
            server_id='s-1', action='os-migrateLive', sent=100.0,
            requests_before=1, request_id='req-9')], log.actions)

    def test_a_relative_action_url_is_recognised(self):
        log = timing.RequestLog()
        action = log.request_sent('post', '/servers/s-2/action',
                                  {'migrate': None})
        self.assertEqual(('s-2', 'migrate'),
                         (action.server_id, action.action))

    def test_force_complete_and_abort_are_actions_of_the_server(self):
        log = timing.RequestLog()
        force = log.request_sent('POST', '/servers/s-3/migrations/7/action',
                                 {'force_complete': None})
        abort = log.request_sent('DELETE', 'servers/s-3/migrations/8', None)
        self.assertEqual([('s-3', 'force_complete'), ('s-3', 'abort')],
                         [(action.server_id, action.action)
                          for action in (force, abort)])

    def test_reading_a_migration_is_no_action(self):
        log = timing.RequestLog()
        self.assertIsNone(log.request_sent('GET', 'servers/s-3/migrations/8',
                                           None))
        self.assertIsNone(log.request_sent('DELETE', 'servers/s-3', None))


class TestCountingSession(testtools.TestCase):

    def test_tells_the_log_of_each_request_and_its_request_id(self):
        log = timing.RequestLog()
        session = connection.CountingSession(log)
        with mock.patch.object(ks_session.Session, 'request', autospec=True,
                               return_value=response('req-7')) as sent:
            session.get('https://nova.example/v2.1/servers/s-1')
            session.post(ACTION_URL, json={'migrate': None})
        self.assertEqual(2, sent.call_count)
        self.assertEqual(2, log.count)
        self.assertEqual(['req-7'], [a.request_id for a in log.actions])

    def test_make_session_counts_only_with_a_log(self):
        conf = mock.Mock()
        conf.identity.disable_ssl_certificate_validation = False
        conf.identity.ca_certificates_file = None
        conf.service_clients.http_timeout = 60
        credentials = mock.Mock(spec=['username', 'password'],
                                username='u', password='p')
        log = timing.RequestLog()
        self.assertIsInstance(
            connection.make_session(credentials, conf, log),
            connection.CountingSession)
        self.assertNotIsInstance(
            connection.make_session(credentials, conf),
            connection.CountingSession)


def action(name, sent, before, server_id='s-1'):
    return model.ActionRequest(server_id, name, sent, before,
                               'req-%s' % name)


class TestMoveKind(testtools.TestCase):

    def test_names_the_move_and_how_it_ended(self):
        self.assertEqual('live-migrate', timing.move_kind(
            [action('os-migrateLive', 0, 0)]))
        self.assertEqual('cold-migrate+confirm', timing.move_kind(
            [action('migrate', 0, 0), action('confirmResize', 1, 5)]))
        self.assertEqual('resize+revert', timing.move_kind(
            [action('resize', 0, 0), action('revertResize', 1, 5)]))


INSTANCE_ACTION = {
    'action': 'live-migration', 'request_id': 'req-os-migrateLive',
    'start_time': '2026-11-23T22:04:50.000000',
    'events': [
        {'event': 'conductor_live_migrate_instance',
         'start_time': '2026-11-23T22:04:50.000000',
         'finish_time': '2026-11-23T22:04:50.000000', 'result': 'Success'},
        {'event': 'compute_post_live_migration_at_destination',
         'start_time': '2026-11-23T22:04:51.000000',
         'finish_time': '2026-11-23T22:04:52.000000', 'result': 'Success',
         'traceback': None}]}


class TestNovaRecord(testtools.TestCase):

    def test_seconds_run_from_action_start_to_last_event_finish(self):
        summary = timing.summarize_instance_action(INSTANCE_ACTION)
        self.assertEqual(2.0, summary['seconds'])
        self.assertEqual('live-migration', summary['action'])
        self.assertEqual(['conductor_live_migrate_instance',
                          'compute_post_live_migration_at_destination'],
                         [event['event'] for event in summary['events']])

    def test_unfinished_action_has_no_seconds(self):
        self.assertIsNone(timing.summarize_instance_action(
            {'start_time': '2026-11-23T22:04:50Z', 'events': [
                {'event': 'x', 'finish_time': None}]})['seconds'])

    def test_parse_nova_time_takes_every_form(self):
        for text in ('2026-11-23T22:04:50.000000', '2026-11-23T22:04:50',
                     '2026-11-23T22:04:50Z', '2026-11-23T22:04:50+00:00'):
            self.assertEqual(50, timing.parse_nova_time(text).second)
        self.assertIsNone(timing.parse_nova_time(None))


class TestOutcome(testtools.TestCase):

    def test_timeout_or_failed(self):
        self.assertEqual('timeout', timing.outcome_of(
            (None, waiters.WaitTimeout('late'), None)))
        self.assertEqual('failed', timing.outcome_of(
            (None, waiters.WaitFailed('ERROR'), None)))
        self.assertEqual('failed', timing.outcome_of(
            (None, AssertionError('x'), None)))


class FakeActionsCompute(object):
    def __init__(self, failing=False):
        self.failing = failing
        self.urls = []

    def get(self, url):
        self.urls.append(url)
        if self.failing:
            raise RuntimeError('X-Auth-Token: gAAAAAB' + 'z' * 40)
        body = dict(INSTANCE_ACTION, request_id=url.rsplit('/', 1)[-1])
        return fakes.FakeResponse({'instanceAction': body})


class TestMoveObserver(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.clock = FakeClock()
        self.log = timing.RequestLog(clock=self.clock)
        self.report = os.path.join(self.useFixture(
            fixtures.TempDir()).path, 'report.jsonl')
        self.conn = mock.Mock(compute=FakeActionsCompute())
        self.observer = timing.MoveObserver(
            'pkg.Test.test_x[id-1]', self.log, self.conn, self.report,
            clock=self.clock, now=lambda: '2026-11-23T22:00:00Z')
        self.siblings = [
            model.Sibling('s-1', 'a-1', 'ACTIVE', 'c1', 'c1', 'nova',
                                 'm1.tiny'),
            model.Sibling('s-2', 'a-2', 'ACTIVE', 'c2', 'c2', 'nova',
                                 'm1.tiny')]

    def lines(self):
        with open(self.report) as report:
            return [json.loads(line) for line in report]

    def build(self):
        self.observer.build_started(2)
        self.log.request_sent('POST', 'servers', {'server': {}})
        self.observer.build_servers(['s-1', 's-2'])
        self.assertEqual(['s-1', 's-2'], self.observer.watched_servers())
        self.clock.now += 1.5
        self.observer.build_finished(self.siblings)

    def test_one_line_per_build_and_per_move(self):
        self.build()
        self.log.request_sent('GET', 'os-migrations', None)
        migrate = self.log.request_sent('POST', ACTION_URL,
                                        {'migrate': None})
        self.log.response_received(migrate, response('req-m'))
        self.assertEqual(['s-1'], self.observer.watched_servers())
        self.clock.now += 2.25
        for _ in range(4):
            self.log.request_sent('GET', 'servers/s-1', None)
        self.log.request_sent('POST', ACTION_URL, {'confirmResize': None})
        self.observer.move_verified(mock.Mock(id='s-1', compute_host='c2'))
        build, move = self.lines()
        self.assertEqual(
            {'time': '2026-11-23T22:00:00Z', 'test': 'pkg.Test.test_x[id-1]',
             'record': 'build', 'kind': 'build', 'siblings': 2,
             'wall_s': 1.5, 'api_requests': 1, 'outcome': 'verified',
             'hosts': ['c1', 'c2']}, build)
        self.assertEqual(('move', 'cold-migrate+confirm', 2, 's-1', 'c1',
                          'c2', 2.25, 6, 'verified'),
                         tuple(move[key] for key in (
                             'record', 'kind', 'siblings', 'server',
                             'source', 'dest', 'wall_s', 'api_requests',
                             'outcome')))
        # Nova's record of each action, read after the clock stopped.
        self.assertEqual(['req-m', None], [
            nova and nova['request_id'] for nova in move['nova']])
        self.assertEqual(2.0, move['nova'][0]['seconds'])
        # The next move starts after this one.
        self.assertEqual([], self.observer.current_move())

    def test_a_failed_move_gets_its_line_and_outcome(self):
        self.build()
        self.log.request_sent('POST', ACTION_URL, {'os-migrateLive': {}})
        self.clock.now += 3
        self.observer.failed((None, lib_exc.TimeoutException(
            'server s-1 to be ACTIVE\nWhat the cloud said: ...'), None))
        move = self.lines()[-1]
        self.assertEqual(('live-migrate', 'timeout', 3.0), (
            move['kind'], move['outcome'], move['wall_s']))
        self.assertIn('server s-1 to be ACTIVE', move['error'])
        self.assertNotIn('What the cloud said', move['error'])

    def test_an_aborted_live_migration_is_one_move(self):
        self.build()
        self.log.request_sent('POST', ACTION_URL, {'os-migrateLive': {}})
        self.log.request_sent('DELETE', 'servers/s-1/migrations/5', None)
        self.observer.move_verified(mock.Mock(id='s-1', compute_host='c1'))
        move = self.lines()[-1]
        self.assertEqual(('live-migrate+abort', 2), (
            move['kind'], len(move['nova'])))

    def test_a_failed_build_gets_its_line(self):
        self.observer.build_started(2)
        self.observer.failed((None, AssertionError('ERROR: no host'), None))
        [build] = self.lines()
        self.assertEqual(('build', 'failed', 'ERROR: no host'),
                         (build['kind'], build['outcome'], build['error']))

    def test_nova_record_errors_are_reported_scrubbed(self):
        self.conn.compute.failing = True
        self.build()
        self.log.request_sent('POST', ACTION_URL, {'evacuate': {}})
        self.log.actions[-1].request_id = 'req-e'
        self.observer.move_verified(mock.Mock(id='s-1', compute_host='c2'))
        line = open(self.report).read().splitlines()[-1]
        self.assertNotIn('zzzz', line)
        self.assertIn('X-Auth-Token: ***', line)

    def test_no_report_file_writes_nothing(self):
        timing.append_json_line(None, {'a': 1})
        timing.append_json_line('', {'a': 1})
        self.assertFalse(os.path.exists(self.report))

    def test_guest_check_fields_come_after_the_clock_stopped(self):
        self.build()
        self.log.request_sent('POST', ACTION_URL,
                              {'os-migrateLive': {'host': None}})
        self.clock.now += 3.0

        def guest_check():
            # The console readings take time that is not the move's.
            self.clock.now += 2.0
            return {'downtime_s': 0.093}

        self.observer.move_verified(mock.Mock(id='s-1', compute_host='c2'),
                                    after_clock=guest_check)
        move = self.lines()[-1]
        self.assertEqual((3.0, 0.093), (move['wall_s'], move['downtime_s']))

    def test_a_move_verified_again_writes_no_second_line(self):
        self.build()
        self.log.request_sent('POST', ACTION_URL, {'evacuate': {}})
        self.observer.move_verified(mock.Mock(id='s-1', compute_host='c2'))
        self.observer.move_verified(mock.Mock(id='s-1', compute_host='c2'))
        self.assertEqual(['build', 'move'],
                         [line['record'] for line in self.lines()])

    def test_a_second_move_starts_where_the_first_ended(self):
        self.build()
        for dest in ('c2', 'c1'):
            self.log.request_sent('POST', ACTION_URL, {'os-migrateLive': {}})
            self.observer.move_verified(mock.Mock(id='s-1',
                                                  compute_host=dest))
        self.assertEqual([('c1', 'c2'), ('c2', 'c1')], [
            (line['source'], line['dest']) for line in self.lines()[1:]])

    def test_two_moves_at_once_get_a_line_and_a_guest_check_each(self):
        self.build()
        self.log.request_sent('POST', ACTION_URL, {'os-migrateLive': {}})
        self.log.request_sent('POST', 'servers/s-2/action',
                              {'os-migrateLive': {}})
        checked = []
        # The second one ends first.
        for server_id, dest in (('s-2', 'c1'), ('s-1', 'c2')):
            self.observer.move_verified(
                mock.Mock(id=server_id, compute_host=dest),
                after_clock=lambda server_id=server_id: checked.append(
                    server_id) or {})
        self.assertEqual(['s-2', 's-1'], checked)
        self.assertEqual([('s-2', 'c2', 'c1'), ('s-1', 'c1', 'c2')], [
            (line['server'], line['source'], line['dest'])
            for line in self.lines()[1:]])


class TestMoveRequestIds(testtools.TestCase):

    def test_the_latest_move_and_the_requests_that_ended_it(self):
        log = timing.RequestLog()
        for server_id, body, request_id in (
                ('s-1', {'migrate': None}, 'req-1'),
                ('s-1', {'confirmResize': None}, 'req-2'),
                ('s-1', {'os-migrateLive': {}}, 'req-3'),
                ('s-2', {'os-migrateLive': {}}, 'req-4')):
            action = log.request_sent('POST', 'servers/%s/action' % server_id,
                                      body)
            log.response_received(action, response(request_id))
        abort = log.request_sent('DELETE', 'servers/s-1/migrations/7', None)
        log.response_received(abort, response('req-5'))
        self.assertEqual(['req-3', 'req-5'], log.move_request_ids('s-1'))
        self.assertEqual([], log.move_request_ids('s-3'))
