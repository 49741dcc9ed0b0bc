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

"""Skip reasons and expected outcomes of the scheduler-driven moves."""

import fixtures
from openstack.compute.v2 import flavor as sdk_flavor
from openstack.compute.v2 import server_migration as sdk_server_migration
from tempest.common import credentials_factory
from tempest import test
import testtools

from migration_tempest_plugin.common import moves
from migration_tempest_plugin import config as migration_config
from migration_tempest_plugin.tests import base
from migration_tempest_plugin.tests import move_base
from migration_tempest_plugin.tests.scenario import test_cold_migration
from migration_tempest_plugin.tests.scenario import test_evacuate
from migration_tempest_plugin.tests.scenario import \
    test_in_flight_live_migration as test_in_flight
from migration_tempest_plugin.tests.scenario import \
    test_live_migration_back_and_forth as test_back_and_forth
from migration_tempest_plugin.tests.scenario import test_resize
from migration_tempest_plugin.tests.scenario import test_unshelve
from unit_tests import conf as fake_conf

READY = ('[compute]\nmin_compute_nodes = 2\nmax_microversion = latest\n'
         'image_ref = img-1\nflavor_ref = f1\nflavor_ref_alt = f2\n')
EVACUATE = ('[migration]\nevacuate = true\n'
            'compute_stop_command = ssh {host} stop\n'
            'compute_start_command = ssh {host} start\n')
FEATURES = '[compute-feature-enabled]\n'


class TestMoveSkipReasons(testtools.TestCase):

    def test_resize_ready(self):
        self.assertIsNone(moves.resize_skip_reason(fake_conf.load(READY)))

    def test_flavor_ref_alt_unset(self):
        self.assertEqual(
            '[compute] flavor_ref_alt is not set: the resize tests resize '
            'to it',
            moves.resize_skip_reason(fake_conf.load(
                READY + 'flavor_ref_alt =\n')))

    def test_flavor_ref_alt_same_as_flavor_ref(self):
        self.assertEqual(
            '[compute] flavor_ref_alt is f1, the same flavor as [compute] '
            'flavor_ref: a resize needs another flavor',
            moves.resize_skip_reason(fake_conf.load(
                READY + 'flavor_ref_alt = f1\n')))

    def test_evacuate_ready(self):
        self.assertIsNone(moves.evacuate_skip_reason(
            fake_conf.load(READY + EVACUATE)))

    def test_evacuate_off_by_default(self):
        self.assertEqual(
            'Evacuate tests stop a nova-compute service and are off unless '
            'enabled: [migration] evacuate = False',
            moves.evacuate_skip_reason(fake_conf.load(READY)))

    def test_evacuate_that_is_no_boolean_is_an_error_naming_it(self):
        error = self.assertRaises(
            migration_config.InvalidOption, moves.evacuate_skip_reason,
            fake_conf.load('[migration]\nevacuate = sometimes\n'))
        self.assertEqual('[migration] evacuate', error.option)
        self.assertIn("is 'sometimes': it must be true or false",
                      str(error))

    def test_evacuate_accepts_oslo_config_booleans(self):
        for text in ('True', 'yes', '1', 'on'):
            self.assertIsNone(moves.evacuate_skip_reason(fake_conf.load(
                EVACUATE.replace('evacuate = true', 'evacuate = ' + text))))

    def test_evacuate_without_stop_command(self):
        self.assertEqual(
            '[migration] compute_stop_command is not set: the evacuate '
            'tests need it to stop and start a nova-compute service',
            moves.evacuate_skip_reason(fake_conf.load(
                READY + EVACUATE + 'compute_stop_command =\n')))

    def test_evacuate_without_start_command(self):
        self.assertEqual(
            '[migration] compute_start_command is not set: the evacuate '
            'tests need it to stop and start a nova-compute service',
            moves.evacuate_skip_reason(fake_conf.load(
                '[migration]\nevacuate = true\n'
                'compute_stop_command = ssh {host} stop\n')))

    def test_back_and_forth_off_by_default(self):
        self.assertEqual(
            'Live migrating back and forth is disabled in tempest.conf: '
            '[compute-feature-enabled] live_migrate_back_and_forth = False',
            moves.back_and_forth_skip_reason(fake_conf.load(READY)))

    def test_back_and_forth_on(self):
        self.assertIsNone(moves.back_and_forth_skip_reason(fake_conf.load(
            FEATURES + 'live_migrate_back_and_forth = true\n')))

    def test_host_request_needs_any_host_migration(self):
        self.assertIsNone(moves.host_request_skip_reason(
            fake_conf.load(READY)))
        self.assertEqual(
            'Requesting a host needs [compute-feature-enabled] '
            'can_migrate_between_any_hosts = True',
            moves.host_request_skip_reason(fake_conf.load(
                FEATURES + 'can_migrate_between_any_hosts = false\n')))

    def test_busy_image_unset(self):
        self.assertIn('[migration] busy_image_ref is not set',
                      moves.busy_image_skip_reason(fake_conf.load(READY)))
        self.assertIsNone(moves.busy_image_skip_reason(fake_conf.load(
            '[migration]\nbusy_image_ref = busy-1\n')))


