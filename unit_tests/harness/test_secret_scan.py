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

"""Unit tests of harness/secret_scan.py: secrets a run let out."""

import io
import json
import os
from unittest import mock

import fixtures
from harness import secret_scan
import testtools

# Lines as tempest, keystoneauth and the embedded cloud write them.
CLEAN = '''\
2026-11-23 22:01:02.003 123 INFO tempest.lib.common.dynamic_creds [-] \
Acquired dynamic creds:
 credentials: Credentials: {'username': 'tempest-X-1-project-member', \
'project_id': 'p1', 'user_id': 'u1', 'system': None}
2026-11-23 22:01:02.100 123 DEBUG keystoneauth.session [-] REQ: curl -g -i \
-X POST http://127.0.0.1:47610/v3/auth/tokens -H "X-Auth-Token: \
{SHA256}5d41402abc4b2a76b9719d911017c592" -d '{"auth": {"identity": \
{"password": {"user": {"name": "admin", "password": "***"}}}}}'
2026-11-23 22:01:02.200 123 DEBUG keystoneauth.session [-] RESP: [201] \
X-Subject-Token: {SHA256}ab12 Content-Type: application/json
{"server": {"adminPass": null, "password": null}}
minicloud: nova-compute on compute1 stopped
transport_url = rabbit://nova:****@127.0.0.1:47601/
'''

LEAKY = {
    'known secret': 'the admin logs in with s3cr3t-admin-pw today',
    'password field': '{"user": {"name": "demo", "password": "Xy7%pq1"}}',
    'token header': 'X-Auth-Token: gAAAAABlZXhhbXBsZXRva2VuMTIzNDU2Nzg5',
    'authorization header': 'Authorization: Bearer abcdefgh12345678',
    'fernet token': '"id": "gAAAAABn' + 'Qx1' * 20 + '"',
    'password in a URL': 'connection = mysql+pymysql://nova:dbpw99@db/nova',
}


class TestSecretScanner(testtools.TestCase):

    def test_clean_content(self):
        self.assertEqual([], secret_scan.find_secrets(
            CLEAN, ['s3cr3t-admin-pw']))

    def test_each_kind_is_found_and_hidden(self):
        for kind, text in LEAKY.items():
            found = secret_scan.find_secrets(text, ['s3cr3t-admin-pw'])
            self.assertIn(kind, [k for k, _excerpt in found], text)
            for _kind, excerpt in found:
                self.assertIn('chars hidden', excerpt)
                self.assertNotIn('s3cr3t-admin-pw', excerpt)
                self.assertNotIn('Xy7%pq1', excerpt)

    def test_short_known_values_are_not_searched(self):
        self.assertEqual([], secret_scan.find_secrets('a b c', ['b']))

    def test_scan_files_reports_only_files_with_a_secret(self):
        tmp = self.useFixture(fixtures.TempDir())
        clean, leaky = tmp.join('clean.log'), tmp.join('sub', 'leaky.subunit')
        os.makedirs(os.path.dirname(leaky))
        with open(clean, 'w') as f:
            f.write(CLEAN)
        with open(leaky, 'wb') as f:
            f.write(b'\xb3\x01binary\x00' + LEAKY['token header'].encode())
        found = secret_scan.scan_files(
            list(secret_scan.files_under(tmp.path)), [])
        self.assertEqual([leaky], list(found))

    def test_the_command_names_each_finding_and_fails(self):
        tmp = self.useFixture(fixtures.TempDir())
        with open(tmp.join('clean.log'), 'w') as f:
            f.write(CLEAN)
        with open(tmp.join('leaky.log'), 'w') as f:
            f.write(LEAKY['known secret'])
        known = tmp.join('secrets.json')
        with open(known, 'w') as f:
            json.dump({'admin_password': 's3cr3t-admin-pw'}, f)
        out = io.StringIO()
        with mock.patch('sys.stdout', out):
            code = secret_scan.main(['--known-secrets-file', known,
                                     tmp.join('clean.log'),
                                     tmp.join('leaky.log')])
        self.assertEqual(1, code)
        self.assertIn('secrets: %s: known secret: ' % tmp.join('leaky.log'),
                      out.getvalue())
        self.assertNotIn('s3cr3t-admin-pw', out.getvalue())
        self.assertTrue(out.getvalue().endswith(
            'secrets: 1 file(s) with a secret\n'))
        with mock.patch('sys.stdout', io.StringIO()):
            self.assertEqual(0, secret_scan.main([tmp.join('clean.log')]))


class TestNamespaceListeners(testtools.TestCase):

    SS = ('tcp LISTEN 0 128 198.18.0.194:16509 0.0.0.0:* '
          'users:(("libvirtd",pid=3632,fd=12))\n'
          'tcp LISTEN 0 128 127.0.0.1:6640 0.0.0.0:* '
          'users:(("ovsdb-server",pid=7,fd=3))\n'
          'tcp LISTEN 0 128 0.0.0.0:22 0.0.0.0:* '
          'users:(("sshd",pid=9,fd=3))\n'
          'udp UNCONN 0 0 [::]:5353 [::]:* users:(("x",pid=1,fd=1))\n')

    def test_only_loopback_and_the_hosts_address(self):
        def run(argv, capture_output, text):
            self.assertEqual(['ip', 'netns', 'exec', 'mc284-compute1', 'ss',
                              '-ltnupH'], argv)
            return mock.Mock(stdout=self.SS)

        self.assertEqual([
            'mc284-compute1 0.0.0.0:22 users:(("sshd",pid=9,fd=3))',
            'mc284-compute1 :::5353 users:(("x",pid=1,fd=1))'],
            secret_scan.namespace_listeners(
                {'mc284-compute1': ('198.18.0.194',)}, run=run))

    def test_wildcard_address_of_ss(self):
        self.assertEqual([('*', '22', 'users:(("sshd"))')],
                         secret_scan.listening_addresses(
                             'tcp LISTEN 0 128 *:22 *:* users:(("sshd"))'))
