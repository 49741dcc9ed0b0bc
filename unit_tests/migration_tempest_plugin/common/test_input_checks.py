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

"""Bad identity, TLS, host and count inputs: refused naming the option."""

import fixtures
from keystoneauth1 import exceptions as ks_exc
from tempest.lib import auth
import testtools

from migration_tempest_plugin.common import connection
from migration_tempest_plugin.common import input_checks
from migration_tempest_plugin import config as migration_config
from migration_tempest_plugin.tests import base
from unit_tests import conf as fake_conf
from unit_tests import fakes

IDENTITY = '[identity]\nuri_v3 = http://keystone.example:5000/v3\n'


class TestCaFile(testtools.TestCase):

    def test_missing_ca_file_names_the_option(self):
        error = self.assertRaises(
            migration_config.InvalidOption, input_checks.check_ca_file,
            fake_conf.load(IDENTITY + 'ca_certificates_file = '
                           '/nonexistent/ca.pem\n'))
        self.assertEqual('[identity] ca_certificates_file', error.option)
        self.assertIn('/nonexistent/ca.pem, which is not a readable file',
                      str(error))

    def test_existing_ca_file(self):
        path = self.useFixture(fixtures.TempDir()).join('ca.pem')
        with open(path, 'w') as ca_file:
            ca_file.write('-----BEGIN CERTIFICATE-----\n')
        input_checks.check_ca_file(fake_conf.load(
            IDENTITY + 'ca_certificates_file = %s\n' % path))

    def test_unused_ca_file_is_not_checked(self):
        input_checks.check_ca_file(fake_conf.load(
            IDENTITY + 'ca_certificates_file = /nonexistent/ca.pem\n'
            'disable_ssl_certificate_validation = true\n'))

    def test_unset_ca_file(self):
        input_checks.check_ca_file(fake_conf.load(IDENTITY))


class RefusingSession(object):
    def __init__(self, error):
        self.error = error

    def get_token(self):
        if self.error:
            raise self.error
        return 'a-token'


class TestAdminOptions(testtools.TestCase):

    def test_dynamic_credentials_without_admin(self):
        self.assertEqual(
            ['[auth] admin_username', '[auth] admin_password',
             '[auth] admin_project_name'],
            input_checks.missing_admin_options(fake_conf.load(
                '[auth]\nuse_dynamic_credentials = true\n')))

    def test_system_admin_needs_no_project(self):
        self.assertEqual([], input_checks.missing_admin_options(
            fake_conf.load('[auth]\nuse_dynamic_credentials = true\n'
                           'admin_username = a\nadmin_password = p\n'
                           'admin_system = all\n')))

    def test_preprovisioned_accounts_are_tempest_s_to_check(self):
        self.assertEqual([], input_checks.missing_admin_options(
            fake_conf.load('[auth]\nuse_dynamic_credentials = false\n')))


class TestAdminLogin(testtools.TestCase):

    def login(self, error):
        self.useFixture(fixtures.MockPatchObject(
            connection, 'make_session',
            lambda credentials, conf: RefusingSession(error)))
        credentials = auth.KeystoneV3Credentials(
            username='admin', password='not-this-one', project_name='admin',
            user_domain_name='Default')
        input_checks.check_admin_login(credentials, fake_conf.load(IDENTITY))

    def refusal(self, error):
        return self.assertRaises(migration_config.InvalidOption,
                                 self.login, error)

    def test_login_accepted(self):
        self.login(None)

    def test_wrong_password_names_the_option(self):
        error = self.refusal(ks_exc.Unauthorized('The request you have made '
                                                 'requires authentication.'))
        self.assertEqual('[auth] admin_password', error.option)
        self.assertIn('[auth] admin_username (admin) was refused by '
                      'Keystone at http://keystone.example:5000/v3',
                      str(error))
        self.assertNotIn('not-this-one', str(error))

    def test_unreachable_identity_names_the_uri(self):
        error = self.refusal(ks_exc.ConnectFailure('Connection refused'))
        self.assertEqual('[identity] uri_v3', error.option)
        self.assertIn('is http://keystone.example:5000/v3, where no '
                      'Keystone v3 answers: Connection refused', str(error))

    def test_not_keystone_names_the_uri(self):
        error = self.refusal(ks_exc.NotFound())
        self.assertEqual('[identity] uri_v3', error.option)

    def test_tls_failure_names_the_ca_file(self):
        error = self.refusal(ks_exc.SSLError('certificate verify failed'))
        self.assertEqual('[identity] ca_certificates_file', error.option)


