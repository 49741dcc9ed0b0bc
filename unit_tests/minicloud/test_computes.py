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

"""Unit tests of minicloud/computes.py: computes as nova sees them."""

import datetime
from unittest import mock

from minicloud import computes
import openstack
from openstack.compute.v2 import service
import testtools


def compute_service(**attrs):
    """A nova-compute service as openstacksdk gives it, up and enabled."""
    return service.Service(**dict(
        {'state': 'up', 'status': 'enabled', 'forced_down': False}, **attrs))


class TestComputes(testtools.TestCase):

    def test_up_and_enabled(self):
        self.assertTrue(computes.is_up_and_enabled(compute_service()))
        self.assertFalse(computes.is_up_and_enabled(None))
        self.assertFalse(computes.is_up_and_enabled(
            compute_service(forced_down=True)))
        self.assertFalse(computes.is_up_and_enabled(
            compute_service(status='disabled')))
        self.assertFalse(computes.is_up_and_enabled(
            compute_service(state='down')))

    def test_reported_since(self):
        since = datetime.datetime(2026, 11, 23, 22, 5, 1)
        self.assertTrue(computes.reported_since(compute_service(
            updated_at='2026-11-23T22:05:01.000000'), since))
        self.assertFalse(computes.reported_since(compute_service(
            updated_at='2026-11-23T22:05:00.000000'), since))
        self.assertFalse(computes.reported_since(compute_service(), since))
        self.assertFalse(computes.reported_since(None, since))

    def test_restore_compute_nothing_to_change(self):
        conn = mock.Mock()
        self.assertIsNone(computes.restore_compute(conn, compute_service()))
        self.assertIsNone(computes.restore_compute(conn, None))
        self.assertEqual([], conn.mock_calls)

    def test_restore_compute_clears_forced_down_and_enables(self):
        conn = mock.Mock()
        down = compute_service(id='abc', status='disabled', forced_down=True)
        self.assertEqual('accepted', computes.restore_compute(conn, down))
        conn.compute.update_service_forced_down.assert_called_once_with(
            down, forced=False)
        conn.compute.enable_service.assert_called_once_with(down)

    def test_restore_compute_returns_novas_refusal(self):
        conn = mock.Mock()
        conn.compute.update_service_forced_down.side_effect = (
            openstack.exceptions.BadRequestException('done evacuations'))
        self.assertIn('done evacuations', computes.restore_compute(
            conn, compute_service(forced_down=True)))

    def test_describe_computes(self):
        text = computes.describe_computes(
            {'compute1': compute_service(state='down')}, {'compute1'},
            ['compute1', 'compute2'])
        self.assertEqual(
            'compute1: state=down status=enabled forced_down=False, '
            'resource provider present\n'
            'compute2: no nova-compute service, resource provider missing',
            text)
