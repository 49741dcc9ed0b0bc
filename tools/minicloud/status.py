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

"""The cloud's status: each service, the computes as nova sees them, the
driver's hosts, the memory of the whole cloud.
"""

from migration_tempest_plugin import report

from minicloud import api
from minicloud import computes
from minicloud import config
from minicloud import drivers
from minicloud import health
from minicloud.ovn import run as ovn_run
from minicloud import processes
from minicloud import topology


def status(settings):
    """Each service with pid, port, health; 0 when all are healthy."""
    rows = []
    healthy = True
    for service in topology.all_services(settings):
        pid = processes.PidFile(settings, service.name).alive_pid()
        state = health.health(settings, service)
        healthy = healthy and state == 'ok'
        rows.append((service.name, str(pid or '-'),
                     str(service.port or '-'), state))
    cloud_secrets = None
    if healthy:
        cloud_secrets = config.load_secrets(settings)
        conn = api.connect(settings, cloud_secrets)
        found = computes.compute_services(conn)
        providers = computes.resource_provider_names(conn)
        for index, row in enumerate(rows):
            if row[0] in config.COMPUTE_HOSTS:
                service = found.get(row[0])
                ok = (computes.is_up_and_enabled(service)
                      and row[0] in providers)
                healthy = healthy and ok
                rows[index] = row[:3] + (
                    'ok' if ok else computes.describe_computes(
                        found, providers, [row[0]]).split(': ', 1)[1],)
    print(report.format_table(('service', 'pid', 'port', 'health'), rows))
    driver = drivers.select(settings.driver_name)
    for line in driver.status_lines(settings) + ovn_run.status_lines(
            settings):
        print(line)
    count, rss, pss = processes.memory_of(cloud_processes(settings, driver))
    print('memory: %d processes of the cloud, RSS %d MiB, PSS %d MiB' % (
        count, rss // 2 ** 20, pss // 2 ** 20))
    print('state: %s\nlogs: %s\ntempest.conf: %s' % (
        settings.state_dir, settings.log_dir, settings.tempest_conf))
    return 0 if healthy else 1


def cloud_processes(settings, driver):
    """What the pid files name, their descendants, the hosts' processes."""
    found = []
    for service in topology.all_services(settings):
        pid = processes.PidFile(settings, service.name).alive_pid()
        if pid is not None:
            found += processes.tree(pid)
    return found + driver.host_processes(settings)
