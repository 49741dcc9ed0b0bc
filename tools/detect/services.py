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

"""The cloud a detect run uses, which of its nova services load a patched
module, and their restart (those services only, never `up` again).
"""

import os
import signal
import sys
import time

import detect
from minicloud import api
from minicloud import cloud
from minicloud import computes
from minicloud import config
from minicloud import drivers
from minicloud import processes
from minicloud import services as minicloud_services
from minicloud import topology


NOVA_CONTROL = ('nova-api', 'nova-conductor', 'nova-scheduler')
ALL_NOVA = NOVA_CONTROL + config.COMPUTE_HOSTS
# Which services load a nova module, by path prefix (first match wins).
# A manager module is loaded only by its own service (seen in nova 34.0.0:
# importing each service's manager loads no other service's); shared code
# (objects, nova/scheduler/utils.py that even nova-api and the computes
# import, anything not listed) is loaded by every nova service.
MODULE_SERVICES = (
    ('nova/api/', ('nova-api',)),
    ('nova/compute/manager.py', config.COMPUTE_HOSTS),
    ('nova/virt/', config.COMPUTE_HOSTS),
    ('nova/conductor/manager.py', ('nova-conductor',)),
    ('nova/conductor/tasks/', ('nova-conductor',)),
    ('nova/scheduler/manager.py', ('nova-scheduler',)),
    ('nova/scheduler/filters/', ('nova-scheduler',)),
)
# Where each driver's cloud lives unless MINICLOUD_STATE_DIR says.
DEFAULT_STATE_DIRS = {
    'fake': os.path.join(config.REPO_DIR, '.minicloud-fake'),
    'libvirt': os.path.join(config.REPO_DIR, '.minicloud'),
}


def settings_for(driver, environ=None):
    """The Settings of the cloud the entries needing ``driver`` run on."""
    environ = dict(os.environ if environ is None else environ)
    environ['MINICLOUD_DRIVER'] = driver
    environ.setdefault('MINICLOUD_STATE_DIR', DEFAULT_STATE_DIRS[driver])
    return config.Settings(environ)


def exit_on_sigterm():
    """A SIGTERM (tox, a timeout) ends the run through its finally blocks.

    Those revert the seed; the RECORD check at the next start covers a
    SIGKILL.
    """
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(143))


def services_for(paths):
    """The nova services that load these files, in ALL_NOVA's order."""
    names = set()
    for path in paths:
        for prefix, services in MODULE_SERVICES:
            if path.startswith(prefix):
                names.update(services)
                break
        else:
            names.update(ALL_NOVA)
    return [name for name in ALL_NOVA if name in names]


def restart(settings, names):
    """Stop these nova services and start them again; the seconds taken.

    Waits as long as each needs and no longer: nova-api until it answers,
    the conductor and the scheduler until they hold their RabbitMQ
    connection, a compute until nova shows it up with a report sent since
    it started. Nothing else of the cloud is touched: a compute left
    forced down or disabled stays so, for the health check to see.
    """
    started = time.monotonic()
    by_name = {service.name: service
               for service in topology.all_services(settings)}
    driver = drivers.select(settings.driver_name)
    with cloud.state_lock(settings):
        processes.stop_processes(settings, names)
        since = computes.utc_now()
        for name in names:
            if name in config.COMPUTE_HOSTS:
                driver.start(settings, name)
            else:
                processes.start_process(settings, name, by_name[name].argv,
                                        by_name[name].env)
        for name in names:
            if name == 'nova-api':
                minicloud_services.wait_healthy(
                    settings, by_name[name], settings.timeout)
            elif name not in config.COMPUTE_HOSTS:
                cloud.wait_connected_to_rabbitmq(settings, name)
        hosts = [name for name in names if name in config.COMPUTE_HOSTS]
        if hosts:
            wait_reported(settings, hosts, since)
    took = time.monotonic() - started
    detect.say('restarted %s in %.0f s' % (', '.join(names), took))
    return took


def wait_reported(settings, hosts, since):
    """Until nova shows each compute up, reported since ``since``."""
    conn = api.connect(settings, config.load_secrets(settings))
    state = {}

    def reported():
        computes.check_compute_processes(settings, hosts)
        state['services'] = computes.compute_services(conn)
        return all(state['services'].get(host) is not None
                   and state['services'][host].state == 'up'
                   and computes.reported_since(state['services'][host],
                                               since)
                   for host in hosts)

    if not processes.wait_for('computes', reported, settings.timeout,
                              interval=0.5):
        raise computes.compute_timeout(
            settings, hosts, 'no report since their restart: %s'
            % computes.describe_computes(state.get('services', {}), set(),
                                         hosts))
