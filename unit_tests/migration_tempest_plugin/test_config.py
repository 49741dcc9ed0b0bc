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

from oslo_config import cfg
import testtools

from migration_tempest_plugin.common import model
from migration_tempest_plugin import config as migration_config
from migration_tempest_plugin import plugin
from unit_tests import conf as fake_conf

BASE = '[compute]\nimage_ref = img-1\nflavor_ref = 42\n'


class TestOptionRegistration(testtools.TestCase):

    def test_plugin_registers_the_migration_group(self):
        conf = cfg.ConfigOpts()
        plugin.MigrationTempestPlugin().register_opts(conf)
        conf(args=[])
        self.assertEqual('auto', conf.migration.sibling_count)
        self.assertEqual('5', conf.migration.max_sibling_count)
        self.assertEqual('auto', conf.migration.block_migration)
        self.assertIsNone(conf.migration.network)
        self.assertIsNone(conf.migration.move_timeout)
        self.assertIsNone(conf.migration.poll_interval)

    def test_opt_lists_are_the_registered_options(self):
        [(group, options)] = plugin.MigrationTempestPlugin().get_opt_lists()
        self.assertEqual('migration', group)
        self.assertTrue(
            {'sibling_count', 'block_migration', 'network', 'move_timeout',
             'poll_interval'}.issubset(option.name for option in options))
        [(group, listed)] = migration_config.list_opts()
        self.assertIs(options, listed)
        self.assertIs(migration_config.MigrationGroup, options)


