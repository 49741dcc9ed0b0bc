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

"""Cloud lifecycle: up, down, compute stop and start, faults."""

import contextlib
import fcntl
import os
import shutil
import threading
import time

import psutil

from minicloud import api
from minicloud import bootstrap
from minicloud import computes
from minicloud import config
from minicloud import database
from minicloud import drivers
from minicloud import errors
from minicloud import files
from minicloud import host as host_setup
from minicloud.ovn import run as ovn_run
from minicloud.ovn import tenant
from minicloud import processes
from minicloud import render
from minicloud import services
from minicloud import topology
from minicloud import workspace


@contextlib.contextmanager
def state_lock(settings):
    """One command at a time changes this cloud."""
    os.makedirs(settings.state_dir, exist_ok=True)
    with open(os.path.join(settings.state_dir, 'lock'), 'w') as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        yield


def cloud_running(settings):
    return all(processes.PidFile(settings, s.name).alive_pid() is not None
               for s in topology.all_services(settings))


def check_same_driver(settings, stamps):
    """A cloud's computes cannot change driver: nova keeps their nodes."""
    made_with = config.recorded(settings.state_dir, config.DRIVER_FILE)
    if (made_with and made_with != settings.driver_name
            and stamps.done('databases')):
        raise errors.MinicloudError(
            'the cloud in %s runs the %s driver, not %s (MINICLOUD_DRIVER): '
            'its computes keep their nodes in nova. Run `%s` first, or use '
            'another MINICLOUD_STATE_DIR' % (
                settings.state_dir, made_with, settings.driver_name,
                config.command_line('down', '--purge')))


def up(settings):
    started = time.monotonic()
    driver = drivers.select(settings.driver_name)
    stamps = host_setup.Stamps(settings)
    check_same_driver(settings, stamps)
    print('minicloud: compute driver %s (%s)' % (
        settings.driver_name, settings.driver_why), flush=True)
    missing = (host_setup.missing_debian_packages()
               + driver.missing_debian_packages()
               + ovn_run.missing_debian_packages())
    if not os.path.exists(os.path.join(settings.venv, 'bin', 'uwsgi')):
        missing += host_setup.build_needs()
    if missing:
        host_setup.apt_install(missing)
    for directory in (settings.log_dir, settings.run_dir, settings.etc_dir):
        os.makedirs(directory, exist_ok=True)
    settings.record()
    for directory in ('rabbitmq', 'nova') + config.COMPUTE_HOSTS:
        os.makedirs(os.path.join(settings.state_dir, directory),
                    exist_ok=True)
    cloud_secrets = config.load_secrets(settings)
    values = render.template_values(settings, cloud_secrets)
    all_services = topology.all_services(settings)
    processes.check_ports_free(settings, [
        s.name for s in all_services
        if s.port and processes.PidFile(settings, s.name).alive_pid() is None])
    venv_thread_error = []

    def build_venv():
        try:
            host_setup.ensure_venv(settings)
        except errors.MinicloudError as e:
            venv_thread_error.append(e)

    # The venv build (a minute) and the database start overlap.
    venv_thread = threading.Thread(target=build_venv)
    venv_thread.start()
    render.write_configs(settings, values)
    files.write_if_changed(
        os.path.join(settings.etc_dir, 'rabbitmq', 'env.conf'), '')
    by_name = {s.name: s for s in all_services}

    def progress(what):
        print('minicloud: %5.1f s %s' % (time.monotonic() - started, what),
              flush=True)

    try:
        database.init_mariadb(settings, stamps)
        services.start_service(settings, by_name['mariadb'], settings.timeout)
        database.create_databases(settings, cloud_secrets, stamps)
        progress('mariadb ready')
        services.start_service(settings, by_name['epmd'], settings.timeout)
        # RabbitMQ boots (seconds) while the databases are set up.
        services.start_unless_running(settings, by_name['rabbitmq'])
    finally:
        venv_thread.join()
    if venv_thread_error:
        raise venv_thread_error[0]
    driver.prepare(settings)
    # The network backend starts (seconds) while the databases are synced
    # (a minute); neutron's server needs it, and starts after both.
    ovn_error = []

    def start_ovn():
        try:
            ovn_run.start(settings, settings.timeout)
            progress('OVN databases, northd and chassis ready')
        except Exception as e:  # raised again in this thread
            ovn_error.append(e)

    ovn_thread = threading.Thread(target=start_ovn)
    ovn_thread.start()
    try:
        database.run_chains_in_parallel(
            settings, stamps, database.manage_chains(settings,
                                                     cloud_secrets))
        progress('databases synced')
    finally:
        ovn_thread.join()
    if ovn_error:
        raise ovn_error[0]
    apis = [by_name[name] for name in config.WSGI_APPS]
    # nova-conductor exits at start while the placement user is missing;
    # once an earlier `up` registered it, nova's services need only the
    # database and RabbitMQ, and start with the APIs.
    registered = stamps.done('identity')
    if registered:
        start_nova_control(settings, by_name)
        started_at = start_computes(settings, driver)
    for service in apis:
        services.start_unless_running(settings, service)
    progress('services started')
    services.wait_healthy(settings, by_name['keystone'], settings.timeout)
    progress('keystone ready')
    if not registered:
        bootstrap.register_identity(
            settings, api.connect(settings, cloud_secrets), cloud_secrets)
        stamps.mark('identity')
        start_nova_control(settings, by_name)
        services.wait_healthy(settings, by_name['rabbitmq'], settings.timeout)
        # A compute's first act is to ping the conductor; sent before the
        # conductor ever made its queue, it is lost and retried after 10 s.
        wait_connected_to_rabbitmq(settings, 'nova-conductor')
        started_at = start_computes(settings, driver)
        progress('identity registered, computes started')
    for service in apis + [by_name['rabbitmq']]:
        services.wait_healthy(settings, service, settings.timeout)
    progress('APIs and rabbitmq ready')
    # A token with the full catalog.
    conn = api.connect(settings, cloud_secrets)
    bootstrap.first_network_query(conn)
    tenant.ensure_network(conn)
    probe = ovn_run.start_probe(settings, conn)
    if probe:
        progress('probe namespace %s on the tenant network' % probe)
    if not stamps.done('resources'):
        bootstrap.register_resources(settings, conn)
        stamps.mark('resources')
        progress('image, flavors and quotas registered')
    computes.wait_computes_ready(settings, cloud_secrets, conn,
                                 config.COMPUTE_HOSTS, settings.timeout,
                                 started_at, progress)
    for name in NOVA_CONTROL:
        if processes.PidFile(settings, name).alive_pid() is None:
            raise processes.service_failure(settings, name, 'exited')
    bootstrap.ensure_availability_zones(conn)
    progress('computes up and enabled, in cell1, in placement and in '
             'their zones')
    workspace.ensure_workspace(settings, values)
    print('minicloud: up in %.0f s. tempest.conf: %s\nlogs: %s' % (
        time.monotonic() - started, settings.tempest_conf,
        settings.log_dir), flush=True)


