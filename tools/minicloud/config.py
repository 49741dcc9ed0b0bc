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

"""Settings of one embedded cloud: every path, port, secret and name.

Every module reads them from a Settings object; nothing is patched from
outside. The upgrade run makes Settings of its own (another state dir,
venv, constraints file and workspace name) rather than changing these.
"""

import json
import os
import secrets
import shlex
import shutil
import subprocess
import sys
import uuid

from minicloud import errors

TOOL_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(os.path.dirname(TOOL_DIR))
TEMPLATE_DIR = os.path.join(TOOL_DIR, 'templates')
CONSTRAINTS_FILE = os.path.join(TOOL_DIR, 'constraints.txt')
DEFAULT_STATE_DIR = os.path.join(REPO_DIR, '.minicloud')
WORKSPACE_NAME = 'minicloud'
# 'auto': libvirt where this machine can run it (machine_driver), else
# fake. MINICLOUD_DRIVER names one; a cloud keeps the one it was made with.
DEFAULT_DRIVER = 'auto'
# What the libvirt driver's hosts need of the machine, besides Debian
# packages the tool installs: root, for namespaces and mounts.
LIBVIRT_NEEDS = ('ip', 'unshare', 'nsenter', 'apt-get')
# A container may deny new namespaces even to root.
NAMESPACE_PROBE = ('unshare', '--net', '--mount', '--uts', 'true')

SERVER_PACKAGES = ('nova', 'keystone', 'openstack-placement', 'glance',
                   'neutron', 'PyMySQL', 'uWSGI', 'openstacksdk')
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
# The port base and compute driver `up` used, kept in the state dir so
# that later commands find the cloud without MINICLOUD_PORT_BASE or
# MINICLOUD_DRIVER.
PORT_BASE_FILE = 'port-base'
DRIVER_FILE = 'driver'

# uWSGI served APIs: WSGI module, config dir env var, config files env.
WSGI_APPS = {
    'keystone': ('keystone.wsgi.api:application', 'KEYSTONE', None),
    'placement': ('placement.wsgi.api:application', 'PLACEMENT', None),
    'glance': ('glance.wsgi.api:application', 'GLANCE', None),
    'neutron': ('neutron.wsgi.api:application', 'NEUTRON',
                'neutron.conf;ml2_conf.ini'),
    # nova takes the paste config from the first file (the venv's copy).
    'nova-api': ('nova.wsgi.osapi_compute:application', 'NOVA',
                 '{venv}/etc/nova/api-paste.ini;nova.conf;nova-db.conf;'
                 'nova-api.conf'),
}
# nova's control services and nova-manage read nova.conf and the database
# connections; the computes only nova.conf (and their host's file), as nova
# wants: with [api_database] connection set, a compute's [upgrade_levels]
# compute = auto finds no minimum version and sends at its own.
NOVA_CONTROL_CONFIGS = ('nova.conf', 'nova-db.conf')
# Catalog entries: (service type, name, URL path under the port).
CATALOG = {
    'placement': ('placement', 'placement', ''),
    'glance': ('image', 'glance', ''),
    'neutron': ('network', 'neutron', ''),
    'nova-api': ('compute', 'nova', '/v2.1'),
}

IMAGE_NAME = 'minicloud-raw'
IMAGE_ID = str(uuid.uuid5(uuid.NAMESPACE_URL, 'minicloud:' + IMAGE_NAME))
# A driver's image whose live migrations stay in flight (drivers/libvirt/).
BUSY_IMAGE_NAME = 'minicloud-busy'
BUSY_IMAGE_ID = str(uuid.uuid5(uuid.NAMESPACE_URL,
                               'minicloud:' + BUSY_IMAGE_NAME))
# Flavor id -> (name, vcpus, ram MB, disk GB): the alt one has more memory,
# to resize. One disk size: the chains resize back, and nova's libvirt
# driver refuses to shrink a disk ("Unable to resize disk down").
FLAVORS = {
    'minicloud-1': ('minicloud.tiny', 1, 64, 1),
    'minicloud-2': ('minicloud.small', 1, 128, 1),
}
UNLIMITED_QUOTAS = ('instances', 'cores', 'ram', 'key_pairs',
                    'metadata_items', 'server_groups',
                    'server_group_members')

LOG_TAIL_LINES = 30


