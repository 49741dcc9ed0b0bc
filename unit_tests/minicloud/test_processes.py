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

"""Unit tests of minicloud/processes.py: pid files, start, stop, ports."""

import os
import socket
import subprocess
import sys
import tempfile

from minicloud import config
from minicloud import errors
from minicloud import processes
import psutil
import testtools

from unit_tests.minicloud import fakes


def gone(pid):
    """Ended: no such process, or a zombie its new parent has not reaped."""
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


class TestShown(testtools.TestCase):

    def test_logged_command_lines_mask_password_options(self):
        self.assertEqual('tool --os-password *** --name x',
                         processes.shown(['tool', '--os-password', 's3cret',
                                          '--name', 'x']))


class TestProcesses(testtools.TestCase):

    def test_pidfile_of_this_process(self):
        with tempfile.TemporaryDirectory() as tmp:
            settings = fakes.make_settings(MINICLOUD_STATE_DIR=tmp)
            pidfile = processes.PidFile(settings, 'me')
            self.assertIsNone(pidfile.alive_pid())
            pidfile.write(os.getpid())
            self.assertEqual(os.getpid(), pidfile.alive_pid())
            pid, start = pidfile.read()
            with open(pidfile.path, 'w') as f:
                f.write('%d %d\n' % (pid, start + 1))
            # Same pid, other start time: a reused pid is not ours.
            self.assertIsNone(pidfile.alive_pid())
            pidfile.remove()
            pidfile.remove()

    def test_down_finds_a_process_no_pid_file_names(self):
        with tempfile.TemporaryDirectory() as tmp:
            settings = fakes.make_settings(MINICLOUD_STATE_DIR=tmp)
            other = fakes.make_settings(MINICLOUD_STATE_DIR=tmp + '-other')
            conf = os.path.join(tmp, 'etc', 'nova.conf')
            # A worker that names nothing of the cloud, as a retitled one.
            child = subprocess.Popen(
                ['sh', '-c', 'sleep 60 & echo $!; wait', conf],
                stdout=subprocess.PIPE)
            # Cleanups run last first: kill, then reap.
            self.addCleanup(child.wait)
            self.addCleanup(child.kill)
            worker = int(child.stdout.readline())
            self.assertNotIn(child.pid, [p.pid for p in
                                         processes.strays(other)])
            self.assertEqual(sorted([child.pid, worker]),
                             sorted(processes.stop_strays(settings)))
            self.assertIsNotNone(child.poll())
            self.assertTrue(gone(worker))
            self.assertEqual([], processes.strays(settings))

    def test_terminate_tree_stops_the_descendants(self):
        parent = subprocess.Popen(
            ['sh', '-c', 'sleep 60 & echo $!; wait'], stdout=subprocess.PIPE)
        self.addCleanup(parent.wait)
        self.addCleanup(parent.kill)
        grandchild = int(parent.stdout.readline())
        processes.terminate_tree(parent.pid, grace=5)
        self.assertIsNotNone(parent.wait(timeout=5))
        self.assertTrue(gone(grandchild))
        # Gone already: nothing to do.
        processes.terminate_tree(parent.pid)

    def test_memory_counts_each_process_once_and_skips_the_gone(self):
        child = psutil.Popen([sys.executable, '-c', 'pass'])
        child.wait()
        count, rss, pss = processes.memory_of(
            [psutil.Process(), psutil.Process(), child])
        self.assertEqual(1, count)
        self.assertGreater(pss, 0)
        self.assertLessEqual(pss, rss)

    def test_log_tail(self):
        with tempfile.NamedTemporaryFile('w') as f:
            f.write(''.join('line %d\n' % i for i in range(100)))
            f.flush()
            self.assertEqual('line 98\nline 99', processes.log_tail(f.name, 2))
        self.assertIn('no log', processes.log_tail('/nonexistent/x.log'))

    def test_service_failure_names_service_and_log(self):
        with tempfile.TemporaryDirectory() as tmp:
            settings = fakes.make_settings(MINICLOUD_STATE_DIR=tmp)
            os.makedirs(settings.log_dir)
            with open(settings.log('glance'), 'w') as f:
                f.write('boom\n')
            e = processes.service_failure(settings, 'glance', 'exited')
        self.assertIn('glance exited', str(e))
        self.assertIn(settings.log('glance'), str(e))
        self.assertIn('boom', str(e))


class TestPorts(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.listener = socket.socket()
        self.listener.bind(('127.0.0.1', 0))
        self.listener.listen()
        self.addCleanup(self.listener.close)
        self.port = self.listener.getsockname()[1]

    def test_port_in_use(self):
        self.assertFalse(processes.port_is_free(self.port))

    def test_port_free_after_close(self):
        self.listener.close()
        self.assertTrue(processes.port_is_free(self.port))

    def test_port_owner_is_this_process(self):
        self.assertIn('pid %d ' % os.getpid(),
                      processes.port_owner(self.port))

    def test_check_ports_free_names_port_and_service(self):
        base = self.port - config.PORT_OFFSETS['glance']
        if base < 1024:
            self.skipTest('ephemeral port too low for a port base')
        settings = fakes.make_settings(MINICLOUD_PORT_BASE=str(base))
        e = self.assertRaises(errors.MinicloudError,
                              processes.check_ports_free, settings,
                              ['glance'])
        self.assertIn('port %d (for glance) is in use by pid %d'
                      % (self.port, os.getpid()), str(e))
        self.assertIn('MINICLOUD_PORT_BASE', str(e))

    def test_stop_processes_ends_the_service_and_what_it_forked(self):
        with tempfile.TemporaryDirectory() as tmp:
            settings = fakes.make_settings(MINICLOUD_STATE_DIR=tmp)
            # A shell that ignores SIGTERM, with a child of its own.
            processes.start_process(settings, 'stubborn', [
                'sh', '-c', 'trap "" TERM; sleep 60 & wait'])
            pid = processes.PidFile(settings, 'stubborn').alive_pid()
            child = processes.wait_for('child', lambda: psutil.Process(
                pid).children(), 10, interval=0.05)[0]
            processes.stop_processes(settings, ['stubborn'], grace=0.5)
            self.assertFalse(psutil.pid_exists(child.pid)
                             and child.status() != psutil.STATUS_ZOMBIE)
            self.assertIsNone(processes.PidFile(settings,
                                                'stubborn').alive_pid())
            self.assertFalse(os.path.exists(
                processes.PidFile(settings, 'stubborn').path))


class TestInstallCommand(testtools.TestCase):

    def test_uv_installs_into_the_venv_of_that_python(self):
        command = processes.install_command('/state/venv/bin/python',
                                            ['-c', 'pins.txt', 'nova'])
        self.assertTrue(command[0].endswith('uv'))
        self.assertEqual(['pip', 'install', '--python',
                          '/state/venv/bin/python'], command[1:5])
        self.assertEqual(['-c', 'pins.txt', 'nova'], command[-3:])

    def test_the_services_start_from_compiled_bytecode(self):
        self.assertIn('--compile-bytecode',
                      processes.install_command('/venv/bin/python', ['nova']))
