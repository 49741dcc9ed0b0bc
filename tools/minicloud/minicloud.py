#!/usr/bin/env python3
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

"""minicloud: a real three-compute OpenStack on this machine.

Keystone, Placement, Glance, Neutron (API server only) and Nova with three
nova-compute services on nova's fake driver (hosts compute1 and compute2 in
zone az1, compute3 in zone az2, one aggregate per zone), over the cloud's
own MariaDB and RabbitMQ. Everything lives under the state
directory (default: .minicloud/ at the repository root): configuration,
databases, logs, the server venv and a tempest workspace.

Only the Python standard library is used here; the OpenStack services run
from their own venv, installed from PyPI at the versions pinned in
constraints.txt next to this file.
"""

import argparse
import contextlib
import datetime
import fcntl
import glob
import hashlib
import http.client
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import string
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid

TOOL_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(os.path.dirname(TOOL_DIR))
TEMPLATE_DIR = os.path.join(TOOL_DIR, 'templates')
CONSTRAINTS_FILE = os.path.join(TOOL_DIR, 'constraints.txt')
FAKE_DRIVER_MODULE = os.path.join(TOOL_DIR, 'fake_guests.py')
RELIABILITY_PY = os.path.join(REPO_DIR, 'tools', 'reliability',
                              'reliability.py')

SERVER_PACKAGES = ('nova', 'keystone', 'openstack-placement', 'glance',
                   'neutron', 'PyMySQL', 'uWSGI', 'openstacksdk')
DEBIAN_PACKAGES = ('mariadb-server', 'rabbitmq-server')
MARIADB_SERVER = '/usr/sbin/mariadbd'
RABBITMQ_SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server'
EPMD = '/usr/bin/epmd'

COMPUTE_HOSTS = ('compute1', 'compute2', 'compute3')
# (zone, its hosts): one aggregate each. nova's scheduler keeps a server
# pinned to a zone on the hosts of that zone's aggregates (Placement
# prefilter); a host in no aggregate would pass for every zone.
AVAILABILITY_ZONES = (('az1', ('compute1', 'compute2')),
                      ('az2', ('compute3',)))
REGION = 'RegionOne'
DATABASES = ('keystone', 'placement', 'glance', 'neutron', 'nova_api',
             'nova', 'nova_cell0')
SERVICE_USERS = ('nova', 'placement', 'glance', 'neutron')

# Offsets from the port base (MINICLOUD_PORT_BASE).
PORT_OFFSETS = {
    'mariadb': 0,
    'rabbitmq': 1,
    'rabbitmq-dist': 2,
    'epmd': 3,
    'keystone': 10,
    'placement': 11,
    'glance': 12,
    'neutron': 13,
    'nova-api': 14,
}
# Below Linux's default ephemeral range (32768-60999): a port there can be
# taken by any outgoing connection just before a service binds it.
DEFAULT_PORT_BASE = 27600
# The port base `up` used, kept in the state dir so that later commands
# find the cloud without MINICLOUD_PORT_BASE.
PORT_BASE_FILE = 'port-base'

# uWSGI served APIs: WSGI module, config dir env var, config files env.
WSGI_APPS = {
    'keystone': ('keystone.wsgi.api:application', 'KEYSTONE', None),
    'placement': ('placement.wsgi.api:application', 'PLACEMENT', None),
    'glance': ('glance.wsgi.api:application', 'GLANCE', None),
    'neutron': ('neutron.wsgi.api:application', 'NEUTRON',
                'neutron.conf;ml2_conf.ini'),
    # nova takes the paste config from the first file (the venv's copy).
    'nova-api': ('nova.wsgi.osapi_compute:application', 'NOVA',
                 '{venv}/etc/nova/api-paste.ini;nova.conf;nova-api.conf'),
}
# Catalog entries: (service type, name, URL path under the port).
CATALOG = {
    'placement': ('placement', 'placement', ''),
    'glance': ('image', 'glance', ''),
    'neutron': ('network', 'neutron', ''),
    'nova-api': ('compute', 'nova', '/v2.1'),
}

IMAGE_NAME = 'minicloud-raw'
IMAGE_ID = str(uuid.uuid5(uuid.NAMESPACE_URL, 'minicloud:' + IMAGE_NAME))
# Flavor id -> (name, vcpus, ram MB, disk GB): the alt one is bigger, to
# resize.
FLAVORS = {
    'minicloud-1': ('minicloud.tiny', 1, 64, 1),
    'minicloud-2': ('minicloud.small', 1, 128, 2),
}
UNLIMITED_QUOTAS = ('instances', 'cores', 'ram', 'key_pairs',
                    'metadata_items', 'server_groups',
                    'server_group_members')

LOG_TAIL_LINES = 30
WORKSPACE_NAME = 'minicloud'


class MinicloudError(Exception):
    """A fault that ends the command with a message (and exit status 1)."""


# ---------------------------------------------------------------- settings

class Settings(object):
    """Where everything lives, from the environment."""

    def __init__(self, environ=None):
        environ = os.environ if environ is None else environ
        self.state_dir = os.path.abspath(environ.get(
            'MINICLOUD_STATE_DIR', os.path.join(REPO_DIR, '.minicloud')))
        self.port_base = parse_port_base(
            environ.get('MINICLOUD_PORT_BASE')
            or recorded_port_base(self.state_dir)
            or str(DEFAULT_PORT_BASE))
        self.timeout = int(environ.get('MINICLOUD_TIMEOUT', '180'))
        self.keep = environ.get('MINICLOUD_KEEP', '') not in ('', '0')
        self.venv = os.path.join(self.state_dir, 'venv')
        self.etc_dir = os.path.join(self.state_dir, 'etc')
        self.log_dir = os.path.join(self.state_dir, 'logs')
        self.run_dir = os.path.join(self.state_dir, 'run')
        self.stamp_dir = os.path.join(self.state_dir, 'stamps')
        self.workspace = os.path.join(self.state_dir, 'tempest')
        self.tempest_conf = os.path.join(self.workspace, 'etc',
                                         'tempest.conf')
        self.clouds_yaml = os.path.join(self.etc_dir, 'clouds.yaml')
        self.openrc = os.path.join(self.etc_dir, 'openrc')
        self.mariadb_socket = os.path.join(self.run_dir, 'mariadb.sock')

    def port(self, name):
        return self.port_base + PORT_OFFSETS[name]

    def url(self, name):
        return 'http://127.0.0.1:%d' % self.port(name)

    @property
    def keystone_url(self):
        return self.url('keystone') + '/v3'

    def bin(self, name):
        return os.path.join(self.venv, 'bin', name)

    def log(self, name):
        return os.path.join(self.log_dir, name + '.log')


def recorded_port_base(state_dir):
    """The port base `up` recorded in the state dir, or None."""
    try:
        with open(os.path.join(state_dir, PORT_BASE_FILE)) as f:
            return f.read().strip() or None
    except FileNotFoundError:
        return None


def parse_port_base(text):
    """The port base as an int; the whole range must fit below 65536."""
    try:
        base = int(text)
    except ValueError:
        raise MinicloudError('MINICLOUD_PORT_BASE=%r is not a port number'
                             % text)
    top = base + max(PORT_OFFSETS.values())
    if base < 1024 or top > 65535:
        raise MinicloudError(
            'MINICLOUD_PORT_BASE=%d puts the ports at %d-%d: they must lie '
            'within 1024-65535' % (base, base, top))
    return base


