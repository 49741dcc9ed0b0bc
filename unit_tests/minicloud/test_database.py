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

"""Unit tests of minicloud/database.py: MariaDB and the setup chains."""

import os
import tempfile

from minicloud import database
import testtools

from unit_tests.minicloud import fakes


class TestSecrets(testtools.TestCase):

    def test_no_password_on_a_setup_command_line(self):
        chains = database.manage_chains(fakes.make_settings(), fakes.SECRETS)
        bootstrap = chains['keystone'][-1]
        self.assertEqual({'OS_BOOTSTRAP_PASSWORD': 'adminpw'}, bootstrap.env)
        argvs = [getattr(command, 'argv', command)
                 for chain in chains.values() for command in chain]
        for secret in fakes.SECRETS.values():
            self.assertNotIn(secret, ' '.join(' '.join(argv)
                                              for argv in argvs))

    def test_mariadb_client_reads_its_password_from_a_private_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            settings = fakes.make_settings(MINICLOUD_STATE_DIR=tmp)
            path = database.client_defaults(settings, fakes.SECRETS)
            self.assertEqual(0o600, os.stat(path).st_mode & 0o777)
            with open(path) as f:
                self.assertIn('password=dbpw\n', f.read())
