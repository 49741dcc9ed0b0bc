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

"""Unit tests of minicloud/template.py: a template filled in."""

import os

import fixtures
from minicloud import errors
from minicloud import template
import testtools


class TestRender(testtools.TestCase):

    def test_unknown_name_is_an_error(self):
        directory = self.useFixture(fixtures.TempDir()).path
        with open(os.path.join(directory, 'b.conf'), 'w') as f:
            f.write('x = ${x}\ny = ${y}\n')
        e = self.assertRaises(errors.MinicloudError, template.render,
                              'b.conf', {'x': 1}, directory)
        self.assertIn('b.conf', str(e))
        self.assertIn("'y'", str(e))

    def test_ini_text(self):
        self.assertEqual('[a]\nx = 1\n\n[b]\n',
                         template.ini_text({'a': {'x': 1}, 'b': {}}))

    def test_template_comments_are_left_out(self):
        directory = self.useFixture(fixtures.TempDir()).path
        with open(os.path.join(directory, 'a.conf'), 'w') as f:
            f.write('## why x is 1\nx = ${x}\n# kept\n')
        self.assertEqual('x = 1\n# kept\n',
                         template.render('a.conf', {'x': 1}, directory))