def load_secrets(settings):
    """Passwords of this cloud, made once and kept in the state dir."""
    path = os.path.join(settings.state_dir, 'secrets.json')
    if os.path.exists(path):
        with open(path) as f:
            return json.load(f)
    values = {name: secrets.token_hex(12) for name in
              ('db_password', 'rabbit_password', 'admin_password',
               'service_password')}
    os.makedirs(settings.state_dir, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, 'w') as f:
        json.dump(values, f)
    return values


def template_values(settings, cloud_secrets):
    """Everything the templates may refer to."""
    python = shlex.quote(sys.executable)
    tool = shlex.quote(os.path.abspath(__file__))
    values = dict(cloud_secrets)
    values.update(
        state_dir=settings.state_dir,
        log_dir=settings.log_dir,
        venv=settings.venv,
        workspace=settings.workspace,
        region=REGION,
        keystone_url=settings.keystone_url,
        db_url='mysql+pymysql://minicloud:%s@127.0.0.1:%d' % (
            cloud_secrets['db_password'], settings.port('mariadb')),
        transport_url='rabbit://minicloud:%s@127.0.0.1:%d/' % (
            cloud_secrets['rabbit_password'], settings.port('rabbitmq')),
        rabbitmq_port=settings.port('rabbitmq'),
        image_id=IMAGE_ID,
        flavor_id=sorted(FLAVORS)[0],
        flavor_alt_id=sorted(FLAVORS)[1],
        compute_stop_command='%s %s compute-stop {host}' % (python, tool),
        compute_start_command='%s %s compute-start {host}' % (python, tool),
    )
    return values


def render(template_name, values):
    """The text of a template with ${name} references filled in.

    An unknown name is an error, so a typo cannot leave a literal ${...}
    in a config file.
    """
    with open(os.path.join(TEMPLATE_DIR, template_name)) as f:
        text = f.read()
    try:
        return string.Template(text).substitute(values)
    except KeyError as e:
        raise MinicloudError('template %s refers to unknown value %s'
                             % (template_name, e))


def write_if_changed(path, text, mode=0o600):
    """Write a file only when its content changes; True if it changed."""
    if os.path.exists(path):
        with open(path) as f:
            if f.read() == text:
                return False
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fd = os.open(path + '.tmp', os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, 'w') as f:
        f.write(text)
    os.replace(path + '.tmp', path)
    return True


# (template, path relative to the etc dir)
CONFIG_FILES = (
    ('keystone.conf', 'keystone/keystone.conf'),
    ('placement.conf', 'placement/placement.conf'),
    ('glance-api.conf', 'glance/glance-api.conf'),
    ('neutron.conf', 'neutron/neutron.conf'),
    ('ml2_conf.ini', 'neutron/ml2_conf.ini'),
    ('nova.conf', 'nova/nova.conf'),
    ('nova-api.conf', 'nova/nova-api.conf'),
    ('rabbitmq.conf', 'rabbitmq/rabbitmq.conf'),
    ('clouds.yaml', 'clouds.yaml'),
    ('openrc', 'openrc'),
)


def write_configs(settings, values):
    for template, relative in CONFIG_FILES:
        write_if_changed(os.path.join(settings.etc_dir, relative),
                         render(template, values))
    for host in COMPUTE_HOSTS:
        write_if_changed(
            os.path.join(settings.etc_dir, 'nova', host + '.conf'),
            render('nova-compute.conf', dict(values, host=host)))
    write_if_changed(os.path.join(settings.etc_dir, 'rabbitmq',
                                  'enabled_plugins'), '[].\n')


# --------------------------------------------------------------- processes

def proc_start_time(pid):
    """Start time of a live (not zombie) process, or None."""
    try:
        with open('/proc/%d/stat' % pid) as f:
            return parse_proc_stat(f.read())
    except (OSError, ValueError):
        return None


def parse_proc_stat(text):
    """Start time (clock ticks) from /proc/PID/stat; None for a zombie.

    The command name in parentheses may hold spaces and parentheses, so
    the fields are counted from the last ')'.
    """
    fields = text[text.rindex(')') + 2:].split()
    if fields[0] in ('Z', 'X'):
        return None
    return int(fields[19])


class PidFile(object):
    """pid and start time of a process this tool started."""

    def __init__(self, settings, name):
        self.name = name
        self.path = os.path.join(settings.run_dir, name + '.pid')

    def write(self, pid):
        start = proc_start_time(pid)
        write_if_changed(self.path, '%d %s\n' % (pid, start), 0o644)

    def read(self):
        """(pid, start time) recorded, or (None, None)."""
        try:
            with open(self.path) as f:
                pid, start = f.read().split()
            return int(pid), int(start) if start != 'None' else None
        except (OSError, ValueError):
            return None, None

    def alive_pid(self):
        """The recorded pid if that very process still runs."""
        pid, start = self.read()
        if pid is None or start is None:
            return None
        return pid if proc_start_time(pid) == start else None

    def remove(self):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)


def start_process(settings, name, argv, env=None, cwd=None):
    """Start a service in its own session; its output goes to its log."""
    os.makedirs(settings.log_dir, exist_ok=True)
    with open(settings.log(name), 'ab') as log:
        log.write(('\n==== minicloud: starting %s at %s: %s\n' % (
            name, time.strftime('%Y-%m-%d %H:%M:%S'),
            ' '.join(argv))).encode())
        log.flush()
        proc = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=log,
            stderr=subprocess.STDOUT, cwd=cwd or settings.state_dir,
            env=dict(os.environ, **(env or {})), start_new_session=True)
    PidFile(settings, name).write(proc.pid)
    return proc.pid


def stop_processes(settings, names, grace=10):
    """SIGTERM the process groups of these services, SIGKILL after grace.

    Returns only when every one is gone. Each service runs in its own
    session, so its group holds the helpers it forked (uWSGI workers,
    Erlang's port programs) and nothing else.
    """
    pids = {}
    for name in names:
        pidfile = PidFile(settings, name)
        pid = pidfile.alive_pid()
        if pid is None:
            pidfile.remove()
            continue
        pids[name] = pid
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while pids:
        for name, pid in list(pids.items()):
            reap(pid)
            if proc_start_time(pid) is None and not group_alive(pid):
                PidFile(settings, name).remove()
                del pids[name]
        if pids and time.monotonic() > deadline:
            for pid in pids.values():
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(pid, signal.SIGKILL)
            deadline = time.monotonic() + 10
        time.sleep(0.1)


def reap(pid):
    """Collect the exit status of a child of this process, if it is one."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def group_alive(pgid):
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # Zombies still count for kill(0): look for a live member.
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open('/proc/%s/stat' % entry) as f:
                text = f.read()
        except OSError:
            continue
        fields = text[text.rindex(')') + 2:].split()
        if int(fields[2]) == pgid and fields[0] not in ('Z', 'X'):
            return True
    return False


def log_tail(path, lines=LOG_TAIL_LINES):
    try:
        with open(path, 'rb') as f:
            f.seek(0, os.SEEK_END)
            f.seek(max(0, f.tell() - 64 * 1024))
            text = f.read().decode('utf-8', 'replace')
    except OSError:
        return '(no log at %s)' % path
    return '\n'.join(text.splitlines()[-lines:])


def service_failure(settings, name, reason):
    """An error naming the service, with its log path and tail."""
    path = settings.log(name)
    return MinicloudError(
        '%s %s.\nLog: %s\n---- last lines of %s ----\n%s\n----\n'
        'All logs: %s\nIf `up` fails here again, the state is broken: '
        '`%s down --purge` deletes it (databases, logs; not the venv), '
        'then `up` starts afresh.' % (
            name, reason, path, os.path.basename(path), log_tail(path),
            settings.log_dir, os.path.abspath(__file__)))


# ------------------------------------------------------------------ ports

def port_is_free(port, host='127.0.0.1'):
    """True when nothing listens on host:port (TIME_WAIT does not count)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        return True
    except OSError:
        return False
    finally:
        sock.close()


