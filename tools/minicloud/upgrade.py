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

"""upgrade: the plugin's upgrade validation on the embedded cloud.

Brings minicloud up at the previous release (constraints-previous.txt), runs
the plugin's create phase, upgrades the cloud in place as operators do
(control plane first: new venv, database migrations, nova's online data
migrations, restart; then the computes one by one, the last one left on the
previous release with [upgrade_levels] compute = auto), runs the verify
phase on that mixed cloud, upgrades the last compute, restarts nova's other
services (so that "auto" resolves to the current RPC version), runs the
verify phase again, and ends with one line:

upgrade: from=<nova> to=<nova> created_before=<n> moved_after=<n>
failures=<n> wall_s=<s>

Each verify run moves the siblings of its own create run, both made on the
previous release. The cloud has its own state dir and ports (defaults
below), so a minicloud running for development is not touched.
"""

import contextlib
import json
import os
import shutil
import subprocess
import sys
import time

from minicloud import api
from minicloud import bootstrap
from minicloud import cloud
from minicloud import computes
from minicloud import config
from minicloud import database
from minicloud import drivers
from minicloud import e2e
from minicloud import errors
from minicloud import host as host_setup
from minicloud import processes
from minicloud import render
from minicloud import services
from minicloud import topology
from minicloud import workspace

PREVIOUS_CONSTRAINTS = os.path.join(config.TOOL_DIR,
                                    'constraints-previous.txt')
CURRENT_CONSTRAINTS = config.CONSTRAINTS_FILE
DEFAULT_STATE_DIR = os.path.join(config.REPO_DIR, '.minicloud-upgrade')
# Below Linux's ephemeral port range (32768-60999), where an outgoing
# connection (pip's, tempest's) can hold one of the cloud's ports.
DEFAULT_PORT_BASE = '27700'
PREVIOUS_VENV = 'venv-previous'
# What a new run keeps of the state dir: the two server venvs (a minute
# each to build) and the tempest workspace.
KEPT_ENTRIES = ('venv', PREVIOUS_VENV, 'lock', 'tempest')
# tempest's workspace registry is shared: this cloud's has its own name.
WORKSPACE_NAME = 'minicloud-upgrade'
# Its guests outlive the restarts of the upgrade (fake_guests.py).
DRIVER = 'fake'
RESOURCES_SCRIPT = os.path.join(config.REPO_DIR, 'devstack', 'upgrade',
                                'resources.sh')
CONTROL_PLANE = tuple(config.WSGI_APPS) + ('nova-conductor',
                                           'nova-scheduler')
NOVA_CONTROL = ('nova-api', 'nova-conductor', 'nova-scheduler')
# Each round is one create run before the upgrade and one verify run after:
# "mixed" while the last compute still runs the previous release,
# "upgraded" once it runs the current one.
ROUNDS = ('mixed', 'upgraded')
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


class Tally(object):
    """The figures of the final line."""

    def __init__(self):
        self.started = time.monotonic()
        self.from_version = self.to_version = '-'
        self.created_before = 0
        self.moved_after = 0
        self.failures = 0

    def line(self):
        return ('upgrade: from=%s to=%s created_before=%d moved_after=%d '
                'failures=%d wall_s=%.0f' % (
                    self.from_version, self.to_version, self.created_before,
                    self.moved_after, self.failures,
                    time.monotonic() - self.started))


def progress(tally, what):
    print('upgrade: %5.0f s %s' % (time.monotonic() - tally.started, what),
          flush=True)


class UpgradeSettings(object):
    """The upgrade cloud, before and after: one state dir, two releases.

    ``previous`` runs from the previous release's venv and constraints,
    ``current`` from this release's; the schema upgrades of ``current``
    have their own setup stamps, so that they run again.
    """

    def __init__(self, environ=None):
        environ = dict({'MINICLOUD_STATE_DIR': DEFAULT_STATE_DIR,
                        'MINICLOUD_PORT_BASE': DEFAULT_PORT_BASE},
                       **(os.environ if environ is None else environ))
        self.previous = config.Settings(
            environ, venv_name=PREVIOUS_VENV,
            constraints_file=PREVIOUS_CONSTRAINTS,
            workspace_name=WORKSPACE_NAME, default_driver=DRIVER)
        self.current = config.Settings(
            environ, constraints_file=CURRENT_CONSTRAINTS,
            workspace_name=WORKSPACE_NAME, stamps_name='stamps-upgrade',
            default_driver=DRIVER)


def check_own_state_dir(settings):
    if os.path.realpath(settings.state_dir) == os.path.realpath(
            config.DEFAULT_STATE_DIR):
        raise errors.MinicloudError(
            'MINICLOUD_STATE_DIR is %s, the development cloud: the upgrade '
            'run starts from an empty cloud, so it needs its own (default '
            '%s)' % (settings.state_dir, DEFAULT_STATE_DIR))


def reset(settings):
    """Stop this cloud and delete its state, keeping venvs and workspace."""
    cloud.down(settings)
    for entry in os.listdir(settings.state_dir):
        if entry in KEPT_ENTRIES:
            continue
        path = os.path.join(settings.state_dir, entry)
        if os.path.isdir(path):
            shutil.rmtree(path)
        else:
            os.unlink(path)


def nova_version(settings):
    return subprocess.check_output([
        settings.bin('python'), '-c',
        'import importlib.metadata as m; print(m.version("nova"))'],
        text=True).strip()


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


def round_dir(settings, name):
    """Work dir of one round's phases (state file, phase configs)."""
    return os.path.join(settings.state_dir, 'round-%s' % name)


def state_file(settings, name):
    """Where resources.sh keeps the siblings of one round."""
    return os.path.join(round_dir(settings, name), 'siblings.json')