NOVA_CONTROL = ('nova-conductor', 'nova-scheduler')


def start_nova_control(settings, by_name):
    for name in NOVA_CONTROL:
        services.start_unless_running(settings, by_name[name])


def start_computes(settings, driver):
    """Start the computes not running; host -> when, for those started."""
    return {host: computes.utc_now() for host in config.COMPUTE_HOSTS
            if driver.start(settings, host)}


def wait_connected_to_rabbitmq(settings, name):
    """Until the service ``name`` is connected to RabbitMQ (RPC)."""

    def connected():
        pid = processes.PidFile(settings, name).alive_pid()
        if pid is None:
            raise processes.service_failure(settings, name,
                                            'exited while starting')
        return processes.connected_to(pid, settings.port('rabbitmq'))

    if not processes.wait_for(name, connected, settings.timeout):
        raise processes.service_failure(
            settings, name, 'did not connect to RabbitMQ within %d s'
            % settings.timeout)


def down(settings, purge=False):
    names = [s.name for s in topology.all_services(settings)]
    openstack = [n for n in names if n not in ('mariadb', 'epmd',
                                               'rabbitmq')
                 + config.COMPUTE_HOSTS]
    running = [n for n in names
               if processes.PidFile(settings, n).alive_pid() is not None]
    # What `up` made, whatever MINICLOUD_DRIVER says now.
    driver = drivers.select(config.recorded(settings.state_dir,
                                            config.DRIVER_FILE)
                            or settings.driver_name)
    driver.stop(settings, config.COMPUTE_HOSTS)
    driver.teardown(settings)
    processes.stop_processes(settings, openstack)
    processes.stop_processes(settings, ['rabbitmq'])
    processes.stop_processes(settings, ['epmd', 'mariadb'])
    strays = processes.stop_strays(settings)
    if running:
        print('minicloud: stopped %s' % ', '.join(running))
    if strays:
        print('minicloud: stopped %d process(es) of the cloud no pid file '
              'named: %s' % (len(strays), ' '.join(map(str, strays))))
    if not (running or strays):
        print('minicloud: nothing was running')
    if purge and os.path.exists(settings.state_dir):
        # The venv is kept: it is not state, and takes a minute to build.
        for entry in os.listdir(settings.state_dir):
            if entry not in ('venv', 'lock'):
                path = os.path.join(settings.state_dir, entry)
                if os.path.isdir(path):
                    shutil.rmtree(path)
                else:
                    os.unlink(path)
        print('minicloud: state deleted (kept the server venv %s)'
              % settings.venv)


