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

"""nova's libvirt driver: real QEMU guests on hosts in namespaces.

Each compute host is a network, UTS and mount namespace with its own
libvirtd and sshd (hosts.py, their files host_files.py); its nova-compute
enters the mount and
UTS namespaces and stays in the root network namespace, on KVM where a
guest boots on it (kvm.py). The guests boot the heartbeat image
(guest_image.py), which the plugin's guest check reads; the busy variant's
live migrations stay in flight for the abort and force-complete tests.
"""

import contextlib
import os
import subprocess

import psutil

from minicloud import config
from minicloud.drivers import base
from minicloud.drivers.fake import driver as fake
from minicloud.drivers.libvirt import faults
from minicloud.drivers.libvirt import guest_image
from minicloud.drivers.libvirt import host_files
from minicloud.drivers.libvirt import hosts
from minicloud.drivers.libvirt import kvm
from minicloud import errors
from minicloud import processes
from minicloud import services

DEBIAN_PACKAGES = (
    # package, a file it installs
    ('libvirt-daemon', '/usr/sbin/libvirtd'),
    ('libvirt-daemon-driver-qemu',
     '/usr/lib/x86_64-linux-gnu/libvirt/connection-driver/'
     'libvirt_driver_qemu.so'),
    ('qemu-system-x86', '/usr/bin/qemu-system-x86_64'),
    ('qemu-utils', '/usr/bin/qemu-img'),
    # libvirt-python is built from PyPI against these.
    ('libvirt-dev', '/usr/include/libvirt/libvirt.h'),
    ('pkg-config', '/usr/bin/pkg-config'),
    ('openssh-server', '/usr/sbin/sshd'),
    ('openssh-client', '/usr/bin/scp'),
    # The guest image is assembled with as and ld.
    ('binutils', '/usr/bin/ld'),
)
PYPI_PACKAGE = 'libvirt-python'

IMAGE_FILE = 'heartbeat.img'
BUSY_IMAGE_FILE = 'heartbeat-busy.img'
# nova's virt_type, chosen once per `up` (a boot under KVM takes seconds):
# the computes that compute-start starts later get the same.
VIRT_TYPE_FILE = 'virt_type'


def image_path(settings):
    return guest_image.build(os.path.join(settings.state_dir, IMAGE_FILE))


def virt_type(settings):
    chosen = config.recorded(settings.state_dir, VIRT_TYPE_FILE)
    if not chosen:
        chosen = kvm.choose_virt_type(image_path(settings),
                                      guest_image.BEAT_PREFIX)
        with open(os.path.join(settings.state_dir, VIRT_TYPE_FILE), 'w') as f:
            f.write(chosen + '\n')
    return chosen


def layout(settings):
    return hosts.layout(settings.port_base, settings.state_dir,
                        config.COMPUTE_HOSTS)


def missing_debian_packages(exists=os.path.exists):
    return [package for package, path in DEBIAN_PACKAGES
            if not exists(path)]