class TestResolveSettings(testtools.TestCase):

    def resolve(self, text=''):
        return migration_config.resolve_settings(fake_conf.load(BASE + text))

    def assertRefused(self, option, text, conf_text=''):
        error = self.assertRaises(
            migration_config.InvalidOption, self.resolve, conf_text)
        self.assertEqual(option, error.option)
        self.assertIn(option, str(error))
        self.assertIn(text, str(error))

    def test_defaults_come_from_tempest_options(self):
        settings = self.resolve(
            '[compute]\nbuild_timeout = 123\nbuild_interval = 3\n')
        self.assertEqual(model.MoveSettings(
            sibling_count='auto', block_migration='auto', network='none',
            network_option='[migration] network', move_timeout=123,
            settle_timeout=30, poll_interval=3, image_ref='img-1',
            flavor_ref='42', flavor_ref_alt='2', max_sibling_count=5),
            settings)

    def test_options_read_once_for_the_tests(self):
        settings = self.resolve(
            '[compute]\nflavor_ref_alt = 43\n[migration]\n'
            'report_file = /tmp/r.jsonl\ncompute_stop_command = stop {host}\n'
            'compute_start_command = start {host}\n')
        self.assertEqual(('43', '/tmp/r.jsonl', 'stop {host}', 'start {host}'),
                         (settings.flavor_ref_alt, settings.report_file,
                          settings.compute_stop_command,
                          settings.compute_start_command))

    def test_plugin_options_win(self):
        settings = self.resolve(
            '[compute]\nbuild_timeout = 123\nfixed_network_name = private\n'
            '[migration]\nsibling_count = 3\nmove_timeout = 60\n'
            'poll_interval = 0.5\nnetwork = auto\nblock_migration = false\n')
        self.assertEqual((3, 60, 0.5, 'auto', '[migration] network', False),
                         (settings.sibling_count, settings.move_timeout,
                          settings.poll_interval, settings.network,
                          settings.network_option, settings.block_migration))

    def test_network_falls_back_to_fixed_network_name(self):
        settings = self.resolve('[compute]\nfixed_network_name = private\n')
        self.assertEqual(('private', '[compute] fixed_network_name'),
                         (settings.network, settings.network_option))

    def test_guest_heartbeat_names_a_known_format(self):
        self.assertIsNone(self.resolve().guest_heartbeat)
        self.assertEqual('mtphb1', self.resolve(
            '[migration]\nguest_heartbeat = MTPHB1\n').guest_heartbeat)
        self.assertRefused('[migration] guest_heartbeat',
                           "is 'cirros': it must be none or one of mtphb1",
                           '[migration]\nguest_heartbeat = cirros\n')

    def test_packet_probe_off_by_default(self):
        settings = self.resolve()
        self.assertIsNone(settings.reachability_command)
        self.assertEqual(0.02, settings.reachability_interval)
        self.assertIsNone(self.resolve(
            '[migration]\nreachability_command =  \n').reachability_command)

    def test_reachability_command_is_split_as_a_shell_would(self):
        settings = self.resolve(
            "[migration]\nreachability_command = sudo ip netns exec "
            "'ovnmeta-a b'\nreachability_interval = 0.05\n")
        self.assertEqual(('sudo', 'ip', 'netns', 'exec', 'ovnmeta-a b'),
                         settings.reachability_command)
        self.assertEqual(0.05, settings.reachability_interval)
        self.assertRefused('[migration] reachability_command',
                           'it must split into words',
                           "[migration]\nreachability_command = ip 'x\n")

    def test_reachability_interval_in_range(self):
        for text in ('0', '2', 'fast'):
            self.assertRefused('[migration] reachability_interval',
                               'a number of seconds from 0.005 to 1',
                               '[migration]\nreachability_interval = %s\n'
                               % text)

    def test_busy_image_ref_unset_by_default(self):
        self.assertIsNone(self.resolve().busy_image_ref)
        self.assertEqual('busy-1', self.resolve(
            '[migration]\nbusy_image_ref = busy-1\n').busy_image_ref)

    def test_sibling_count_below_two_is_refused(self):
        self.assertRefused('[migration] sibling_count',
                           "is '1': it must be \"auto\" or a whole "
                           "number of at least 2",
                           '[migration]\nsibling_count = 1\n')

    def test_sibling_count_not_a_number_is_refused(self):
        self.assertRefused('[migration] sibling_count',
                           "is 'two': it must be \"auto\" or a whole "
                           "number of at least 2",
                           '[migration]\nsibling_count = two\n')

    def test_sibling_count_auto_in_any_case(self):
        self.assertEqual('auto', self.resolve(
            '[migration]\nsibling_count = Auto\n').sibling_count)

    def test_max_sibling_count_below_two_is_refused(self):
        self.assertRefused('[migration] max_sibling_count',
                           "is '1': it must be a whole number of at least 2",
                           '[migration]\nmax_sibling_count = 1\n')

    def test_bad_values_do_not_break_loading_tempest_conf(self):
        # tempest logs every option's value when it loads tempest.conf.
        conf = fake_conf.load('[migration]\nsibling_count = two\n'
                              'block_migration = sometimes\n'
                              'move_timeout = 0\npoll_interval = soon\n')
        self.assertEqual(('two', 'sometimes', '0', 'soon'),
                         (conf.migration.sibling_count,
                          conf.migration.block_migration,
                          conf.migration.move_timeout,
                          conf.migration.poll_interval))

    def test_move_timeout_zero_is_refused(self):
        self.assertRefused('[migration] move_timeout',
                           "is '0': it must be a whole number greater than 0",
                           '[migration]\nmove_timeout = 0\n')

    def test_settle_timeout_not_a_number_is_refused(self):
        self.assertRefused('[migration] settle_timeout',
                           "is 'soon': it must be a whole number greater "
                           "than 0", '[migration]\nsettle_timeout = soon\n')

    def test_poll_interval_zero_is_refused(self):
        self.assertRefused('[migration] poll_interval',
                           "is '0': it must be a number greater than 0",
                           '[migration]\npoll_interval = 0\n')

    def test_poll_interval_not_a_number_is_refused(self):
        self.assertRefused('[migration] poll_interval', "is 'soon'",
                           '[migration]\npoll_interval = soon\n')

    def test_negative_build_interval_is_refused_when_used(self):
        self.assertRefused('[compute] build_interval', 'greater than 0',
                           '[compute]\nbuild_interval = -1\n')

    def test_block_migration_true_needs_tempest_block_migration(self):
        self.assertRefused(
            '[migration] block_migration',
            'block_migration_for_live_migration is false',
            '[migration]\nblock_migration = true\n')

    def test_block_migration_true_with_tempest_block_migration(self):
        settings = self.resolve(
            '[migration]\nblock_migration = true\n'
            '[compute-feature-enabled]\n'
            'block_migration_for_live_migration = true\n')
        self.assertIs(True, settings.block_migration)

    def test_unknown_block_migration_mode_is_refused(self):
        self.assertRefused(
            '[migration] block_migration',
            "is 'sometimes': it must be one of auto, true, false",
            '[migration]\nblock_migration = sometimes\n')

    def test_missing_image_ref_is_refused(self):
        error = self.assertRaises(
            migration_config.InvalidOption,
            migration_config.resolve_settings, fake_conf.load())
        self.assertEqual('[compute] image_ref', error.option)

    def test_missing_flavor_ref_is_refused(self):
        self.assertRefused('[compute] flavor_ref', 'is not set',
                           '[compute]\nflavor_ref =\n')


class TestSiblingCountFor(testtools.TestCase):

    def settings(self, count, maximum=5):
        return model.MoveSettings(
            sibling_count=count, block_migration='auto', network='none',
            network_option='[migration] network', move_timeout=1,
            settle_timeout=1, poll_interval=1, image_ref='i',
            flavor_ref='f', max_sibling_count=maximum)

    def test_auto_is_one_more_than_the_destinations(self):
        # Two destinations: a scheduler asking for 3 hosts finds too few.
        self.assertEqual(3, migration_config.sibling_count_for(
            self.settings('auto'), 2))

    def test_auto_is_capped(self):
        self.assertEqual(5, migration_config.sibling_count_for(
            self.settings('auto'), 19))

    def test_auto_is_at_least_two(self):
        self.assertEqual(2, migration_config.sibling_count_for(
            self.settings('auto'), 0))

    def test_a_number_is_kept(self):
        self.assertEqual(4, migration_config.sibling_count_for(
            self.settings(4), 1))