def leftovers(settings):
    """What of the cloud exists after ``down``, as text; [] if nothing.

    Its processes (all name the state dir), the driver's hosts
    (namespaces, links), the network backend's links and namespaces.
    """
    found = []
    for process in processes.strays(settings):
        with contextlib.suppress(psutil.Error):
            found.append('process %s (%d)' % (process.name(), process.pid))
    driver = drivers.select(config.recorded(settings.state_dir,
                                            config.DRIVER_FILE)
                            or settings.driver_name)
    for line in driver.leftovers(settings) + ovn_run.leftovers(settings):
        if line not in found:
            found.append(line)
    return found


def namespaces(settings):
    """{network namespace of the cloud: addresses it may listen on}."""
    found = drivers.select(settings.driver_name).namespaces(settings)
    found.update(ovn_run.namespaces(settings))
    return found


def check_compute_host(host):
    if host not in config.COMPUTE_HOSTS:
        raise errors.MinicloudError('%s is not a compute host (%s)' % (
            host, ', '.join(config.COMPUTE_HOSTS)))


def compute_stop(settings, host):
    """Kill a compute's process, as when its host dies; return once gone.

    No graceful shutdown (SIGTERM, then SIGKILL at once): the evacuation
    and failed-move tests want a host that died. `down` and the upgrade's
    rolling restarts stop computes gracefully.
    """
    check_compute_host(host)
    drivers.select(settings.driver_name).stop(settings, [host], grace=0)
    print('minicloud: nova-compute on %s stopped' % host)


def compute_start(settings, host):
    """Start a stopped compute; wait until nova shows it up and enabled.

    Its node keeps its identity (state_path), so the compute starts on its
    own node: at start it finishes evacuations away from it (records go
    from done to completed, source allocations are freed); only then does
    nova accept clearing forced_down, which this waits for. It does not
    wait for the new process's first report (nova's fixed 5 s delay): nova
    still shows the compute up from its last one, and what is sent to it
    meanwhile waits in its queue.
    """
    check_compute_host(host)
    cloud_secrets = config.load_secrets(settings)
    started = drivers.select(settings.driver_name).start(settings, host)
    if started:
        wait_connected_to_rabbitmq(settings, host)
    computes.wait_computes_ready(
        settings, cloud_secrets, api.connect(settings, cloud_secrets),
        [host], settings.timeout, {})
    print('minicloud: nova-compute on %s is up and enabled' % host)


def check_fault(driver, fault):
    if fault not in driver.faults():
        raise errors.MinicloudError(
            'the %s driver has no fault %s; its faults: %s' % (
                driver.name, fault, ', '.join(driver.faults()) or 'none'))


def restart_compute(settings, host):
    compute_stop(settings, host)
    compute_start(settings, host)


def put_fault(settings, host, fault, server=None):
    """Put ``fault`` on ``host``; return once it is in place.

    A fault that takes a restart of the host's nova-compute (one of nova's
    failure-injecting fake drivers) returns once nova shows it up again.
    """
    check_compute_host(host)
    driver = drivers.select(settings.driver_name)
    check_fault(driver, fault)
    if driver.put_fault(settings, host, fault, server):
        restart_compute(settings, host)
    print('minicloud: fault %s on %s%s' % (
        fault, host, ' for server %s' % server if server else ''))


def heal_fault(settings, host, fault, server=None):
    """Undo ``put_fault``; nothing to do is no error (a cleanup)."""
    check_compute_host(host)
    driver = drivers.select(settings.driver_name)
    check_fault(driver, fault)
    if driver.heal_fault(settings, host, fault, server):
        restart_compute(settings, host)
    print('minicloud: fault %s healed on %s' % (fault, host))
