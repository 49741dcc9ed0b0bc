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

"""The plugin's tests the checks run, by id."""

SUITE_REGEX = r'^migration_tempest_plugin\.'
TESTS = 'migration_tempest_plugin.tests.scenario.'
LIVE_TO_HOST_TEST = (TESTS + 'test_live_migration.LiveMigrateOneSiblingTest.'
                     'test_live_migrate_one_sibling_to_requested_host')
COLD_TO_HOST_TEST = (TESTS + 'test_cold_migration.ColdMigrateOneSiblingTest.'
                     'test_cold_migrate_one_sibling_to_requested_host')
