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

"""The tools depend one way: checks of their imports (no cloud)."""

import ast
import os

import minicloud
import testtools

TOOLS = os.path.dirname(os.path.dirname(os.path.abspath(minicloud.__file__)))
# minicloud's modules, in the order of the package docstring: each imports
# only those before it.
LAYERS = ('errors', 'config', 'files', 'sampling', 'processes', 'health',
          'services',
          'guest_image', 'libvirt_hosts', 'drivers', 'ovn', 'topology',
          'render',
          'host', 'database', 'api',
          'bootstrap', 'computes', 'workspace', 'cloud', 'leaks',
          'secret_scan', 'faults', 'e2e', 'cli', 'upgrade')


def modules(package):
    """{module name: parsed source} of a package under tools/."""
    found = {}
    root = os.path.join(TOOLS, package)
    for directory, _dirs, names in os.walk(root):
        for name in names:
            if name.endswith('.py'):
                path = os.path.join(directory, name)
                relative = os.path.relpath(path, root)[:-3].replace(
                    os.sep, '.')
                with open(path) as f:
                    found[relative] = ast.parse(f.read(), path)
    return found


def imported(tree):
    """Top-level names of what a module imports, 'minicloud.x' for ours."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module.split('.')[0] == 'minicloud':
                names.update('%s.%s' % (node.module, alias.name)
                             for alias in node.names)
            else:
                names.add(node.module.split('.')[0])
        elif isinstance(node, ast.Import):
            names.update(alias.name.split('.')[0] for alias in node.names)
    return names


class TestLayout(testtools.TestCase):

    def test_minicloud_imports_no_other_tool(self):
        for name, tree in modules('minicloud').items():
            self.assertFalse({'reliability', 'bench', 'detect'}
                             & imported(tree), name)

    def test_reliability_and_bench_do_not_import_each_other(self):
        for package, other in (('reliability', 'bench'),
                               ('bench', 'reliability')):
            for name, tree in modules(package).items():
                self.assertNotIn(other, imported(tree),
                                 '%s.%s' % (package, name))

    def test_the_plugin_imports_no_tool(self):
        plugin = os.path.join(os.path.dirname(TOOLS),
                              'migration_tempest_plugin')
        for directory, _dirs, names in os.walk(plugin):
            for name in names:
                if name.endswith('.py'):
                    path = os.path.join(directory, name)
                    with open(path) as f:
                        tree = ast.parse(f.read(), path)
                    self.assertFalse(
                        {'minicloud', 'reliability', 'bench'}
                        & {module.split('.')[0]
                           for module in imported(tree)}, path)

    def test_each_module_imports_only_those_below_it(self):
        for name, tree in modules('minicloud').items():
            top = name.split('.')[0]
            if top not in LAYERS:
                continue  # __init__, __main__, fake_guests (nova's side)
            allowed = LAYERS[:LAYERS.index(top) + 1]
            for module in imported(tree):
                if module.startswith('minicloud.'):
                    self.assertIn(module.split('.')[1], allowed,
                                  '%s imports %s' % (name, module))

    def test_no_module_changes_another_modules_globals(self):
        changed = []
        for package in ('minicloud', 'reliability', 'bench', 'detect'):
            for name, tree in modules(package).items():
                # minicloud and its modules, by the names they get here.
                ours = {alias.asname or alias.name
                        for node in ast.walk(tree)
                        if isinstance(node, (ast.Import, ast.ImportFrom))
                        for alias in node.names
                        if (getattr(node, 'module', None) or alias.name
                            ).startswith('minicloud')}
                changed.extend(
                    '%s.%s sets %s.%s' % (package, name, target.value.id,
                                          target.attr)
                    for node in ast.walk(tree)
                    if isinstance(node, (ast.Assign, ast.AugAssign))
                    for target in (node.targets if isinstance(node, ast.Assign)
                                   else [node.target])
                    if isinstance(target, ast.Attribute)
                    and isinstance(target.value, ast.Name)
                    and target.value.id in ours)
        self.assertEqual([], changed)
