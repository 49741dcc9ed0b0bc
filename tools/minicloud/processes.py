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

"""Processes of the cloud: pid files, start, stop, ports, setup commands."""

import contextlib
import os
import socket
import subprocess
import time

from migration_tempest_plugin.common import scrubbing
import psutil
import uv

from minicloud import config
from minicloud import errors
from minicloud import files


def proc_start_time(pid):
    """Start time of a live (not zombie) process, or None."""
    try:
        process = psutil.Process(pid)
        if process.status() in (psutil.STATUS_ZOMBIE, psutil.STATUS_DEAD):
            return None
        # Two decimals: the start time is recorded in the pid file as text.
        return round(process.create_time(), 2)
    except psutil.Error:
        return None


class PidFile(object):
    """pid and start time of a process this tool started."""

    def __init__(self, settings, name):
        self.name = name
        self.path = os.path.join(settings.run_dir, name + '.pid')

    def write(self, pid):
        start = proc_start_time(pid)
        files.write_if_changed(self.path, '%d %r\n' % (pid, start), 0o644)

    def read(self):
        """(pid, start time) recorded, or (None, None)."""
        try:
            with open(self.path) as f:
                pid, start = f.read().split()
            return int(pid), float(start) if start != 'None' else None
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


def popen_logged(name, argv, log_path, env=None, cwd=None):
    """Start ``name`` in its own session, output appended to its log.

    ``env``: variables added to this process's environment. Returns the
    Popen.
    """
    os.makedirs(os.path.dirname(log_path), exist_ok=True)
    with open(log_path, 'ab') as log:
        log.write(('\n==== minicloud: starting %s at %s: %s\n' % (
            name, time.strftime('%Y-%m-%d %H:%M:%S'),
            ' '.join(argv))).encode())
        log.flush()
        return subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=log,
            stderr=subprocess.STDOUT, cwd=cwd,
            env=dict(os.environ, **(env or {})), start_new_session=True)


def start_process(settings, name, argv, env=None, cwd=None):
    """Start a service in its own session; its output goes to its log."""
    proc = popen_logged(name, argv, settings.log(name), env,
                        cwd or settings.state_dir)
    PidFile(settings, name).write(proc.pid)
    return proc.pid


def stop_processes(settings, names, grace=10):
    """SIGTERM these services and what they forked, SIGKILL after grace.

    Returns only when every one is gone. A service's helpers (uWSGI
    workers, Erlang's port programs) are its descendants.
    """
    running = []
    for name in names:
        pidfile = PidFile(settings, name)
        pid = pidfile.alive_pid()
        if pid is None:
            pidfile.remove()
            continue
        with contextlib.suppress(psutil.Error):
            leader = psutil.Process(pid)
            running += [leader] + leader.children(recursive=True)
    terminate(running, grace)
    for name in names:
        PidFile(settings, name).remove()


def terminate(running, grace):
    """SIGTERM these psutil processes, SIGKILL what is left after grace."""
    for process in running:
        with contextlib.suppress(psutil.Error):
            process.terminate()
    _gone, alive = psutil.wait_procs(running, timeout=grace)
    for process in alive:
        with contextlib.suppress(psutil.Error):
            process.kill()
    psutil.wait_procs(alive, timeout=10)


def tree(pid):
    """The process ``pid`` and every descendant of it; [] if it is gone."""
    with contextlib.suppress(psutil.NoSuchProcess):
        process = psutil.Process(pid)
        return [process] + process.children(recursive=True)
    return []


def terminate_tree(pid, grace=10):
    """Stop a process and every descendant of it (see terminate)."""
    terminate(tree(pid), grace)


def strays(settings):
    """Live processes of this cloud whatever the pid files say.

    Every service of the cloud runs a program or reads a file under its
    state dir; a process that names it in its command line or executable
    is this cloud's, also when its pid file is gone or names another
    process (a compute restarted twice, a start that failed half-way), and
    so are its descendants (a worker that retitled itself, as nova's
    conductor workers do). This process and its ancestors never are.
    """
    # As the services' command lines spell it (settings' absolute path).
    marker = os.path.join(settings.state_dir, '')
    ours = {os.getpid()} | {p.pid for p in psutil.Process().parents()}
    found = {}
    for process in psutil.process_iter(['cmdline', 'exe']):
        words = (process.info['cmdline'] or []) + [process.info['exe'] or '']
        if process.pid not in ours and any(marker in w for w in words):
            found.update((p.pid, p) for p in tree(process.pid))
    return [process for pid, process in sorted(found.items())
            if pid not in ours]


