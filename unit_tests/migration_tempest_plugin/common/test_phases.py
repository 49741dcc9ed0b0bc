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

import json
import os

import fixtures
from openstack.compute.v2 import server as sdk_server
import testtools

from migration_tempest_plugin.common import model
from migration_tempest_plugin.common import phases
from migration_tempest_plugin import config as migration_config
from unit_tests import conf as unit_conf
from unit_tests import fakes

CLOUD = {'identity': 'http://keystone/v3', 'project_id': 'p1'}


def recorded(server_id='s1', host='compute1', flavor='m1.tiny'):
    return model.Sibling(
        id=server_id, name='req-1', status='ACTIVE', host=host, node=host,
        availability_zone='nova', flavor=flavor)


def server(host='compute1', status='ACTIVE', task_state=None, **extra):
    return sdk_server.Server(**fakes.server_body(
        's1', host, status=status, task_state=task_state, **extra))


class TestPhaseOptions(testtools.TestCase):

    def test_phase_defaults_to_none_and_skips_both_phases(self):
        conf = unit_conf.load()
        self.assertEqual('none', phases.resolve_phase(conf))
        reason = phases.phase_skip_reason(conf, 'create')
        self.assertEqual('Runs only in the upgrade create phase: '
                         '[migration] upgrade_phase is none', reason)

    def test_configured_phase_runs(self):
        conf = unit_conf.load('[migration]\nupgrade_phase = Verify\n')
        self.assertIsNone(phases.phase_skip_reason(conf, 'verify'))
        self.assertIn('verify', phases.phase_skip_reason(conf, 'create'))

    def test_destroy_phase_runs_only_the_destroy_tests(self):
        conf = unit_conf.load('[migration]\nupgrade_phase = destroy\n')
        self.assertIsNone(phases.phase_skip_reason(conf, 'destroy'))
        self.assertIn('destroy', phases.phase_skip_reason(conf, 'verify'))

    def test_unknown_phase_is_an_error_naming_the_option(self):
        conf = unit_conf.load('[migration]\nupgrade_phase = after\n')
        error = self.assertRaises(migration_config.InvalidOption,
                                  phases.phase_skip_reason, conf, 'create')
        self.assertEqual('[migration] upgrade_phase', error.option)
        self.assertIn("is 'after': it must be one of none, create, verify, "
                      "destroy",
                      str(error))

    def test_state_file_is_required_in_a_phase(self):
        conf = unit_conf.load('[migration]\nupgrade_phase = create\n')
        error = self.assertRaises(migration_config.InvalidOption,
                                  phases.resolve_state_file, conf)
        self.assertEqual('[migration] upgrade_state_file', error.option)
        self.assertIn('upgrade_phase = create', str(error))

    def test_state_file_path_is_absolute(self):
        conf = unit_conf.load('[migration]\nupgrade_state_file = s.json\n')
        self.assertEqual(os.path.abspath('s.json'),
                         phases.resolve_state_file(conf))


class TestStateFile(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.path = os.path.join(self.useFixture(fixtures.TempDir()).path,
                                 'sub', 'state.json')

    def write(self, kinds=('cold_migration',), cloud=CLOUD):
        state = phases.new_state(cloud)
        for kind in kinds:
            phases.record_group(state, kind, 'req', [
                recorded('a'), recorded('b', host='compute2')])
        phases.write_state(self.path, state)
        return state

    def test_round_trip(self):
        self.write(('cold_migration', 'resize'))
        state = phases.load_state(self.path, CLOUD)
        self.assertEqual([recorded('a'), recorded('b', host='compute2')],
                         phases.recorded_group(state, 'resize'))
        self.assertIsNone(phases.recorded_group(state, 'unshelve'))
        self.assertEqual(['a', 'b', 'a', 'b'],
                         phases.recorded_server_ids(state))
        self.assertFalse(os.path.exists(self.path + '.tmp'))

    def assert_state_error(self, cloud, *words):
        error = self.assertRaises(phases.StateFileError, phases.load_state,
                                  self.path, cloud)
        self.assertEqual('[migration] upgrade_state_file', error.option)
        self.assertIn(self.path, str(error))
        for word in words:
            self.assertIn(word, str(error))

    def test_missing_file_says_to_run_the_create_phase(self):
        self.assert_state_error(CLOUD, 'does not exist',
                                'upgrade_phase = create')

    def test_not_json(self):
        os.makedirs(os.path.dirname(self.path))
        with open(self.path, 'w') as f:
            f.write('{')
        self.assert_state_error(CLOUD, 'cannot be read as JSON')

    def test_other_format(self):
        os.makedirs(os.path.dirname(self.path))
        with open(self.path, 'w') as f:
            json.dump({'format': 99}, f)
        self.assert_state_error(CLOUD, 'format 1', '99')

    def test_other_cloud_is_stale(self):
        self.write()
        self.assert_state_error(dict(CLOUD, project_id='p2'), 'is stale',
                                "'p1'", "'p2'")

    def test_no_siblings_recorded(self):
        self.write(kinds=())
        self.assert_state_error(CLOUD, 'records no siblings')


class TestChangesSinceRecorded(testtools.TestCase):

    def test_unchanged(self):
        self.assertEqual([], phases.changes_since_recorded(recorded(),
                                                           server()))

    def test_every_change_is_named(self):
        now = server(host='compute2', status='SHUTOFF',
                     task_state='powering-on',
                     flavor={'original_name': 'm1.small'})
        self.assertEqual(
            ['host was compute1, now compute2',
             'status was ACTIVE, now SHUTOFF',
             'flavor was m1.tiny, now m1.small',
             'task_state was None, now powering-on'],
            phases.changes_since_recorded(recorded(), now))
