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

"""Unit tests of tests/move_base.py: a compute stopped and started around
an evacuation, with fakes; the JSON each move request sends.
"""

import json
from unittest import mock

import fixtures
from keystoneauth1 import noauth
from keystoneauth1 import session as ks_session
from openstack.compute.v2 import service as sdk_service
from openstack import connection as sdk_connection
from openstack import exceptions as sdk_exc
import requests
import testtools

from migration_tempest_plugin.common import compute_commands
from migration_tempest_plugin.common import model
from migration_tempest_plugin.common import ports
from migration_tempest_plugin.common import waiters
from migration_tempest_plugin import config as migration_config
from migration_tempest_plugin.tests import move_base
from unit_tests import conf as fake_conf
from unit_tests import fakes

COMMANDS = ('[migration]\ncompute_stop_command = stop {host}\n'
            'compute_start_command = start {host}\n')


class FakeServices(object):
    """nova-compute of c1: refuses to clear forced_down refusals times.

    Each change of the record moves its updated_at on by a second: a
    forced_down request, and a report of the compute once ``running``,
    which comes at every ``report_every``-th look at the service.
    """

    def __init__(self, refusals=0):
        self.body = fakes.service_body('c1')
        self.body.update(id='svc-1', forced_down=False)
        self.refusals = refusals
        self.requests = []
        self.deleting = 0
        self.looks_at_servers = 0
        self.seconds = 0
        self.running = True
        self.report_every = 1
        self.looks_at_service = 0
        self.touch()

    def touch(self):
        self.seconds += 1
        self.body['updated_at'] = '2026-12-08T01:00:%02d.000000' % (
            self.seconds)

    def services(self, binary, host):
        self.looks_at_service += 1
        if self.running and self.looks_at_service % self.report_every == 0:
            self.touch()
        return [sdk_service.Service.existing(**self.body)]

    def servers(self, all_projects):
        """Every server: one being deleted for the first ``deleting`` looks."""
        self.looks_at_servers += 1
        if self.looks_at_servers <= self.deleting:
            return [mock.Mock(id='s-9', task_state='deleting'),
                    mock.Mock(id='s-8', task_state=None)]
        return [mock.Mock(id='s-8', task_state=None)]

    def update_service_forced_down(self, service, forced):
        self.requests.append(forced)
        if not forced and self.refusals:
            self.refusals -= 1
            raise sdk_exc.BadRequestException(
                'Unable to force up host c1 as done evacuation migration '
                'records remain')
        self.body.update(forced_down=forced,
                         state='down' if forced else 'up')
        self.touch()


