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

"""Unit tests of tools/minicloud's pure logic (no cloud is started)."""

import configparser
import datetime
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import tempfile
from unittest import mock

import fixtures
from minicloud import bootstrap
from minicloud import cloud
from minicloud import computes
from minicloud import config
from minicloud import database
from minicloud import drivers
from minicloud import e2e
from minicloud import errors
from minicloud import files
from minicloud import health
from minicloud import host
from minicloud import leaks
from minicloud import processes
from minicloud import render
from minicloud import services
from minicloud import topology
from minicloud import workspace
import openstack
from openstack.compute.v2 import service
from oslo_config import cfg
import psutil
import testtools

from migration_tempest_plugin import config as migration_config

SECRETS = {'db_password': 'dbpw', 'rabbit_password': 'rbpw',
           'admin_password': 'adminpw', 'service_password': 'svcpw'}


def make_settings(**environ):
    environ.setdefault('MINICLOUD_STATE_DIR', '/srv/mc')
    environ.setdefault('MINICLOUD_DRIVER', 'fake')
    return config.Settings(environ)


def fake_driver():
    return drivers.select('fake')


class TestSettings(testtools.TestCase):

    def test_ports_follow_the_base(self):
        settings = make_settings(MINICLOUD_PORT_BASE='50000')
        self.assertEqual(50000, settings.port('mariadb'))
        self.assertEqual(50010, settings.port('keystone'))
        self.assertEqual('http://127.0.0.1:50010/v3', settings.keystone_url)

    def test_default_port_base(self):
        self.assertEqual(config.DEFAULT_PORT_BASE,
                         make_settings().port_base)

    def test_default_ports_lie_below_the_ephemeral_range(self):
        top = config.DEFAULT_PORT_BASE + max(
            config.PORT_OFFSETS.values())
        self.assertLess(top, 32768)

    def test_recorded_port_base_is_used_unless_overridden(self):
        state_dir = self.useFixture(fixtures.TempDir()).path
        with open(os.path.join(state_dir, config.PORT_BASE_FILE),
                  'w') as f:
            f.write('40000\n')
        self.assertEqual(
            40000, make_settings(MINICLOUD_STATE_DIR=state_dir).port_base)
        self.assertEqual(
            50000, make_settings(MINICLOUD_STATE_DIR=state_dir,
                                 MINICLOUD_PORT_BASE='50000').port_base)

    def test_keep_only_when_set_to_something_other_than_0(self):
        self.assertFalse(make_settings().keep)
        self.assertFalse(make_settings(MINICLOUD_KEEP='0').keep)
        self.assertTrue(make_settings(MINICLOUD_KEEP='1').keep)

    def test_port_base_not_a_number(self):
        e = self.assertRaises(errors.MinicloudError,
                              config.parse_port_base, 'high')
        self.assertIn("'high'", str(e))

    def test_port_range_must_fit(self):
        self.assertRaises(errors.MinicloudError,
                          config.parse_port_base, '65530')
        self.assertRaises(errors.MinicloudError,
                          config.parse_port_base, '80')

    def test_paths_under_the_state_dir(self):
        settings = make_settings()
        self.assertEqual('/srv/mc/tempest/etc/tempest.conf',
                         settings.tempest_conf)
        self.assertEqual('/srv/mc/logs/compute1.log',
                         settings.log('compute1'))
        self.assertEqual('/srv/mc/venv/bin/uwsgi', settings.bin('uwsgi'))


