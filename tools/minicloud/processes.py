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
import signal
import socket
import subprocess
import time

from minicloud import config
from minicloud import errors
from minicloud import files


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
        files.write_if_changed(self.path, '%d %s\n' % (pid, start), 0o644)

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
        raise errors.MinicloudError(
            '%s failed (exit %d): %s\nLog: %s\n---- last lines ----\n%s'
            % (step, result.returncode, shown(argv), log, log_tail(log)))
