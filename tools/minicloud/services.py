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

"""One service of the cloud: what it runs, starting it, waiting for it."""

import os

from minicloud import health
from minicloud import processes


class Service(object):
    """One process of the cloud: how to start it and check it."""

    def __init__(self, name, probe, argv, port=None, env=None):
        self.name = name
        self.probe = probe
        self.argv = argv
        self.port = port
        self.env = env or {}


def compute_venv_record(settings, host):
    return os.path.join(settings.state_dir, 'venv-of-%s' % host)


def record_compute_venv(settings, host):
    """Start ``host``'s nova-compute from settings' venv from now on."""
    with open(compute_venv_record(settings, host), 'w') as f:
        f.write(settings.venv + '\n')


def compute_venv(settings, host):
    """The venv ``host``'s nova-compute runs from.

    The cloud's own unless one was recorded: during an upgrade the computes
    run two releases, and a compute restarted by compute-start must come
    back on the release it ran.
    """
    try:
        with open(compute_venv_record(settings, host)) as f:
            return f.read().strip() or settings.venv
    except FileNotFoundError:
        return settings.venv


def start_service(settings, service, timeout):
    """Start a service unless it runs; wait until it is healthy."""
    start_unless_running(settings, service)
    wait_healthy(settings, service, timeout)


def start_unless_running(settings, service):
    """Start a service that is not running; True if it was started."""
    if processes.PidFile(settings, service.name).alive_pid() is not None:
        return False
    processes.start_process(settings, service.name, service.argv, service.env)
    return True


def wait_healthy(settings, service, timeout):
    last = [None]

    def check():
        last[0] = health.health(settings, service)
        if last[0] == 'not running':
            raise processes.service_failure(settings, service.name,
                                            'exited while starting')
        return last[0] == 'ok'

    if not processes.wait_for(service.name, check, timeout):
        raise processes.service_failure(
            settings, service.name,
            'did not become healthy within %d s (%s)' % (timeout, last[0]))
