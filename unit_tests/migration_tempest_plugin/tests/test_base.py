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

"""Unit tests of tests/base.py: skip reasons and refusals from tempest.conf
alone; the siblings created in one request and their cleanup.
"""

from unittest import mock

import fixtures
from openstack import exceptions as sdk_exc
from tempest.common import credentials_factory
from tempest import test
import testtools

from migration_tempest_plugin.common import model
from migration_tempest_plugin.common import preconditions
from migration_tempest_plugin.common import waiters
from migration_tempest_plugin import config as migration_config
from migration_tempest_plugin.tests import base
from migration_tempest_plugin.tests.scenario import test_live_migration
from unit_tests import conf as fake_conf
from unit_tests import fakes

READY = ('[compute]\nmin_compute_nodes = 2\nmax_microversion = latest\n'
         'image_ref = img-1\n')


class TestSkipChecks(testtools.TestCase):

    # Referenced here, not at module level, so that the unit test loader
    # does not collect this tempest test class as one of its own.
    live_test = test_live_migration.LiveMigrateOneSiblingTest

    def skip_checks(self, text, admin=True):
        conf = fake_conf.load(text)
        self.useFixture(fixtures.MockPatchObject(base, 'CONF', conf))
        self.useFixture(fixtures.MockPatchObject(test, 'CONF', conf))
        self.useFixture(fixtures.MockPatchObject(
            credentials_factory, 'is_admin_available',
            lambda identity_version: admin))
        # skip_checks records the settings on the class: undo it after.
        self.useFixture(fixtures.MockPatchObject(
            self.live_test, 'settings', None, create=True))
        self.live_test.skip_checks()

    def skip_reason(self, text, admin=True):
        skip = self.assertRaises(testtools.TestCase.skipException,
                                 self.skip_checks, text, admin)
        return str(skip)

    def test_ready(self):
        self.skip_checks(READY)
        self.assertEqual('auto', self.live_test.settings.sibling_count)

    def test_live_migration_disabled(self):
        self.assertEqual(
            'Live migration is disabled in tempest.conf: '
            '[compute-feature-enabled] live_migration = False',
            self.skip_reason(READY + '[compute-feature-enabled]\n'
                             'live_migration = false\n'))

    def test_one_compute_node(self):
        self.assertEqual(
            '[compute] min_compute_nodes is 1 in tempest.conf: these '
            'tests need at least 2 compute nodes',
            self.skip_reason(READY + 'min_compute_nodes = 1\n'))

    def test_missing_admin_credentials_name_the_options(self):
        reason = self.skip_reason(READY, admin=False)
        self.assertIn('[auth] test_accounts_file', reason)
        self.assertIn('[auth] admin_username', reason)

    def test_bad_value_is_an_error_not_a_skip(self):
        error = self.assertRaises(
            migration_config.InvalidOption, self.skip_checks,
            READY + '[migration]\npoll_interval = -1\n')
        self.assertEqual('[migration] poll_interval', error.option)


class TestCheckCloud(testtools.TestCase):

    def check_cloud(self, services, min_compute_nodes=2):
        cloud = fakes.FakeCloud()
        cloud.services = services
        conf = fake_conf.load('[compute]\nmin_compute_nodes = %d\n'
                              % min_compute_nodes)
        self.useFixture(fixtures.MockPatchObject(base, 'CONF', conf))
        self.useFixture(fixtures.MockPatchObject(
            base.SiblingMoveTest, 'admin_conn', cloud, create=True))
        return base.SiblingMoveTest.check_cloud()

    def test_fewer_usable_computes_than_promised_fail(self):
        error = self.assertRaises(
            preconditions.TooFewComputes, self.check_cloud,
            [fakes.service_body('c1'),
             fakes.service_body('c2', status='disabled')])
        self.assertIn('The cloud has 1 up and enabled nova-compute '
                      'service(s) (c1)', str(error))
        self.assertIn('c2 (up, disabled, zone nova)', str(error))

    def test_min_compute_nodes_above_two_is_the_bar(self):
        error = self.assertRaises(
            preconditions.TooFewComputes, self.check_cloud,
            [fakes.service_body('c1'), fakes.service_body('c2'),
             fakes.service_body('c3', state='down')], min_compute_nodes=3)
        self.assertIn('need 3', str(error))


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


class TestReadSideTestByTest(testtools.TestCase):
    """A class gives the read side back once set up, takes it to clean up."""

    def setUp(self):
        super().setUp()
        self.useFixture(fixtures.MockPatchObject(
            test.BaseTestCase, 'resource_setup'))
        self.useFixture(fixtures.MockPatchObject(
            test.BaseTestCase, 'resource_cleanup'))
        self.useFixture(fixtures.MockPatchObject(
            base.SiblingMoveTest, 'check_cloud'))
        self.lock = mock.Mock()

        # Defined here so that the unit test runner does not run it.
        class Siblings(base.SiblingMoveTest):
            serial_rw_lock = self.lock

        self.test_class = Siblings

    def test_read_side_given_back_after_setup_taken_for_cleanup(self):
        self.test_class.resource_setup()
        self.test_class.resource_cleanup()
        self.assertEqual(['release_read_lock', 'acquire_read_lock'],
                         [call[0] for call in self.lock.method_calls])

    def test_a_serial_class_keeps_its_side(self):
        self.test_class._serial = True
        self.test_class.resource_setup()
        self.test_class.resource_cleanup()
        self.assertEqual([], self.lock.method_calls)