def run_resources(settings, name, *phase):
    """Run the grenade plugin's resources.sh; its tempest totals and exit.

    The same script the grenade job runs, pointed at this cloud.
    """
    tempest = workspace.tempest_command()
    if not tempest:
        raise errors.MinicloudError(
            'tempest is not installed next to %s nor on PATH: run this '
            'from `tox -e upgrade`' % sys.executable)
    # The compute commands in tempest.conf find this cloud by settings'.
    env = dict(os.environ, MIGRATION_TEMPEST=tempest,
               MIGRATION_TEMPEST_CONF=settings.tempest_conf,
               MIGRATION_WORK_DIR=round_dir(settings, name),
               **settings.environ())
    label = '%s-%s' % ('-'.join(phase), name)
    command = ['bash', RESOURCES_SCRIPT] + list(phase)
    print('upgrade: %s: %s' % (label, ' '.join(command)), flush=True)
    proc = subprocess.run(command, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT)
    output = proc.stdout.decode('utf-8', 'replace')
    log = os.path.join(settings.log_dir, 'resources-%s.log' % label)
    with open(log, 'w') as f:
        f.write(output)
    counts = e2e.parse_tempest_totals(output)
    summary = ', '.join('%s=%d' % item for item in sorted(counts.items()))
    print('upgrade: %s: exit %d: %s (log: %s)' % (
        label, proc.returncode, summary, log), flush=True)
    if proc.returncode != 0 or counts.get('skipped'):
        # The failed or skipped tests and why, from tempest's output.
        sys.stdout.write(processes.log_tail(log, 80) + '\n')
    return counts, proc.returncode


def shortfall(counts, returncode):
    """Tests that did not pass (failed or skipped: every move must run)."""
    missed = counts.get('failed', 0) + counts.get('skipped', 0)
    if returncode != 0 and not missed:
        missed = 1
    return missed


def siblings_recorded(path):
    with contextlib.suppress(OSError, ValueError):
        with open(path) as f:
            return sum(len(group['servers'])
                       for group in json.load(f)['groups'].values())
    return 0


def create_phase(settings, tally, name):
    counts, code = run_resources(settings, name, 'create')
    tally.failures += shortfall(counts, code)
    tally.created_before += siblings_recorded(state_file(settings, name))
    # As grenade does before it stops the old services.
    _, code = run_resources(settings, name, 'verify', 'pre-upgrade')
    tally.failures += int(code != 0)


def verify_phase(settings, tally, name):
    counts, code = run_resources(settings, name, 'verify', 'post-upgrade')
    tally.failures += shortfall(counts, code)
    # Each passed verify test moved one sibling made before the upgrade.
    tally.moved_after += counts.get('passed', 0)
    # The verify phase deletes what it moved: destroy finds nothing left.
    if os.path.exists(state_file(settings, name)):
        print('upgrade: %s is left after the verify phase'
              % state_file(settings, name), flush=True)
        tally.failures += 1
    _, code = run_resources(settings, name, 'destroy')
    tally.failures += int(code != 0)


def upgrade_control_plane(old, new, cloud_secrets, tally):
    """Stop it, new venv and configs, migrate the databases, start it."""
    processes.stop_processes(old, list(CONTROL_PLANE))
    progress(tally, 'control plane stopped (computes keep running)')
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
    progress(tally, 'databases migrated')
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
    progress(tally, 'control plane upgraded, online data migrated')


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
    progress(tally, '%s upgraded; nova-compute service versions: %s' % (
        host, versions))


def run(tally, settings):
    old, new = settings.previous, settings.current
    check_own_state_dir(old)
    # The phases run outside the state lock, as e2e's tempest run does: the
    # evacuate tests' compute-stop and compute-start take it.
    try:
        with cloud.state_lock(old):
            reset(old)
            cloud.up(old)
            tally.from_version = nova_version(old)
            cloud_secrets = config.load_secrets(old)
            # A compute that compute-start brings back runs the release
            # it ran.
            for name in config.COMPUTE_HOSTS:
                services.record_compute_venv(old, name)
        progress(tally, 'nova %s up; nova-compute service versions: %s'
                 % (tally.from_version, compute_versions(old, cloud_secrets)))
        for name in ROUNDS:
            create_phase(old, tally, name)
        with cloud.state_lock(new):
            upgrade_control_plane(old, new, cloud_secrets, tally)
            tally.to_version = nova_version(new)
            for host in EARLY_COMPUTES:
                upgrade_compute(new, cloud_secrets, host, tally)
        verify_phase(new, tally, 'mixed')
        with cloud.state_lock(new):
            upgrade_compute(new, cloud_secrets, LAST_COMPUTE, tally)
            # Every compute runs the current release: restarted, nova's
            # services resolve "auto" to its RPC version, the computes
            # upgraded before the last too (they keep what they resolved).
            restart_nova_control(new, cloud_secrets)
            restart_computes(new, cloud_secrets, EARLY_COMPUTES)
        progress(tally, 'nova control services and %s restarted'
                 % ', '.join(EARLY_COMPUTES))
        verify_phase(new, tally, 'upgraded')
    finally:
        if new.keep:
            print('upgrade: cloud left running (MINICLOUD_KEEP is set); '
                  'state: %s' % new.state_dir)
        else:
            with cloud.state_lock(new):
                cloud.down(new)


def main():
    tally = Tally()
    code = 0
    try:
        run(tally, UpgradeSettings())
    except errors.MinicloudError as error:
        # On stdout, so that it comes before the final line.
        print('upgrade: error: %s' % error, flush=True)
        tally.failures += 1
    if tally.failures:
        code = 1
    print(tally.line(), flush=True)
    return code


if __name__ == '__main__':
    sys.exit(main())