class Settings(object):
    """Where everything of one cloud lives, from the environment.

    ``environ`` defaults to os.environ; the keyword arguments are what the
    upgrade run's clouds set differently.
    """

    def __init__(self, environ=None, venv_name='venv',
                 constraints_file=CONSTRAINTS_FILE,
                 workspace_name=WORKSPACE_NAME, stamps_name='stamps',
                 default_driver=DEFAULT_DRIVER):
        environ = os.environ if environ is None else environ
        self.state_dir = os.path.abspath(environ.get(
            'MINICLOUD_STATE_DIR', DEFAULT_STATE_DIR))
        self.port_base = parse_port_base(
            environ.get('MINICLOUD_PORT_BASE')
            or recorded(self.state_dir, PORT_BASE_FILE)
            or str(DEFAULT_PORT_BASE))
        if environ.get('MINICLOUD_DRIVER'):
            self.driver_name = environ['MINICLOUD_DRIVER']
            self.driver_why = 'MINICLOUD_DRIVER=%s' % self.driver_name
        elif recorded(self.state_dir, DRIVER_FILE):
            self.driver_name = recorded(self.state_dir, DRIVER_FILE)
            self.driver_why = 'the cloud in %s was made with it' % (
                self.state_dir)
        else:
            self.driver_name = default_driver
            self.driver_why = 'the default'
        if self.driver_name == 'auto':
            self.driver_name, why = machine_driver()
            self.driver_why = 'auto: %s' % why
        self.timeout = int(environ.get('MINICLOUD_TIMEOUT', '180'))
        self.keep = environ.get('MINICLOUD_KEEP', '') not in ('', '0')
        self.constraints_file = constraints_file
        self.workspace_name = workspace_name
        self.venv = os.path.join(self.state_dir, venv_name)
        self.etc_dir = os.path.join(self.state_dir, 'etc')
        self.log_dir = os.path.join(self.state_dir, 'logs')
        self.run_dir = os.path.join(self.state_dir, 'run')
        self.stamp_dir = os.path.join(self.state_dir, stamps_name)
        self.workspace = os.path.join(self.state_dir, 'tempest')
        self.tempest_conf = os.path.join(self.workspace, 'etc',
                                         'tempest.conf')
        self.clouds_yaml = os.path.join(self.etc_dir, 'clouds.yaml')
        self.openrc = os.path.join(self.etc_dir, 'openrc')
        self.mariadb_socket = os.path.join(self.run_dir, 'mariadb.sock')
        self.secrets_file = os.path.join(self.state_dir, 'secrets.json')

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

    def nova_control_args(self):
        """--config-file arguments of nova's control services and manage."""
        args = []
        for name in NOVA_CONTROL_CONFIGS:
            args += ['--config-file', os.path.join(self.etc_dir, 'nova', name)]
        return args

    def environ(self):
        """What a child process needs to find this very cloud."""
        return {'MINICLOUD_STATE_DIR': self.state_dir,
                'MINICLOUD_PORT_BASE': str(self.port_base),
                'MINICLOUD_DRIVER': self.driver_name}

    def record(self):
        """Keep the port base and driver for later commands (see above)."""
        os.makedirs(self.state_dir, exist_ok=True)
        for name, value in ((PORT_BASE_FILE, self.port_base),
                            (DRIVER_FILE, self.driver_name)):
            with open(os.path.join(self.state_dir, name), 'w') as f:
                f.write('%s\n' % value)


def machine_driver(euid=os.geteuid, which=shutil.which,
                   call=subprocess.call):
    """('libvirt', why) if this machine can run real guests, else 'fake'."""
    if euid() != 0:
        return 'fake', 'not root (the hosts need namespaces and mounts)'
    missing = [tool for tool in LIBVIRT_NEEDS if not which(tool)]
    if missing:
        return 'fake', 'no %s on PATH' % ', '.join(missing)
    if call(NAMESPACE_PROBE, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL) != 0:
        return 'fake', '`%s` fails here' % ' '.join(NAMESPACE_PROBE)
    return 'libvirt', 'root, and new namespaces work here'


def command_line(*args):
    """The shell command that runs minicloud with ``args``, this Python."""
    return shlex.join((sys.executable, '-m', 'minicloud') + args)


def recorded(state_dir, name):
    """A value `up` recorded in the state dir, or None."""
    try:
        with open(os.path.join(state_dir, name)) as f:
            return f.read().strip() or None
    except FileNotFoundError:
        return None


def parse_port_base(text):
    """The port base as an int; the whole range must fit below 65536."""
    try:
        base = int(text)
    except ValueError:
        raise errors.MinicloudError(
            'MINICLOUD_PORT_BASE=%r is not a port number' % text)
    top = base + max(PORT_OFFSETS.values())
    if base < 1024 or top > 65535:
        raise errors.MinicloudError(
            'MINICLOUD_PORT_BASE=%d puts the ports at %d-%d: they must lie '
            'within 1024-65535' % (base, base, top))
    return base


def load_secrets(settings):
    """Passwords of this cloud, made once and kept in the state dir."""
    path = settings.secrets_file
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
