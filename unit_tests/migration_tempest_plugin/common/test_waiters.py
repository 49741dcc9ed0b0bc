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

import testtools

from migration_tempest_plugin.common import describe
from migration_tempest_plugin.common import waiters
from unit_tests import fakes


class FakeClock(object):
    def __init__(self):
        self.now = 0.0
        self.pauses = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.pauses.append(seconds)
        self.now += seconds


class TestWaitUntil(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.clock = FakeClock()

    def wait(self, poll, timeout=10, interval=1, report=None):
        return waiters.wait_until('thing', poll, timeout, interval, report,
                                  clock=self.clock, sleep=self.clock.sleep)

    def test_returns_what_was_seen_when_done(self):
        answers = iter([(False, 'a'), (False, 'b'), (True, 'c')])
        self.assertEqual('c', self.wait(lambda: next(answers)))

    def test_pauses_start_fast_and_back_off_to_the_interval(self):
        self.assertRaises(waiters.WaitTimeout, self.wait,
                          lambda: (False, 'x'), timeout=15, interval=1)
        pauses = [round(p, 3) for p in self.clock.pauses]
        # 0.25 s until 0.25 s is 15% of the time waited, then 15% of it,
        # then the interval; the last pause ends at the deadline.
        self.assertEqual([0.25] * 7, pauses[:7])
        self.assertEqual([0.263, 0.302, 0.347], pauses[7:10])
        self.assertEqual([1, 1, 1], pauses[-4:-1])
        self.assertEqual(15, round(sum(self.clock.pauses), 3))

    def test_timeout_says_last_state_and_what_the_cloud_said(self):
        seen = iter(['building', 'building', 'still building'])
        error = self.assertRaises(
            waiters.WaitTimeout, self.wait, lambda: (False, next(seen)),
            timeout=0.4, report=lambda: 'fault: no host')
        # Polls at 0, 0.25 and at the deadline.
        self.assertIn('thing: not done after 0.4 s (3 polls). Last seen: '
                      'still building', str(error))
        self.assertIn('What the cloud said:\nfault: no host', str(error))

    def test_failure_stops_at_once_with_the_report(self):
        def poll():
            raise waiters.WaitFailed('went to ERROR')

        error = self.assertRaises(waiters.WaitFailed, self.wait, poll,
                                  report=lambda: 'fault: boom')
        self.assertEqual('thing failed: went to ERROR\nWhat the cloud said:'
                         '\nfault: boom', str(error))
        self.assertEqual([], self.clock.pauses)

    def test_a_failing_report_does_not_hide_the_failure(self):
        def report():
            raise RuntimeError('cloud unreachable')

        error = self.assertRaises(waiters.WaitTimeout, self.wait,
                                  lambda: (False, 'x'), timeout=0.1,
                                  report=report)
        self.assertIn('Last seen: x', str(error))
        self.assertIn('could not ask the cloud', str(error))


class TestServerAndMigrationWaits(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.cloud = fakes.FakeCloud()

    def test_active_is_not_enough_while_a_task_runs(self):
        self.cloud.servers['s'] = [
            fakes.server_body('s', 'c1', task_state='migrating'),
            fakes.server_body('s', 'c2')]
        server = waiters.wait_for_server_status(self.cloud, 's', 'ACTIVE',
                                                5, 0.01)
        self.assertEqual('c2', server.compute_host)
        self.assertEqual([], self.cloud.servers['s'][1:])

    def test_error_fails_with_the_fault(self):
        self.cloud.servers['s'] = [fakes.server_body(
            's', 'c1', status='ERROR', fault={'message': 'NoValidHost'})]
        error = self.assertRaises(waiters.WaitFailed,
                                  waiters.wait_for_server_status,
                                  self.cloud, 's', 'ACTIVE', 5, 0.01)
        self.assertIn('NoValidHost', str(error))

    def shelve_that_failed(self, result='Error'):
        self.cloud.servers['s'] = [
            fakes.server_body('s', 'c1', task_state='shelving'),
            fakes.server_body('s', 'c1')]
        self.cloud.actions['s'] = [
            {'action': 'create', 'request_id': 'req-1',
             'start_time': '2026-11-24T00:00:00', 'message': None,
             'events': [{'event': 'compute__do_build_and_run_instance',
                         'result': 'Success', 'host': 'c1'}]},
            {'action': 'shelve', 'request_id': 'req-2',
             'start_time': '2026-11-24T00:10:00', 'message': result,
             'events': [{'event': 'compute_shelve_instance',
                         'result': result, 'host': 'c1',
                         'details': 'Instance s could not be found.'}]}]

    def test_busy_server_back_at_rest_after_a_failed_action_fails_at_once(
            self):
        self.shelve_that_failed()
        error = self.assertRaises(
            waiters.WaitFailed, waiters.wait_for_server_status, self.cloud,
            's', ('SHELVED', 'SHELVED_OFFLOADED'), 60, 0.01)
        self.assertIn('server s came to rest ACTIVE, not SHELVED or '
                      'SHELVED_OFFLOADED, and nova ended the request: action '
                      'shelve request=req-2',
                      str(error))
        self.assertIn('compute_shelve_instance result=Error host=c1 '
                      'details: Instance s could not be found.', str(error))

    def test_busy_server_at_rest_after_a_good_action_is_awaited(self):
        self.shelve_that_failed(result='Success')
        self.assertRaises(waiters.WaitTimeout, waiters.wait_for_server_status,
                          self.cloud, 's', 'SHELVED', 0.3, 0.01)
        # Actions are read once per return to rest, not at every poll.
        self.assertEqual(1, len(self.cloud.compute_requests))

    def test_server_at_rest_from_the_start_reads_no_action(self):
        # A confirmed resize stays VERIFY_RESIZE, at rest, until done.
        self.cloud.servers['s'] = [
            fakes.server_body('s', 'c2', status='VERIFY_RESIZE'),
            fakes.server_body('s', 'c2')]
        waiters.wait_for_server_status(self.cloud, 's', 'ACTIVE', 5, 0.01)
        self.assertEqual([], self.cloud.compute_requests)

    def refused_unshelve(self):
        """Nova refused before the first poll saw a task_state."""
        self.cloud.servers['s'] = [fakes.server_body(
            's', None, status='SHELVED_OFFLOADED')]
        self.cloud.actions['s'] = [
            {'action': 'unshelve', 'request_id': 'req-3',
             'start_time': '2026-11-24T00:20:00', 'message': 'Error',
             'events': [{'event': 'schedule_instances', 'result': 'Error',
                         'host': 'ctl', 'details': 'No valid host was '
                         'found. There are not enough hosts available.'}]}]

    def test_request_refused_before_any_task_state_fails_at_first_poll(
            self):
        self.refused_unshelve()
        error = self.assertRaises(
            waiters.WaitFailed, waiters.wait_for_server_status, self.cloud,
            's', 'ACTIVE', 60, 0.01, request_id='req-3')
        self.assertIn('server s came to rest SHELVED_OFFLOADED, not ACTIVE, '
                      'and nova ended the request: action unshelve '
                      'request=req-3', str(error))
        self.assertIn('schedule_instances result=Error host=ctl details: '
                      'No valid host was found', str(error))
        self.assertEqual(1, len(self.cloud.compute_requests))

    def test_without_the_request_id_such_a_refusal_is_a_timeout(self):
        self.refused_unshelve()
        self.assertRaises(waiters.WaitTimeout, waiters.wait_for_server_status,
                          self.cloud, 's', 'ACTIVE', 0.2, 0.01)

    def test_request_not_recorded_yet_is_awaited(self):
        self.cloud.servers['s'] = [
            fakes.server_body('s', None, status='SHELVED_OFFLOADED'),
            fakes.server_body('s', 'c1', task_state='spawning'),
            fakes.server_body('s', 'c1')]
        server = waiters.wait_for_server_status(
            self.cloud, 's', 'ACTIVE', 5, 0.01, request_id='req-4')
        self.assertEqual('c1', server.compute_host)

    def test_offloaded_is_not_enough_while_the_host_is_set(self):
        # nova's offload clears the host in a save after the status.
        self.cloud.servers['s'] = [
            fakes.server_body('s', 'c1', status='SHELVED_OFFLOADED'),
            fakes.server_body('s', None, status='SHELVED_OFFLOADED')]
        server = waiters.wait_for_host_cleared(self.cloud, 's', 5, 0.01)
        self.assertIsNone(server.compute_host)
        self.assertEqual([], self.cloud.servers['s'][1:])

    def test_a_host_never_cleared_times_out_naming_it(self):
        self.cloud.servers['s'] = [
            fakes.server_body('s', 'c1', status='SHELVED_OFFLOADED')]
        error = self.assertRaises(waiters.WaitTimeout,
                                  waiters.wait_for_host_cleared, self.cloud,
                                  's', 0.2, 0.01)
        self.assertIn('server s to have no host', str(error))
        self.assertIn('host=c1', str(error))

    def test_deleted(self):
        self.cloud.servers['s'] = [fakes.server_body('s', 'c1')]
        self.cloud.servers['s'].pop()
        waiters.wait_for_server_deleted(self.cloud, 's', 5, 0.01)

    def migration(self, status, uuid='m1', created='2026-11-23T22:00:00'):
        return dict(id=1, uuid=uuid, migration_type='live-migration',
                    status=status, source_compute='c1', dest_compute='c2',
                    created_at=created)

    def test_migration_record_lagging_the_server_is_polled(self):
        self.cloud.migrations['s'] = [
            [], [self.migration('running')],
            [self.migration('completed')]]
        migration = waiters.wait_for_migration(
            self.cloud, 's', 'live-migration', ('completed',), 5, 0.01)
        self.assertEqual(('m1', 'completed'),
                         (migration.uuid, migration.status))

    def test_known_records_are_not_the_moves_own(self):
        self.cloud.migrations['s'] = [
            [self.migration('completed', 'old', '2026-11-23T21:00:00')],
            [self.migration('completed', 'new'),
             self.migration('completed', 'old', '2026-11-23T21:00:00')]]
        migration = waiters.wait_for_migration(
            self.cloud, 's', 'live-migration', ('completed',), 5, 0.01,
            known={'old'})
        self.assertEqual('new', migration.uuid)

    def test_accept_decides_within_an_awaited_status(self):
        self.cloud.migrations['s'] = [
            [self.migration('running', 'early')],
            [self.migration('running', 'copying')]]
        migration = waiters.wait_for_migration(
            self.cloud, 's', 'live-migration', ('running',), 5, 0.01,
            accept=lambda record: record.uuid == 'copying')
        self.assertEqual('copying', migration.uuid)

    def live_migration_action(self, compute_finished):
        self.cloud.actions['s'] = [
            {'action': 'live-migration', 'request_id': 'req-7',
             'start_time': '2026-11-24T00:10:00', 'message': None,
             'events': [
                 {'event': 'conductor_live_migrate_instance',
                  'result': 'Success', 'finish_time': '2026-11-24T00:10:01'},
                 {'event': 'compute_live_migration', 'result': None,
                  'finish_time': compute_finished}]}]

    def test_error_of_a_late_refusal_is_not_its_end(self):
        # The source saves error, rolls back, then saves failed.
        self.live_migration_action(compute_finished=None)
        self.cloud.migrations['s'] = [[self.migration('error')],
                                      [self.migration('failed')]]
        migration = waiters.wait_for_migration(
            self.cloud, 's', 'live-migration', ('error', 'failed'), 5, 0.01,
            accept=waiters.error_settled(self.cloud, 's', 'live-migration'))
        self.assertEqual('failed', migration.status)

    def test_error_of_a_refused_pre_live_migration_awaits_failed(self):
        # Seen on the fake driver: every event had ended (the source's
        # rollback runs in a thread of its own) while the record was still
        # error; it turned failed a moment later.
        self.live_migration_action(compute_finished='2026-11-24T00:10:03')
        self.cloud.actions['s'][0]['events'].append(
            {'event': 'compute_pre_live_migration', 'result': 'Error',
             'finish_time': '2026-11-24T00:10:02'})
        self.cloud.migrations['s'] = [[self.migration('error')],
                                      [self.migration('error')],
                                      [self.migration('failed')]]
        migration = waiters.wait_for_migration(
            self.cloud, 's', 'live-migration', ('error', 'failed'), 5, 0.01,
            accept=waiters.error_settled(self.cloud, 's', 'live-migration'))
        self.assertEqual('failed', migration.status)

    def test_error_with_the_request_ended_is_its_end(self):
        self.live_migration_action(compute_finished='2026-11-24T00:10:03')
        self.cloud.migrations['s'] = [[self.migration('error')]]
        migration = waiters.wait_for_migration(
            self.cloud, 's', 'live-migration', ('error', 'failed'), 5, 0.01,
            accept=waiters.error_settled(self.cloud, 's', 'live-migration'))
        self.assertEqual('error', migration.status)

    def test_no_action_recorded_is_not_finished(self):
        self.assertFalse(waiters.action_finished(self.cloud, 's',
                                                 'live-migration'))

    def test_a_passed_status_fails_at_once(self):
        self.cloud.migrations['s'] = [[self.migration('completed')]]
        error = self.assertRaises(
            waiters.WaitFailed, waiters.wait_for_migration, self.cloud, 's',
            'live-migration', ('running',), 60, 0.01, passed=('completed',))
        self.assertIn('status=completed', str(error))

    def test_migration_in_error_fails_with_the_record(self):
        self.cloud.servers['s'] = [fakes.server_body('s', 'c1')]
        self.cloud.migrations['s'] = [[self.migration('error')]]
        error = self.assertRaises(
            waiters.WaitFailed, waiters.wait_for_migration, self.cloud, 's',
            'live-migration', ('completed',), 5, 0.01)
        self.assertIn('status=error source=c1/None dest=c2/None',
                      str(error))

    def test_request_ended_before_its_record_fails_at_once(self):
        self.refused_unshelve()
        self.cloud.actions['s'][0]['request_id'] = 'req-5'
        self.cloud.migrations['s'] = [[]]
        error = self.assertRaises(
            waiters.WaitFailed, waiters.wait_for_migration, self.cloud, 's',
            'evacuation', ('done',), 60, 0.01, request_id='req-5')
        self.assertIn('nova ended the request req-5: action unshelve',
                      str(error))
        self.assertIn('no evacuation record', str(error))

    def test_an_expected_refusal_waits_for_its_record(self):
        # The scheduler's refusal shows in the event before the record.
        self.refused_unshelve()
        self.cloud.actions['s'][0]['request_id'] = 'req-6'
        self.cloud.migrations['s'] = [[self.migration('queued')],
                                      [self.migration('error')]]
        migration = waiters.wait_for_migration(
            self.cloud, 's', 'live-migration', ('error',), 5, 0.01,
            request_id='req-6')
        self.assertEqual('error', migration.status)

    def test_record_in_error_names_the_requests_failed_event(self):
        self.refused_unshelve()
        self.cloud.migrations['s'] = [[self.migration('error')]]
        error = self.assertRaises(
            waiters.WaitFailed, waiters.wait_for_migration, self.cloud, 's',
            'live-migration', ('completed',), 60, 0.01, request_id='req-3')
        self.assertIn('status=error', str(error))
        self.assertIn('schedule_instances result=Error', str(error))

    def failed_live_migration(self, **event_fields):
        self.cloud.servers['s'] = [fakes.server_body(
            's', 'c1', status='ERROR', fault={'message': 'NoValidHost'})]
        self.cloud.migrations['s'] = [[self.migration('error')]]
        event = {'event': 'conductor_live_migrate_instance',
                 'result': 'Error', 'host': 'ctl',
                 'traceback': 'Traceback:\n  ...\n    raise result\n'}
        event.update(event_fields)
        self.cloud.actions['s'] = [{
            'action': 'live-migration', 'request_id': 'req-1',
            'message': 'Error', 'events': [event]}]

    def test_what_the_cloud_said(self):
        self.failed_live_migration(details='No valid host was found.')
        self.cloud.services = [fakes.service_body('c4', status='disabled'),
                               fakes.service_body('c2', state='down'),
                               fakes.service_body('c1'),
                               fakes.service_body('c3')]
        said = describe.what_the_cloud_said(self.cloud, 's')
        self.assertEqual(
            "server s: status=ERROR task_state=None vm_state=error host=c1 "
            "node=c1\n"
            "fault: {'message': 'NoValidHost'}\n"
            "ports: no ports\n"
            "migration m1 (id 1): type=live-migration status=error "
            "source=c1/None dest=c2/None created=2026-11-23T22:00:00 "
            "updated=None\n"
            "nova-compute of the hosts involved or not up and enabled: c1 "
            "(up, enabled, zone nova), c2 (down, enabled, zone nova), c4 "
            "(up, disabled, zone nova)\n"
            "action live-migration request=req-1 message=Error events: "
            "conductor_live_migrate_instance result=Error host=ctl "
            "details: No valid host was found.", said)
        self.assertEqual(
            [('/servers/s/os-instance-actions/req-1',
              describe.EVENT_DETAILS_MICROVERSION)],
            self.cloud.compute_requests)

    def test_older_cloud_events_end_with_the_traceback(self):
        self.cloud.compute_endpoint.max_microversion = (2, 60)
        self.failed_live_migration(host=None)
        said = describe.what_the_cloud_said(self.cloud, 's')
        self.assertIn('conductor_live_migrate_instance result=Error '
                      'host=None traceback ends: raise result', said)
        # At the connection's own microversion.
        self.assertEqual([('/servers/s/os-instance-actions/req-1', None)],
                         self.cloud.compute_requests)

    def test_what_the_cloud_said_of_a_missing_server(self):
        self.cloud.servers['s'] = []
        self.assertEqual('server s: not found',
                         describe.what_the_cloud_said(self.cloud, 's'))


class TestNovaDoneWithTheMove(testtools.TestCase):
    """Requests ended, state held, refusals that land, stuck moves."""

    def setUp(self):
        super().setUp()
        self.cloud = fakes.FakeCloud()
        self.clock = FakeClock()

    def record(self, status, dest='c2'):
        return dict(id=1, uuid='m1', migration_type='live-migration',
                    status=status, source_compute='c1', dest_compute=dest,
                    created_at='2026-11-23T22:00:00',
                    updated_at='2026-11-23T22:00:05')

    def test_requests_are_awaited_until_every_event_ended(self):
        action = {'action': 'live-migration', 'request_id': 'req-7',
                  'start_time': '2026-11-24T00:10:00', 'message': None,
                  'events': [{'event': 'compute_live_migration',
                              'result': None, 'finish_time': None}]}
        self.cloud.actions['s'] = [action]
        polls = []

        def sleep(seconds):
            polls.append(seconds)
            action['events'][0].update(result='Success',
                                       finish_time='2026-11-24T00:10:09')

        waiters.wait_for_requests_ended(self.cloud, 's', ['req-7', None], 5,
                                        0.01, sleep=sleep)
        self.assertEqual(1, len(polls))

    def test_a_request_never_recorded_times_out_naming_it(self):
        error = self.assertRaises(
            waiters.WaitTimeout, waiters.wait_for_requests_ended, self.cloud,
            's', ['req-9'], 0.05, 0.01)
        self.assertIn('request req-9: no instance action yet', str(error))

    def seen(self):
        """The server and its record as a wait last saw them."""
        return (self.cloud.compute.get_server('s'),
                self.cloud.compute.migrations('s')[0])

    def test_a_state_that_holds_is_returned(self):
        self.cloud.servers['s'] = [fakes.server_body('s', 'c1')]
        self.cloud.migrations['s'] = [[self.record('cancelled')]]
        server, record = waiters.hold_still(
            self.cloud, *self.seen(), 5, 1, clock=self.clock,
            sleep=self.clock.sleep)
        self.assertEqual(('c1', 'cancelled'),
                         (server.compute_host, record.status))
        self.assertEqual(5, sum(self.clock.pauses))

    def test_a_late_change_fails_naming_it(self):
        # nova 34's libvirt driver after an aborted live migration.
        self.cloud.servers['s'] = [fakes.server_body('s', 'c1'),
                                   fakes.server_body('s', 'c1'),
                                   fakes.server_body('s', 'c1',
                                                     status='ERROR')]
        self.cloud.migrations['s'] = [[self.record('cancelled')],
                                      [self.record('cancelled')],
                                      [self.record('error')]]
        error = self.assertRaises(
            waiters.WaitFailed, waiters.hold_still, self.cloud, *self.seen(),
            5, 1, clock=self.clock, sleep=self.clock.sleep)
        self.assertIn('server s changed 2.0 s after its move looked ended '
                      '(nova was not done with it): first status ACTIVE, '
                      'task_state None, host c1, migration cancelled, then '
                      'status ERROR, task_state None, host c1, migration '
                      'error', str(error))

    def test_a_refused_move_that_lands_fails_at_once(self):
        self.cloud.servers['s'] = [fakes.server_body('s', 'compute3')]
        self.cloud.migrations['s'] = [[self.record('running', 'compute3')],
                                      [self.record('completed', 'compute3')]]
        error = self.assertRaises(
            waiters.WaitFailed, waiters.wait_for_migration, self.cloud, 's',
            'live-migration', ('error',), 5, 0.01, landed=('completed',))
        self.assertIn('nova carried out the live-migration it should have '
                      'refused: its record went completed and server s is '
                      'now on compute3', str(error))

    def test_a_stuck_move_says_since_when_and_what_nova_holds(self):
        self.cloud.servers['s'] = [fakes.server_body(
            's', 'c1', status='MIGRATING', task_state='migrating')]
        self.cloud.migrations['s'] = [[self.record('preparing')]]
        self.cloud.providers = {'rp-1': 'c1', 'rp-2': 'c2'}
        self.cloud.allocations = {
            's': {'rp-1': {'resources': {'VCPU': 1}}},
            'm1': {'rp-2': {'resources': {'VCPU': 1}}}}
        error = self.assertRaises(
            waiters.WaitTimeout, waiters.wait_for_migration, self.cloud, 's',
            'live-migration', ('completed',), 3, 1, clock=self.clock,
            sleep=self.clock.sleep)
        self.assertIn('Last seen: the move is stuck: migration m1', str(error))
        self.assertIn('has been preparing since 2026-11-23T22:00:05',
                      str(error))
        self.assertIn('nova holds the server status=MIGRATING '
                      'task_state=migrating', str(error))
        self.assertIn('Placement holds for the server: c1 (rp-1) VCPU=1; '
                      'under the migration: c2 (rp-2) VCPU=1', str(error))

    def test_a_recovery_from_error_waits_while_nova_works(self):
        self.cloud.servers['s'] = [
            fakes.server_body('s', 'c1', status='ERROR',
                              task_state='rebooting_hard'),
            fakes.server_body('s', 'c1')]
        server = waiters.wait_for_server_status(
            self.cloud, 's', 'ACTIVE', 5, 0.01, from_error=True)
        self.assertEqual('ACTIVE', server.status)

    def test_a_recovery_that_ends_in_error_fails(self):
        self.cloud.servers['s'] = [
            fakes.server_body('s', 'c1', status='ERROR',
                              task_state='rebooting_hard'),
            fakes.server_body('s', 'c1', status='ERROR')]
        self.assertRaises(waiters.WaitFailed, waiters.wait_for_server_status,
                          self.cloud, 's', 'ACTIVE', 5, 0.01,
                          from_error=True)

    def test_a_request_that_landed_instead_of_failing_fails_at_once(self):
        # An unshelve the test broke that nova carried out all the same.
        self.cloud.servers['s'] = [fakes.server_body('s', 'c1')]
        self.cloud.actions['s'] = [
            {'action': 'unshelve', 'request_id': 'req-u',
             'start_time': '2026-11-24T00:10:00', 'message': None,
             'events': [{'event': 'compute_unshelve_instance',
                         'result': 'Success',
                         'finish_time': '2026-11-24T00:10:02'}]}]
        error = self.assertRaises(
            waiters.WaitFailed, waiters.wait_for_server_status, self.cloud,
            's', 'SHELVED_OFFLOADED', 5, 0.01, request_id='req-u')
        self.assertIn('came to rest ACTIVE, not SHELVED_OFFLOADED, and nova '
                      'ended the request: action unshelve', str(error))

    def test_a_failed_reading_the_next_one_contradicts_is_not_a_failure(self):
        self.cloud.servers['s'] = [
            fakes.server_body('s', 'c1', task_state='migrating')]
        self.cloud.migrations['s'] = [
            [self.record('error', dest=None)],
            [self.record('pre-migrating')],
            [self.record('completed')]]
        migration = waiters.wait_for_migration(
            self.cloud, 's', 'live-migration', ('completed',), 5, 0.01)
        self.assertEqual('completed', migration.status)

    def test_a_failure_read_twice_fails(self):
        self.cloud.servers['s'] = [fakes.server_body('s', 'c1')]
        self.cloud.migrations['s'] = [[self.record('error')],
                                      [self.record('error')]]
        self.assertRaises(waiters.WaitFailed, waiters.wait_for_migration,
                          self.cloud, 's', 'live-migration', ('completed',),
                          5, 0.01)

    def test_a_failed_record_is_not_judged_while_nova_moves_the_server(self):
        # The resource tracker marked the record 'error' (a stale migration
        # context); the resize went on and wrote over it.
        self.cloud.servers['s'] = [
            fakes.server_body('s', 'c1', task_state='resize_prep'),
            fakes.server_body('s', 'c1', task_state='resize_migrated')]
        self.cloud.migrations['s'] = [[self.record('error')]] * 4 + [
            [self.record('running')], [self.record('completed')]]
        migration = waiters.wait_for_migration(
            self.cloud, 's', 'live-migration', ('completed',), 5, 0.01)
        self.assertEqual('completed', migration.status)

    def test_a_failed_record_is_judged_once_nova_is_at_rest(self):
        self.cloud.servers['s'] = [
            fakes.server_body('s', 'c1', task_state='resize_prep'),
            fakes.server_body('s', 'c1', status='ERROR')]
        self.cloud.migrations['s'] = [[self.record('error')]]
        error = self.assertRaises(
            waiters.WaitFailed, waiters.wait_for_migration, self.cloud, 's',
            'live-migration', ('completed',), 5, 0.01)
        self.assertIn('status=error', str(error))

    def test_the_requests_action_is_read_every_few_seconds_only(self):
        self.cloud.migrations['s'] = [[self.record('running')]] * 8 + [
            [self.record('completed')]]
        self.cloud.actions['s'] = [
            {'action': 'live-migration', 'request_id': 'req-7',
             'start_time': '2026-11-24T00:10:00', 'message': None,
             'events': [{'event': 'compute_live_migration', 'result': None,
                         'finish_time': None}]}]
        waiters.wait_for_migration(
            self.cloud, 's', 'live-migration', ('completed',), 60, 1,
            request_id='req-7', clock=self.clock, sleep=self.clock.sleep)
        # 9 polls in 0.8 s of the fake clock: the action read once.
        self.assertEqual(1, len(self.cloud.compute_requests))
