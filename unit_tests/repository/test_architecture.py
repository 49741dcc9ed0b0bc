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

"""doc/source/architecture.rst against the packages it describes.

The page gives each package a definition (its term ``tools/<name>`` or
``migration_tempest_plugin``) naming its modules as ``module.py`` and its
directories as ``name/``, relative to the package; other paths it names
are relative to the repository.
"""

import os
import re

import testtools

from unit_tests.repository import test_layout

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
PAGE = os.path.join(REPO_ROOT, 'doc', 'source', 'architecture.rst')
TERM = re.compile(r'^``([\w/]+)``$')
LITERAL = re.compile(r'``([^`]+)``')
# A module or directory of a package: common/waiters.py, drivers/fake/.
PATH = re.compile(r'^[\w/]+(\.py|/)$')


def definitions():
    """{term: its text} of the page's definition list."""
    with open(PAGE) as f:
        lines = f.read().splitlines()
    found = {}
    term = None
    for line in lines:
        match = TERM.match(line)
        if match:
            term = match.group(1)
            found[term] = ''
        elif term and (line.startswith('   ') or not line):
            found[term] += line.strip() + '\n'
        else:
            term = None
    return found


def page_paths(text):
    """Literals of the text that name a module or directory."""
    return {name for name in LITERAL.findall(text) if PATH.match(name)}


class TestArchitecturePage(testtools.TestCase):

    def test_every_package_of_tools_and_the_plugin_is_described(self):
        self.assertEqual(
            sorted(['migration_tempest_plugin'] + [
                'tools/' + package for package in test_layout.packages()]),
            sorted(definitions()))

    def test_every_module_and_directory_named_exists(self):
        missing = []
        for term, text in definitions().items():
            for name in page_paths(text):
                if not os.path.exists(os.path.join(REPO_ROOT, term, name)):
                    missing.append('%s: %s' % (term, name))
        self.assertEqual([], missing)

    def test_every_module_of_a_tools_package_is_named(self):
        unnamed = []
        for term, text in definitions().items():
            if not term.startswith('tools/'):
                continue
            named = page_paths(text)
            for name in sorted(os.listdir(os.path.join(REPO_ROOT, term))):
                if (name.endswith('.py')
                        and name not in ('__init__.py', '__main__.py')
                        and name not in named):
                    unnamed.append('%s/%s' % (term, name))
        self.assertEqual([], unnamed)

    def test_every_repository_path_named_outside_the_packages_exists(self):
        with open(PAGE) as f:
            text = f.read()
        for name in LITERAL.findall(text):
            if '/' in name and name.endswith('.py') and name.startswith(
                    ('tools/', 'unit_tests/', 'migration_tempest_plugin/')):
                self.assertTrue(os.path.exists(os.path.join(REPO_ROOT, name)),
                                name)
