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

from openstack.compute.v2 import service as sdk_service
import testtools

from migration_tempest_plugin.common import hosts
from unit_tests import fakes

# The source host c1, then one host unfit for each reason.
UNFIT = (
    fakes.service_body('c1'),
    fakes.service_body('c2', state='down'),
    fakes.service_body('c3', status='disabled',
                       disabled_reason='maintenance'),
    fakes.service_body('c4-ironic'),
    fakes.service_body('c5', zone='az2'),
    fakes.service_body('c6', binary='nova-scheduler'))


def services(*bodies):
    return [sdk_service.Service.existing(**body) for body in bodies]


class TestChooseTargetHost(testtools.TestCase):

    def choose(self, found, source='c1', zone='nova', avoid='-ironic'):
        return hosts.choose_target_host(found, source, zone, avoid)

    def test_another_up_and_enabled_compute(self):
        found = services(fakes.service_body('c1'), fakes.service_body('c2'))
        self.assertEqual('c2', self.choose(found))

    def test_skips_hosts_that_cannot_take_the_server(self):
        found = services(*UNFIT, fakes.service_body('c7'))
        self.assertEqual('c7', self.choose(found))

    def test_none_qualifies_names_each_host_and_why(self):
        error = self.assertRaises(hosts.NoTargetHost, self.choose,
                                  services(*UNFIT))
        self.assertEqual(
            'No compute host can take a server from c1; hosts considered: '
            'c1: the source host; c2: service is down; '
            'c3: service is disabled (maintenance); '
            "c4-ironic: name contains [compute] target_hosts_to_avoid "
            "'-ironic'; c5: zone az2, the server is in zone nova",
            str(error))

    def test_avoid_is_a_substring_as_in_tempest(self):
        found = services(fakes.service_body('c1'),
                         fakes.service_body('edge-c2'))
        self.assertRaises(hosts.NoTargetHost, self.choose, found,
                          avoid='edge')
        self.assertEqual('edge-c2', self.choose(found, avoid='-ironic'))

    def test_empty_avoid_avoids_nothing(self):
        found = services(fakes.service_body('c1'), fakes.service_body('c2'))
        self.assertEqual('c2', self.choose(found, avoid=''))

    def test_no_zone_accepts_any_zone(self):
        found = services(fakes.service_body('c1'),
                         fakes.service_body('c2', zone='az2'))
        self.assertEqual('c2', self.choose(found, zone=None))

    def test_no_compute_at_all(self):
        error = self.assertRaises(hosts.NoTargetHost, self.choose, [])
        self.assertIn('hosts considered: none', str(error))


class TestUsableComputes(testtools.TestCase):

    def test_up_and_enabled_computes_sorted(self):
        found = services(fakes.service_body('c3'),
                         fakes.service_body('c2', state='down'),
                         fakes.service_body('c1'),
                         fakes.service_body('s1', binary='nova-conductor'))
        self.assertEqual(['c1', 'c3'],
                         [s.host for s in hosts.usable_computes(found)])


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


class TestZoneForANamedHost(testtools.TestCase):

    def zone(self, *bodies, avoid='-ironic'):
        return hosts.zone_for_a_named_host(services(*bodies), avoid)

    def test_no_pin_where_every_host_shares_its_zone(self):
        self.assertIsNone(self.zone(
            fakes.service_body('c1'), fakes.service_body('c2'),
            fakes.service_body('c3', zone='az2'),
            fakes.service_body('c4', zone='az2')))

    def test_the_largest_zone_where_a_host_is_alone_in_its_zone(self):
        # The embedded cloud: compute3 alone in az2.
        self.assertEqual('az1', self.zone(
            fakes.service_body('c1', zone='az1'),
            fakes.service_body('c2', zone='az1'),
            fakes.service_body('c3', zone='az2')))

    def test_ties_go_to_the_first_zone_by_name(self):
        self.assertEqual('az1', self.zone(
            fakes.service_body('c1', zone='az2'),
            fakes.service_body('c2', zone='az2'),
            fakes.service_body('c3', zone='az1'),
            fakes.service_body('c4', zone='az1'),
            fakes.service_body('c5', zone='az3')))

    def test_hosts_that_cannot_take_a_server_do_not_count(self):
        # c2 down, c3 disabled, c4 avoided: c1 is alone in nova.
        self.assertIsNone(self.zone(*UNFIT[:4]))
        self.assertEqual('az2', self.zone(
            *UNFIT, fakes.service_body('c7', zone='az2')))
