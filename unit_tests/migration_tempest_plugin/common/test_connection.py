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

import fixtures
from keystoneauth1.identity import v3
from tempest.lib import auth
import testtools

from migration_tempest_plugin.common import connection
from migration_tempest_plugin.common import timing
from migration_tempest_plugin import config as migration_config
from migration_tempest_plugin.tests import base
from migration_tempest_plugin.tests import upgrade_base
from unit_tests import conf as fake_conf

IDENTITY = ('[identity]\nuri_v3 = https://keystone.example:5000/v3\n'
            'region = RegionOne\n')


def dynamic_credentials():
    # What tempest's dynamic credentials provider hands out: names and IDs.
    return auth.KeystoneV3Credentials(
        username='tempest-user', user_id='u-1', password='secret',
        project_name='tempest-project', project_id='p-1',
        user_domain_name='Default', project_domain_name='Default',
        domain_name='Default')


def preprovisioned_credentials():
    # An accounts.yaml entry: names only, the domain from domain_name.
    return auth.KeystoneV3Credentials(
        username='operator', password='secret', project_name='ops',
        domain_name='OpsDomain')


class TestPasswordAuth(testtools.TestCase):

    def test_dynamic_credentials_map_to_password_fields(self):
        plugin = connection.password_auth(
            dynamic_credentials(), 'https://keystone.example:5000/v3')
        self.assertIsInstance(plugin, v3.Password)
        self.assertEqual('https://keystone.example:5000/v3', plugin.auth_url)
        [method] = plugin.auth_methods
        self.assertEqual(('u-1', 'tempest-user', 'secret', 'Default'),
                         (method.user_id, method.username, method.password,
                          method.user_domain_name))
        self.assertEqual(('p-1', 'tempest-project', 'Default'),
                         (plugin.project_id, plugin.project_name,
                          plugin.project_domain_name))

    def test_preprovisioned_credentials_take_domain_name(self):
        plugin = connection.password_auth(
            preprovisioned_credentials(), 'https://keystone.example/v3')
        [method] = plugin.auth_methods
        self.assertEqual(('operator', 'OpsDomain', None),
                         (method.username, method.user_domain_name,
                          method.user_id))
        self.assertEqual(('ops', 'OpsDomain'),
                         (plugin.project_name, plugin.project_domain_name))

    def test_system_scope(self):
        credentials = auth.KeystoneV3Credentials(
            username='admin', password='secret', user_domain_name='Default',
            system='all')
        plugin = connection.password_auth(credentials, 'https://k/v3')
        self.assertEqual('all', plugin.system_scope)
        self.assertIsNone(plugin.project_name)

    def test_missing_identity_uri_names_the_option(self):
        error = self.assertRaises(
            migration_config.InvalidOption, connection.password_auth,
            dynamic_credentials(), None)
        self.assertEqual('[identity] uri_v3', error.option)


class TestTempestConfMapping(testtools.TestCase):

    def test_tls_verified_by_default(self):
        self.assertIs(True, connection.tls_verify(fake_conf.load()))

    def test_tls_with_ca_bundle(self):
        conf = fake_conf.load('[identity]\nca_certificates_file = /ca.pem\n')
        self.assertEqual('/ca.pem', connection.tls_verify(conf))

    def test_tls_validation_disabled_wins_over_ca_bundle(self):
        conf = fake_conf.load(
            '[identity]\nca_certificates_file = /ca.pem\n'
            'disable_ssl_certificate_validation = true\n')
        self.assertIs(False, connection.tls_verify(conf))

    def test_region_and_interface_per_service(self):
        conf = fake_conf.load(
            '[identity]\nregion = RegionOne\n'
            '[compute]\nregion = RegionTwo\nendpoint_type = internalURL\n'
            '[placement]\nendpoint_type = admin\n'
            '[image]\nendpoint_type = publicURL\n')
        settings = connection.service_settings(conf)
        self.assertEqual('RegionOne', settings['region_name'])
        self.assertEqual(('RegionTwo', 'internal'),
                         (settings['compute_region_name'],
                          settings['compute_interface']))
        self.assertEqual(('RegionOne', 'admin'),
                         (settings['placement_region_name'],
                          settings['placement_interface']))
        self.assertEqual('public', settings['image_interface'])
        self.assertEqual('public', settings['network_interface'])

    def test_session(self):
        conf = fake_conf.load(
            IDENTITY + 'ca_certificates_file = /ca.pem\n'
            '[service-clients]\nhttp_timeout = 33\n')
        session = connection.make_session(dynamic_credentials(), conf)
        self.assertEqual('/ca.pem', session.verify)
        self.assertEqual(33, session.timeout)
        self.assertIsInstance(session.auth, v3.Password)

    def test_connection_config(self):
        conf = fake_conf.load(
            IDENTITY + '[compute]\nendpoint_type = internalURL\n')
        conn = connection.make_connection(dynamic_credentials(), conf,
                                          compute_microversion='2.59')
        self.assertEqual('internal', conn.config.get_interface('compute'))
        self.assertEqual('RegionOne', conn.config.get_region_name('compute'))
        self.assertEqual('2.59',
                         conn.config.get_default_microversion('compute'))
        self.assertIsNone(conn.config.get_default_microversion('placement'))
        self.assertIsInstance(conn.session.auth, v3.Password)

    def test_connection_without_microversion_lets_the_sdk_negotiate(self):
        conn = connection.make_connection(dynamic_credentials(),
                                          fake_conf.load(IDENTITY))
        self.assertIsNone(conn.config.get_default_microversion('compute'))


class TestTestConnections(testtools.TestCase):
    """Every connection of a test class counts into its request log."""

    def test_upgrade_phase_connections_keep_the_request_log(self):
        phase_test = upgrade_base.UpgradePhaseTest
        conf = fake_conf.load(IDENTITY)
        self.useFixture(fixtures.MockPatchObject(base, 'CONF', conf))
        self.useFixture(fixtures.MockPatchObject(
            base.SiblingMoveTest, 'setup_clients', classmethod(
                lambda cls: setattr(cls, 'request_log',
                                    timing.RequestLog()))))
        self.useFixture(fixtures.MockPatchObject(
            upgrade_base.credentials_factory,
            'get_configured_admin_credentials',
            lambda **kwargs: dynamic_credentials()))
        self.useFixture(fixtures.MockPatchObject(
            phase_test, 'compute_microversion', '2.59', create=True))
        self.addCleanup(lambda: [delattr(phase_test, name) for name in
                                 ('request_log', 'admin_conn',
                                  'primary_conn')
                                 if name in vars(phase_test)])
        phase_test.setup_clients()
        self.assertIs(phase_test.request_log,
                      phase_test.admin_conn.session.request_log)
        self.assertIs(phase_test.admin_conn, phase_test.primary_conn)