class TestAvoidList(testtools.TestCase):

    SERVICES = [fakes.service_body('compute1'),
                fakes.service_body('compute2'),
                fakes.service_body('compute3', state='down')]

    def reason(self, hosts_to_avoid):
        cloud = fakes.FakeCloud()
        cloud.services = self.SERVICES
        return input_checks.avoid_list_skip_reason(
            cloud.compute.services(), hosts_to_avoid)

    def test_avoiding_every_usable_host_names_the_option_and_hosts(self):
        self.assertEqual(
            "[compute] target_hosts_to_avoid is 'compute', which every up "
            "and enabled compute host's name contains (compute1, compute2):"
            " no host is left to boot or move servers to",
            self.reason('compute'))

    def test_a_host_left(self):
        self.assertIsNone(self.reason('compute1'))

    def test_tempest_default(self):
        self.assertIsNone(self.reason('-ironic'))

    def test_unset(self):
        self.assertIsNone(self.reason(''))


class TestSiblingCounts(testtools.TestCase):
    """1 and 'two' are in test_config; 0 and negative counts here."""

    def test_zero_and_negative_counts_are_refused(self):
        for count in ('0', '-3'):
            error = self.assertRaises(
                migration_config.InvalidOption,
                migration_config.resolve_settings,
                fake_conf.load('[compute]\nimage_ref = i\n[migration]\n'
                               'sibling_count = %s\n' % count))
            self.assertEqual('[migration] sibling_count', error.option)
            self.assertIn(
                "[migration] sibling_count is '%s': it must be \"auto\" "
                "or a whole number of at least 2" % count, str(error))


class TestBaseClassHooks(testtools.TestCase):
    """The base class runs these checks before it creates anything."""

    def test_dynamic_credentials_without_admin_skip(self):
        conf = fake_conf.load(
            '[compute]\nmin_compute_nodes = 2\nmax_microversion = latest\n'
            'image_ref = img-1\n[auth]\nuse_dynamic_credentials = true\n')
        self.useFixture(fixtures.MockPatchObject(base, 'CONF', conf))
        self.useFixture(fixtures.MockPatchObject(
            base.SiblingMoveTest, 'set_network_resources'))
        skip = self.assertRaises(testtools.TestCase.skipException,
                                 base.SiblingMoveTest.setup_credentials)
        self.assertEqual(
            'Missing admin credentials: set [auth] admin_username, [auth] '
            'admin_password, [auth] admin_project_name (dynamic credentials'
            ' create the test users with them)', str(skip))

    def test_skip_checks_refuse_a_missing_ca_file(self):
        conf = fake_conf.load(
            '[compute]\nmin_compute_nodes = 2\nmax_microversion = latest\n'
            'image_ref = img-1\n' + IDENTITY
            + 'ca_certificates_file = /nonexistent/ca.pem\n')
        self.useFixture(fixtures.MockPatchObject(base, 'CONF', conf))
        self.useFixture(fixtures.MockPatchObject(base.test, 'CONF', conf))
        self.useFixture(fixtures.MockPatchObject(
            base.credentials_factory, 'is_admin_available',
            lambda identity_version: True))
        self.useFixture(fixtures.MockPatchObject(
            base.SiblingMoveTest, 'settings', None, create=True))
        error = self.assertRaises(migration_config.InvalidOption,
                                  base.SiblingMoveTest.skip_checks)
        self.assertEqual('[identity] ca_certificates_file', error.option)

    def test_check_cloud_skips_when_every_host_is_avoided(self):
        conf = fake_conf.load('[compute]\ntarget_hosts_to_avoid = compute\n')
        self.useFixture(fixtures.MockPatchObject(base, 'CONF', conf))
        cloud = fakes.FakeCloud()
        cloud.services = TestAvoidList.SERVICES
        self.useFixture(fixtures.MockPatchObject(
            base.SiblingMoveTest, 'admin_conn', cloud, create=True))
        skip = self.assertRaises(testtools.TestCase.skipException,
                                 base.SiblingMoveTest.check_cloud)
        self.assertIn('[compute] target_hosts_to_avoid is', str(skip))
