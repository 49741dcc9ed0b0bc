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

"""Faults on a real-guest host, for the plugin's failed-move tests.

Each hits one server on one host, so that the tests of other servers on
that host go on unharmed:

- ``instances-disk-full``: the server's instance directory on the host is
  a tmpfs of one page, full, mounted in the host's mount namespace: every
  write nova makes there fails with "No space left on device" (the disk a
  cold migration or resize copies in, the disk an unshelve creates).
- ``guest-killed``: the server's QEMU on the host is killed (on the
  destination of a live migration in flight: the destination dies under
  it). Nothing to heal.

- ``live-migration-throttled``: the server's live migrations from the host
  copy at most THROTTLE_MIBS MiB/s (libvirt's virDomainMigrateSetMaxSpeed
  on its domain, which nova's live_migration_bandwidth = 0 leaves as it
  is): the busy guest, which rewrites its memory faster, stays in flight
  until aborted or force-completed. The limit is that migration's alone.

One hits the whole host, for a build the scheduler sends there:

- ``guest-start-fails``: the host's libvirt refuses to start any guest
  (its qemu hook, host_files.qemu_hook, sees a flag file); the guests it
  runs go on.
"""

import contextlib
import os
import signal

import psutil

from minicloud.drivers.libvirt import host_files
from minicloud.drivers.libvirt import hosts
from minicloud import files

DISK_FULL = 'instances-disk-full'
GUEST_KILLED = 'guest-killed'
GUEST_START_FAILS = 'guest-start-fails'
THROTTLED = 'live-migration-throttled'
FAULTS = (DISK_FULL, GUEST_KILLED, GUEST_START_FAILS, THROTTLED)
# MiB/s, below the ~4.6 MiB/s the busy guest rewrites (guest_image.py).
THROTTLE_MIBS = 1
# Run by the server venv's Python, which has libvirt-python: the domain of
# the server (nova names it by the server's UUID) gets a migration speed.
SET_SPEED = ('import sys, libvirt\n'
             'domain = libvirt.open(sys.argv[1]).lookupByUUIDString('
             'sys.argv[2])\n'
             'domain.migrateSetMaxSpeed(int(sys.argv[3]))\n')
# One page: the filler takes it all.
FULL_SIZE = 4096


class FaultError(hosts.HostSetupError):
    """A fault could not be put in place or healed; says why."""


def instance_directory(server):
    return os.path.join(hosts.INSTANCES_PATH, server)


def in_host(site, script, *args):
    """Run a shell script in the host's mount namespace; its output."""
    pid = hosts.libvirtd_pid(site)
    if pid is None:
        raise FaultError('libvirtd of %s is not running' % site.name)
    return hosts.run(hosts.enter_host_argv(
        pid, ['sh', '-ec', script, 'fault'] + list(args)))


def fill_disk(site, server):
    in_host(site, 'mkdir -p "$1"\n'
            'mountpoint -q "$1" || mount -t tmpfs -o size=%d,mode=0755 '
            'minicloud-disk-full "$1"\n'
            'head -c %d /dev/zero > "$1/.full" || true\n'
            % (FULL_SIZE, FULL_SIZE), instance_directory(server))


def free_disk(site, server):
    """Unmount the full tmpfs; remove the directory if nothing is in it."""
    in_host(site, 'if mountpoint -q "$1"; then umount "$1"; fi\n'
            'rmdir "$1" 2>/dev/null || true\n', instance_directory(server))


def guest_processes(site, server):
    """The host's QEMU processes of ``server`` (its UUID on the command)."""
    found = []
    for proc in hosts.host_processes(site):
        with contextlib.suppress(psutil.Error):
            if (proc.name().startswith('qemu')
                    and server in ' '.join(proc.cmdline())):
                found.append(proc)
    return found


def kill_guest(site, server):
    found = guest_processes(site, server)
    if not found:
        raise FaultError('no QEMU of server %s runs on %s'
                         % (server, site.name))
    for proc in found:
        with contextlib.suppress(psutil.NoSuchProcess):
            proc.send_signal(signal.SIGKILL)
    psutil.wait_procs(found, timeout=10)


def refuse_flag(site):
    return os.path.join(site.source_of('/etc/libvirt'), 'hooks',
                        host_files.REFUSE_FLAG)


def set_migration_speed(site, server, mibs, python):
    """The max speed of ``server``'s live migrations from the host."""
    hosts.run([python, '-c', SET_SPEED, 'qemu+unix:///system?socket=%s'
               % site.source_of(hosts.LIBVIRT_SOCKET), server, str(mibs)])


def put(site, fault, server, python):
    """Put ``fault`` on the host ``site`` (for ``server``).

    ``python``: the server venv's, which has libvirt-python.
    """
    if fault == GUEST_START_FAILS:
        files.write_if_changed(refuse_flag(site), '')
        return
    if not server:
        raise FaultError('%s hits one server: name it' % fault)
    if fault == DISK_FULL:
        fill_disk(site, server)
    elif fault == GUEST_KILLED:
        kill_guest(site, server)
    elif fault == THROTTLED:
        set_migration_speed(site, server, THROTTLE_MIBS, python)
    else:
        raise FaultError('no fault %s on real guests' % fault)


def heal(site, fault, server, python):
    """Undo ``put``; nothing to undo is no error."""
    if fault == DISK_FULL and server:
        free_disk(site, server)
    elif fault == THROTTLED and server:
        # 0: no limit. The guest may have left the host meanwhile.
        with contextlib.suppress(hosts.HostSetupError):
            set_migration_speed(site, server, 0, python)
    elif fault == GUEST_START_FAILS:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(refuse_flag(site))
