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

"""Every process of the cloud, in start order."""

import os

from minicloud import config
from minicloud import drivers
from minicloud import health
from minicloud.ovn import run as ovn_run
from minicloud import services


def all_services(settings):
    """Every process of the cloud, in start order."""
    s = settings
    etc = s.etc_dir
    rabbit_env = {
        'HOME': os.path.join(s.state_dir, 'rabbitmq'),
        'RABBITMQ_NODENAME': 'minicloud@localhost',
        'RABBITMQ_CONF_ENV_FILE': os.path.join(etc, 'rabbitmq', 'env.conf'),
        'RABBITMQ_CONFIG_FILE': os.path.join(etc, 'rabbitmq',
                                             'rabbitmq.conf'),
        'RABBITMQ_ADVANCED_CONFIG_FILE': os.path.join(etc, 'rabbitmq',
                                                      'advanced.config'),
        'RABBITMQ_ENABLED_PLUGINS_FILE': os.path.join(etc, 'rabbitmq',
                                                      'enabled_plugins'),
        'RABBITMQ_MNESIA_BASE': os.path.join(s.state_dir, 'rabbitmq',
                                             'mnesia'),
        'RABBITMQ_LOG_BASE': os.path.join(s.state_dir, 'rabbitmq', 'log'),
        'RABBITMQ_PID_FILE': os.path.join(s.run_dir, 'rabbitmq.beam.pid'),
        'RABBITMQ_NODE_PORT': str(s.port('rabbitmq')),
        'RABBITMQ_DIST_PORT': str(s.port('rabbitmq-dist')),
        'ERL_EPMD_PORT': str(s.port('epmd')),
        'ERL_EPMD_ADDRESS': '127.0.0.1',
        # Erlang's distribution port listens on every address otherwise.
        'RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS':
            '-kernel inet_dist_use_interface {127,0,0,1}',
        'ERL_CRASH_DUMP': os.path.join(s.log_dir, 'rabbitmq-erl_crash.dump'),
    }
    mariadb_args = [
        config.MARIADB_SERVER, '--no-defaults',
        '--datadir=%s' % os.path.join(s.state_dir, 'mariadb'),
        '--socket=%s' % s.mariadb_socket,
        '--pid-file=%s' % os.path.join(s.run_dir, 'mariadbd.pid'),
        '--port=%d' % s.port('mariadb'), '--bind-address=127.0.0.1',
        '--skip-name-resolve', '--max-connections=1000',
        '--character-set-server=utf8mb4', '--performance-schema=OFF',
        # A throwaway test cloud: speed over durability.
        '--innodb-buffer-pool-size=128M', '--innodb-doublewrite=0',
        '--innodb-flush-log-at-trx-commit=0', '--sync-binlog=0',
    ]
    if os.geteuid() == 0:
        mariadb_args.append('--user=root')
    result = [
        services.Service('mariadb', health.MariadbProbe(), mariadb_args,
                         s.port('mariadb')),
        services.Service('epmd', health.EpmdProbe(), [
            config.EPMD, '-port', str(s.port('epmd')),
            '-address', '127.0.0.1'], s.port('epmd')),
        services.Service('rabbitmq', health.AmqpProbe(),
                         [config.RABBITMQ_SERVER], s.port('rabbitmq'),
                         rabbit_env),
    ]
    # The network backend: OVN's databases, northd and every chassis.
    result += ovn_run.all_services(s)
    for name, (module, env_name, files) in config.WSGI_APPS.items():
        env = {'OS_%s_CONFIG_DIR' % env_name:
               os.path.join(etc, name.split('-')[0])}
        if files:
            env['OS_%s_CONFIG_FILES' % env_name] = files.format(venv=s.venv)
        result.append(services.Service(
            name, health.HttpProbe(), uwsgi_argv(s, name, module),
            s.port(name), env))
    for binary in ('conductor', 'scheduler'):
        result.append(services.Service(
            'nova-' + binary, health.ProcessProbe(), [
                s.bin('nova-' + binary)] + s.nova_control_args() + [
                '--log-file', s.log('nova-' + binary)]))
    driver = drivers.select(s.driver_name)
    result.extend(driver.service(s, host) for host in config.COMPUTE_HOSTS)
    return result


def uwsgi_argv(settings, name, module):
    return [
        settings.bin('uwsgi'),
        '--http-socket', '127.0.0.1:%d' % settings.port(name),
        '--module', module,
        '--virtualenv', settings.venv,
        '--master', '--processes', '1', '--threads', '4',
        '--enable-threads', '--lazy-apps', '--die-on-term', '--need-app',
        '--procname-prefix-spaced', 'minicloud-%s' % name,
        # Keep-alive connections got reset after the server had acted.
        '--add-header', 'Connection: close',
        '--buffer-size', '65535',
        # A worker busy with threads (nova-api) got no further than
        # "killing workers" on SIGTERM: kill it after 3 s.
        '--worker-reload-mercy', '3', '--reload-mercy', '3',
    ]
