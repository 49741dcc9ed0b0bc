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

from unittest import mock

import testtools

from migration_tempest_plugin.common import diagnostics
from migration_tempest_plugin.common import scrubbing
from migration_tempest_plugin.common import waiters
from unit_tests import fakes

TRACEBACK = ('Traceback (most recent call last):\n'
             '  File "nova/conductor/manager.py", line 1, in migrate\n'
             '    headers={"X-Auth-Token": "gAAAAABsecretsecretsecret"}\n'
             'nova.exception.MigrationPreCheckError: Migration pre-check '
             'error: Compute service of compute2 is unavailable at this '
             'time.\n')


def failed_live_migration_cloud():
    cloud = fakes.FakeCloud()
    cloud.servers = {'a': [fakes.server_body(
        'a', 'compute1', fault={'code': 500, 'message': 'boom'})]}
    cloud.migrations = {'a': [[dict(
        id=3, uuid='mig-3', migration_type='live-migration',
        status='error', source_compute='compute1', source_node='compute1',
        dest_compute='compute2', dest_node='compute2',
        created_at='2026-11-23T22:00:00')]]}
    cloud.actions = {'a': [{
        'action': 'live-migration', 'request_id': 'req-1',
        'message': 'Error', 'events': [{
            'event': 'conductor_live_migrate_instance', 'result': 'Error',
            'host': 'controller', 'traceback': TRACEBACK,
            'details': 'Migration pre-check error: Compute service of '
                       'compute2 is unavailable at this time.'}]}]}
    cloud.services = [
        fakes.service_body('compute1'),
        dict(fakes.service_body('compute2', state='down',
                                status='disabled',
                                disabled_reason='stopped for a test'),
             forced_down=True)]
    cloud.providers = {'rp-1': 'compute1', 'rp-2': 'compute2'}
    cloud.allocations = {
        'a': {'rp-1': {'resources': {'VCPU': 1, 'MEMORY_MB': 64}}},
        'mig-3': {}}
    return cloud


class TestDiagnose(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.text = diagnostics.diagnose(failed_live_migration_cloud(),
                                         ['a'])

    def test_names_the_cause(self):
        self.assertIn('status=error source=compute1/compute1 '
                      'dest=compute2/compute2',
                      self.text)
        self.assertIn('Compute service of compute2 is unavailable',
                      self.text)
        self.assertIn("fault: {'code': 500, 'message': 'boom'}", self.text)

    def test_every_compute_service_with_its_state(self):
        self.assertIn('compute1 (up, enabled, zone nova) updated',
                      self.text)
        self.assertIn('compute2 (down, disabled: stopped for a test, forced '
                      'down, zone nova) updated',
                      self.text)

    def test_allocations_of_the_server_and_its_migrations(self):
        self.assertIn('server a: compute1 (rp-1) MEMORY_MB=64, VCPU=1',
                      self.text)
        self.assertIn('migration mig-3 (live-migration, error): nothing',
                      self.text)

    def test_whole_tracebacks_scrubbed(self):
        self.assertIn('nova/conductor/manager.py', self.text)
        self.assertNotIn('secretsecret', self.text)
        self.assertIn('"X-Auth-Token": "***"', self.text)

    def test_a_section_that_cannot_be_read_does_not_hide_the_others(self):
        cloud = failed_live_migration_cloud()
        cloud.placement.resource_providers = mock.Mock(
            side_effect=RuntimeError('placement down'))
        text = diagnostics.diagnose(cloud, ['a'])
        self.assertIn("could not read it: RuntimeError('placement down')",
                      text)
        self.assertIn('compute2 (down,', text)


class FakeTest(object):
    def __init__(self):
        self.details = {}

    def addDetail(self, name, content):
        self.details[name] = content.as_text()


class TestAttachOnFailure(testtools.TestCase):

    def test_failure_attaches_diagnostics_and_writes_the_line(self):
        test, observer = FakeTest(), mock.Mock()
        observer.watched_servers.return_value = ['a']
        exc_info = (None, waiters.WaitFailed('migration error'), None)
        diagnostics.attach_on_failure(test, failed_live_migration_cloud(),
                                      observer, exc_info)
        self.assertIn('compute2 is unavailable',
                      test.details[diagnostics.DETAIL_NAME])
        observer.failed.assert_called_once_with(exc_info)

    def test_skips_are_not_failures(self):
        test, observer = FakeTest(), mock.Mock()
        diagnostics.attach_on_failure(
            test, None, observer,
            (None, testtools.TestCase.skipException('no'), None))
        self.assertEqual({}, test.details)
        observer.failed.assert_not_called()

    def test_first_line_is_short_and_scrubbed(self):
        self.assertEqual('token ***', scrubbing.first_line(
            'token gAAAAAB%s\nsecond line' % ('q' * 30)))
        self.assertEqual(300, len(scrubbing.first_line('x' * 1000)))
        self.assertEqual('', scrubbing.first_line(''))
