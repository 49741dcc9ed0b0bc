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

"""Unit tests of minicloud/bootstrap.py: identity, catalog, zones."""

from unittest import mock

from minicloud import bootstrap
import testtools


class TestAvailabilityZones(testtools.TestCase):

    def test_missing_aggregates_and_hosts_are_added(self):
        conn = mock.Mock()
        existing = mock.Mock(hosts=['compute1'])
        existing.name = 'az1'
        conn.compute.aggregates.return_value = [existing]
        created = mock.Mock(hosts=[])
        conn.compute.create_aggregate.return_value = created
        conn.compute.add_host_to_aggregate.side_effect = (
            lambda aggregate, host: aggregate)
        bootstrap.ensure_availability_zones(conn)
        conn.compute.create_aggregate.assert_called_once_with(
            name='az2', availability_zone='az2')
        self.assertEqual(
            [mock.call(existing, 'compute2'), mock.call(created, 'compute3')],
            conn.compute.add_host_to_aggregate.call_args_list)
