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

"""Sphinx configuration of the migration-tempest-plugin release notes."""

extensions = [
    'openstackdocstheme',
    'reno.sphinxext',
]

templates_path = ['_templates']
source_suffix = '.rst'
master_doc = 'index'

project = 'migration-tempest-plugin Release Notes'
copyright = '2026, The migration-tempest-plugin Authors'

# Release notes are not versioned documents: reno gives each release its
# own section.
version = ''
release = ''

pygments_style = 'native'

html_theme = 'openstackdocs'
html_static_path = ['_static']
openstackdocs_repo_name = 'openstack/migration-tempest-plugin'
openstackdocs_bug_project = 'migration-tempest-plugin'
openstackdocs_bug_tag = 'releasenotes'
openstackdocs_auto_name = False

htmlhelp_basename = 'MigrationTempestPluginReleaseNotesdoc'
