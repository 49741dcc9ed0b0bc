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

"""The cloud's MariaDB: databases, schema setup chains, nova's host tables."""

import os
import shutil
import subprocess
import threading

from minicloud import config
from minicloud import errors
from minicloud import files
from minicloud import processes


def client_defaults(settings, cloud_secrets):
    """The mariadb client's option file (0600): the password stays off argv."""
    path = os.path.join(settings.etc_dir, 'mariadb', 'client.cnf')
    files.write_if_changed(path, (
        '[client]\nhost=127.0.0.1\nport=%d\nuser=minicloud\npassword=%s\n'
        % (settings.port('mariadb'), cloud_secrets['db_password'])))
    return path


def mariadb_sql(settings, cloud_secrets, sql, as_root=False):
    """Run SQL (on stdin) with the mariadb client; its tab-separated output."""
    if as_root:
        argv = ['mariadb', '--no-defaults',
                '--socket=%s' % settings.mariadb_socket, '-uroot']
    else:
        argv = ['mariadb', '--defaults-file=%s'
                % client_defaults(settings, cloud_secrets)]
    result = subprocess.run(argv + ['-N', '-B'], input=sql.encode(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if result.returncode != 0:
        raise errors.MinicloudError('mariadb: %s: %s' % (
            sql.split(';')[0][:80], result.stderr.decode().strip()))
    return result.stdout.decode()


def init_mariadb(settings, stamps):
    datadir = os.path.join(settings.state_dir, 'mariadb')
    if stamps.done('mariadb-install-db'):
        return
    # A half-made data dir (a crash during install) is ours: start over.
    if os.path.exists(datadir):
        shutil.rmtree(datadir)
    argv = ['mariadb-install-db', '--no-defaults', '--datadir=%s' % datadir,
            '--auth-root-authentication-method=normal', '--skip-test-db']
    if os.geteuid() == 0:
        argv.append('--user=root')
    processes.run_logged(settings, 'mariadb-install-db', argv)
    stamps.mark('mariadb-install-db')


def create_databases(settings, cloud_secrets, stamps):
    if stamps.done('databases'):
        return
    pw = cloud_secrets['db_password']
    sql = ["CREATE USER IF NOT EXISTS 'minicloud'@'127.0.0.1' "
           "IDENTIFIED BY '%s'" % pw,
           "GRANT ALL PRIVILEGES ON *.* TO 'minicloud'@'127.0.0.1'"]
    sql += ['CREATE DATABASE IF NOT EXISTS %s CHARACTER SET utf8mb4' % db
            for db in config.DATABASES]
    sql.append("ALTER USER 'root'@'localhost' IDENTIFIED BY '%s'" % pw)
    mariadb_sql(settings, cloud_secrets, ';'.join(sql), as_root=True)
    stamps.mark('databases')


class Command(object):
    """A setup command: argv, exit codes that mean success, extra env."""

    def __init__(self, argv, ok_codes=(0,), env=None):
        self.argv = argv
        self.ok_codes = ok_codes
        self.env = env


def manage_chains(settings, cloud_secrets):
    """Per service, the setup commands that must run in order.

    A command is an argv or a Command. Each command is safe to run again:
    a chain cut short runs again whole.
    """
    s = settings
    etc = s.etc_dir
    keystone = ['--config-file', os.path.join(etc, 'keystone',
                                              'keystone.conf')]
    nova = s.nova_control_args()
    os.makedirs(os.path.join(s.state_dir, 'keystone', 'fernet-keys'),
                exist_ok=True)
    os.makedirs(os.path.join(s.state_dir, 'keystone', 'credential-keys'),
                exist_ok=True)
    whoami = ['--keystone-user', str(os.geteuid()),
              '--keystone-group', str(os.getegid())]
    return {
        'keystone': [
            [s.bin('keystone-manage')] + keystone + ['db_sync'],
            [s.bin('keystone-manage')] + keystone + ['fernet_setup']
            + whoami,
            [s.bin('keystone-manage')] + keystone + ['credential_setup']
            + whoami,
            # The password from the environment, not the command line.
            Command([s.bin('keystone-manage')] + keystone + [
                'bootstrap',
                '--bootstrap-admin-url', s.keystone_url,
                '--bootstrap-internal-url', s.keystone_url,
                '--bootstrap-public-url', s.keystone_url,
                '--bootstrap-region-id', config.REGION],
                env={'OS_BOOTSTRAP_PASSWORD':
                     cloud_secrets['admin_password']}),
        ],
        'placement': [
            [s.bin('placement-manage'), '--config-file',
             os.path.join(etc, 'placement', 'placement.conf'), 'db', 'sync'],
        ],
        'glance': [
            [s.bin('glance-manage'), '--config-file',
             os.path.join(etc, 'glance', 'glance-api.conf'), 'db_sync'],
        ],
        'neutron': [
            [s.bin('neutron-db-manage'),
             '--config-file', os.path.join(etc, 'neutron', 'neutron.conf'),
             '--config-file', os.path.join(etc, 'neutron', 'ml2_conf.ini'),
             'upgrade', 'heads'],
        ],
        'nova': [
            [s.bin('nova-manage')] + nova + ['api_db', 'sync'],
            [s.bin('nova-manage')] + nova + ['cell_v2', 'map_cell0'],
            # Exit 2: cell1 exists already (a chain cut short earlier).
            Command([s.bin('nova-manage')] + nova + [
                'cell_v2', 'create_cell', '--name', 'cell1'], ok_codes=(0, 2)),
            [s.bin('nova-manage')] + nova + ['db', 'sync'],
        ],
    }


def run_chains_in_parallel(settings, stamps, chains):
    """Run each service's setup chain (once), chains side by side."""
    failures = []

    def run(name, commands):
        try:
            for command in commands:
                if not isinstance(command, Command):
                    command = Command(command)
                processes.run_logged(settings, name, command.argv,
                                     ok_codes=command.ok_codes,
                                     env=command.env)
            stamps.mark('setup-' + name)
        except errors.MinicloudError as e:
            failures.append(e)

    threads = [threading.Thread(target=run, args=(name, commands))
               for name, commands in chains.items()
               if not stamps.done('setup-' + name)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]


def mapped_hosts(settings, cloud_secrets):
    out = mariadb_sql(settings, cloud_secrets,
                      'SELECT host FROM nova_api.host_mappings')
    return set(out.split())


def compute_node_hosts(settings, cloud_secrets):
    out = mariadb_sql(settings, cloud_secrets,
                      'SELECT host FROM nova.compute_nodes WHERE deleted=0')
    return set(out.split())
