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

"""Destination choice of the moves on clouds of more than two computes."""

from openstack.compute.v2 import service as sdk_service
import testtools

from migration_tempest_plugin.common import hosts
from unit_tests import fakes


def services(*bodies):
    return [sdk_service.Service.existing(**body) for body in bodies]


def choose(found, source, zone='nova', avoid=''):
    return hosts.choose_target_host(found, source, zone, avoid)


class TestDestinationOnLargerClouds(testtools.TestCase):

    def test_four_hosts_one_zone(self):
        found = services(*(fakes.service_body('c%d' % n)
                           for n in (4, 2, 3, 1)))
        # Deterministic: the first other host by name.
        self.assertEqual('c1', choose(found, 'c2'))
        self.assertEqual('c2', choose(found, 'c1'))

    def test_stays_in_the_source_zone(self):
        found = services(fakes.service_body('a1', zone='az1'),
                         fakes.service_body('b1', zone='az2'),
                         fakes.service_body('b2', zone='az2'),
                         fakes.service_body('c1', zone='az3'))
        self.assertEqual('b2', choose(found, 'b1', zone='az2'))
        self.assertEqual('b1', choose(found, 'b2', zone='az2'))

    def test_alone_in_its_zone_skips_naming_the_zones(self):
        found = services(fakes.service_body('a1', zone='az1'),
                         fakes.service_body('b1', zone='az2'),
                         fakes.service_body('c1', zone='az3'))
        error = self.assertRaises(hosts.NoTargetHost, choose, found, 'b1',
                                  zone='az2')
        self.assertEqual(
            'No compute host can take a server from b1; hosts considered: '
            'a1: zone az1, the server is in zone az2; b1: the source host; '
            'c1: zone az3, the server is in zone az2', str(error))

    def test_each_exclusion_on_a_large_cloud(self):
        found = services(fakes.service_body('c1', zone='az2'),
                         fakes.service_body('c2-edge'),
                         fakes.service_body('c3'),
                         fakes.service_body('c4', state='down'),
                         fakes.service_body('c5', status='disabled',
                                            disabled_reason='upgrade'),
                         fakes.service_body('c6'))
        self.assertEqual('c6', choose(found, 'c3', avoid='-edge'))

    def test_no_zone_takes_any_zone(self):
        found = services(fakes.service_body('a1', zone='az1'),
                         fakes.service_body('b1', zone='az2'))
        self.assertEqual('b1', choose(found, 'a1', zone=None))
