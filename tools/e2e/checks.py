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

"""What the e2e run checks besides its tests: leaks, secrets, listeners."""

import os

from harness import leaks
from harness import secret_scan
from minicloud import cloud
from minicloud import config


def check_run(settings, conn, census_before, command_lines):
    """After the run: the census line, then the secrets scan.

    Scans the workspace's tempest logs, its stestr repository (subunit
    streams with their attachments), the plugin's report, what the run
    printed and the command lines ``command_lines`` (a
    secret_scan.CommandLineSampler) saw during the run; then the cloud's
    listening sockets, in the root namespace and in its hosts' and probe's
    namespaces. Returns the number of problems: leaked resources, files
    and processes holding a secret, listeners off loopback (or off a
    host's private address, in its namespace).
    """
    from migration_tempest_plugin import census

    leaked = leaks.leaks_since(conn, census_before, census.CREDENTIALS_PREFIX,
                               [tempest_log(settings)])
    known = list(config.load_secrets(settings).values())
    paths = [path for path in secret_scan.files_under(settings.workspace)
             if not path.endswith(('tempest.conf', '.json'))]
    found = secret_scan.scan_files(paths, known)
    for path, findings in sorted(found.items()):
        for kind, excerpt in findings[:3]:
            print('secrets: %s: %s: %s' % (path, kind, excerpt))
    print('secrets: scanned %d files of the run (tempest log, subunit '
          'streams, report, output): %d with a secret'
          % (len(paths), len(found)))
    in_processes = command_lines.findings(known)
    for pid, findings in sorted(in_processes.items()):
        print('secrets: command line of %s: %s: %s' % (
            pid, findings[0][0], findings[0][1]))
    print('secrets: scanned the command lines of %d processes in %d '
          'samples during the run: %d with a secret'
          % (len(command_lines.seen), command_lines.samples,
             len(in_processes)))
    exposed = secret_scan.non_loopback_listeners(
        {settings.port(name) for name in config.PORT_OFFSETS})
    print('secrets: listeners of the cloud off loopback: %s'
          % (', '.join(exposed) or 'none'))
    namespaces = cloud.namespaces(settings)
    inside = secret_scan.namespace_listeners(namespaces)
    print("secrets: listeners in the cloud's %d network namespaces off "
          'loopback and their hosts\' private addresses: %s'
          % (len(namespaces), ', '.join(inside) or 'none'))
    exposed += inside
    return leaked + len(found) + len(in_processes) + len(exposed)


def tempest_log(settings):
    return os.path.join(settings.workspace, 'logs', 'tempest.log')
