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
from openstack import exceptions as sdk_exc
from openstack.network.v2 import network as sdk_network
import testtools

from migration_tempest_plugin.common import model
from migration_tempest_plugin.common import preconditions
from migration_tempest_plugin import config as migration_config
from unit_tests import conf as fake_conf
from unit_tests import fakes

READY = ('[compute]\nmin_compute_nodes = 2\nmax_microversion = latest\n')


class TestConfigurationSkipReason(testtools.TestCase):

    def reason(self, text, features=('live_migration',)):
        return preconditions.configuration_skip_reason(
            fake_conf.load(text), features, '2.59', 'latest')

    def test_ready(self):
        self.assertIsNone(self.reason(READY))

    def test_live_migration_disabled(self):
        self.assertEqual(
            'Live migration is disabled in tempest.conf: '
            '[compute-feature-enabled] live_migration = False',
            self.reason(READY + '[compute-feature-enabled]\n'
                        'live_migration = false\n'))

    def test_feature_not_required_is_not_checked(self):
        self.assertIsNone(self.reason(
            READY + '[compute-feature-enabled]\nlive_migration = false\n',
            features=()))

    def test_one_compute_node(self):
        self.assertEqual(
            '[compute] min_compute_nodes is 1 in tempest.conf: these '
            'tests need at least 2 compute nodes',
            self.reason('[compute]\nmin_compute_nodes = 1\n'
                        'max_microversion = latest\n'))

    def test_tests_needing_three_hosts_on_a_two_node_conf(self):
        self.assertEqual(
            '[compute] min_compute_nodes is 2 in tempest.conf: these tests '
            'need at least 3 compute nodes',
            preconditions.configuration_skip_reason(
                fake_conf.load(READY), (), '2.59', 'latest',
                required_hosts=3))

    def test_nova_unavailable(self):
        self.assertEqual(
            'Nova is not available: [service_available] nova = False',
            self.reason(READY + '[service_available]\nnova = false\n'))

    def test_microversion_out_of_range_names_the_options(self):
        reason = self.reason('[compute]\nmin_compute_nodes = 2\n'
                             'max_microversion = 2.53\n')
        self.assertIn('out of the configuration range', reason)
        self.assertIn('[compute] min_microversion/max_microversion', reason)
        self.assertIn('2.59', reason)

    def test_unset_microversions_skip_as_in_tempest(self):
        reason = self.reason('[compute]\nmin_compute_nodes = 2\n')
        self.assertIn('[compute] min_microversion/max_microversion', reason)


def services(*bodies):
    return [sdk_service.Service.existing(**body) for body in bodies]


class TestCheckComputeHosts(testtools.TestCase):

    def test_enough_usable_computes(self):
        preconditions.check_compute_hosts(
            services(fakes.service_body('c1'), fakes.service_body('c2')), 2)

    def test_fewer_than_promised_fails_naming_each(self):
        error = self.assertRaises(
            preconditions.TooFewComputes, preconditions.check_compute_hosts,
            services(fakes.service_body('c1'),
                     fakes.service_body('c2', state='down'),
                     fakes.service_body('s1', binary='nova-scheduler')), 2)
        self.assertEqual(
            'The cloud has 1 up and enabled nova-compute service(s) (c1); '
            'tempest.conf ([compute] min_compute_nodes) and these tests '
            'need 2. All nova-compute services: c1 (up, enabled, zone nova), '
            'c2 (down, enabled, zone nova)', str(error))

    def test_a_third_promised_host_that_is_disabled(self):
        error = self.assertRaises(
            preconditions.TooFewComputes, preconditions.check_compute_hosts,
            services(fakes.service_body('c1'), fakes.service_body('c2'),
                     fakes.service_body('c3', status='disabled')), 3)
        self.assertIn('c3 (up, disabled, zone nova)', str(error))

    def test_no_compute(self):
        error = self.assertRaises(
            preconditions.TooFewComputes, preconditions.check_compute_hosts,
            [], 2)
        self.assertIn('has 0 up and enabled nova-compute service(s) (none)',
                      str(error))


class FakeLookups(object):
    """Image, flavor and network look-ups that know one of each."""

    def __init__(self):
        self.image = self
        self.compute = self
        self.network = self

    def get_image(self, image_id):
        if image_id != 'img-1':
            raise sdk_exc.NotFoundException(image_id)

    def get_flavor(self, flavor_id):
        if flavor_id != '42':
            raise sdk_exc.NotFoundException(flavor_id)

    def find_network(self, name_or_id):
        if name_or_id == 'private':
            return sdk_network.Network.existing(id='net-1', name='private')
        return None


class TestCloudLookups(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.conn = FakeLookups()

    def test_known_image_and_flavor(self):
        preconditions.check_image(self.conn, 'img-1')
        preconditions.check_flavor(self.conn, '42')

    def test_unknown_image_names_the_option(self):
        error = self.assertRaises(migration_config.InvalidOption,
                                  preconditions.check_image, self.conn, 'x')
        self.assertEqual('[compute] image_ref', error.option)

    def test_unknown_flavor_names_the_option(self):
        error = self.assertRaises(migration_config.InvalidOption,
                                  preconditions.check_flavor, self.conn, 'x')
        self.assertEqual('[compute] flavor_ref', error.option)

    def settings(self, network, option='[migration] network'):
        return model.MoveSettings(
            sibling_count=2, block_migration='auto', network=network,
            network_option=option, move_timeout=10, settle_timeout=5,
            poll_interval=1, image_ref='img-1', flavor_ref='42')

    def test_none_and_auto_go_to_nova_as_they_are(self):
        for network in ('none', 'auto'):
            self.assertEqual(network, preconditions.server_networks(
                self.conn, self.settings(network)))

    def test_known_network_goes_to_nova_by_id(self):
        self.assertEqual([{'uuid': 'net-1'}], preconditions.server_networks(
            self.conn, self.settings('private')))

    def test_unknown_network_names_the_option_it_came_from(self):
        error = self.assertRaises(
            migration_config.InvalidOption, preconditions.server_networks,
            self.conn, self.settings('nope', '[compute] fixed_network_name'))
        self.assertEqual('[compute] fixed_network_name', error.option)
