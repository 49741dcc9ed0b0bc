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

import os

from tempest import config
from tempest.test_discover import plugins

from migration_tempest_plugin import config as migration_config


class MigrationTempestPlugin(plugins.TempestPlugin):
    """Tempest plugin that moves servers created together in one request.

    Tempest discovers only ``migration_tempest_plugin/tests``; the unit tests
    live outside the package so that ``tempest run`` never picks them up.
    """

    def load_tests(self):
        base_path = os.path.split(os.path.dirname(
            os.path.abspath(__file__)))[0]
        full_test_dir = os.path.join(base_path, 'migration_tempest_plugin',
                                     'tests')
        return full_test_dir, base_path

    def register_opts(self, conf):
        config.register_opt_group(conf, migration_config.migration_group,
                                  migration_config.MigrationGroup)

    def get_opt_lists(self):
        return [(migration_config.migration_group.name,
                 migration_config.MigrationGroup)]