def parse_listening_inodes(proc_net_tcp, port):
    """Socket inodes listening on a port, from /proc/net/tcp{,6} text."""
    inodes = set()
    for line in proc_net_tcp.splitlines()[1:]:
        fields = line.split()
        if len(fields) < 10:
            continue
        local_port = int(fields[1].rsplit(':', 1)[1], 16)
        if local_port == port and fields[3] == '0A':
            inodes.add(fields[9])
    return inodes


def port_owner(port):
    """'pid N (command)' of the process listening on a port, if visible."""
    inodes = set()
    for table in ('/proc/net/tcp', '/proc/net/tcp6'):
        with contextlib.suppress(OSError):
            with open(table) as f:
                inodes |= parse_listening_inodes(f.read(), port)
    if not inodes:
        return None
    targets = {'socket:[%s]' % inode for inode in inodes}
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        fd_dir = '/proc/%s/fd' % entry
        with contextlib.suppress(OSError):
            for fd in os.listdir(fd_dir):
                with contextlib.suppress(OSError):
                    if os.readlink(os.path.join(fd_dir, fd)) in targets:
                        with open('/proc/%s/cmdline' % entry, 'rb') as f:
                            cmd = f.read().replace(b'\0', b' ').decode(
                                'utf-8', 'replace').strip()
                        return 'pid %s (%s)' % (entry, cmd[:120])
    return None


def check_ports_free(settings, names):
    """Fail naming the port and its owner when one is taken."""
    taken = []
    for name in names:
        port = settings.port(name)
        if not port_is_free(port):
            owner = port_owner(port) or 'another process'
            taken.append('port %d (for %s) is in use by %s'
                         % (port, name, owner))
    if taken:
        raise MinicloudError(
            '\n'.join(taken) + '\nStop that process, or pick another range '
            'with MINICLOUD_PORT_BASE (now %d; ports %d-%d).' % (
                settings.port_base, settings.port_base,
                settings.port_base + max(PORT_OFFSETS.values())))


# ----------------------------------------------------------------- health

def parse_mysql_greeting(data):
    """Server version from a MySQL protocol greeting packet, else None."""
    if len(data) < 6 or data[4] != 10:
        return None
    end = data.find(b'\0', 5)
    if end < 0:
        return None
    return data[5:end].decode('ascii', 'replace')


AMQP_HEADER = b'AMQP\x00\x00\x09\x01'


def parse_amqp_start(data):
    """True when data starts with AMQP 0-9-1 connection.start.

    That is a method frame (type 1) on channel 0 whose payload begins
    with class 10, method 10.
    """
    if len(data) < 11:
        return False
    frame_type, channel, _size = struct.unpack('>BHI', data[:7])
    class_id, method_id = struct.unpack('>HH', data[7:11])
    return (frame_type, channel, class_id, method_id) == (1, 0, 10, 10)


def probe_tcp(port, send=None, timeout=2.0):
    """Bytes the server sends first (after `send`), or None."""
    try:
        with socket.create_connection(('127.0.0.1', port),
                                      timeout=timeout) as sock:
            if send:
                sock.sendall(send)
            return sock.recv(512)
    except OSError:
        return None


def parse_http_health(status, body):
    """Is an API answering its version document? (status, body bytes)."""
    if status is None or status >= 500:
        return False
    try:
        doc = json.loads(body.decode('utf-8'))
    except ValueError:
        return False
    return isinstance(doc, dict) and bool(
        {'version', 'versions'} & set(doc))


def probe_http(url, timeout=3.0):
    """(status, body) of a GET, or (None, b'') when nothing answers."""
    request = urllib.request.Request(url, headers={
        'Accept': 'application/json'})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
    except (OSError, http.client.HTTPException):
        return None, b''


def health(settings, service):
    """'ok' or what is wrong, for one service."""
    pid = PidFile(settings, service.name).alive_pid()
    if pid is None:
        return 'not running'
    if service.kind == 'mariadb':
        ok = parse_mysql_greeting(probe_tcp(service.port) or b'')
    elif service.kind == 'amqp':
        ok = parse_amqp_start(probe_tcp(service.port, AMQP_HEADER) or b'')
    elif service.kind == 'http':
        ok = parse_http_health(*probe_http(
            'http://127.0.0.1:%d/' % service.port))
    elif service.kind == 'epmd':
        ok = probe_tcp(service.port, b'\x00\x01n', timeout=1) is not None
    else:
        ok = True
    return 'ok' if ok else 'running, port %s not answering' % service.port


# --------------------------------------------------------------- services

class Service(object):
    """One process of the cloud: how to start it and check it."""

    def __init__(self, name, kind, argv, port=None, env=None):
        self.name = name
        self.kind = kind
        self.argv = argv
        self.port = port
        self.env = env or {}


def services(settings):
    """Every process of the cloud, in start order."""
    s = settings
    etc = s.etc_dir
    nova_conf = os.path.join(etc, 'nova', 'nova.conf')
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
        'ERL_CRASH_DUMP': os.path.join(s.log_dir, 'rabbitmq-erl_crash.dump'),
    }
    mariadb_args = [
        MARIADB_SERVER, '--no-defaults',
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
        Service('mariadb', 'mariadb', mariadb_args, s.port('mariadb')),
        Service('epmd', 'epmd', [EPMD, '-port', str(s.port('epmd')),
                                 '-address', '127.0.0.1'], s.port('epmd')),
        Service('rabbitmq', 'amqp', [RABBITMQ_SERVER], s.port('rabbitmq'),
                rabbit_env),
    ]
    for name, (module, env_name, files) in WSGI_APPS.items():
        env = {'OS_%s_CONFIG_DIR' % env_name:
               os.path.join(etc, name.split('-')[0])}
        if files:
            env['OS_%s_CONFIG_FILES' % env_name] = files.format(venv=s.venv)
        result.append(Service(name, 'http', uwsgi_argv(s, name, module),
                              s.port(name), env))
    for binary in ('conductor', 'scheduler'):
        result.append(Service('nova-' + binary, 'process', [
            s.bin('nova-' + binary), '--config-file', nova_conf,
            '--log-file', s.log('nova-' + binary)]))
    result.extend(compute_service(s, host) for host in COMPUTE_HOSTS)
    return result


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


def compute_service(settings, host):
    return Service(host, 'process', [
        os.path.join(compute_venv(settings, host), 'bin', 'nova-compute'),
        '--config-file', os.path.join(settings.etc_dir, 'nova', 'nova.conf'),
        '--config-file', os.path.join(settings.etc_dir, 'nova',
                                      host + '.conf'),
        '--log-file', settings.log(host)])


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


