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

"""The tools and the plugin depend one way: checks of their imports.

runs (e2e, upgrade, bench, reliability, detect) -> harness -> minicloud ->
migration_tempest_plugin. A run imports harness, minicloud and the plugin,
never another run; harness imports minicloud and the plugin, never a run;
minicloud imports the plugin, never harness nor a run; the plugin imports
no tool. Within minicloud each module imports only those before it in the
package docstring's list. No module of tools/ is over MAX_LINES lines.
"""

import ast
import os
import re

import minicloud
import testtools

TOOLS = os.path.dirname(os.path.dirname(os.path.abspath(minicloud.__file__)))
PLUGIN = os.path.join(os.path.dirname(TOOLS), 'migration_tempest_plugin')
RUNS = ('e2e', 'upgrade', 'bench', 'reliability', 'detect')
SHARED = ('harness', 'minicloud')
MAX_LINES = 400


def packages():
    """The packages under tools/."""
    return sorted(name for name in os.listdir(TOOLS)
                  if os.path.isfile(os.path.join(TOOLS, name, '__init__.py')))


def sources(root):
    """{module name relative to root: path} of the .py files under root."""
    found = {}
    for directory, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d != '__pycache__']
        for name in names:
            if name.endswith('.py'):
                path = os.path.join(directory, name)
                found[os.path.relpath(path, root)[:-3].replace(
                    os.sep, '.')] = path
    return found


def modules(package):
    """{module name: parsed source} of a package under tools/."""
    found = {}
    for name, path in sources(os.path.join(TOOLS, package)).items():
        with open(path) as f:
            found[name] = ast.parse(f.read(), path)
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


def tops(tree):
    return {name.split('.')[0] for name in imported(tree)}


def minicloud_layers():
    """minicloud's modules in the order of its package docstring."""
    text = minicloud.__doc__.split(
        'Modules, each importing only those above it:\n')[1]
    layers = []
    for line in text.split('\n\n')[0].splitlines():
        match = re.match(r'^  (\w+(?:, \w+)*)  ', line)
        if match:
            layers.extend(match.group(1).split(', '))
    return tuple(layers)


class TestLayout(testtools.TestCase):

    def test_every_package_of_tools_has_its_place(self):
        self.assertEqual(sorted(SHARED + RUNS), packages())

    def test_minicloud_imports_no_run_and_no_harness(self):
        for name, tree in modules('minicloud').items():
            self.assertFalse(set(RUNS + ('harness',)) & tops(tree), name)

    def test_harness_imports_no_run(self):
        for name, tree in modules('harness').items():
            self.assertFalse(set(RUNS) & tops(tree), name)

    def test_no_run_imports_another(self):
        for run in RUNS:
            others = set(RUNS) - {run}
            for name, tree in modules(run).items():
                self.assertFalse(others & tops(tree),
                                 '%s.%s imports %s' % (run, name, sorted(
                                     others & tops(tree))))

    def test_the_plugin_imports_no_tool(self):
        for name, path in sources(PLUGIN).items():
            with open(path) as f:
                tree = ast.parse(f.read(), path)
            self.assertFalse(set(packages()) & tops(tree), path)

    def test_each_minicloud_module_imports_only_those_before_it(self):
        layers = minicloud_layers()
        self.assertIn('drivers', layers)
        for name, tree in modules('minicloud').items():
            top = name.split('.')[0]
            if top in ('__init__', '__main__'):
                continue
            # A module the docstring does not list escapes the rule.
            self.assertIn(top, layers, 'minicloud.%s is not in the list of '
                          "minicloud's docstring" % name)
            allowed = layers[:layers.index(top) + 1]
            for module in imported(tree):
                if module.startswith('minicloud.'):
                    self.assertIn(module.split('.')[1], allowed,
                                  '%s imports %s' % (name, module))

    def test_no_module_of_tools_is_over_the_limit(self):
        over = []
        for package in packages():
            for name, path in sources(os.path.join(TOOLS, package)).items():
                with open(path) as f:
                    lines = len(f.readlines())
                if lines > MAX_LINES:
                    over.append('%s.%s: %d lines' % (package, name, lines))
        self.assertEqual([], over)

    def test_no_module_changes_another_modules_globals(self):
        changed = []
        for package in packages():
            for name, tree in modules(package).items():
                # The tools' modules, by the names they get here.
                ours = {alias.asname or alias.name
                        for node in ast.walk(tree)
                        if isinstance(node, (ast.Import, ast.ImportFrom))
                        for alias in node.names
                        if (getattr(node, 'module', None) or alias.name
                            ).split('.')[0] in packages()}
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
