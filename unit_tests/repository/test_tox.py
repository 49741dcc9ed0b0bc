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

"""tox.ini: every env that runs the suite on a cloud lifts the unit tests'
per-test timeout (a chain of evacuations outlasts 120 s under load)."""

import configparser
import os
import re

import testtools

TOX_INI = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), 'tox.ini')
CLOUD_COMMAND = re.compile(
    r'python -m (minicloud|e2e|upgrade|reliability|bench|detect)\b')


def tox_config():
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(TOX_INI)
    return parser


SETENV_OF = re.compile(r'\{\[(testenv:[\w-]+)\]setenv\}')


def takes_suite_setenv(parser, name):
    """Whether env ``name`` has the minicloud env's setenv, at any depth."""
    if name == 'testenv:minicloud':
        return True
    return any(takes_suite_setenv(parser, other) for other in
               SETENV_OF.findall(parser[name].get('setenv', '')))


class TestToxEnvs(testtools.TestCase):

    def test_envs_on_a_cloud_take_the_suites_test_timeout(self):
        parser = tox_config()
        suite_setenv = parser['testenv:minicloud']['setenv']
        self.assertIn('OS_TEST_TIMEOUT=900', suite_setenv)
        cloud_envs = [name for name in parser.sections()
                      if name.startswith('testenv:')
                      and CLOUD_COMMAND.search(
                          parser[name].get('commands', ''))]
        for name in ('minicloud', 'minicloud-fake', 'minicloud-smoke',
                     'upgrade', 'reliability', 'bench', 'detect'):
            self.assertIn('testenv:' + name, cloud_envs)
        for name in cloud_envs:
            self.assertTrue(takes_suite_setenv(parser, name), name)

    def test_tox_runs_the_suite_on_both_drivers(self):
        parser = tox_config()
        envlist = parser['tox']['envlist'].split(',')
        self.assertEqual(['minicloud-fake', 'minicloud-smoke'],
                         [env for env in envlist if 'minicloud' in env])
        # minicloud takes the machine's driver (libvirt where it can run).
        self.assertNotIn('MINICLOUD_DRIVER',
                         parser['testenv:minicloud']['setenv'])
        fake = parser['testenv:minicloud-fake']['setenv']
        self.assertIn('MINICLOUD_DRIVER=fake', fake)
        self.assertIn('.minicloud-fake', fake)
        smoke = parser['testenv:minicloud-smoke']
        self.assertIn('MINICLOUD_DRIVER=libvirt', smoke['setenv'])
        self.assertIn(r'\bsmoke\b', smoke['commands'])
