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

"""Sphinx directive ``migration-test-list``: the tests, read from the code.

The list is built the way ``tempest run`` finds the tests (the unittest
loader over ``migration_tempest_plugin/tests``), so the page cannot name a
test that does not exist, nor miss one. Each test shows its full tempest id
(with the idempotent id and attributes) and its docstring, verbatim.
"""

import inspect
import os
import unittest

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.util import logging
import testtools

LOG = logging.getLogger(__name__)

REPO_ROOT = os.path.abspath(
    os.path.join(os.path.dirname(__file__), '..', '..', '..'))
TESTS_DIR = os.path.join(REPO_ROOT, 'migration_tempest_plugin', 'tests')
# tempest.lib.decorators.idempotent_id prepends this line to the docstring;
# the id is shown separately, from the test id.
IDEMPOTENT_PREFIX = 'Test idempotent id:'


def _docstring_without_id(obj):
    doc = obj.__doc__ or ''
    if doc.startswith(IDEMPOTENT_PREFIX):
        # The prefix line is unindented: remove it before dedenting.
        doc = doc.partition('\n\n')[2]
    return inspect.cleandoc(doc)


def load_tests():
    """Return the loaded tests and the import errors of the test modules."""
    loader = unittest.TestLoader()
    suite = loader.discover(TESTS_DIR, top_level_dir=REPO_ROOT)
    # A module that fails to import shows up as a placeholder test of
    # unittest's own; its error is in loader.errors.
    tests = [test for test in testtools.iterate_tests(suite)
             if type(test).__module__ != unittest.loader.__name__]
    return tests, list(loader.errors)


def _text_block(text):
    """Docstring text as it is written: verbatim, not highlighted."""
    block = nodes.literal_block(text, text)
    block['language'] = 'none'
    return block


class MigrationTestList(Directive):
    """Render every test class of the plugin with its tests."""

    has_content = False

    def run(self):
        tests, errors = load_tests()
        for error in errors:
            LOG.warning('migration-test-list: a test module does not '
                        'import:\n%s', error)
        if not tests and not errors:
            LOG.warning('migration-test-list: no test found under %s',
                        TESTS_DIR)
        by_class = {}
        for test in tests:
            by_class.setdefault(type(test), []).append(test)
        result = []
        for cls in sorted(by_class, key=lambda c: (c.__module__,
                                                   c.__qualname__)):
            result.append(self._class_section(cls, by_class[cls]))
        return result

    def _class_section(self, cls, tests):
        path = '%s.%s' % (cls.__module__, cls.__qualname__)
        section = nodes.section(ids=[nodes.make_id(path)])
        section += nodes.title(text=cls.__qualname__)
        section += nodes.paragraph(
            '', '', nodes.literal(text=path))
        class_doc = _docstring_without_id(cls)
        if class_doc:
            section += _text_block(class_doc)
        items = nodes.definition_list()
        for test in tests:
            name = test._testMethodName
            # tempest's id: <module>.<class>.<method>[id-<uuid>,<attrs>]
            attributes = test.id().partition('[')[2].rstrip(']')
            term = nodes.term('', '', nodes.strong(text=name))
            body = nodes.definition()
            body += nodes.paragraph(
                '', '', nodes.Text('Tempest id attributes: '),
                nodes.literal(text=attributes or '(none)'))
            doc = _docstring_without_id(getattr(cls, name))
            body += _text_block(doc or '(no docstring)')
            items += nodes.definition_list_item('', term, body)
        section += items
        return section


def setup(app):
    app.add_directive('migration-test-list', MigrationTestList)
    return {'parallel_read_safe': True, 'parallel_write_safe': True}
