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

"""Unit tests of drivers/libvirt/faults.py: faults on one server's host."""

import os
import subprocess
import sys
from unittest import mock

import fixtures
import psutil
import testtools

from minicloud.drivers.libvirt import faults
from minicloud.drivers.libvirt import host_files
from minicloud.drivers.libvirt import hosts

SERVER = '2854ec22-5208-4423-83ec-c471e8611b0c'
# The server venv's Python (libvirt-python).
PYTHON = '/state/venv/bin/python'


class TestFaults(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.site = hosts.layout(27600, '/state', ('compute1',)).hosts[0]

    def test_a_fault_hits_one_named_server(self):
        for fault in (faults.DISK_FULL, faults.GUEST_KILLED,
                      faults.THROTTLED):
            error = self.assertRaises(faults.FaultError, faults.put,
                                      self.site, fault, None, PYTHON)
            self.assertIn('name it', str(error))

    def test_an_unknown_fault_is_refused(self):
        self.assertRaises(faults.FaultError, faults.put, self.site,
                          'host-on-fire', SERVER, PYTHON)

    def test_the_full_disk_is_mounted_in_the_hosts_mount_namespace(self):
        self.useFixture(fixtures.MockPatchObject(
            hosts, 'libvirtd_pid', return_value=4242))
        run = self.useFixture(fixtures.MockPatchObject(hosts, 'run')).mock
        faults.put(self.site, faults.DISK_FULL, SERVER, PYTHON)
        argv = run.call_args[0][0]
        self.assertEqual(['nsenter', '--target', '4242', '--mount', '--uts',
                          '--', 'sh', '-ec'], argv[:8])
        self.assertIn('mount -t tmpfs -o size=4096', argv[8])
        self.assertEqual('/var/lib/nova/instances/' + SERVER, argv[-1])
        faults.heal(self.site, faults.DISK_FULL, SERVER, PYTHON)
        self.assertIn('umount', run.call_args[0][0][8])

    def test_a_throttle_sets_the_domains_migration_speed(self):
        run = self.useFixture(fixtures.MockPatchObject(hosts, 'run')).mock
        faults.put(self.site, faults.THROTTLED, SERVER, PYTHON)
        argv = run.call_args[0][0]
        self.assertEqual([PYTHON, '-c', faults.SET_SPEED], argv[:3])
        self.assertEqual([SERVER, '1'], argv[-2:])
        self.assertIn('libvirt-sock', argv[3])
        run.side_effect = hosts.HostSetupError('no domain')
        # The guest left the host: nothing to undo.
        faults.heal(self.site, faults.THROTTLED, SERVER, PYTHON)
        self.assertEqual('0', run.call_args[0][0][-1])

    def test_a_host_without_libvirtd_says_so(self):
        self.useFixture(fixtures.MockPatchObject(
            hosts, 'libvirtd_pid', return_value=None))
        error = self.assertRaises(faults.FaultError, faults.put, self.site,
                                  faults.DISK_FULL, SERVER, PYTHON)
        self.assertIn('libvirtd of compute1 is not running', str(error))

    def test_only_the_servers_qemu_is_killed(self):
        # Real processes: one named like QEMU with the server's UUID, one
        # with another UUID.
        procs = [subprocess.Popen(
            [sys.executable, '-c', 'import time; time.sleep(60)', '-uuid',
             uuid]) for uuid in (SERVER, 'another')]
        self.addCleanup(lambda: [proc.kill() or proc.wait()
                                 for proc in procs])
        found = [psutil.Process(proc.pid) for proc in procs]
        self.useFixture(fixtures.MockPatchObject(
            hosts, 'host_processes', return_value=found))
        with mock.patch.object(psutil.Process, 'name', autospec=True,
                               return_value='qemu-system-x86_64'):
            faults.put(self.site, faults.GUEST_KILLED, SERVER, PYTHON)
        self.assertIsNotNone(procs[0].wait(timeout=10))
        self.assertIsNone(procs[1].poll())

    def test_no_guest_of_the_server_is_an_error(self):
        self.useFixture(fixtures.MockPatchObject(
            hosts, 'host_processes', return_value=[]))
        error = self.assertRaises(faults.FaultError, faults.put, self.site,
                                  faults.GUEST_KILLED, SERVER, PYTHON)
        self.assertIn('no QEMU of server %s runs on compute1' % SERVER,
                      str(error))


class TestGuestStartFails(testtools.TestCase):

    def setUp(self):
        super().setUp()
        state_dir = self.useFixture(fixtures.TempDir()).path
        self.site = hosts.layout(27600, state_dir, ('compute1',)).hosts[0]
        self.hooks = os.path.join(self.site.source_of('/etc/libvirt'),
                                  'hooks')
        os.makedirs(self.hooks)
        self.hook = os.path.join(self.hooks, 'qemu')
        with open(self.hook, 'w') as f:
            f.write(host_files.qemu_hook())

    def start(self, *args):
        """What libvirtd's run of the hook says: its exit status."""
        return subprocess.call(['sh', self.hook, 'instance-1'] + list(args),
                               stderr=subprocess.DEVNULL)

    def test_the_hook_refuses_to_start_guests_while_the_fault_is_on(self):
        self.assertEqual(0, self.start('prepare', 'begin', '-'))
        faults.put(self.site, faults.GUEST_START_FAILS, None, PYTHON)
        self.assertEqual(1, self.start('prepare', 'begin', '-'))
        # Running guests go on: their other events pass.
        self.assertEqual(0, self.start('stopped', 'end', '-'))
        faults.heal(self.site, faults.GUEST_START_FAILS, None, PYTHON)
        self.assertEqual(0, self.start('prepare', 'begin', '-'))
        # Nothing left to heal is no error.
        faults.heal(self.site, faults.GUEST_START_FAILS, None, PYTHON)