def wait_for(what, check, timeout, interval=0.25):
    """Poll check() until it returns a true value; None on timeout."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            return None
        time.sleep(interval)


def start_service(settings, service, timeout):
    """Start a service unless it runs; wait until it is healthy."""
    start_unless_running(settings, service)
    wait_healthy(settings, service, timeout)


def start_unless_running(settings, service):
    """Start a service that is not running; True if it was started."""
    if PidFile(settings, service.name).alive_pid() is not None:
        return False
    start_process(settings, service.name, service.argv, service.env)
    return True


def wait_healthy(settings, service, timeout):
    last = [None]

    def check():
        last[0] = health(settings, service)
        if last[0] == 'not running':
            raise service_failure(settings, service.name,
                                  'exited while starting')
        return last[0] == 'ok'

    if not wait_for(service.name, check, timeout):
        raise service_failure(
            settings, service.name,
            'did not become healthy within %d s (%s)' % (timeout, last[0]))


# ------------------------------------------------------------ host setup

def missing_debian_packages():
    return [package for package, path in (
        ('mariadb-server', MARIADB_SERVER),
        ('rabbitmq-server', RABBITMQ_SERVER)) if not os.path.exists(path)]


def build_needs():
    """Debian packages the server venv build needs that are missing.

    uWSGI compiles from source: it needs a C compiler and Python's
    headers; a Debian python3 also needs python3-venv to make the venv.
    """
    import sysconfig
    needs = []
    if not shutil.which('gcc'):
        needs.append('gcc')
    system_python = sys.base_prefix == '/usr'
    include = sysconfig.get_paths()['include']
    if not os.path.exists(os.path.join(include, 'Python.h')):
        if not system_python:
            raise MinicloudError(
                'Python.h is missing from %s: uWSGI needs the headers of '
                'the Python that runs this tool (%s)' % (include,
                                                         sys.executable))
        needs.append('python3-dev')
    if system_python and not os.path.exists(
            os.path.join(sysconfig.get_paths()['stdlib'], 'ensurepip')):
        needs.append('python3-venv')
    return needs


def apt_install(packages):
    """Install Debian packages with apt-get, as root or through sudo.

    The package lists are refreshed first: on a new machine they may be
    empty or stale, and then apt-get finds no package at all.
    """
    apt = shutil.which('apt-get')
    if not apt:
        raise MinicloudError(
            'these packages are missing and there is no apt-get to install '
            'them: %s. Install them with your package manager.'
            % ' '.join(packages))
    install = [apt, 'install', '-y', '-q', '--no-install-recommends']
    install += packages
    prefix = []
    if os.geteuid() != 0:
        if not shutil.which('sudo') or subprocess.call(
                ['sudo', '-n', 'true'], stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL) != 0:
            raise MinicloudError(
                'these packages are missing: %s. Installing them needs '
                'root: run as root, allow password-less sudo, or run: '
                'sudo %s update && sudo %s' % (
                    ' '.join(packages), apt, ' '.join(install)))
        prefix = ['sudo', '-n', 'env', 'DEBIAN_FRONTEND=noninteractive']
    print('minicloud: installing %s' % ' '.join(packages), flush=True)
    for command in ([apt, 'update', '-q'], install):
        run_apt(prefix + command)


def run_apt(command):
    result = subprocess.run(
        command, env=dict(os.environ, DEBIAN_FRONTEND='noninteractive'),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        output = result.stdout.decode('utf-8', 'replace')
        raise MinicloudError('%s failed (exit %d):\n%s' % (
            ' '.join(command), result.returncode,
            '\n'.join(output.splitlines()[-LOG_TAIL_LINES:])))


def constraints_digest():
    with open(CONSTRAINTS_FILE, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def install_fake_driver(settings):
    """Put fake_guests.py into the venv's nova.virt as minicloud_fake."""
    found = glob.glob(os.path.join(settings.venv, 'lib', 'python*',
                                   'site-packages', 'nova', 'virt'))
    if len(found) != 1:
        raise MinicloudError('no single nova/virt in %s: %s'
                             % (settings.venv, found))
    with open(FAKE_DRIVER_MODULE) as f:
        write_if_changed(os.path.join(found[0], 'minicloud_fake.py'),
                         f.read(), mode=0o644)


def ensure_venv(settings):
    """The server venv, built from constraints.txt (rebuilt if it moved)."""
    stamp = os.path.join(settings.venv, 'minicloud-constraints.sha256')
    digest = constraints_digest()
    if os.path.exists(stamp):
        with open(stamp) as f:
            if f.read().strip() == digest:
                return
    print('minicloud: installing the OpenStack services into %s'
          % settings.venv, flush=True)
    started = time.monotonic()
    if os.path.exists(settings.venv):
        shutil.rmtree(settings.venv)
    base_python = getattr(sys, '_base_executable', sys.executable)
    log = os.path.join(settings.log_dir, 'venv-install.log')
    run_logged(settings, 'venv-install',
               [base_python, '-m', 'venv', settings.venv], log)
    run_logged(settings, 'venv-install',
               [settings.bin('python'), '-m', 'pip', 'install',
                '--no-input', '-c', CONSTRAINTS_FILE]
               + list(SERVER_PACKAGES), log)
    with open(stamp, 'w') as f:
        f.write(digest + '\n')
    print('minicloud: server venv ready in %.0f s' % (
        time.monotonic() - started), flush=True)


def shown(argv):
    """A command line to print or log: option values of passwords hidden."""
    return ' '.join('***' if previous and 'password' in previous else word
                    for previous, word in zip([None] + argv[:-1], argv))


def run_logged(settings, step, argv, log=None, ok_codes=(0,)):
    """Run a setup command, output appended to a log; fail with its tail."""
    log = log or settings.log('setup-' + step)
    os.makedirs(os.path.dirname(log), exist_ok=True)
    with open(log, 'ab') as f:
        f.write(('\n==== minicloud: %s\n' % shown(argv)).encode())
        f.flush()
        result = subprocess.run(
            argv, stdout=f, stderr=subprocess.STDOUT, cwd=settings.state_dir,
            stdin=subprocess.DEVNULL)
    if result.returncode not in ok_codes:
        raise MinicloudError(
            '%s failed (exit %d): %s\nLog: %s\n---- last lines ----\n%s'
            % (step, result.returncode, shown(argv), log, log_tail(log)))


class Stamps(object):
    """Setup steps done once per state dir."""

    def __init__(self, settings):
        self.dir = settings.stamp_dir

    def done(self, step):
        return os.path.exists(os.path.join(self.dir, step))

    def mark(self, step):
        os.makedirs(self.dir, exist_ok=True)
        with open(os.path.join(self.dir, step), 'w') as f:
            f.write(time.strftime('%Y-%m-%dT%H:%M:%S\n'))


# ------------------------------------------------------------- databases

