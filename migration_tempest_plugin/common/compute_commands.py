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

"""Stop and start a nova-compute service with the operator's commands.

The API cannot stop a compute service, so tempest.conf gives two command
templates, ``[migration] compute_stop_command`` and
``compute_start_command``, in which ``{host}`` stands for the compute host.
The template is split into arguments as a shell would split it and run
without a shell; the host name is substituted into the arguments after the
split and must look like a host name, so it can add no command of its own.
"""

import re
import shlex
import subprocess
import time

from oslo_log import log as logging

from migration_tempest_plugin.common import scrubbing

LOG = logging.getLogger(__name__)

STOP_OPTION = '[migration] compute_stop_command'
START_OPTION = '[migration] compute_start_command'

HOST_PLACEHOLDER = '{host}'

# Host names as nova reports them: DNS labels, FQDNs, node names.
HOST_NAME = re.compile(r'^[A-Za-z0-9][A-Za-z0-9._-]*$')

# Characters of a failed command's output kept in the error.
OUTPUT_TAIL = 4000


class CommandFailed(Exception):
    """A compute command failed or timed out; says what it printed.

    The message is scrubbed: a command line or its output may hold a
    password.
    """

    def __init__(self, message):
        super().__init__(scrubbing.scrub(message))


def command_argv(template, host, option):
    """The arguments of ``template`` with ``{host}`` replaced.

    :raises CommandFailed: for a host name that is not one, or a template
        that shlex cannot split; naming ``option``.
    """
    if not HOST_NAME.match(host or ''):
        raise CommandFailed('%s: refusing to run it for host %r, which is '
                            'not a host name' % (option, host))
    try:
        words = shlex.split(template)
    except ValueError as error:
        raise CommandFailed('%s cannot be split into arguments (%s): %s'
                            % (option, error, template))
    if not words:
        raise CommandFailed('%s is empty' % option)
    return [word.replace(HOST_PLACEHOLDER, host) for word in words]


def _tail(output):
    if isinstance(output, bytes):
        output = output.decode('utf-8', 'replace')
    output = (output or '').strip()
    if len(output) > OUTPUT_TAIL:
        output = '...' + output[-OUTPUT_TAIL:]
    return output or '(no output)'


def run_compute_command(template, host, option, timeout):
    """Run the command of ``option`` for ``host``; wait at most ``timeout``.

    Raises CommandFailed, with the command, its exit
    code or the timeout, and the end of its output, when it does not exit
    with 0 in time.
    """
    argv = command_argv(template, host, option)
    LOG.info('Running %s for %s: %s', option, host,
             scrubbing.scrub(shlex.join(argv)))
    start = time.monotonic()
    try:
        done = subprocess.run(argv, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT,
                              timeout=timeout, check=False)
    except subprocess.TimeoutExpired as expired:
        raise CommandFailed('%s for %s did not end within %s s: %s\n'
                            'Output:\n%s' % (option, host, timeout,
                                             shlex.join(argv),
                                             _tail(expired.output)))
    except OSError as error:
        raise CommandFailed('%s for %s could not be run: %s: %s'
                            % (option, host, shlex.join(argv), error))
    elapsed = time.monotonic() - start
    if done.returncode != 0:
        raise CommandFailed('%s for %s exited with %d after %.1f s: %s\n'
                            'Output:\n%s' % (option, host, done.returncode,
                                             elapsed, shlex.join(argv),
                                             _tail(done.stdout)))
    LOG.info('%s for %s done in %.1f s; output: %s', option, host, elapsed,
             scrubbing.scrub(_tail(done.stdout)))
