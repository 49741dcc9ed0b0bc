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

"""The rolling upgrade of the cloud, as operators do it.

The control plane first (stopped, new venv and configs, schema and online
data migrations, [upgrade_levels] compute = auto, started), then the
computes one by one, each waited for until its service record shows the
new version and it heartbeats.
"""

import os

from minicloud import api
from minicloud import bootstrap
from minicloud import computes
from minicloud import config
from minicloud import database
from minicloud import drivers
from minicloud import host as host_setup
from minicloud import processes
from minicloud import render
from minicloud import services
from minicloud import topology

CONTROL_PLANE = tuple(config.WSGI_APPS) + ('nova-conductor',
                                           'nova-scheduler')
NOVA_CONTROL = ('nova-api', 'nova-conductor', 'nova-scheduler')
# Upgraded in this order, all but the last before the mixed round. The
# last (compute3) is alone in its zone, so the evacuate test never stops
# it: nova counts no forced-down service in the minimum service version
# and refuses to save a service record older than that (ServiceTooOld),
# so the only old compute, once forced down, could not come back on its
# release.
*EARLY_COMPUTES, LAST_COMPUTE = config.COMPUTE_HOSTS
UPGRADE_LEVELS = """
[upgrade_levels]
# A rolling upgrade, as nova documents it: the control plane sends RPC to
# the computes at the version the oldest of them speaks.
compute = auto
"""


def compute_versions(settings, cloud_secrets):
    """{host: nova service version} of the nova-compute services."""
    out = database.mariadb_sql(
        settings, cloud_secrets,
        "SELECT host, version FROM nova.services WHERE "
        "`binary` = 'nova-compute' AND deleted = 0")
    return dict(line.split('\t') for line in out.splitlines() if line)


def heartbeats(settings, cloud_secrets):
    """{host: report_count} of the nova-compute services.

    A compute reports (heartbeats) only once its start-up is over, so a
    higher count than before a (re)start means it is up and serving.
    """
    out = database.mariadb_sql(
        settings, cloud_secrets,
        "SELECT host, report_count FROM nova.services WHERE "
        "`binary` = 'nova-compute' AND deleted = 0")
    return {host: int(count) for host, count in
            (line.split('\t') for line in out.splitlines() if line)}


def wait_heartbeats(settings, cloud_secrets, before):
    """Wait until every compute reported since ``before`` was read."""
    seen = {}

    def reported():
        computes.check_compute_processes(settings, config.COMPUTE_HOSTS)
        seen.update(heartbeats(settings, cloud_secrets))
        return all(seen.get(host, 0) > count
                   for host, count in before.items())

    if not processes.wait_for('heartbeats', reported, settings.timeout):
        raise computes.compute_timeout(
            settings, config.COMPUTE_HOSTS,
            'no heartbeat within %d s (report counts before: %s, now: %s)'
            % (settings.timeout, before, seen))


def restart_computes(settings, cloud_secrets, hosts):
    """Stop the computes, start them from settings' venv, wait."""
    driver = drivers.select(settings.driver_name)
    driver.stop(settings, hosts)
    before = heartbeats(settings, cloud_secrets)
    for host in hosts:
        services.record_compute_venv(settings, host)
        driver.start(settings, host)
    wait_heartbeats(settings, cloud_secrets, before)


def upgrade_control_plane(old, new, cloud_secrets, tally):
    """Stop it, new venv and configs, migrate the databases, start it."""
    processes.stop_processes(old, list(CONTROL_PLANE))
    tally.progress('control plane stopped (computes keep running)')
    host_setup.ensure_venv(new)
    drivers.select(new.driver_name).prepare(new)
    render.write_configs(new, render.template_values(new, cloud_secrets))
    nova_conf = os.path.join(new.etc_dir, 'nova', 'nova.conf')
    with open(nova_conf, 'a') as f:
        f.write(UPGRADE_LEVELS)
    # The setup chains of `up` are the schema upgrades too (db_sync,
    # db sync, upgrade heads), and safe to run again; the new settings'
    # own stamps make them run.
    database.run_chains_in_parallel(new, host_setup.Stamps(new),
                                    database.manage_chains(new, cloud_secrets))
    tally.progress('databases migrated')
    by_name = {s.name: s for s in topology.all_services(new)}
    for name in ('keystone', 'neutron'):
        services.start_service(new, by_name[name], new.timeout)
    # Before nova-api and the computes query ports.
    bootstrap.first_network_query(api.connect(new, cloud_secrets))
    for name in CONTROL_PLANE:
        services.start_unless_running(new, by_name[name])
    for name in config.WSGI_APPS:
        services.wait_healthy(new, by_name[name], new.timeout)
    online_data_migrations(new)
    # The computes, still on the previous release, talk to the new
    # conductor.
    wait_heartbeats(new, cloud_secrets, heartbeats(new, cloud_secrets))
    tally.progress('control plane upgraded, online data migrated')


def online_data_migrations(settings):
    etc = settings.etc_dir
    processes.run_logged(settings, 'online-data-migrations', [
        settings.bin('nova-manage')] + settings.nova_control_args() + [
        'db', 'online_data_migrations'])
    processes.run_logged(settings, 'online-data-migrations', [
        settings.bin('placement-manage'), '--config-file',
        os.path.join(etc, 'placement', 'placement.conf'), 'db',
        'online_data_migrations'])


def restart_nova_control(settings, cloud_secrets):
    """Restart nova's control services; wait until the computes report.

    A compute's RPC call in flight is lost with the conductor: waiting for
    new heartbeats shows the computes work with the restarted services.
    """
    before = heartbeats(settings, cloud_secrets)
    processes.stop_processes(settings, list(NOVA_CONTROL))
    by_name = {s.name: s for s in topology.all_services(settings)}
    for name in NOVA_CONTROL:
        services.start_unless_running(settings, by_name[name])
    services.wait_healthy(settings, by_name['nova-api'], settings.timeout)
    wait_heartbeats(settings, cloud_secrets, before)


def upgrade_compute(new, cloud_secrets, host, tally):
    """Restart one compute from the current venv; wait until it reports.

    Its record must show the new service version first: a heartbeat the
    stopped process sent as it went passes for one of the new process.
    """
    previous = compute_versions(new, cloud_secrets)[host]
    restart_computes(new, cloud_secrets, [host])
    versions = {}

    def upgraded():
        versions.update(compute_versions(new, cloud_secrets))
        return versions[host] != previous

    if not processes.wait_for('%s service version' % host, upgraded,
                              new.timeout):
        raise computes.compute_timeout(
            new, [host], 'nova-compute service version still %s after %d s'
            % (previous, new.timeout))
    wait_heartbeats(new, cloud_secrets, heartbeats(new, cloud_secrets))
    tally.progress('%s upgraded; nova-compute service versions: %s' % (
        host, versions))
