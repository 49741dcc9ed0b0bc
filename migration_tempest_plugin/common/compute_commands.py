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

"""Commands of the operator's that act on a compute host.

The API cannot stop a compute service nor break a host, so tempest.conf
gives command templates: ``[migration] compute_stop_command`` and
``compute_start_command``, in which ``{host}`` stands for the compute host,
and ``fault_command`` and ``heal_command``, which also take ``{fault}``
(a fault's name) and ``{server}`` (the UUID of the server the test moves).
A template is split into arguments as a shell would split it and run
without a shell; the values are substituted into the arguments after the
split and must look like what they are (a host name, a fault name, a
UUID), so they can add no command of their own.
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
FAULT_OPTION = '[migration] fault_command'
HEAL_OPTION = '[migration] heal_command'

# What each placeholder may hold. Host names as nova reports them: DNS
# labels, FQDNs, node names.
PLACEHOLDERS = {
    'host': ('a host name', re.compile(r'^[A-Za-z0-9][A-Za-z0-9._-]*$')),
    'fault': ('a fault name', re.compile(r'^[a-z][a-z0-9-]*$')),
    # A fault on the whole host has no server: 'none'.
    'server': ('a server UUID or none',
               re.compile(r'^([0-9a-fA-F-]{32,36}|none)$')),
}

# Characters of a failed command's output kept in the error.
OUTPUT_TAIL = 4000


class CommandFailed(Exception):
    """A compute command failed or timed out; says what it printed.

    The message is scrubbed: a command line or its output may hold a
    password.
    """

    def __init__(self, message):
        super().__init__(scrubbing.scrub(message))


def command_argv(template, host, option, **values):
    """The arguments of ``template`` with ``{host}`` (and ``values``) in.

    :param values: ``fault`` and ``server`` for a fault's command.
    :raises CommandFailed: for a value that is not what its placeholder
        holds, or a template that shlex cannot split; naming ``option``.
    """
    values = dict(values, host=host)
    for name, value in values.items():
        what, pattern = PLACEHOLDERS[name]
        if not pattern.match(value or ''):
            raise CommandFailed('%s: refusing to run it for %s %r, which is '
                                'not %s' % (option, name, value, what))
    try:
        words = shlex.split(template)
    except ValueError as error:
        raise CommandFailed('%s cannot be split into arguments (%s): %s'
                            % (option, error, template))
    if not words:
        raise CommandFailed('%s is empty' % option)
    argv = []
    for word in words:
        for name, value in values.items():
            word = word.replace('{%s}' % name, value)
        argv.append(word)
    return argv


def _tail(output):
    if isinstance(output, bytes):
        output = output.decode('utf-8', 'replace')
    output = (output or '').strip()
    if len(output) > OUTPUT_TAIL:
        output = '...' + output[-OUTPUT_TAIL:]
    return output or '(no output)'


def run_compute_command(template, host, option, timeout, **values):
    """Run the command of ``option`` for ``host``; wait at most ``timeout``.

    ``values``: ``fault`` and ``server`` for a fault's command. Raises
    CommandFailed, with the command, its exit code or the timeout, and the
    end of its output, when it does not exit with 0 in time.
    """
    argv = command_argv(template, host, option, **values)
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