class TestInFlight(testtools.TestCase):

    def record(self, status, memory_total_bytes):
        return sdk_server_migration.ServerMigration.existing(
            id=5, status=status, memory_total_bytes=memory_total_bytes)

    def test_running_with_progress(self):
        self.assertTrue(moves.in_flight(self.record('running', 67108864)))

    def test_running_before_the_job_started(self):
        self.assertFalse(moves.in_flight(self.record('running', None)))
        self.assertFalse(moves.in_flight(self.record('running', 0)))

    def test_preparing(self):
        self.assertFalse(moves.in_flight(self.record('preparing', None)))


class TestClassSkipChecks(testtools.TestCase):
    """Each move class skips, before creating anything, with the reason."""

    def skip_reason(self, test_class, text):
        """Why the class skips with this tempest.conf, or None."""
        conf = fake_conf.load(text)
        for module in (base, move_base, test):
            self.useFixture(fixtures.MockPatchObject(module, 'CONF', conf))
        self.useFixture(fixtures.MockPatchObject(
            credentials_factory, 'is_admin_available',
            lambda identity_version: True))
        self.useFixture(fixtures.MockPatchObject(
            test_class, 'settings', None, create=True))
        # Caught here: escaping, it would skip this unit test instead.
        try:
            test_class.skip_checks()
        except testtools.TestCase.skipException as skip:
            return str(skip)
        return None

    def test_all_ready(self):
        text = (READY + EVACUATE + FEATURES + 'resize = true\n'
                + 'live_migrate_back_and_forth = true\n')
        for test_class in (
                test_cold_migration.ColdMigrateOneSiblingTest,
                test_resize.ResizeOneSiblingTest,
                test_unshelve.UnshelveOneSiblingTest,
                test_unshelve.UnshelveOneSiblingToHostTest,
                test_evacuate.EvacuateOneSiblingTest,
                test_back_and_forth.LiveMigrateBackAndForthTest):
            self.assertIsNone(self.skip_reason(test_class, text))

    def test_feature_flags_off(self):
        for test_class, feature in (
                (test_cold_migration.ColdMigrateOneSiblingTest,
                 'cold_migration'),
                (test_resize.ResizeOneSiblingTest, 'resize'),
                (test_unshelve.UnshelveOneSiblingTest, 'shelve'),
                (test_unshelve.UnshelveOneSiblingToHostTest, 'shelve'),
                (test_back_and_forth.LiveMigrateBackAndForthTest,
                 'live_migration')):
            self.assertIn(
                '[compute-feature-enabled] %s = False' % feature,
                self.skip_reason(test_class, READY + FEATURES
                                 + '%s = false\n' % feature
                                 + 'live_migrate_back_and_forth = true\n'))

    def test_resize_flavor_ref_alt_unset(self):
        self.assertIn('[compute] flavor_ref_alt is not set',
                      self.skip_reason(test_resize.ResizeOneSiblingTest,
                                       READY + 'flavor_ref_alt =\n'
                                       + FEATURES + 'resize = true\n'))

    def test_evacuate_disabled(self):
        self.assertIn('[migration] evacuate = False',
                      self.skip_reason(test_evacuate.EvacuateOneSiblingTest,
                                       READY))

    def test_evacuate_commands_unset(self):
        self.assertIn('[migration] compute_start_command is not set',
                      self.skip_reason(test_evacuate.EvacuateOneSiblingTest,
                                       READY + EVACUATE
                                       + 'compute_start_command =\n'))

    def test_in_flight_needs_the_busy_image(self):
        in_flight = test_in_flight.LiveMigrationInFlightTest
        self.assertIn('[migration] busy_image_ref is not set',
                      self.skip_reason(in_flight, READY))
        self.assertIsNone(self.skip_reason(
            in_flight, READY + '[migration]\nbusy_image_ref = busy-1\n'))

    def test_back_and_forth_disabled(self):
        self.assertIn(
            'live_migrate_back_and_forth = False',
            self.skip_reason(test_back_and_forth.LiveMigrateBackAndForthTest,
                             READY))

    def test_unshelve_to_host_microversion_too_old(self):
        reason = self.skip_reason(
            test_unshelve.UnshelveOneSiblingToHostTest,
            READY.replace('max_microversion = latest',
                          'max_microversion = 2.90'))
        self.assertIn('2.91', reason)
        self.assertIn('[compute] min_microversion/max_microversion', reason)
        # Unshelving with no host needs no more than the core's 2.59.
        self.assertIsNone(self.skip_reason(
            test_unshelve.UnshelveOneSiblingTest,
            READY.replace('max_microversion = latest',
                          'max_microversion = 2.90')))

    def test_evacuate_class_runs_alone_only_while_it_evacuates(self):
        evacuate = test_evacuate.EvacuateOneSiblingTest
        self.assertFalse(evacuate.is_serial_execution_requested())


