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

"""Sphinx configuration of the migration-tempest-plugin documentation."""

import os
import sys

# The repository root, so that the test modules can be imported by the
# test list extension without installing anything but the plugin.
sys.path.insert(0, os.path.abspath(os.path.join('..', '..')))
sys.path.insert(0, os.path.abspath('_exts'))

extensions = [
    'openstackdocstheme',
    # Renders [migration] from the option definitions themselves.
    'oslo_config.sphinxext',
    # Writes the sample file shown by the sample configuration page.
    'oslo_config.sphinxconfiggen',
    # Lists the tests, their ids and docstrings from the test modules.
    'migration_tests',
]

config_generator_config_file = (
    '../../etc/migration-tempest-plugin-config-generator.conf')
sample_config_basename = '_static/migration-tempest-plugin'

source_suffix = '.rst'
master_doc = 'index'

project = 'migration-tempest-plugin'
copyright = '2026, The migration-tempest-plugin Authors'

add_function_parentheses = True
add_module_names = False
pygments_style = 'native'

# openstackdocstheme
html_theme = 'openstackdocs'
openstackdocs_repo_name = 'openstack/migration-tempest-plugin'
openstackdocs_bug_project = 'migration-tempest-plugin'
openstackdocs_bug_tag = 'doc'
openstackdocs_auto_name = False

htmlhelp_basename = '%sdoc' % project

latex_documents = [
    ('index', 'doc-%s.tex' % project,
     'migration-tempest-plugin Documentation',
     'The migration-tempest-plugin Authors', 'manual'),
]
latex_use_xindy = False
