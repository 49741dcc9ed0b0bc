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

"""The siblings' cleanup: deleted at once, waited for by the class."""

from unittest import mock

from openstack import exceptions as sdk_exc
import testtools

from migration_tempest_plugin.common import model
from migration_tempest_plugin.common import waiters
from migration_tempest_plugin.tests import base


REQUEST = model.SiblingRequest('a', 'r-1')


def fake_test(serial):
    test = mock.Mock(spec=['request_servers', 'admin_conn', 'settings',
                           'is_serial_execution_requested',
                           'addClassResourceCleanup'])
    test.request_servers.return_value = [mock.Mock(id='a'),
                                         mock.Mock(id='b')]
    test.settings = mock.Mock(move_timeout=60, poll_interval=1.0)
    test.is_serial_execution_requested.return_value = serial
    return test


class TestDeleteRequestServers(testtools.TestCase):

    def test_deleted_now_and_awaited_when_the_class_ends(self):
        test = fake_test(serial=False)
        with mock.patch.object(waiters, 'wait_for_server_deleted',
                               autospec=True) as wait:
            base.SiblingMoveTest.delete_request_servers(test, REQUEST)
        self.assertEqual(
            [mock.call('a', ignore_missing=True),
             mock.call('b', ignore_missing=True)],
            test.admin_conn.compute.delete_server.call_args_list)
        wait.assert_not_called()
        self.assertEqual(
            [mock.call(wait, test.admin_conn, server, 60, 1.0)
             for server in ('a', 'b')],
            test.addClassResourceCleanup.call_args_list)

    def test_a_serial_class_waits_at_once(self):
        # Its next test may stop a compute under a server being deleted.
        test = fake_test(serial=True)
        with mock.patch.object(waiters, 'wait_for_server_deleted',
                               autospec=True) as wait:
            base.SiblingMoveTest.delete_request_servers(test, REQUEST)
        self.assertEqual([mock.call(test.admin_conn, server, 60, 1.0)
                          for server in ('a', 'b')], wait.call_args_list)
        test.addClassResourceCleanup.assert_not_called()

    def test_one_refused_delete_stops_none(self):
        test = fake_test(serial=False)
        test.admin_conn.compute.delete_server.side_effect = [
            sdk_exc.HttpException('refused'), None]
        error = self.assertRaises(
            sdk_exc.HttpException,
            base.SiblingMoveTest.delete_request_servers, test, REQUEST)
        self.assertIn('refused', str(error))
        self.assertEqual(
            [mock.call('a', ignore_missing=True),
             mock.call('b', ignore_missing=True)],
            test.admin_conn.compute.delete_server.call_args_list)
        self.assertEqual(2, test.addClassResourceCleanup.call_count)


class TestRequestServers(testtools.TestCase):

    def test_found_by_reservation_once_the_first_is_gone(self):
        test = mock.Mock(spec=['admin_conn'])
        request = model.SiblingRequest('a')
        test.admin_conn.compute.get_server.return_value = mock.Mock(
            reservation_id='r-9')
        test.admin_conn.compute.servers.return_value = []
        base.SiblingMoveTest.request_servers(test, request)
        # The first server is deleted: its reservation is still known.
        test.admin_conn.compute.get_server.side_effect = (
            sdk_exc.NotFoundException('gone'))
        base.SiblingMoveTest.request_servers(test, request)
        self.assertEqual(
            [mock.call(reservation_id='r-9', all_projects=True)] * 2,
            test.admin_conn.compute.servers.call_args_list)
