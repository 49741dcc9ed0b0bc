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

"""Unit tests of minicloud/host.py: Debian packages and the server venv."""

from unittest import mock

from minicloud import errors
from minicloud import host
import testtools


class TestHostPackages(testtools.TestCase):

    def test_no_apt_get_names_the_packages(self):
        with mock.patch.object(host.shutil, 'which', autospec=True,
                               return_value=None):
            e = self.assertRaises(errors.MinicloudError,
                                  host.apt_install, ['mariadb-server'])
        self.assertIn('no apt-get', str(e))
        self.assertIn('mariadb-server', str(e))

    def test_not_root_and_no_sudo_says_how(self):
        def which(name):
            return '/usr/bin/apt-get' if name == 'apt-get' else None

        with mock.patch.object(host.shutil, 'which', autospec=True,
                               side_effect=which), \
                mock.patch.object(host.os, 'geteuid', autospec=True,
                                  return_value=1000):
            e = self.assertRaises(errors.MinicloudError,
                                  host.apt_install, ['rabbitmq-server'])
        self.assertIn('needs root', str(e))
        self.assertIn('sudo /usr/bin/apt-get install -y', str(e))
        self.assertIn('rabbitmq-server', str(e))

    def installed_as_root(self, packages, policy_rc_d_exists):
        """The command lines apt_install ran, as root, all succeeding."""
        result = mock.Mock(returncode=0, stdout=b'')
        with mock.patch.object(host.shutil, 'which', autospec=True,
                               return_value='/usr/bin/apt-get'), \
                mock.patch.object(host.os, 'geteuid', autospec=True,
                                  return_value=0), \
                mock.patch.object(host.os.path, 'exists', autospec=True,
                                  return_value=policy_rc_d_exists), \
                mock.patch.object(host.subprocess, 'run', autospec=True,
                                  return_value=result) as run:
            host.apt_install(packages)
        return [call.args[0] for call in run.call_args_list]

    def test_package_lists_are_refreshed_before_the_install(self):
        # A machine whose policy-rc.d already starts no service.
        commands = self.installed_as_root(['mariadb-server'], True)
        self.assertEqual([['/usr/bin/apt-get', 'update'],
                          ['/usr/bin/apt-get', 'install']],
                         [command[:2] for command in commands])

    def test_no_service_starts_while_it_installs(self):
        commands = self.installed_as_root(['openvswitch-switch'], False)
        self.assertEqual('sh', commands[0][0])
        self.assertEqual([host.NO_SERVICES, host.POLICY_RC_D],
                         commands[0][-2:])
        self.assertIn('exit 101', host.NO_SERVICES)
        self.assertEqual(['rm', '-f', host.POLICY_RC_D], commands[-1])
        self.assertEqual(['update', 'install'],
                         [command[1] for command in commands[1:-1]])

    def test_a_policy_the_machine_has_is_left_as_it_is(self):
        with mock.patch.object(host, 'run_apt', autospec=True) as run:
            with host.services_not_started([], exists=lambda path: True):
                pass
        run.assert_not_called()

    def test_failed_install_shows_the_output(self):
        result = mock.Mock(returncode=100, stdout=b'E: Unable to locate')
        with mock.patch.object(host.shutil, 'which', autospec=True,
                               return_value='/usr/bin/apt-get'), \
                mock.patch.object(host.os, 'geteuid', autospec=True,
                                  return_value=0), \
                mock.patch.object(host.subprocess, 'run', autospec=True,
                                  return_value=result):
            e = self.assertRaises(errors.MinicloudError,
                                  host.apt_install, ['gcc'])
        self.assertIn('exit 100', str(e))
        self.assertIn('E: Unable to locate', str(e))
