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

"""Unit tests of minicloud/render.py: the cloud's configuration files."""

import configparser
import os
import tempfile

import fixtures
from minicloud import config
from minicloud import errors
from minicloud import render
from minicloud import template
from oslo_config import cfg
import testtools

from migration_tempest_plugin import config as migration_config
from unit_tests.minicloud import fakes


class TestRendering(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.settings = fakes.make_settings(MINICLOUD_PORT_BASE='50000')
        self.values = render.template_values(self.settings, fakes.SECRETS)

    def test_every_template_renders_completely(self):
        for name, _path in render.CONFIG_FILES:
            text = template.render(name, self.values)
            self.assertNotIn('${', text, name)
        text = template.render('nova-compute.conf',
                               dict(self.values, host='compute2'))
        self.assertIn('host = compute2', text)
        self.assertIn('state_path = /srv/mc/compute2', text)

    def test_unknown_name_is_an_error(self):
        e = self.assertRaises(errors.MinicloudError, template.render,
                              'nova-compute.conf', self.values)
        self.assertIn('nova-compute.conf', str(e))
        self.assertIn('host', str(e))

    def test_database_and_broker_urls(self):
        nova = configparser.ConfigParser(interpolation=None)
        nova.read_string(template.render('nova.conf', self.values))
        self.assertEqual('rabbit://minicloud:rbpw@127.0.0.1:50001/',
                         nova['DEFAULT']['transport_url'])
        nova_db = configparser.ConfigParser(interpolation=None)
        nova_db.read_string(template.render('nova-db.conf', self.values))
        self.assertEqual('mysql+pymysql://minicloud:dbpw@127.0.0.1:50000/nova',
                         nova_db['database']['connection'])
        self.assertEqual(
            'mysql+pymysql://minicloud:dbpw@127.0.0.1:50000/nova_api',
            nova_db['api_database']['connection'])

    def written_configs(self):
        """Settings of a cloud in a temporary dir, its configs written."""
        state_dir = self.useFixture(fixtures.TempDir()).path
        settings = fakes.make_settings(MINICLOUD_STATE_DIR=state_dir)
        render.write_configs(settings, render.template_values(
            settings, fakes.SECRETS))
        return settings

    def test_computes_read_no_database_connection(self):
        # A compute with [api_database] connection resolves [upgrade_levels]
        # compute = auto to its own RPC version, not the oldest compute's.
        settings = self.written_configs()
        compute = fakes.service_named(settings, 'compute1')
        files = [compute.argv[i + 1] for i, arg in enumerate(compute.argv)
                 if arg == '--config-file']
        self.assertEqual(2, len(files))
        conf = configparser.ConfigParser(interpolation=None, strict=False)
        conf.read(files)
        for section in ('database', 'api_database'):
            self.assertNotIn(section, conf.sections())

    def test_compute_config_has_the_driver_options(self):
        settings = self.written_configs()
        compute = configparser.ConfigParser(interpolation=None,
                                            strict=False)
        compute.read(os.path.join(settings.etc_dir, 'nova', 'compute1.conf'))
        self.assertEqual('compute1', compute['DEFAULT']['host'])
        self.assertEqual('minicloud_fake.FakeDriverWithFaults',
                         compute['DEFAULT']['compute_driver'])
        # Its guests plug their ports into the host's chassis.
        socket = 'unix:%s/ovn/compute1/db.sock' % settings.state_dir
        self.assertEqual(socket,
                         compute['minicloud_ports']['ovsdb_connection'])
        self.assertEqual(socket, compute['os_vif_ovs']['ovsdb_connection'])

    def test_tempest_conf(self):
        conf = configparser.ConfigParser(interpolation=None)
        conf.read_string(template.render('tempest.conf', self.values))
        self.assertEqual('3', conf['compute']['min_compute_nodes'])
        self.assertEqual('true', conf['migration']['availability_zone_tests'])
        self.assertEqual(config.IMAGE_ID, conf['compute']['image_ref'])
        self.assertNotEqual(conf['compute']['flavor_ref'],
                            conf['compute']['flavor_ref_alt'])
        self.assertEqual('false', conf['auth']['create_isolated_networks'])
        self.assertEqual('http://127.0.0.1:50010/v3',
                         conf['identity']['uri_v3'])
        for option in ('live_migration', 'cold_migration', 'resize',
                       'shelve', 'live_migrate_back_and_forth'):
            self.assertEqual('true', conf['compute-feature-enabled'][option])
        self.assertEqual('false', conf['service_available']['cinder'])
        self.assertEqual('false', conf['validation']['run_validation'])
        stop = conf['migration']['compute_stop_command']
        self.assertTrue(stop.endswith('-m minicloud compute-stop {host}'))
        self.assertTrue(os.path.isabs(stop.split()[0]))
        self.assertTrue(conf['migration']['compute_start_command'].endswith(
            'compute-start {host}'))

    def test_tempest_conf_migration_group_is_valid_for_the_plugin(self):
        with tempfile.NamedTemporaryFile('w', suffix='.conf') as f:
            f.write(template.render('tempest.conf', self.values))
            f.flush()
            conf = cfg.ConfigOpts()
            conf.register_group(migration_config.migration_group)
            conf.register_opts(migration_config.MigrationGroup,
                               group=migration_config.migration_group)
            conf(args=[], default_config_files=[f.name])
        self.assertTrue(conf.migration.evacuate)
        self.assertEqual('/srv/mc/tempest/migration-report.jsonl',
                         conf.migration.report_file)


class TestDriverOptions(testtools.TestCase):

    def test_unknown_driver_fails_before_anything_is_rendered(self):
        settings = fakes.make_settings(MINICLOUD_DRIVER='nope')
        e = self.assertRaises(errors.MinicloudError, render.template_values,
                              settings, fakes.SECRETS)
        self.assertIn('MINICLOUD_DRIVER', str(e))

    def test_tempest_conf_options_come_from_the_driver(self):
        settings = fakes.make_settings()
        conf = configparser.ConfigParser(interpolation=None)
        conf.read_string(template.render(
            'tempest.conf', render.template_values(settings, fakes.SECRETS)))
        for section, options in fakes.fake_driver().tempest_options().items():
            self.assertEqual(options, {option: conf[section][option]
                                       for option in options})