class TestEvacuatedServerStatus(testtools.TestCase):

    def test_kept_before_2_95(self):
        self.assertEqual('ACTIVE',
                         moves.evacuated_server_status('2.59', 'ACTIVE'))
        self.assertEqual('SHUTOFF',
                         moves.evacuated_server_status('2.94', 'SHUTOFF'))

    def test_stopped_from_2_95(self):
        for microversion in ('2.95', '2.100'):
            self.assertEqual(
                'SHUTOFF',
                moves.evacuated_server_status(microversion, 'ACTIVE'))


def flavor(**fields):
    body = dict(id='f1', name='small', vcpus=2, ram=512, disk=1,
                ephemeral=0, swap='', extra_specs={})
    body.update(fields)
    return sdk_flavor.Flavor.existing(**body)


class TestFlavorResources(testtools.TestCase):

    def test_plain_flavor(self):
        self.assertEqual({'VCPU': 2, 'MEMORY_MB': 512, 'DISK_GB': 1},
                         moves.flavor_resources(flavor()))

    def test_disks_add_up_and_swap_rounds_up(self):
        self.assertEqual(
            {'VCPU': 2, 'MEMORY_MB': 512, 'DISK_GB': 5},
            moves.flavor_resources(flavor(disk=1, ephemeral=2, swap=1025)))

    def test_zero_amounts_not_allocated(self):
        self.assertEqual({'VCPU': 2, 'MEMORY_MB': 512},
                         moves.flavor_resources(flavor(disk=0)))

    def test_extra_specs_override(self):
        self.assertEqual(
            {'VCPU': 2, 'MEMORY_MB': 512, 'CUSTOM_GOLD': 1},
            moves.flavor_resources(flavor(extra_specs={
                'resources:DISK_GB': '0', 'resources:CUSTOM_GOLD': '1'})))

    def test_dedicated_cpus_are_pcpu(self):
        self.assertEqual({'PCPU': 2, 'MEMORY_MB': 512, 'DISK_GB': 1},
                         moves.flavor_resources(flavor(
                             extra_specs={'hw:cpu_policy': 'dedicated'})))

    def test_isolated_emulator_thread_takes_one_more_pcpu(self):
        self.assertEqual(
            {'PCPU': 3, 'MEMORY_MB': 512, 'DISK_GB': 1},
            moves.flavor_resources(flavor(extra_specs={
                'hw:cpu_policy': 'dedicated',
                'hw:emulator_threads_policy': 'isolate'})))

    def test_mixed_splits_by_dedicated_mask(self):
        self.assertEqual(
            {'VCPU': 1, 'PCPU': 3, 'MEMORY_MB': 512, 'DISK_GB': 1},
            moves.flavor_resources(flavor(vcpus=4, extra_specs={
                'hw:cpu_policy': 'mixed', 'hw:cpu_dedicated_mask': '^0'})))
        self.assertEqual(
            {'VCPU': 2, 'PCPU': 2, 'MEMORY_MB': 512, 'DISK_GB': 1},
            moves.flavor_resources(flavor(vcpus=4, extra_specs={
                'hw:cpu_policy': 'mixed', 'hw:cpu_dedicated_mask': '2-3'})))

    def test_mixed_by_realtime_mask(self):
        self.assertEqual(
            {'VCPU': 1, 'PCPU': 1, 'MEMORY_MB': 512, 'DISK_GB': 1},
            moves.flavor_resources(flavor(extra_specs={
                'hw:cpu_policy': 'mixed', 'hw:cpu_realtime': 'yes',
                'hw:cpu_realtime_mask': '^0'})))

    def test_shared_policy_emulator_isolation_changes_nothing(self):
        self.assertEqual({'VCPU': 2, 'MEMORY_MB': 512, 'DISK_GB': 1},
                         moves.flavor_resources(flavor(extra_specs={
                             'hw:emulator_threads_policy': 'isolate'})))

    def test_request_groups_add_up(self):
        self.assertEqual(
            {'VCPU': 2, 'MEMORY_MB': 512, 'DISK_GB': 1, 'CUSTOM_NIC': 3},
            moves.flavor_resources(flavor(extra_specs={
                'resources1:CUSTOM_NIC': '1',
                'resources_net:CUSTOM_NIC': '2'})))


class TestParseCpuSpec(testtools.TestCase):

    def test_ranges_and_exclusions(self):
        self.assertEqual({0, 1, 3, 6},
                         moves.parse_cpu_spec('0-3,^2,6', vcpus=8))

    def test_leading_exclusion_means_all_but(self):
        self.assertEqual({0, 2, 3}, moves.parse_cpu_spec('^1', vcpus=4))
