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

"""The secrets scan: passwords, tokens and auth headers a run let out.

The e2e run scans its workspace with it, tools/reliability every file of
its run; both also read the command lines of the machine's processes while
the run goes on (what ``ps`` shows every user) and check that the cloud
listens on loopback only.

As a command, it scans files for an operator::

  python -m harness.secret_scan [--known-secrets-file JSON] PATH...

prints each finding (masked) and exits 1 if any file holds a secret.
"""

import argparse
import ipaddress
import json
import os
import re
import subprocess
import sys

import psutil

from harness import sampling

# Values that must never show, whatever their context, are given to
# find_secrets; these patterns catch the others (dynamic credentials'
# passwords, tokens) by their shape.
SECRET_PATTERNS = (
    ('password field', re.compile(
        r'''["']?(?:password|admin_password|secret)["']?\s*[:=]\s*'''
        r'''["'](?!\*+["'])(?!None)[^"'\s]{3,}["']''', re.IGNORECASE)),
    ('token header', re.compile(
        r'X-(?:Auth|Subject|Service)-Token["\']?\s*[:=]\s*["\']?'
        r'(?!\{SHA256\})(?!\*)[A-Za-z0-9_\-]{16,}', re.IGNORECASE)),
    ('authorization header', re.compile(
        r'Authorization["\']?\s*[:=]\s*["\']?(?:Bearer|Basic)\s+'
        r'(?!\*)[A-Za-z0-9+/=_\-.]{8,}', re.IGNORECASE)),
    ('fernet token', re.compile(r'gAAAAA[A-Za-z0-9_\-]{40,}')),
    ('password in a URL', re.compile(r'://[^/\s:@]+:(?!\*)[^/\s@]{3,}@')),
)


def find_secrets(text, known_secrets=()):
    """[(kind, excerpt)] of secrets in ``text``; the secret is masked."""
    found = []
    for secret in known_secrets:
        if secret and len(secret) >= 6:
            start = text.find(secret)
            if start >= 0:
                found.append(('known secret', _excerpt(
                    text, start, start + len(secret))))
    for kind, pattern in SECRET_PATTERNS:
        for match in pattern.finditer(text):
            found.append((kind, _excerpt(text, match.start(), match.end())))
    return found


def _excerpt(text, start, end):
    before = text[max(0, start - 30):start]
    after = text[end:end + 10]
    return ('%s<%d chars hidden>%s' % (before, end - start, after)).replace(
        '\n', ' ')


def scan_files(paths, known_secrets):
    """{path: findings} of the files that hold a secret."""
    found = {}
    for path in paths:
        with open(path, 'rb') as f:
            text = f.read().decode('utf-8', 'replace')
        findings = find_secrets(text, known_secrets)
        if findings:
            found[path] = findings
    return found


def files_under(*roots):
    for root in roots:
        if os.path.isfile(root):
            yield root
        for directory, _dirs, names in os.walk(root):
            for name in sorted(names):
                yield os.path.join(directory, name)


def command_lines():
    """{pid: command line} of every process on the machine, as ps shows."""
    found = {}
    for process in psutil.process_iter(['cmdline']):
        cmdline = process.info['cmdline']
        if cmdline:
            found[process.pid] = ' '.join(cmdline)
    return found


class CommandLineSampler(sampling.PeriodicSampler):
    """Samples every process's command line until stopped.

    A password passed as an argument shows in ``ps`` to every user of the
    machine for as long as the process runs.
    """

    def __init__(self, interval=1.0):
        super().__init__(interval)
        self.seen = {}
        self.samples = 0

    def sample(self):
        self.seen.update(command_lines())
        self.samples += 1

    def findings(self, known_secrets):
        """{'pid N': findings} of command lines that held a secret."""
        found = {}
        for pid, line in sorted(self.seen.items()):
            findings = find_secrets(line, known_secrets)
            if findings:
                found['pid %d' % pid] = findings
        return found


def non_loopback_listeners(ports):
    """['address:port (process)'] of TCP listeners off loopback on ports."""
    found = []
    for connection in psutil.net_connections(kind='tcp'):
        if (connection.status != psutil.CONN_LISTEN
                or connection.laddr.port not in ports):
            continue
        if not ipaddress.ip_address(connection.laddr.ip).is_loopback:
            try:
                name = psutil.Process(connection.pid).name()
            except (psutil.Error, TypeError):
                name = '?'
            found.append('%s:%d (%s)' % (connection.laddr.ip,
                                         connection.laddr.port, name))
    return sorted(found)


def listening_addresses(ss_output):
    """[(address, port, process)] of ``ss -ltnupH`` lines."""
    found = []
    for line in ss_output.splitlines():
        words = line.split()
        if len(words) < 5:
            continue
        address, _colon, port = words[4].rpartition(':')
        process = words[6] if len(words) > 6 else '?'
        found.append((address.strip('[]'), port, process))
    return found


def namespace_listeners(namespaces, run=subprocess.run):
    """Listeners in namespaces off loopback and off their own addresses.

    ``namespaces``: {netns: addresses it may listen on}. Returns
    ['netns address:port (process)'].
    """
    found = []
    for netns, allowed in sorted(namespaces.items()):
        result = run(['ip', 'netns', 'exec', netns, 'ss', '-ltnupH'],
                     capture_output=True, text=True)
        for address, port, process in listening_addresses(result.stdout):
            try:
                loopback = ipaddress.ip_address(address).is_loopback
            except ValueError:  # '*': every address
                loopback = False
            if not loopback and address not in allowed:
                found.append('%s %s:%s %s' % (netns, address, port, process))
    return found


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog='python -m harness.secret_scan',
        description='scan files for passwords, tokens and auth headers; '
                    'exit 1 if any')
    parser.add_argument('paths', nargs='+')
    parser.add_argument('--known-secrets-file', action='append', default=[],
                        help='JSON object whose values must not appear')
    args = parser.parse_args(argv)
    known = []
    for path in args.known_secrets_file:
        with open(path) as f:
            known.extend(json.load(f).values())
    found = scan_files(list(files_under(*args.paths)), known)
    for path, findings in sorted(found.items()):
        for kind, excerpt in findings:
            print('secrets: %s: %s: %s' % (path, kind, excerpt))
    print('secrets: %d file(s) with a secret' % len(found))
    return 1 if found else 0


if __name__ == '__main__':
    sys.exit(main())