class LibvirtDriver(base.ComputeDriver):
    """nova's LibvirtDriver, KVM where a guest boots on it, TCG otherwise."""

    name = 'libvirt'

    def missing_debian_packages(self):
        return missing_debian_packages()

    def prepare(self, settings):
        """libvirt-python in the venv; the hosts set up anew."""
        if subprocess.call([settings.bin('python'), '-c', 'import libvirt'],
                           stderr=subprocess.DEVNULL) != 0:
            processes.run_logged(settings, 'libvirt-python',
                                 processes.install_command(
                                     settings.bin('python'),
                                     ['-c', settings.constraints_file,
                                      PYPI_PACKAGE]))
        # Leftovers of an earlier run (a kill -9 of up) go first.
        sites = layout(settings)
        cleaned = hosts.teardown(sites)
        if cleaned:
            print('minicloud: cleaned up after an earlier run: %s'
                  % ', '.join(cleaned), flush=True)
        host_files.prepare_files(sites)
        hosts.up(sites, settings.log_dir)
        addresses = ', '.join('%s %s' % (host.name, host.address)
                              for host in sites.hosts)
        print('minicloud: libvirt hosts up with real QEMU guests, virt_type '
              '%s: %s' % (virt_type(settings), addresses), flush=True)

    def compute_options(self, settings, host):
        nova = os.path.join(settings.etc_dir, 'nova')
        privsep_helper = ' '.join([
            os.path.join(services.compute_venv(settings, host), 'bin',
                         'privsep-helper'),
            '--config-file', os.path.join(nova, 'nova.conf'),
            '--config-file', os.path.join(nova, host + '.conf')])
        return hosts.nova_compute_options(
            layout(settings).host(host), virt_type(settings), privsep_helper)

    def tempest_options(self):
        options = fake.FakeDriver().tempest_options()
        options['migration'] = {'guest_heartbeat': guest_image.CONSOLE_FORMAT,
                                'busy_image_ref': config.BUSY_IMAGE_ID}
        return options

    def image(self, settings):
        with open(image_path(settings), 'rb') as f:
            return f.read(), guest_image.IMAGE_PROPERTIES

    def extra_images(self, settings):
        with open(guest_image.build(os.path.join(
                settings.state_dir, BUSY_IMAGE_FILE), busy=True), 'rb') as f:
            return {config.BUSY_IMAGE_ID: (config.BUSY_IMAGE_NAME, f.read(),
                                           guest_image.IMAGE_PROPERTIES)}

    def service(self, settings, host):
        """nova-compute in the mount and UTS namespaces of its host."""
        service = super().service(settings, host)
        site = layout(settings).host(host)
        pid = hosts.libvirtd_pid(site)
        if pid is not None:
            service.argv = hosts.enter_host_argv(pid, service.argv)
        service.env = dict(service.env, **{hosts.MARKER: site.netns})
        return service

    def start(self, settings, host):
        if hosts.libvirtd_pid(layout(settings).host(host)) is None:
            raise errors.MinicloudError(
                'libvirtd of %s is not running: bring the cloud up again '
                '(`python -m minicloud up`)' % host)
        return super().start(settings, host)

    def status_lines(self, settings):
        lines = ['compute driver: libvirt, virt_type %s'
                 % config.recorded(settings.state_dir, VIRT_TYPE_FILE)]
        for host in layout(settings).hosts:
            names = hosts.process_names(host)

            def state(daemon):
                return 'running' if daemon in names else 'NOT RUNNING'

            guests = sum(name.startswith('qemu') for name in names)
            lines.append('%s %s (netns %s): libvirtd %s, sshd %s, %d guests'
                         % (host.name, host.address, host.netns,
                            state('libvirtd'), state('sshd'), guests))
        return lines

    def host_processes(self, settings):
        """libvirtd, sshd and the guests' QEMU of every host."""
        return [process for host in layout(settings).hosts
                for process in hosts.host_processes(host)]

    def faults(self):
        return sorted(faults.FAULTS)

    def put_fault(self, settings, host, fault, server):
        if fault not in faults.FAULTS:
            return super().put_fault(settings, host, fault, server)
        faults.put(layout(settings).host(host), fault, server,
                   settings.bin('python'))
        return False

    def heal_fault(self, settings, host, fault, server):
        if fault not in faults.FAULTS:
            return super().heal_fault(settings, host, fault, server)
        faults.heal(layout(settings).host(host), fault, server,
                    settings.bin('python'))
        return False

    def leftovers(self, settings):
        procs, namespaces, links = hosts.leftovers(layout(settings))
        found = []
        for proc in procs:
            with contextlib.suppress(psutil.Error):
                found.append('process %s (%d)' % (proc.name(), proc.pid))
        return found + ['netns ' + name for name in namespaces] + [
            'link ' + name for name in links]

    def namespaces(self, settings):
        return {host.netns: (host.address,)
                for host in layout(settings).hosts}

    def teardown(self, settings):
        removed = hosts.teardown(layout(settings))
        # The next `up` probes KVM again.
        with contextlib.suppress(FileNotFoundError):
            os.unlink(os.path.join(settings.state_dir, VIRT_TYPE_FILE))
        if removed:
            print('minicloud: libvirt hosts removed: %s' % ', '.join(removed))


DRIVERS = {LibvirtDriver.name: LibvirtDriver}