def memory_of(running):
    """(processes, RSS, PSS) in bytes of these psutil processes.

    PSS shares each page among the processes that map it (the uWSGI
    workers fork from one master), so its sum does not count a page twice.
    """
    count = rss = pss = 0
    for process in {p.pid: p for p in running}.values():
        with contextlib.suppress(psutil.Error):
            info = process.memory_full_info()
            count += 1
            rss += info.rss
            pss += info.pss
    return count, rss, pss


def stop_strays(settings, grace=10):
    """SIGTERM what strays() finds, SIGKILL after grace; their pids."""
    found = strays(settings)
    terminate(found, grace)
    return sorted(process.pid for process in found)


def log_tail(path, lines=config.LOG_TAIL_LINES):
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
    return errors.MinicloudError(
        '%s %s.\nLog: %s\n---- last lines of %s ----\n%s\n----\n'
        'All logs: %s\nIf `up` fails here again, the state is broken: '
        '`%s` deletes it (databases, logs; not the venv), '
        'then `up` starts afresh.' % (
            name, reason, path, os.path.basename(path), log_tail(path),
            settings.log_dir, config.command_line('down', '--purge')))


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


def port_owner(port):
    """'pid N (command)' of the process listening on a port, if visible."""
    with contextlib.suppress(psutil.Error):
        for connection in psutil.net_connections(kind='tcp'):
            if (connection.status == psutil.CONN_LISTEN and connection.pid
                    and connection.laddr.port == port):
                command = ' '.join(psutil.Process(connection.pid).cmdline())
                return 'pid %d (%s)' % (connection.pid, command[:120])
    return None


def connected_to(pid, port):
    """Does the process or one it forked hold a TCP connection to port?"""
    with contextlib.suppress(psutil.Error):
        leader = psutil.Process(pid)
        for process in [leader] + leader.children(recursive=True):
            with contextlib.suppress(psutil.Error):
                if any(connection.raddr and connection.raddr.port == port
                       for connection in process.net_connections('tcp')):
                    return True
    return False


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
        raise errors.MinicloudError(
            '\n'.join(taken) + '\nStop that process, or pick another range '
            'with MINICLOUD_PORT_BASE (now %d; ports %d-%d).' % (
                settings.port_base, settings.port_base,
                settings.port_base + max(config.PORT_OFFSETS.values())))


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


def shown(argv):
    """A command line to print or log, secrets masked."""
    return scrubbing.scrub(' '.join(argv))


def install_command(python, arguments):
    """The command installing ``arguments`` into the venv of ``python``.

    uv resolves and unpacks in seconds what pip takes minutes for. It
    compiles the bytecode as pip would: the services start from it.
    """
    return [uv.find_uv_bin(), 'pip', 'install', '--python', python,
            '--compile-bytecode'] + list(arguments)


def run_logged(settings, step, argv, log=None, ok_codes=(0,), env=None):
    """Run a setup command, output appended to a log; fail with its tail."""
    log = log or settings.log('setup-' + step)
    os.makedirs(os.path.dirname(log), exist_ok=True)
    with open(log, 'ab') as f:
        f.write(('\n==== minicloud: %s\n' % shown(argv)).encode())
        f.flush()
        result = subprocess.run(
            argv, stdout=f, stderr=subprocess.STDOUT, cwd=settings.state_dir,
            stdin=subprocess.DEVNULL, env=dict(os.environ, **(env or {})))
    if result.returncode not in ok_codes:
        raise errors.MinicloudError(
            '%s failed (exit %d): %s\nLog: %s\n---- last lines ----\n%s'
            % (step, result.returncode, shown(argv), log, log_tail(log)))
