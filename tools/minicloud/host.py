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

"""The host: Debian packages, the server venv, setup stamps."""

import contextlib
import hashlib
import os
import shutil
import subprocess
import sys
import sysconfig
import time

from minicloud import config
from minicloud import errors
from minicloud import processes


def nova_version(settings):
    """The version of nova the cloud's server venv runs."""
    return subprocess.check_output([
        settings.bin('python'), '-c',
        'import importlib.metadata as m; print(m.version("nova"))'],
        text=True).strip()


def missing_debian_packages():
    return [package for package, path in (
        ('mariadb-server', config.MARIADB_SERVER),
        ('rabbitmq-server', config.RABBITMQ_SERVER))
        if not os.path.exists(path)]


def build_needs():
    """Debian packages the server venv build needs that are missing.

    uWSGI compiles from source: it needs a C compiler and Python's
    headers; a Debian python3 also needs python3-venv to make the venv.
    """
    needs = []
    if not shutil.which('gcc'):
        needs.append('gcc')
    system_python = sys.base_prefix == '/usr'
    include = sysconfig.get_paths()['include']
    if not os.path.exists(os.path.join(include, 'Python.h')):
        if not system_python:
            raise errors.MinicloudError(
                'Python.h is missing from %s: uWSGI needs the headers of '
                'the Python that runs this tool (%s)' % (include,
                                                         sys.executable))
        needs.append('python3-dev')
    if system_python and not os.path.exists(
            os.path.join(sysconfig.get_paths()['stdlib'], 'ensurepip')):
        needs.append('python3-venv')
    return needs


# Debian's maintainer scripts start a package's services (the system's
# Open vSwitch, MariaDB...) unless this says no; the cloud starts its own.
POLICY_RC_D = '/usr/sbin/policy-rc.d'
NO_SERVICES = ('#!/bin/sh\n# minicloud: no service starts while it '
               'installs\nexit 101\n')


@contextlib.contextmanager
def services_not_started(prefix, exists=None):
    """While installing, Debian's scripts start no service.

    A policy-rc.d that exits 101 (invoke-rc.d and deb-systemd-invoke both
    ask it) is put in place for the install and removed after; one the
    machine has already is left as it is.
    """
    if (exists or os.path.exists)(POLICY_RC_D):
        yield
        return
    run_apt(prefix + ['sh', '-c', 'printf %s "$1" > "$2" && chmod 755 "$2"',
                      'minicloud', NO_SERVICES, POLICY_RC_D])
    try:
        yield
    finally:
        run_apt(prefix + ['rm', '-f', POLICY_RC_D])


def apt_install(packages):
    """Install Debian packages with apt-get, as root or through sudo.

    The package lists are refreshed first: on a new machine they may be
    empty or stale, and then apt-get finds no package at all.
    """
    apt = shutil.which('apt-get')
    if not apt:
        raise errors.MinicloudError(
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
            raise errors.MinicloudError(
                'these packages are missing: %s. Installing them needs '
                'root: run as root, allow password-less sudo, or run: '
                'sudo %s update && sudo %s' % (
                    ' '.join(packages), apt, ' '.join(install)))
        prefix = ['sudo', '-n', 'env', 'DEBIAN_FRONTEND=noninteractive']
    print('minicloud: installing %s' % ' '.join(packages), flush=True)
    with services_not_started(prefix):
        for command in ([apt, 'update', '-q'], install):
            run_apt(prefix + command)


def run_apt(command):
    result = subprocess.run(
        command, env=dict(os.environ, DEBIAN_FRONTEND='noninteractive'),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        output = result.stdout.decode('utf-8', 'replace')
        raise errors.MinicloudError('%s failed (exit %d):\n%s' % (
            ' '.join(command), result.returncode,
            '\n'.join(output.splitlines()[-config.LOG_TAIL_LINES:])))


def constraints_digest(settings):
    """Digest of the pins: a changed comment does not rebuild the venv."""
    with open(settings.constraints_file, 'rb') as f:
        pins = [line for line in f.read().splitlines(True)
                if not line.startswith(b'#')]
    return hashlib.sha256(b''.join(pins)).hexdigest()


def ensure_venv(settings):
    """The server venv, from settings' constraints (rebuilt if they moved)."""
    stamp = os.path.join(settings.venv, 'minicloud-constraints.sha256')
    digest = constraints_digest(settings)
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
    processes.run_logged(settings, 'venv-install',
                         [base_python, '-m', 'venv', settings.venv], log)
    processes.run_logged(settings, 'venv-install', processes.install_command(
        settings.bin('python'), ['-c', settings.constraints_file]
        + list(config.SERVER_PACKAGES)), log)
    with open(stamp, 'w') as f:
        f.write(digest + '\n')
    print('minicloud: server venv ready in %.0f s' % (
        time.monotonic() - started), flush=True)


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