def mariadb_sql(settings, cloud_secrets, sql, as_root=False):
    """Run SQL with the mariadb client; returns its tab-separated output."""
    argv = ['mariadb', '--no-defaults', '-N', '-B']
    env = dict(os.environ)
    if as_root:
        argv += ['--socket=%s' % settings.mariadb_socket, '-uroot']
    else:
        argv += ['-h127.0.0.1', '-P%d' % settings.port('mariadb'),
                 '-uminicloud']
        env['MYSQL_PWD'] = cloud_secrets['db_password']
    result = subprocess.run(argv + ['-e', sql], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if result.returncode != 0:
        raise MinicloudError('mariadb: %s: %s' % (
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
    run_logged(settings, 'mariadb-install-db', argv)
    stamps.mark('mariadb-install-db')


def create_databases(settings, cloud_secrets, stamps):
    if stamps.done('databases'):
        return
    pw = cloud_secrets['db_password']
    sql = ["CREATE USER IF NOT EXISTS 'minicloud'@'127.0.0.1' "
           "IDENTIFIED BY '%s'" % pw,
           "GRANT ALL PRIVILEGES ON *.* TO 'minicloud'@'127.0.0.1'"]
    sql += ['CREATE DATABASE IF NOT EXISTS %s CHARACTER SET utf8mb4' % db
            for db in DATABASES]
    sql.append("ALTER USER 'root'@'localhost' IDENTIFIED BY '%s'" % pw)
    mariadb_sql(settings, cloud_secrets, ';'.join(sql), as_root=True)
    stamps.mark('databases')


# ---------------------------------------------------------- OpenStack setup

def manage_chains(settings, cloud_secrets):
    """Per service, the setup commands that must run in order.

    A command is an argv, or (argv, exit codes that mean success). Each
    command is safe to run again: a chain cut short runs again whole.
    """
    s = settings
    etc = s.etc_dir
    keystone = ['--config-file', os.path.join(etc, 'keystone',
                                              'keystone.conf')]
    nova = ['--config-file', os.path.join(etc, 'nova', 'nova.conf')]
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
            [s.bin('keystone-manage')] + keystone + [
                'bootstrap',
                '--bootstrap-password', cloud_secrets['admin_password'],
                '--bootstrap-admin-url', s.keystone_url,
                '--bootstrap-internal-url', s.keystone_url,
                '--bootstrap-public-url', s.keystone_url,
                '--bootstrap-region-id', REGION],
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
            ([s.bin('nova-manage')] + nova + ['cell_v2', 'create_cell',
                                              '--name', 'cell1'], (0, 2)),
            [s.bin('nova-manage')] + nova + ['db', 'sync'],
        ],
    }


def run_chains_in_parallel(settings, stamps, chains):
    """Run each service's setup chain (once), chains side by side."""
    errors = []

    def run(name, commands):
        try:
            for command in commands:
                argv, ok_codes = (command if isinstance(command, tuple)
                                  else (command, (0,)))
                run_logged(settings, name, argv, ok_codes=ok_codes)
            stamps.mark('setup-' + name)
        except MinicloudError as e:
            errors.append(e)

    threads = [threading.Thread(target=run, args=(name, commands))
               for name, commands in chains.items()
               if not stamps.done('setup-' + name)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


class Api(object):
    """A minimal OpenStack REST client on a Keystone admin token."""

    def __init__(self, settings, cloud_secrets):
        self.settings = settings
        body = {'auth': {
            'identity': {'methods': ['password'], 'password': {'user': {
                'name': 'admin', 'domain': {'name': 'Default'},
                'password': cloud_secrets['admin_password']}}},
            'scope': {'project': {'name': 'admin',
                                  'domain': {'name': 'Default'}}}}}
        status, headers, doc = self.call(
            'POST', settings.keystone_url + '/auth/tokens', body)
        if status != 201:
            raise MinicloudError('keystone refused the admin login: %s %s'
                                 % (status, doc))
        self.token = headers['X-Subject-Token']
        self.catalog = doc['token'].get('catalog', [])

    def endpoint(self, service_type):
        for service in self.catalog:
            if service['type'] == service_type:
                for endpoint in service['endpoints']:
                    if endpoint['interface'] == 'public':
                        return endpoint['url']
        if service_type == 'identity':
            return self.settings.keystone_url
        raise MinicloudError('no %s endpoint in the catalog' % service_type)

    def call(self, method, url, body=None, headers=None, data=None):
        headers = dict(headers or {})
        if getattr(self, 'token', None):
            headers['X-Auth-Token'] = self.token
        if body is not None:
            data = json.dumps(body).encode()
            headers['Content-Type'] = 'application/json'
        headers.setdefault('Accept', 'application/json')
        request = urllib.request.Request(url, data=data, method=method,
                                         headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=60) as resp:
                status, resp_headers, raw = (resp.status, resp.headers,
                                             resp.read())
        except urllib.error.HTTPError as e:
            status, resp_headers, raw = e.code, e.headers, e.read()
        try:
            doc = json.loads(raw.decode()) if raw else None
        except ValueError:
            doc = raw.decode('utf-8', 'replace')
        return status, resp_headers, doc

    def request(self, method, service_type, path, body=None, ok=(200,),
                headers=None, data=None):
        status, _headers, doc = self.call(
            method, self.endpoint(service_type).rstrip('/') + path, body,
            headers, data)
        if status not in ok:
            raise MinicloudError('%s %s %s answered %s: %s' % (
                service_type, method, path, status, doc))
        return doc

    def find_or_create(self, collection, key, name, body, query=None):
        """An identity resource by name; created when missing."""
        found = self.request('GET', 'identity', '/%s?name=%s%s' % (
            collection, name, query or ''))[collection]
        if found:
            return found[0]['id']
        return self.request('POST', 'identity', '/' + collection,
                            {key: body}, ok=(201,))[key]['id']


def register_identity(settings, api, cloud_secrets):
    """Service project, users, catalog: all before nova's services start."""
    default = '&domain_id=default'
    project = api.find_or_create('projects', 'project', 'service', {
        'name': 'service', 'domain_id': 'default'}, default)
    roles = [api.request('GET', 'identity', '/roles?name=%s' % name
                         )['roles'] for name in ('admin', 'service')]
    for user in SERVICE_USERS:
        user_id = api.find_or_create('users', 'user', user, {
            'name': user, 'domain_id': 'default',
            'password': cloud_secrets['service_password']}, default)
        for role in roles:
            if role:
                api.request('PUT', 'identity', '/projects/%s/users/%s/roles/%s'
                            % (project, user_id, role[0]['id']),
                            ok=(201, 204))
    for name, (service_type, service_name, path) in CATALOG.items():
        services = api.request('GET', 'identity', '/services?type=%s'
                               % service_type)['services']
        if services:
            service_id = services[0]['id']
        else:
            service_id = api.request('POST', 'identity', '/services', {
                'service': {'type': service_type, 'name': service_name}},
                ok=(201,))['service']['id']
        endpoints = api.request('GET', 'identity', '/endpoints?service_id=%s'
                                % service_id)['endpoints']
        have = {e['interface'] for e in endpoints}
        for interface in ('public', 'internal'):
            if interface not in have:
                api.request('POST', 'identity', '/endpoints', {'endpoint': {
                    'service_id': service_id, 'interface': interface,
                    'region_id': REGION,
                    'url': settings.url(name) + path}}, ok=(201,))


def register_resources(settings, api):
    """Image, flavors, quotas; and neutron's first query (see below)."""
    # neutron 29 answers a fresh server's first GET /v2.0/ports with 500;
    # any other query first avoids that.
    api.request('GET', 'network', '/v2.0/networks')
    status, _h, _doc = api.call(
        'GET', api.endpoint('image') + '/v2/images/' + IMAGE_ID)
    if status == 404:
        api.request('POST', 'image', '/v2/images', {
            'id': IMAGE_ID, 'name': IMAGE_NAME, 'disk_format': 'raw',
            'container_format': 'bare', 'visibility': 'public'},
            ok=(201,))
        status = 200
    image = api.request('GET', 'image', '/v2/images/' + IMAGE_ID)
    if image['status'] == 'queued':
        # The fake driver never reads it: one MiB of zeros is an image.
        api.request('PUT', 'image', '/v2/images/%s/file' % IMAGE_ID,
                    data=b'\0' * (1 << 20), ok=(204,),
                    headers={'Content-Type': 'application/octet-stream'})
    for flavor_id, (name, vcpus, ram, disk) in sorted(FLAVORS.items()):
        status, _h, _doc = api.call(
            'GET', api.endpoint('compute') + '/flavors/' + flavor_id)
        if status == 404:
            api.request('POST', 'compute', '/flavors', {'flavor': {
                'id': flavor_id, 'name': name, 'vcpus': vcpus, 'ram': ram,
                'disk': disk}})
    # Dynamic credential projects get the default quota class.
    api.request('PUT', 'compute', '/os-quota-class-sets/default', {
        'quota_class_set': {name: -1 for name in UNLIMITED_QUOTAS}})


COMPUTE_MICROVERSION = {'OpenStack-API-Version': 'compute 2.53'}


def compute_services(api):
    """nova-compute services by host, as the compute API lists them."""
    found = api.request('GET', 'compute', '/os-services?binary=nova-compute',
                        headers=COMPUTE_MICROVERSION)['services']
    return {service['host']: service for service in found}


def restore_compute(api, service):
    """Ask nova to clear forced_down and enable a compute service.

    Returns nova's (status, answer), or None when there was nothing to
    change. Nova refuses to clear forced_down while evacuations away from
    the host are `done`: the compute completes them when it starts.
    """
    changes = {}
    if service and service['forced_down']:
        changes['forced_down'] = False
    if service and service['status'] != 'enabled':
        changes['status'] = 'enabled'
    if not changes:
        return None
    status, _headers, doc = api.call(
        'PUT', api.endpoint('compute') + '/os-services/' + service['id'],
        changes, headers=COMPUTE_MICROVERSION)
    return status, doc


def ensure_availability_zones(api):
    """An aggregate per zone of AVAILABILITY_ZONES with its hosts.

    Idempotent; nova mirrors each aggregate into Placement.
    """
    found = {aggregate['name']: aggregate for aggregate in api.request(
        'GET', 'compute', '/os-aggregates')['aggregates']}
    for zone, hosts in AVAILABILITY_ZONES:
        aggregate = found.get(zone) or api.request(
            'POST', 'compute', '/os-aggregates', {'aggregate': {
                'name': zone, 'availability_zone': zone}})['aggregate']
        for host in hosts:
            if host not in (aggregate.get('hosts') or ()):
                api.request('POST', 'compute',
                            '/os-aggregates/%s/action' % aggregate['id'],
                            {'add_host': {'host': host}})


def utc_now():
    """Now as nova stores times: UTC, naive, whole seconds."""
    return datetime.datetime.now(datetime.timezone.utc).replace(
        tzinfo=None, microsecond=0)


def reported_since(service, since):
    """Has this compute service reported (heartbeat) at or after since?

    A compute killed a moment ago still shows "up" until service_down_time
    passes: only a report newer than the new process's start counts.
    """
    updated = service and service.get('updated_at')
    return bool(updated) and datetime.datetime.fromisoformat(
        updated).replace(microsecond=0) >= since


def is_up_and_enabled(service):
    return (service is not None and service['state'] == 'up'
            and service['status'] == 'enabled'
            and not service['forced_down'])


def resource_provider_names(api):
    found = api.request('GET', 'placement', '/resource_providers',
                        headers={'OpenStack-API-Version': 'placement 1.14'})
    return {rp['name'] for rp in found['resource_providers']}


def mapped_hosts(settings, cloud_secrets):
    out = mariadb_sql(settings, cloud_secrets,
                      'SELECT host FROM nova_api.host_mappings')
    return set(out.split())


def compute_node_hosts(settings, cloud_secrets):
    out = mariadb_sql(settings, cloud_secrets,
                      'SELECT host FROM nova.compute_nodes WHERE deleted=0')
    return set(out.split())


def wait_computes_ready(settings, cloud_secrets, api, hosts, timeout,
                        started_at):
    """Computes up+enabled, mapped into cell1, providers in Placement.

    A compute forced down or disabled (an evacuate test cut short) is
    brought back. started_at: host -> when this command started it.
    """
    state = {}

    def nodes_exist():
        state['nodes'] = compute_node_hosts(settings, cloud_secrets)
        check_compute_processes(settings, hosts)
        return set(hosts) <= state['nodes']

    if not wait_for('compute nodes', nodes_exist, timeout, interval=0.5):
        raise compute_timeout(settings, hosts, 'no compute node record',
                              state['nodes'])
    if not set(hosts) <= mapped_hosts(settings, cloud_secrets):
        run_logged(settings, 'discover-hosts', [
            settings.bin('nova-manage'), '--config-file',
            os.path.join(settings.etc_dir, 'nova', 'nova.conf'),
            'cell_v2', 'discover_hosts', '--verbose'])
        missing = set(hosts) - mapped_hosts(settings, cloud_secrets)
        if missing:
            raise MinicloudError('discover_hosts did not map %s; see %s' % (
                ', '.join(sorted(missing)),
                settings.log('setup-discover-hosts')))

    answers = {}

    def ready():
        check_compute_processes(settings, hosts)
        state['services'] = compute_services(api)
        state['providers'] = resource_provider_names(api)
        for host in hosts:
            answer = restore_compute(api, state['services'].get(host))
            if answer:
                answers[host] = answer
        return all(is_up_and_enabled(state['services'].get(host))
                   and host in state['providers']
                   and (host not in started_at or reported_since(
                       state['services'][host], started_at[host]))
                   for host in hosts)

    if not wait_for('computes', ready, timeout, interval=0.5):
        raise compute_timeout(settings, hosts, '%s\nnova\'s last answers to '
                              'clearing forced_down / enabling: %s' % (
                                  describe_computes(
                                      state.get('services', {}),
                                      state.get('providers', set()), hosts),
                                  answers or 'none'))


def describe_computes(services_by_host, providers, hosts):
    """One line per host: service state and resource provider presence."""
    lines = []
    for host in hosts:
        service = services_by_host.get(host)
        if service is None:
            text = 'no nova-compute service'
        else:
            text = 'state=%s status=%s forced_down=%s' % (
                service['state'], service['status'], service['forced_down'])
        lines.append('%s: %s, resource provider %s' % (
            host, text, 'present' if host in providers else 'missing'))
    return '\n'.join(lines)


def check_compute_processes(settings, hosts):
    for host in hosts:
        if PidFile(settings, host).alive_pid() is None:
            raise service_failure(settings, host, 'exited')


def compute_timeout(settings, hosts, detail, extra=None):
    tails = '\n'.join('---- last lines of %s ----\n%s' % (
        settings.log(host), log_tail(settings.log(host), 15))
        for host in hosts)
    return MinicloudError('computes %s not ready: %s%s\n%s\nAll logs: %s' % (
        ', '.join(hosts), detail,
        ' (found: %s)' % ', '.join(sorted(extra)) if extra else '',
        tails, settings.log_dir))


# -------------------------------------------------------- tempest workspace

def tempest_command():
    """tempest next to this Python (the tox env), else on PATH."""
    local = os.path.join(os.path.dirname(sys.executable), 'tempest')
    return local if os.path.exists(local) else shutil.which('tempest')


def ensure_workspace(settings, values):
    """`tempest init` the workspace once, then write its tempest.conf."""
    tempest = tempest_command()
    marker = os.path.join(settings.workspace, '.stestr.conf')
    if not os.path.exists(marker) and tempest:
        # Nothing in it but generated files; tempest init wants it absent,
        # and its name free (a purged state leaves the name registered).
        shutil.rmtree(settings.workspace, ignore_errors=True)
        subprocess.run([tempest, 'workspace', 'remove', '--name',
                        WORKSPACE_NAME], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        run_logged(settings, 'tempest-init', [
            tempest, 'init', '--name', WORKSPACE_NAME, settings.workspace])
    write_if_changed(settings.tempest_conf, render('tempest.conf', values))
    return tempest


# ----------------------------------------------------------------- commands

@contextlib.contextmanager
def state_lock(settings):
    """One command at a time changes this cloud."""
    os.makedirs(settings.state_dir, exist_ok=True)
    with open(os.path.join(settings.state_dir, 'lock'), 'w') as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        yield


def cloud_running(settings):
    return all(PidFile(settings, s.name).alive_pid() is not None
               for s in services(settings))


def up(settings):
    started = time.monotonic()
    stamps = Stamps(settings)
    missing = missing_debian_packages()
    if not os.path.exists(os.path.join(settings.venv, 'bin', 'uwsgi')):
        missing += build_needs()
    if missing:
        apt_install(missing)
    for directory in (settings.log_dir, settings.run_dir, settings.etc_dir):
        os.makedirs(directory, exist_ok=True)
    with open(os.path.join(settings.state_dir, PORT_BASE_FILE), 'w') as f:
        f.write('%d\n' % settings.port_base)
    for directory in ('rabbitmq', 'nova') + COMPUTE_HOSTS:
        os.makedirs(os.path.join(settings.state_dir, directory),
                    exist_ok=True)
    cloud_secrets = load_secrets(settings)
    values = template_values(settings, cloud_secrets)
    all_services = services(settings)
    check_ports_free(settings, [
        s.name for s in all_services
        if s.port and PidFile(settings, s.name).alive_pid() is None])
    venv_thread_error = []

    def build_venv():
        try:
            ensure_venv(settings)
        except MinicloudError as e:
            venv_thread_error.append(e)

    # The venv build (a minute) and the database start overlap.
    venv_thread = threading.Thread(target=build_venv)
    venv_thread.start()
    write_configs(settings, values)
    write_if_changed(os.path.join(settings.etc_dir, 'rabbitmq', 'env.conf'),
                     '')
    by_name = {s.name: s for s in all_services}

    def progress(what):
        print('minicloud: %5.1f s %s' % (time.monotonic() - started, what),
              flush=True)

    try:
        init_mariadb(settings, stamps)
        start_service(settings, by_name['mariadb'], settings.timeout)
        create_databases(settings, cloud_secrets, stamps)
        progress('mariadb ready')
        start_service(settings, by_name['epmd'], settings.timeout)
        # RabbitMQ boots (seconds) while the databases are set up.
        start_unless_running(settings, by_name['rabbitmq'])
    finally:
        venv_thread.join()
    if venv_thread_error:
        raise venv_thread_error[0]
    install_fake_driver(settings)
    run_chains_in_parallel(settings, stamps,
                           manage_chains(settings, cloud_secrets))
    progress('databases synced')
    apis = [by_name[name] for name in WSGI_APPS]
    for service in apis:
        start_unless_running(settings, service)
    wait_healthy(settings, by_name['keystone'], settings.timeout)
    api = Api(settings, cloud_secrets)
    # nova-conductor exits at start while the placement user is missing.
    register_identity(settings, api, cloud_secrets)
    wait_healthy(settings, by_name['rabbitmq'], settings.timeout)
    progress('keystone and rabbitmq ready')
    for name in ('nova-conductor', 'nova-scheduler'):
        start_unless_running(settings, by_name[name])
    started_at = {host: utc_now() for host in COMPUTE_HOSTS
                  if start_unless_running(settings, by_name[host])}
    for service in apis:
        wait_healthy(settings, service, settings.timeout)
    progress('APIs ready')
    api = Api(settings, cloud_secrets)  # a token with the full catalog
    register_resources(settings, api)
    wait_computes_ready(settings, cloud_secrets, api, COMPUTE_HOSTS,
                        settings.timeout, started_at)
    for name in ('nova-conductor', 'nova-scheduler'):
        if PidFile(settings, name).alive_pid() is None:
            raise service_failure(settings, name, 'exited')
    ensure_availability_zones(api)
    progress('computes up and enabled, in cell1 and in placement, in '
             'their zones')
    ensure_workspace(settings, values)
    print('minicloud: up in %.0f s. tempest.conf: %s\nlogs: %s' % (
        time.monotonic() - started, settings.tempest_conf,
        settings.log_dir), flush=True)


def down(settings, purge=False):
    names = [s.name for s in services(settings)]
    openstack = [n for n in names if n not in ('mariadb', 'epmd',
                                               'rabbitmq')]
    running = [n for n in names
               if PidFile(settings, n).alive_pid() is not None]
    stop_processes(settings, openstack)
    stop_processes(settings, ['rabbitmq'])
    stop_processes(settings, ['epmd', 'mariadb'])
    if running:
        print('minicloud: stopped %s' % ', '.join(running))
    else:
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


def status(settings):
    """Each service with pid, port, health; 0 when all are healthy."""
    rows = []
    healthy = True
    for service in services(settings):
        pid = PidFile(settings, service.name).alive_pid()
        state = health(settings, service)
        healthy = healthy and state == 'ok'
        rows.append((service.name, str(pid or '-'),
                     str(service.port or '-'), state))
    cloud_secrets = None
    if healthy:
        cloud_secrets = load_secrets(settings)
        api = Api(settings, cloud_secrets)
        found = compute_services(api)
        providers = resource_provider_names(api)
        for index, row in enumerate(rows):
            if row[0] in COMPUTE_HOSTS:
                service = found.get(row[0])
                ok = is_up_and_enabled(service) and row[0] in providers
                healthy = healthy and ok
                rows[index] = row[:3] + ('ok' if ok else describe_computes(
                    found, providers, [row[0]]).split(': ', 1)[1],)
    print(format_table(('service', 'pid', 'port', 'health'), rows))
    print('state: %s\nlogs: %s\ntempest.conf: %s' % (
        settings.state_dir, settings.log_dir, settings.tempest_conf))
    return 0 if healthy else 1


def format_table(header, rows):
    widths = [max(len(r[i]) for r in [header] + list(rows))
              for i in range(len(header))]
    return '\n'.join('  '.join(cell.ljust(w) for cell, w in
                               zip(row, widths)).rstrip()
                     for row in [header] + list(rows))


def check_compute_host(host):
    if host not in COMPUTE_HOSTS:
        raise MinicloudError('%s is not a compute host (%s)' % (
            host, ', '.join(COMPUTE_HOSTS)))


def compute_stop(settings, host):
    """Stop a compute's process; return when it is gone."""
    check_compute_host(host)
    stop_processes(settings, [host])
    print('minicloud: nova-compute on %s stopped' % host)


def compute_start(settings, host):
    """Start a stopped compute; wait until nova shows it up and enabled.

    Its node keeps its identity (state_path), so the compute starts on its
    own node: at start it finishes evacuations away from it (records go
    from done to completed, source allocations are freed). Only then does
    nova accept clearing forced_down.
    """
    check_compute_host(host)
    cloud_secrets = load_secrets(settings)
    since = utc_now()
    started = start_unless_running(settings, compute_service(settings, host))
    wait_computes_ready(settings, cloud_secrets, Api(settings, cloud_secrets),
                        [host], settings.timeout,
                        {host: since} if started else {})
    print('minicloud: nova-compute on %s is up and enabled' % host)


TOTALS_RE = re.compile(r'^Ran: (\d+) tests? in', re.MULTILINE)
COUNT_RE = re.compile(r'^ - (Passed|Skipped|Failed|Expected Fail|'
                      r'Unexpected Success): (\d+)', re.MULTILINE)


def parse_tempest_totals(output):
    """Counts from the Totals block of `tempest run` output (last one)."""
    ran = TOTALS_RE.findall(output)
    counts = {'ran': int(ran[-1]) if ran else 0}
    for name, value in COUNT_RE.findall(output):
        counts[name.lower().replace(' ', '_')] = int(value)
    return counts


def e2e_verdict(returncode, counts):
    """(exit status, message) of the end-to-end run."""
    if counts.get('ran', 0) == 0 or not (counts.get('passed', 0)
                                         or counts.get('failed', 0)):
        return 1, 'no tests ran: the regex matched nothing runnable'
    if returncode != 0:
        return returncode, 'tempest failed (exit %d)' % returncode
    return 0, 'tempest passed'


def format_report(lines):
    """The plugin's JSON lines report, one compact line per record."""
    out = []
    for line in lines:
        line = line.strip()
        if not line:
            continue
        try:
            record = json.loads(line)
        except ValueError:
            out.append(line)
            continue
        if isinstance(record, dict):
            out.append(', '.join('%s=%s' % (k, json.dumps(record[k]))
                                 for k in sorted(record)))
        else:
            out.append(line)
    return out


def reliability_check(settings, command, *args):
    """A check of tools/reliability on this cloud and workspace; exit code.

    Before the run it takes a leak census; after it, the census compares
    (a leak fails the e2e run) and the run's files are scanned for secrets.
    """
    env = dict(os.environ, OS_CLIENT_CONFIG_FILE=settings.clouds_yaml)
    return subprocess.call([sys.executable, RELIABILITY_PY, command,
                            '--workspace', settings.workspace] + list(args),
                           env=env)


def run_suite(settings, regex, concurrency):
    """Run the tests in tempest on the cloud; (exit status, message)."""
    values = template_values(settings, load_secrets(settings))
    tempest = ensure_workspace(settings, values)
    if not tempest:
        raise MinicloudError('tempest is not installed next to %s nor on '
                             'PATH: run this from `tox -e minicloud`'
                             % sys.executable)
    report = os.path.join(settings.workspace, 'migration-report.jsonl')
    with contextlib.suppress(FileNotFoundError):
        os.unlink(report)
    census_state = os.path.join(settings.workspace, 'census-before.json')
    reliability_check(settings, 'e2e-census-before', '--state', census_state)
    command = [tempest, 'run', '--config-file', settings.tempest_conf,
               '--regex', regex]
    if concurrency:
        command += ['--concurrency', str(concurrency)]
    print('minicloud: %s (in %s)' % (' '.join(command), settings.workspace),
          flush=True)
    proc = subprocess.Popen(command, cwd=settings.workspace,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = []
    for raw in proc.stdout:
        line = raw.decode('utf-8', 'replace')
        output.append(line)
        sys.stdout.write(line)
        sys.stdout.flush()
    returncode = proc.wait()
    counts = parse_tempest_totals(''.join(output))
    code, message = e2e_verdict(returncode, counts)
    print('\n==== minicloud: tempest summary: %s' % ', '.join(
        '%s=%d' % item for item in sorted(counts.items())))
    # Flushed: the reader below writes to the same stdout.
    print('==== minicloud: plugin report (%s):' % report, flush=True)
    if os.path.exists(report):
        # The plugin's reader prints tables; its raw lines if it cannot.
        if subprocess.call([sys.executable, '-m',
                            'migration_tempest_plugin.report', report]):
            with open(report) as f:
                for line in format_report(f):
                    print('  ' + line)
    else:
        print('  (no report written)')
    with open(os.path.join(settings.workspace, 'e2e-output.txt'), 'w') as f:
        f.writelines(output)
    print('==== minicloud: leak census and secrets scan:', flush=True)
    if reliability_check(settings, 'e2e-check', '--state', census_state,
                         '--known-secrets-file',
                         os.path.join(settings.state_dir, 'secrets.json')):
        code = code or 1
        message += '; but resources leaked or a secret was written'
    return code, message


def e2e(settings, regex, concurrency):
    started = time.monotonic()
    was_running = cloud_running(settings)
    try:
        with state_lock(settings):
            up(settings)
        code, message = run_suite(settings, regex, concurrency)
        print('==== minicloud: %s; e2e took %.0f s' % (
            message, time.monotonic() - started), flush=True)
        return code
    finally:
        # A failed `up` or tempest run must not leave processes behind.
        if settings.keep or was_running:
            why = ('MINICLOUD_KEEP is set' if settings.keep else
                   'it was running before this run')
            print('minicloud: cloud left running (%s); `%s down` stops it'
                  % (why, os.path.abspath(__file__)))
        else:
            with state_lock(settings):
                down(settings)


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog='minicloud', description=__doc__.split('\n\n')[0],
        epilog='Environment: MINICLOUD_STATE_DIR (default <repo>/.minicloud)'
               ', MINICLOUD_PORT_BASE (default %d), MINICLOUD_TIMEOUT '
               '(seconds per wait, default 180), MINICLOUD_KEEP=1 (e2e '
               'leaves the cloud up).' % DEFAULT_PORT_BASE)
    commands = parser.add_subparsers(dest='command', required=True)
    commands.add_parser('up', help='bring the cloud up (idempotent)')
    down_parser = commands.add_parser('down', help='stop every process')
    down_parser.add_argument('--purge', action='store_true',
                             help='also delete the state (not the venv)')
    commands.add_parser('status', help='each service, pid, port, health')
    commands.add_parser('tempest-conf', help='print the tempest.conf path')
    commands.add_parser('clouds-yaml', help='print the clouds.yaml path')
    commands.add_parser('openrc', help='print shell exports for the CLI')
    e2e_parser = commands.add_parser(
        'e2e', help='up, tempest run, report, down')
    e2e_parser.add_argument('--regex', default=r'^migration_tempest_plugin\.',
                            help='tests to run (default: %(default)s)')
    e2e_parser.add_argument('--concurrency', type=int, default=0,
                            help='tempest workers (default: tempest\'s)')
    for name in ('compute-stop', 'compute-start'):
        sub = commands.add_parser(name, help='%s the nova-compute of HOST' %
                                  name.split('-')[1])
        sub.add_argument('host', choices=COMPUTE_HOSTS)
    args = parser.parse_args(argv)
    try:
        settings = Settings()
        if args.command == 'e2e':
            return e2e(settings, args.regex, args.concurrency)
        if args.command == 'status':
            return status(settings)
        if args.command == 'tempest-conf':
            print(settings.tempest_conf)
        elif args.command == 'clouds-yaml':
            print(settings.clouds_yaml)
        elif args.command == 'openrc':
            with open(settings.openrc) as f:
                sys.stdout.write(f.read())
        else:
            with state_lock(settings):
                if args.command == 'up':
                    up(settings)
                elif args.command == 'down':
                    down(settings, args.purge)
                elif args.command == 'compute-stop':
                    compute_stop(settings, args.host)
                elif args.command == 'compute-start':
                    compute_start(settings, args.host)
    except MinicloudError as e:
        print('minicloud: error: %s' % e, file=sys.stderr)
        return 1
    except FileNotFoundError as e:
        print('minicloud: error: %s (is the cloud up?)' % e, file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