class TestRendering(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.settings = make_settings(MINICLOUD_PORT_BASE='50000')
        self.values = render.template_values(self.settings, SECRETS)

    def test_every_template_renders_completely(self):
        for template, _path in render.CONFIG_FILES:
            text = render.render(template, self.values)
            self.assertNotIn('${', text, template)
        text = render.render('nova-compute.conf',
                             dict(self.values, host='compute2'))
        self.assertIn('host = compute2', text)
        self.assertIn('state_path = /srv/mc/compute2', text)

    def test_unknown_name_is_an_error(self):
        e = self.assertRaises(errors.MinicloudError, render.render,
                              'nova-compute.conf', self.values)
        self.assertIn('nova-compute.conf', str(e))
        self.assertIn('host', str(e))

    def test_database_and_broker_urls(self):
        nova = configparser.ConfigParser(interpolation=None)
        nova.read_string(render.render('nova.conf', self.values))
        self.assertEqual('rabbit://minicloud:rbpw@127.0.0.1:50001/',
                         nova['DEFAULT']['transport_url'])
        nova_db = configparser.ConfigParser(interpolation=None)
        nova_db.read_string(render.render('nova-db.conf', self.values))
        self.assertEqual('mysql+pymysql://minicloud:dbpw@127.0.0.1:50000/nova',
                         nova_db['database']['connection'])
        self.assertEqual(
            'mysql+pymysql://minicloud:dbpw@127.0.0.1:50000/nova_api',
            nova_db['api_database']['connection'])

    def test_computes_read_no_database_connection(self):
        # A compute with [api_database] connection resolves [upgrade_levels]
        # compute = auto to its own RPC version, not the oldest compute's.
        state_dir = self.useFixture(fixtures.TempDir()).path
        settings = make_settings(MINICLOUD_STATE_DIR=state_dir)
        render.write_configs(settings, render.template_values(settings,
                                                              SECRETS))
        compute = service_named(settings, 'compute1')
        files = [compute.argv[i + 1] for i, arg in enumerate(compute.argv)
                 if arg == '--config-file']
        self.assertEqual(2, len(files))
        conf = configparser.ConfigParser(interpolation=None, strict=False)
        conf.read(files)
        for section in ('database', 'api_database'):
            self.assertNotIn(section, conf.sections())

    def test_compute_config_has_the_driver_options(self):
        state_dir = self.useFixture(fixtures.TempDir()).path
        settings = make_settings(MINICLOUD_STATE_DIR=state_dir)
        render.write_configs(settings, render.template_values(settings,
                                                              SECRETS))
        compute = configparser.ConfigParser(interpolation=None,
                                            strict=False)
        compute.read(os.path.join(settings.etc_dir, 'nova', 'compute1.conf'))
        self.assertEqual('compute1', compute['DEFAULT']['host'])
        self.assertEqual('minicloud_fake_ports.FakeDriverWithPorts',
                         compute['DEFAULT']['compute_driver'])
        # Its guests plug their ports into the host's chassis.
        self.assertEqual('unix:%s/ovn/compute1/db.sock' % state_dir,
                         compute['minicloud_ports']['ovsdb_connection'])
        self.assertEqual('unix:%s/ovn/compute1/db.sock' % state_dir,
                         compute['os_vif_ovs']['ovsdb_connection'])

    def test_tempest_conf(self):
        conf = configparser.ConfigParser(interpolation=None)
        conf.read_string(render.render('tempest.conf', self.values))
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
            f.write(render.render('tempest.conf', self.values))
            f.flush()
            conf = cfg.ConfigOpts()
            conf.register_group(migration_config.migration_group)
            conf.register_opts(migration_config.MigrationGroup,
                               group=migration_config.migration_group)
            conf(args=[], default_config_files=[f.name])
        self.assertTrue(conf.migration.evacuate)
        self.assertEqual('/srv/mc/tempest/migration-report.jsonl',
                         conf.migration.report_file)

    def test_write_if_changed(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, 'a', 'b.conf')
            self.assertTrue(files.write_if_changed(path, 'x'))
            self.assertFalse(files.write_if_changed(path, 'x'))
            self.assertTrue(files.write_if_changed(path, 'y'))
            self.assertEqual(0o600, os.stat(path).st_mode & 0o777)


class TestDrivers(testtools.TestCase):

    def test_a_cloud_keeps_its_driver(self):
        state_dir = self.useFixture(fixtures.TempDir()).path
        make_settings(MINICLOUD_STATE_DIR=state_dir,
                      MINICLOUD_DRIVER='libvirt').record()
        settings = make_settings(MINICLOUD_STATE_DIR=state_dir)
        stamps = host.Stamps(settings)
        # No databases yet: nothing of the driver is kept.
        cloud.check_same_driver(settings, stamps)
        stamps.mark('databases')
        error = self.assertRaises(errors.MinicloudError,
                                  cloud.check_same_driver, settings, stamps)
        self.assertIn('runs the libvirt driver, not fake', str(error))
        self.assertIn('down --purge', str(error))

    def test_the_default_is_the_machines(self):
        for machine in ('fake', 'libvirt'):
            with mock.patch.object(config, 'machine_driver', autospec=True,
                                   return_value=(machine, 'because')):
                settings = config.Settings({'MINICLOUD_STATE_DIR': '/srv/mc'})
            self.assertEqual(machine, settings.driver_name)
            self.assertEqual('auto: because', settings.driver_why)
            self.assertEqual(machine,
                             drivers.select(settings.driver_name).name)

    def test_a_named_driver_needs_no_probe(self):
        with mock.patch.object(config, 'machine_driver',
                               autospec=True) as machine:
            settings = make_settings(MINICLOUD_DRIVER='libvirt')
        machine.assert_not_called()
        self.assertEqual('MINICLOUD_DRIVER=libvirt', settings.driver_why)

    def test_libvirt_needs_root_the_tools_and_namespaces(self):
        def which(tool):
            return '/usr/bin/' + tool

        def works(command, **kwargs):
            self.assertEqual(config.NAMESPACE_PROBE, command)
            return 0

        self.assertEqual('libvirt',
                         config.machine_driver(lambda: 0, which, works)[0])
        self.assertEqual(('fake', 'not root (the hosts need namespaces and '
                          'mounts)'),
                         config.machine_driver(lambda: 1000, which, works))
        self.assertEqual(('fake', 'no nsenter on PATH'), config.machine_driver(
            lambda: 0, lambda tool: None if tool == 'nsenter' else tool,
            works))
        denied = config.machine_driver(lambda: 0, which, lambda c, **k: 1)
        self.assertEqual('fake', denied[0])
        self.assertIn('unshare --net --mount --uts true', denied[1])

    def test_the_namespace_probe_runs_here(self):
        # The probe is a real command: as root it must succeed.
        if os.geteuid() != 0:
            self.skipTest('needs root')
        self.assertEqual(0, subprocess.call(config.NAMESPACE_PROBE))

    def test_minicloud_driver_picks_one(self):
        settings = make_settings(MINICLOUD_DRIVER='fake-persistent')
        driver = drivers.select(settings.driver_name)
        self.assertEqual(
            {'DEFAULT': {'compute_driver': 'minicloud_fake_ports.'
                         'FakeDriverWithPersistentGuestsAndPorts'}},
            driver.compute_options(settings, 'compute1'))

    def test_unknown_driver_names_the_variable_and_the_known_ones(self):
        e = self.assertRaises(errors.MinicloudError, drivers.select,
                              'libvirt-kvm')
        self.assertIn("MINICLOUD_DRIVER='libvirt-kvm'", str(e))
        self.assertIn('fake, fake-persistent', str(e))

    def test_unknown_driver_fails_before_anything_is_rendered(self):
        settings = make_settings(MINICLOUD_DRIVER='nope')
        e = self.assertRaises(errors.MinicloudError, render.template_values,
                              settings, SECRETS)
        self.assertIn('MINICLOUD_DRIVER', str(e))

    def test_recorded_driver_is_used_unless_overridden(self):
        state_dir = self.useFixture(fixtures.TempDir()).path
        make_settings(MINICLOUD_STATE_DIR=state_dir,
                      MINICLOUD_DRIVER='fake-persistent').record()
        recorded = config.Settings({'MINICLOUD_STATE_DIR': state_dir})
        self.assertEqual('fake-persistent', recorded.driver_name)
        self.assertEqual('the cloud in %s was made with it' % state_dir,
                         recorded.driver_why)
        self.assertEqual('fake', make_settings(
            MINICLOUD_STATE_DIR=state_dir,
            MINICLOUD_DRIVER='fake').driver_name)

    def test_tempest_conf_options_come_from_the_driver(self):
        settings = make_settings()
        conf = configparser.ConfigParser(interpolation=None)
        conf.read_string(render.render(
            'tempest.conf', render.template_values(settings, SECRETS)))
        for section, options in fake_driver().tempest_options().items():
            self.assertEqual(options, {option: conf[section][option]
                                       for option in options})

    def test_every_driver_gives_the_whole_interface(self):
        settings = make_settings()
        # libvirt's would probe KVM by booting a guest.
        self.useFixture(fixtures.MockPatch(
            'minicloud.drivers.libvirt.virt_type', return_value='qemu'))
        for name, driver_class in drivers.known().items():
            driver = driver_class()
            self.assertEqual(name, driver.name)
            self.assertIn('DEFAULT', driver.compute_options(settings,
                                                            'compute1'))
            self.assertIn('compute-feature-enabled',
                          driver.tempest_options())
            self.assertIn('/srv/mc/etc/nova/compute1.conf',
                          driver.service(settings, 'compute1').argv)


def service_named(settings, name):
    return {s.name: s for s in topology.all_services(settings)}[name]


class TestServices(testtools.TestCase):

    def test_start_order_and_ports(self):
        settings = make_settings(MINICLOUD_PORT_BASE='50000')
        found = topology.all_services(settings)
        names = [s.name for s in found]
        self.assertEqual(['mariadb', 'epmd', 'rabbitmq'], names[:3])
        self.assertEqual(['compute1', 'compute2', 'compute3'], names[-3:])
        ports = [s.port for s in found if s.port]
        self.assertEqual(len(ports), len(set(ports)))

    def test_uwsgi_closes_connections(self):
        settings = make_settings()
        keystone = service_named(settings, 'keystone')
        self.assertIn('Connection: close', keystone.argv)
        self.assertEqual('/srv/mc/etc/keystone',
                         keystone.env['OS_KEYSTONE_CONFIG_DIR'])

    def test_nova_api_paste_config_comes_first(self):
        nova_api = service_named(make_settings(), 'nova-api')
        files = nova_api.env['OS_NOVA_CONFIG_FILES'].split(';')
        self.assertEqual('/srv/mc/venv/etc/nova/api-paste.ini', files[0])
        self.assertIn('nova-db.conf', files)

    def test_nova_control_services_read_the_databases(self):
        settings = make_settings()
        for name in ('nova-conductor', 'nova-scheduler'):
            argv = service_named(settings, name).argv
            self.assertIn('/srv/mc/etc/nova/nova-db.conf', argv)
        self.assertEqual(
            ['--config-file', '/srv/mc/etc/nova/nova.conf',
             '--config-file', '/srv/mc/etc/nova/nova-db.conf'],
            settings.nova_control_args())

    def test_compute_reads_its_own_config(self):
        compute = service_named(make_settings(), 'compute2')
        self.assertIn('/srv/mc/etc/nova/compute2.conf', compute.argv)

    def test_compute_runs_from_the_cloud_venv_unless_recorded(self):
        state_dir = self.useFixture(fixtures.TempDir()).path
        current = make_settings(MINICLOUD_STATE_DIR=state_dir)
        previous = make_settings(MINICLOUD_STATE_DIR=state_dir)
        previous.venv = os.path.join(state_dir, 'venv-previous')

        def program(host):
            return fake_driver().service(current, host).argv[0]

        current_compute = os.path.join(state_dir, 'venv', 'bin',
                                       'nova-compute')
        self.assertEqual(current_compute, program('compute2'))
        services.record_compute_venv(previous, 'compute2')
        # A restart by compute-start keeps the release the compute ran.
        self.assertEqual(os.path.join(previous.venv, 'bin', 'nova-compute'),
                         program('compute2'))
        self.assertEqual(current_compute, program('compute1'))

    def test_no_password_on_a_setup_command_line(self):
        chains = database.manage_chains(make_settings(), SECRETS)
        bootstrap = chains['keystone'][-1]
        self.assertEqual({'OS_BOOTSTRAP_PASSWORD': 'adminpw'}, bootstrap.env)
        argvs = [getattr(command, 'argv', command)
                 for chain in chains.values() for command in chain]
        for secret in SECRETS.values():
            self.assertNotIn(secret, ' '.join(' '.join(argv)
                                              for argv in argvs))

    def test_logged_command_lines_mask_password_options(self):
        self.assertEqual('tool --os-password *** --name x',
                         processes.shown(['tool', '--os-password', 's3cret',
                                          '--name', 'x']))

    def test_mariadb_client_reads_its_password_from_a_private_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            settings = make_settings(MINICLOUD_STATE_DIR=tmp)
            path = database.client_defaults(settings, SECRETS)
            self.assertEqual(0o600, os.stat(path).st_mode & 0o777)
            with open(path) as f:
                self.assertIn('password=dbpw\n', f.read())


def gone(pid):
    """Ended: no such process, or a zombie its new parent has not reaped."""
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


class TestProcesses(testtools.TestCase):

    def test_pidfile_of_this_process(self):
        with tempfile.TemporaryDirectory() as tmp:
            settings = make_settings(MINICLOUD_STATE_DIR=tmp)
            pidfile = processes.PidFile(settings, 'me')
            self.assertIsNone(pidfile.alive_pid())
            pidfile.write(os.getpid())
            self.assertEqual(os.getpid(), pidfile.alive_pid())
            pid, start = pidfile.read()
            with open(pidfile.path, 'w') as f:
                f.write('%d %d\n' % (pid, start + 1))
            # Same pid, other start time: a reused pid is not ours.
            self.assertIsNone(pidfile.alive_pid())
            pidfile.remove()
            pidfile.remove()

    def test_down_finds_a_process_no_pid_file_names(self):
        with tempfile.TemporaryDirectory() as tmp:
            settings = make_settings(MINICLOUD_STATE_DIR=tmp)
            other = make_settings(MINICLOUD_STATE_DIR=tmp + '-other')
            conf = os.path.join(tmp, 'etc', 'nova.conf')
            # A worker that names nothing of the cloud, as a retitled one.
            child = subprocess.Popen(
                ['sh', '-c', 'sleep 60 & echo $!; wait', conf],
                stdout=subprocess.PIPE)
            # Cleanups run last first: kill, then reap.
            self.addCleanup(child.wait)
            self.addCleanup(child.kill)
            worker = int(child.stdout.readline())
            self.assertNotIn(child.pid, [p.pid for p in
                                         processes.strays(other)])
            self.assertEqual(sorted([child.pid, worker]),
                             sorted(processes.stop_strays(settings)))
            self.assertIsNotNone(child.poll())
            self.assertTrue(gone(worker))
            self.assertEqual([], processes.strays(settings))

    def test_terminate_tree_stops_the_descendants(self):
        parent = subprocess.Popen(
            ['sh', '-c', 'sleep 60 & echo $!; wait'], stdout=subprocess.PIPE)
        self.addCleanup(parent.wait)
        self.addCleanup(parent.kill)
        grandchild = int(parent.stdout.readline())
        processes.terminate_tree(parent.pid, grace=5)
        self.assertIsNotNone(parent.wait(timeout=5))
        self.assertTrue(gone(grandchild))
        # Gone already: nothing to do.
        processes.terminate_tree(parent.pid)

    def test_memory_counts_each_process_once_and_skips_the_gone(self):
        child = psutil.Popen([sys.executable, '-c', 'pass'])
        child.wait()
        count, rss, pss = processes.memory_of(
            [psutil.Process(), psutil.Process(), child])
        self.assertEqual(1, count)
        self.assertGreater(pss, 0)
        self.assertLessEqual(pss, rss)

    def test_log_tail(self):
        with tempfile.NamedTemporaryFile('w') as f:
            f.write(''.join('line %d\n' % i for i in range(100)))
            f.flush()
            self.assertEqual('line 98\nline 99', processes.log_tail(f.name, 2))
        self.assertIn('no log', processes.log_tail('/nonexistent/x.log'))

    def test_service_failure_names_service_and_log(self):
        with tempfile.TemporaryDirectory() as tmp:
            settings = make_settings(MINICLOUD_STATE_DIR=tmp)
            os.makedirs(settings.log_dir)
            with open(settings.log('glance'), 'w') as f:
                f.write('boom\n')
            e = processes.service_failure(settings, 'glance', 'exited')
        self.assertIn('glance exited', str(e))
        self.assertIn(settings.log('glance'), str(e))
        self.assertIn('boom', str(e))


class TestPorts(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.listener = socket.socket()
        self.listener.bind(('127.0.0.1', 0))
        self.listener.listen()
        self.addCleanup(self.listener.close)
        self.port = self.listener.getsockname()[1]

    def test_port_in_use(self):
        self.assertFalse(processes.port_is_free(self.port))

    def test_port_free_after_close(self):
        self.listener.close()
        self.assertTrue(processes.port_is_free(self.port))

    def test_port_owner_is_this_process(self):
        self.assertIn('pid %d ' % os.getpid(),
                      processes.port_owner(self.port))

    def test_check_ports_free_names_port_and_service(self):
        base = self.port - config.PORT_OFFSETS['glance']
        if base < 1024:
            self.skipTest('ephemeral port too low for a port base')
        settings = make_settings(MINICLOUD_PORT_BASE=str(base))
        e = self.assertRaises(errors.MinicloudError,
                              processes.check_ports_free, settings,
                              ['glance'])
        self.assertIn('port %d (for glance) is in use by pid %d'
                      % (self.port, os.getpid()), str(e))
        self.assertIn('MINICLOUD_PORT_BASE', str(e))

    def test_stop_processes_ends_the_service_and_what_it_forked(self):
        with tempfile.TemporaryDirectory() as tmp:
            settings = make_settings(MINICLOUD_STATE_DIR=tmp)
            # A shell that ignores SIGTERM, with a child of its own.
            processes.start_process(settings, 'stubborn', [
                'sh', '-c', 'trap "" TERM; sleep 60 & wait'])
            pid = processes.PidFile(settings, 'stubborn').alive_pid()
            child = processes.wait_for('child', lambda: psutil.Process(
                pid).children(), 10, interval=0.05)[0]
            processes.stop_processes(settings, ['stubborn'], grace=0.5)
            self.assertFalse(psutil.pid_exists(child.pid)
                             and child.status() != psutil.STATUS_ZOMBIE)
            self.assertIsNone(processes.PidFile(settings,
                                                'stubborn').alive_pid())
            self.assertFalse(os.path.exists(
                processes.PidFile(settings, 'stubborn').path))


class TestHealthParsing(testtools.TestCase):

    def test_mysql_greeting(self):
        payload = b'\x0a10.11.14-MariaDB\x00' + b'\x01' * 20
        packet = struct.pack('<I', len(payload))[:3] + b'\x00' + payload
        self.assertEqual('10.11.14-MariaDB',
                         health.parse_mysql_greeting(packet))

    def test_mysql_error_packet_is_not_a_greeting(self):
        packet = b'\x17\x00\x00\x00\xffj\x04Host is blocked\x00'
        self.assertIsNone(health.parse_mysql_greeting(packet))
        self.assertIsNone(health.parse_mysql_greeting(b''))

    def test_amqp_connection_start(self):
        frame = struct.pack('>BHIHH', 1, 0, 500, 10, 10) + b'\x00\x09'
        self.assertTrue(health.parse_amqp_start(frame))

    def test_amqp_protocol_mismatch_is_not_healthy(self):
        self.assertFalse(health.parse_amqp_start(b'AMQP\x00\x00\x09\x01'))
        self.assertFalse(health.parse_amqp_start(b''))

    def test_http_version_documents(self):
        self.assertTrue(health.parse_http_health(
            300, json.dumps({'versions': {'values': []}}).encode()))
        self.assertTrue(health.parse_http_health(
            200, json.dumps({'version': {'id': 'v3.14'}}).encode()))

    def test_http_not_healthy(self):
        self.assertFalse(health.parse_http_health(None, b''))
        self.assertFalse(health.parse_http_health(
            503, json.dumps({'versions': []}).encode()))
        self.assertFalse(health.parse_http_health(200, b'<html>'))
        self.assertFalse(health.parse_http_health(200, b'[]'))


def compute_service(**attrs):
    """A nova-compute service as openstacksdk gives it, up and enabled."""
    return service.Service(**dict(
        {'state': 'up', 'status': 'enabled', 'forced_down': False}, **attrs))


class TestComputes(testtools.TestCase):

    def test_up_and_enabled(self):
        self.assertTrue(computes.is_up_and_enabled(compute_service()))
        self.assertFalse(computes.is_up_and_enabled(None))
        self.assertFalse(computes.is_up_and_enabled(
            compute_service(forced_down=True)))
        self.assertFalse(computes.is_up_and_enabled(
            compute_service(status='disabled')))
        self.assertFalse(computes.is_up_and_enabled(
            compute_service(state='down')))

    def test_reported_since(self):
        since = datetime.datetime(2026, 11, 23, 22, 5, 1)
        self.assertTrue(computes.reported_since(compute_service(
            updated_at='2026-11-23T22:05:01.000000'), since))
        self.assertFalse(computes.reported_since(compute_service(
            updated_at='2026-11-23T22:05:00.000000'), since))
        self.assertFalse(computes.reported_since(compute_service(), since))
        self.assertFalse(computes.reported_since(None, since))

    def test_restore_compute_nothing_to_change(self):
        conn = mock.Mock()
        self.assertIsNone(computes.restore_compute(conn, compute_service()))
        self.assertIsNone(computes.restore_compute(conn, None))
        self.assertEqual([], conn.mock_calls)

    def test_restore_compute_clears_forced_down_and_enables(self):
        conn = mock.Mock()
        down = compute_service(id='abc', status='disabled', forced_down=True)
        self.assertEqual('accepted', computes.restore_compute(conn, down))
        conn.compute.update_service_forced_down.assert_called_once_with(
            down, forced=False)
        conn.compute.enable_service.assert_called_once_with(down)

    def test_restore_compute_returns_novas_refusal(self):
        conn = mock.Mock()
        conn.compute.update_service_forced_down.side_effect = (
            openstack.exceptions.BadRequestException('done evacuations'))
        self.assertIn('done evacuations', computes.restore_compute(
            conn, compute_service(forced_down=True)))

    def test_describe_computes(self):
        text = computes.describe_computes(
            {'compute1': compute_service(state='down')}, {'compute1'},
            ['compute1', 'compute2'])
        self.assertEqual(
            'compute1: state=down status=enabled forced_down=False, '
            'resource provider present\n'
            'compute2: no nova-compute service, resource provider missing',
            text)


TOTALS = '''
======
Totals
======
Ran: 28 tests in 65.8044 sec.
 - Passed: 16
 - Skipped: 12
 - Expected Fail: 0
 - Unexpected Success: 0
 - Failed: 0
Sum of execute time for each test: 80.1 sec.
'''


class TestE2eVerdict(testtools.TestCase):

    def test_parse_totals(self):
        self.assertEqual(
            {'ran': 28, 'passed': 16, 'skipped': 12, 'expected_fail': 0,
             'unexpected_success': 0, 'failed': 0},
            e2e.parse_tempest_totals('noise\n' + TOTALS))

    def test_no_totals_means_nothing_ran(self):
        counts = e2e.parse_tempest_totals('No tests to run\n')
        self.assertEqual({'ran': 0}, counts)
        code, message = e2e.e2e_verdict(0, counts)
        self.assertEqual(1, code)
        self.assertIn('no tests ran', message)

    def test_all_skipped_is_a_failure(self):
        counts = e2e.parse_tempest_totals(
            TOTALS.replace('Passed: 16', 'Passed: 0'))
        self.assertEqual(1, e2e.e2e_verdict(0, counts)[0])

    def test_tempest_exit_status_is_kept(self):
        counts = e2e.parse_tempest_totals(
            TOTALS.replace('Failed: 0', 'Failed: 2'))
        self.assertEqual(1, e2e.e2e_verdict(1, counts)[0])
        self.assertEqual(0, e2e.e2e_verdict(
            0, e2e.parse_tempest_totals(TOTALS))[0])

    def test_a_sigterm_runs_the_teardown(self):
        # What e2e does: the handler, then its finally brings the cloud down.
        script = (
            'import signal, sys, time\n'
            'from minicloud import e2e\n'
            'signal.signal(signal.SIGTERM, e2e.stop_on_sigterm)\n'
            'try:\n'
            '    print("up", flush=True)\n'
            '    time.sleep(60)\n'
            'finally:\n'
            '    print("teardown", flush=True)\n')
        child = subprocess.Popen([sys.executable, '-c', script],
                                 stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)
        self.addCleanup(child.wait)
        self.addCleanup(child.kill)
        self.assertEqual('up\n', child.stdout.readline())
        child.terminate()
        out, err = child.communicate(timeout=10)
        self.assertEqual('teardown\n', out)
        self.assertEqual(1, child.returncode)
        self.assertIn('terminated by signal 15', err)

    def test_e2e_takes_sigterm_before_up(self):
        def up(settings):
            self.assertIs(e2e.stop_on_sigterm,
                          signal.getsignal(signal.SIGTERM))
            raise errors.MinicloudError('stop here')

        self.addCleanup(signal.signal, signal.SIGTERM,
                        signal.getsignal(signal.SIGTERM))
        with tempfile.TemporaryDirectory() as tmp:
            settings = make_settings(MINICLOUD_STATE_DIR=tmp)
            with mock.patch.object(cloud, 'up', autospec=True,
                                   side_effect=up), \
                    mock.patch.object(cloud, 'down', autospec=True) as down:
                self.assertRaises(errors.MinicloudError, e2e.e2e, settings,
                                  'x', 0)
            down.assert_called_once_with(settings)

    def test_the_cleanup_of_a_cut_short_run_never_raises(self):
        from migration_tempest_plugin import census

        said = []
        with mock.patch.object(census, 'cleanup', autospec=True,
                               side_effect=RuntimeError('409 conflict')):
            leaks.clean_up(mock.sentinel.conn, 'tempest', [], say=said.append)
        self.assertEqual(['minicloud: the cleanup of the cut-short run '
                          'failed: 409 conflict'], said)

    def test_format_report(self):
        lines = ['{"b": 1, "a": "x"}\n', '\n', 'not json\n', '[1]\n']
        self.assertEqual(['a="x", b=1', 'not json', '[1]'],
                         e2e.format_report(lines))


class TestWorkspace(testtools.TestCase):

    def stestr_conf(self, tempest_dir):
        path = os.path.join(self.useFixture(fixtures.TempDir()).path,
                            '.stestr.conf')
        with open(path, 'w') as f:
            f.write('[DEFAULT]\ntest_path=%s/test_discover\ntop_dir=%s\n'
                    % (tempest_dir, tempest_dir))
        return path

    def test_a_workspace_of_another_envs_tempest_is_made_again(self):
        import tempest

        here = os.path.dirname(tempest.__file__)
        self.assertTrue(workspace.made_for_this_tempest(
            self.stestr_conf(here)))
        self.assertFalse(workspace.made_for_this_tempest(self.stestr_conf(
            '/work/.tox/minicloud-smoke/lib/python3.11/site-packages/'
            'tempest')))


class TestHostPackages(testtools.TestCase):

    def test_no_apt_get_names_the_packages(self):
        with mock.patch.object(host.shutil, 'which', autospec=True,
                               return_value=None):
            e = self.assertRaises(errors.MinicloudError,
                                  host.apt_install, ['mariadb-server'])
        self.assertIn('no apt-get', str(e))
        self.assertIn('mariadb-server', str(e))

    def test_not_root_and_no_sudo_says_how(self):
        def which(name):
            return '/usr/bin/apt-get' if name == 'apt-get' else None

        with mock.patch.object(host.shutil, 'which', autospec=True,
                               side_effect=which), \
                mock.patch.object(host.os, 'geteuid', autospec=True,
                                  return_value=1000):
            e = self.assertRaises(errors.MinicloudError,
                                  host.apt_install, ['rabbitmq-server'])
        self.assertIn('needs root', str(e))
        self.assertIn('sudo /usr/bin/apt-get install -y', str(e))
        self.assertIn('rabbitmq-server', str(e))

    def test_package_lists_are_refreshed_before_the_install(self):
        result = mock.Mock(returncode=0, stdout=b'')
        with mock.patch.object(host.shutil, 'which', autospec=True,
                               return_value='/usr/bin/apt-get'), \
                mock.patch.object(host.os, 'geteuid', autospec=True,
                                  return_value=0), \
                mock.patch.object(host.subprocess, 'run', autospec=True,
                                  return_value=result) as run:
            host.apt_install(['mariadb-server'])
        commands = [call.args[0][:2] for call in run.call_args_list]
        self.assertEqual([['/usr/bin/apt-get', 'update'],
                          ['/usr/bin/apt-get', 'install']], commands)

    def test_failed_install_shows_the_output(self):
        result = mock.Mock(returncode=100, stdout=b'E: Unable to locate')
        with mock.patch.object(host.shutil, 'which', autospec=True,
                               return_value='/usr/bin/apt-get'), \
                mock.patch.object(host.os, 'geteuid', autospec=True,
                                  return_value=0), \
                mock.patch.object(host.subprocess, 'run', autospec=True,
                                  return_value=result):
            e = self.assertRaises(errors.MinicloudError,
                                  host.apt_install, ['gcc'])
        self.assertIn('exit 100', str(e))
        self.assertIn('E: Unable to locate', str(e))


class TestJudged(testtools.TestCase):

    def test_problems_and_counts_of_the_verdicts_output(self):
        judged = e2e.Judged(1, 'verdict: did not run: t.A.test_1\n'
                               'verdict: expected=2 passed=1 failed=0 '
                               'skipped=0 unexpected_skips=0 not_run=1\n')
        self.assertFalse(judged.ok)
        self.assertEqual(['did not run: t.A.test_1'], judged.problems)
        self.assertEqual('expected=2 passed=1 failed=0 skipped=0 '
                         'unexpected_skips=0 not_run=1', judged.counts)

    def test_no_verdict_line_is_said(self):
        judged = e2e.Judged(1, '')
        self.assertEqual('no verdict: no output', judged.counts)


class TestAvailabilityZones(testtools.TestCase):

    def test_missing_aggregates_and_hosts_are_added(self):
        conn = mock.Mock()
        existing = mock.Mock(hosts=['compute1'])
        existing.name = 'az1'
        conn.compute.aggregates.return_value = [existing]
        created = mock.Mock(hosts=[])
        conn.compute.create_aggregate.return_value = created
        conn.compute.add_host_to_aggregate.side_effect = (
            lambda aggregate, host: aggregate)
        bootstrap.ensure_availability_zones(conn)
        conn.compute.create_aggregate.assert_called_once_with(
            name='az2', availability_zone='az2')
        self.assertEqual(
            [mock.call(existing, 'compute2'), mock.call(created, 'compute3')],
            conn.compute.add_host_to_aggregate.call_args_list)