class TestComputeOutage(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.useFixture(fixtures.MockPatchObject(
            move_base, 'CONF', fake_conf.load(COMMANDS)))
        self.commands = []
        self.useFixture(fixtures.MockPatchObject(
            compute_commands, 'run_compute_command', self.run_command))
        self.failing = None
        self.fake = FakeServices()

        # Defined here so that the unit test runner does not run it.
        class Outage(move_base.ScheduledMoveTest):
            def do_nothing(self):
                pass

        self.outage = Outage('do_nothing')
        self.outage.stopped_hosts = set()
        self.outage.alone = False
        self.outage.serial_rw_lock = mock.Mock()
        self.outage.serial_rw_lock.trade_read_for_write.side_effect = (
            lambda: self.commands.append('alone'))
        self.outage.serial_rw_lock.trade_write_for_read.side_effect = (
            lambda: self.commands.append('sharing'))
        self.outage.settings = migration_config.resolve_settings(
            fake_conf.load('[compute]\nimage_ref = i\nflavor_ref = f\n'
                           '[migration]\nmove_timeout = 1\n'
                           'poll_interval = 0.01\n'
                           'compute_stop_command = stop {host}\n'
                           'compute_start_command = start {host}\n'))
        self.outage.admin_conn = self
        self.compute = self.fake

    def kinds(self):
        """'alone', 'stop', 'start', 'sharing': what was done, in order."""
        return [command if isinstance(command, str)
                else command[0].split()[0] for command in self.commands]

    def run_command(self, template, host, option, timeout):
        self.commands.append((template, host, option))
        if option == self.failing:
            raise compute_commands.CommandFailed('%s failed' % option)
        self.fake.running = option == compute_commands.START_OPTION

    def test_stop_then_start(self):
        self.outage.stop_compute('c1')
        self.assertEqual([True], self.fake.requests)
        self.outage.start_compute('c1')
        self.assertEqual(
            ['alone', ('stop {host}', 'c1', compute_commands.STOP_OPTION),
             ('start {host}', 'c1', compute_commands.START_OPTION)],
            self.commands)
        self.assertEqual([True, False], self.fake.requests)
        # The cleanup registered by the stop finds nothing left to do.
        self.outage.doCleanups()
        self.assertEqual(['alone', 'stop', 'start', 'sharing'],
                         self.kinds())

    def test_runs_alone_from_the_stop_until_given_back(self):
        self.outage.stop_compute('c1')
        self.outage.stop_compute('c2')
        self.outage.start_compute('c1')
        self.outage.start_compute('c2')
        self.outage.give_back_the_cloud()
        self.outage.doCleanups()
        self.assertEqual(['alone', 'stop', 'stop', 'start', 'start',
                          'sharing'],
                         self.kinds())

    def test_cleanups_start_the_host_before_giving_back(self):
        self.outage.stop_compute('c1')
        self.outage.doCleanups()
        self.assertEqual(['alone', 'stop', 'start', 'sharing'],
                         self.kinds())

    def test_runs_alone_once_deletions_in_flight_ended(self):
        self.fake.deleting = 2
        self.outage.stop_compute('c1')
        self.assertEqual(3, self.fake.looks_at_servers)
        self.assertEqual(['alone', 'stop'], self.kinds())

    def test_a_deletion_that_never_ends_stops_nothing(self):
        self.fake.deleting = 10 ** 6
        error = self.assertRaises(waiters.WaitTimeout,
                                  self.outage.stop_compute, 'c1')
        self.assertIn('servers still deleting: s-9', str(error))
        self.outage.doCleanups()
        self.assertEqual(['alone', 'sharing'], self.kinds())

    def test_a_serial_class_is_alone_already(self):
        self.outage.is_serial_execution_requested = lambda: True
        self.outage.take_the_cloud()
        self.outage.give_back_the_cloud()
        self.assertEqual([], self.commands)

    def test_forced_down_cleared_once_nova_accepts(self):
        self.fake.refusals = 2
        self.outage.stop_compute('c1')
        self.outage.start_compute('c1')
        self.assertEqual([True, False, False, False], self.fake.requests)
        self.assertFalse(self.fake.body['forced_down'])

    def test_failed_stop_still_starts_in_cleanup(self):
        self.failing = compute_commands.STOP_OPTION
        self.assertRaises(compute_commands.CommandFailed,
                          self.outage.stop_compute, 'c1')
        self.outage.doCleanups()
        self.assertEqual(compute_commands.START_OPTION, self.commands[-2][2])
        self.assertEqual('sharing', self.commands[-1])

    def test_start_of_a_host_not_stopped_does_nothing(self):
        self.outage.start_compute('c2')
        self.assertEqual([], self.commands)

    def test_up_from_before_the_stop_is_not_back(self):
        # Stopped without forced_down, nova shows it up from its last
        # report before the stop: only a report once started counts.
        self.outage.stop_compute('c1', force_down=False)
        self.fake.report_every = 5
        looked = self.fake.looks_at_service
        self.outage.start_compute('c1')
        self.assertEqual(looked + 5, self.fake.looks_at_service)
        self.assertEqual([], self.fake.requests)

    def test_clearing_forced_down_is_no_report(self):
        self.outage.stop_compute('c1')
        self.fake.report_every = 4
        self.outage.start_compute('c1')
        self.assertEqual([True, False], self.fake.requests)
        # Looks: before the start, forced down, after the clearing, then
        # until the compute's own report (the 8th look).
        self.assertEqual(8, self.fake.looks_at_service)

    def test_a_compute_that_never_reports_times_out(self):
        self.outage.stop_compute('c1', force_down=False)
        self.failing = None
        self.fake.report_every = 10 ** 6
        error = self.assertRaises(waiters.WaitTimeout,
                                  self.outage.start_compute, 'c1')
        self.assertIn('no report of the started compute after '
                      '2026-12-08T01:00:01', str(error))

    def test_never_up_times_out_with_the_refusal(self):
        self.fake.refusals = 10 ** 6
        self.outage.stop_compute('c1')
        error = self.assertRaises(waiters.WaitTimeout,
                                  self.outage.start_compute, 'c1')
        self.assertIn('not done after 1 s', str(error))
        self.assertIn('forced down', str(error))
        self.assertIn('Unable to force up host c1', str(error))


NOVA = 'http://nova.example/v2.1'
VERSION = {'version': {'id': 'v2.1', 'status': 'CURRENT', 'version': '2.104',
                       'min_version': '2.1',
                       'links': [{'rel': 'self', 'href': NOVA + '/'}]}}
SIBLING = model.Sibling('s-1', 'x-1', 'ACTIVE', 'c1', 'c1', 'nova',
                               'm1.tiny')


class RecordingAdapter(requests.adapters.BaseAdapter):
    """Answers nova's requests with canned bodies; records what was sent."""

    def __init__(self):
        super().__init__()
        self.sent = []

    def send(self, request, **kwargs):
        response = requests.Response()
        response.request = request
        response.url = request.url
        response.headers['Content-Type'] = 'application/json'
        body = None
        if request.method == 'GET':
            body = VERSION
        elif request.url.endswith('/servers'):
            body = {'server': {'id': 's-1'}}
        self.sent.append((request.method, request.url.split(NOVA, 1)[-1],
                          json.loads(request.body) if request.body else None))
        response.status_code = 200 if body else 202
        response._content = json.dumps(body).encode() if body else b''
        return response

    def close(self):
        pass


def recording_connection(adapter):
    http = requests.Session()
    http.mount('http://', adapter)
    return sdk_connection.Connection(
        session=ks_session.Session(auth=noauth.NoAuth(endpoint=NOVA),
                                   session=http),
        compute_endpoint_override=NOVA,
        compute_default_microversion='2.95')


class TestMoveRequests(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.adapter = RecordingAdapter()
        conn = recording_connection(self.adapter)
        self.test = move_base.ScheduledMoveTest('setUp')
        self.test.admin_conn = self.test.primary_conn = conn
        self.test.port_watch = ports.PortWatch(conn)
        self.test.compute_microversion = '2.95'
        self.test.settings = type('Settings', (), {
            'block_migration': 'auto', 'move_timeout': 1,
            'poll_interval': 1, 'image_ref': 'img-1', 'flavor_ref': 'f-1'})
        self.test.server_networks = 'none'

    def action_bodies(self):
        return [body for method, path, body in self.adapter.sent
                if method == 'POST' and path == '/servers/s-1/action']

    def test_no_move_is_forced(self):
        for move in (lambda: self.test.live_migrate(SIBLING),
                     lambda: self.test.live_migrate(SIBLING, host='c2'),
                     lambda: self.test.cold_migrate(SIBLING),
                     lambda: self.test.cold_migrate(SIBLING, host='c2'),
                     lambda: self.test.evacuate(SIBLING),
                     lambda: self.test.evacuate(SIBLING, host='c2'),
                     lambda: self.test.unshelve(SIBLING),
                     lambda: self.test.unshelve(SIBLING, host='c2'),
                     lambda: self.test.resize(SIBLING, 'f-2')):
            move()
        bodies = self.action_bodies()
        self.assertEqual(9, len(bodies))
        for body in bodies:
            [(action, fields)] = body.items()
            self.assertNotIn('force', fields or {}, body)

    def test_each_move_asks_the_scheduler_or_names_the_host(self):
        self.test.live_migrate(SIBLING)
        self.test.live_migrate(SIBLING, host='c2')
        self.test.cold_migrate(SIBLING)
        self.test.cold_migrate(SIBLING, host='c2')
        self.test.evacuate(SIBLING)
        self.test.unshelve(SIBLING, host='c2')
        self.test.resize(SIBLING, 'f-2')
        self.assertEqual(
            [{'os-migrateLive': {'host': None, 'block_migration': 'auto'}},
             {'os-migrateLive': {'host': 'c2', 'block_migration': 'auto'}},
             {'migrate': None},
             {'migrate': {'host': 'c2'}},
             {'evacuate': {}},
             {'unshelve': {'host': 'c2'}},
             {'resize': {'flavorRef': 'f-2'}}],
            self.action_bodies())

    def test_siblings_are_one_request_for_exactly_n(self):
        self.test.request_siblings('tempest-X-1', 3)
        [(method, path, body)] = self.adapter.sent[-1:]
        self.assertEqual(('POST', '/servers'), (method, path))
        self.assertEqual(
            {'name': 'tempest-X-1', 'imageRef': 'img-1', 'flavorRef': 'f-1',
             'networks': 'none', 'min_count': 3, 'max_count': 3},
            body['server'])
