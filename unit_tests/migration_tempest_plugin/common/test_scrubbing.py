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

import testtools

from migration_tempest_plugin.common import scrubbing


class TestScrub(testtools.TestCase):

    def test_auth_headers_are_masked(self):
        text = ('REQ: curl -g -i -X GET http://nova/v2.1/servers '
                '-H "X-Auth-Token: gAAAAABnsecretsecretsecretsecret" '
                "{'X-Subject-Token': 'abc123', 'Authorization': "
                "'Bearer eyJhbGciOi'}")
        scrubbed = scrubbing.scrub(text)
        self.assertNotIn('secretsecret', scrubbed)
        self.assertNotIn('abc123', scrubbed)
        self.assertNotIn('eyJhbGciOi', scrubbed)
        self.assertIn('X-Auth-Token: ***', scrubbed)
        self.assertIn("'X-Subject-Token': '***'", scrubbed)

    def test_passwords_in_json_repr_and_queries_are_masked(self):
        text = ('{"auth": {"identity": {"password": {"user": {"name": '
                '"admin", "password": "s3cr3t"}}}}} '
                "{'admin_password': 'hunter2'} "
                'mysql+pymysql://nova:dbpw@127.0.0.1/nova '
                'url?secret=xyz&x=1')
        scrubbed = scrubbing.scrub(text)
        for secret in ('s3cr3t', 'hunter2', 'dbpw', 'xyz'):
            self.assertNotIn(secret, scrubbed)
        self.assertIn('"name": "admin"', scrubbed)
        self.assertIn('mysql+pymysql://nova:***@127.0.0.1/nova', scrubbed)

    def test_what_mask_password_alone_misses(self):
        text = ('GET /v3/auth/tokens?token=t0ken&nocatalog '
                '{"application_credential_secret": "appsecret", '
                '"adminPass": "newpass"} '
                'https://user:pa/ss@w0rd@keystone.example/v3 '
                '--os-password clipw --password=clipw2 '
                'Authorization: Basic dXNlcjpwdw==')
        scrubbed = scrubbing.scrub(text)
        for secret in ('t0ken', 'appsecret', 'newpass', 'pa/ss', 'w0rd',
                       'clipw', 'dXNlcjpwdw'):
            self.assertNotIn(secret, scrubbed)
        self.assertIn('https://user:***@keystone.example/v3', scrubbed)

    def test_fernet_tokens_are_masked_anywhere(self):
        token = 'gAAAAABl' + 'x' * 100
        self.assertEqual('token was ***.',
                         scrubbing.scrub('token was %s.' % token))

    def test_text_without_secrets_is_unchanged(self):
        text = ('migration 5 (id 1): type=live-migration status=error '
                'source=compute1 dest=compute2; event '
                'conductor_live_migrate_instance result=Error details: '
                'No valid host was found.')
        self.assertEqual(text, scrubbing.scrub(text))
