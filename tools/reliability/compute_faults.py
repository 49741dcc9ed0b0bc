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

"""3. A move's destination nova-compute stopped mid-move: the test must
fail within its move timeout naming nova's error, leave nothing, and the
cloud must be healthy again.
"""

import json
import os
import re
import subprocess
import sys


def fault(ctx, move):
    part = 'fault-%s' % move
    conf, prefix, log = ctx.write_conf(part, {
        ('migration', 'move_timeout'): str(ctx.fault_timeout)})
    before = ctx.census(prefix, [log])
    result_file = os.path.join(ctx.workdir, part, 'result.json')
    try:
        # A process of its own: tempest reads its config once.
        subprocess.run([sys.executable, '-m', 'reliability',
                        'inject-fault', '--conf', conf, '--move', move,
                        '--result', result_file],
                       cwd=os.path.dirname(conf),
                       env=dict(os.environ, **ctx.settings.environ()))
    finally:
        ctx.restart_stopped_computes()
    with open(result_file) as f:
        result = json.load(f)
    leaked = ctx.leaks_since(before, prefix, [log])
    healthy = ctx.wait_healthy()
    outcome, why = fault_verdict(result, ctx.fault_timeout, leaked,
                                 healthy)
    ctx.say('fault %s: %s (%s)' % (move, outcome, why))
    return outcome


# The outcomes of a fault run.
DIAGNOSED = 'diagnosed'
TIMED_OUT = 'timed out'
NOT_DIAGNOSED = 'NOT diagnosed'

# In a failure's own words (before "What the cloud said:"): a wait that
# ran out, and the plugin's own account of a move nova never ended
# (describe.describe_stuck): since when, and what nova holds.
WAIT_RAN_OUT = re.compile(r'not done after \S+ s')
STUCK = re.compile(r'the move is stuck: migration \S+ \(id \S+\): '
                   r'type=\S+ status=(\S+) .*? since (\S+).*?; nova holds '
                   r'the server .*?; Placement holds for the server: .*?; '
                   r'under the migration: ')
# nova's error for the move: a failed event of its request, else its record.
NOVA_ERRORS = (re.compile(r'\S+ result=Error[^;\n]*'),
               re.compile(r'migration \S+ \(id \S+\): type=\S+ '
                          r'status=(?:error|failed)[^\n;]*'))


def fault_verdict(result, move_timeout, leaks, healthy):
    """(outcome, why) of one fault run's result (see inject_fault).

    DIAGNOSED: the failure names nova's error for the move, or, where nova
    never ends the request, the plugin says the move is stuck, since when
    and what nova holds for it. TIMED_OUT: a wait ran out without either
    (reported apart: a timeout alone is no diagnosis). What the harness
    knows of the fault it put (which compute it stopped) counts for
    nothing: the failure must say it in its own words.
    """
    if result.get('outcome') != 'failed':
        return NOT_DIAGNOSED, 'the test did not fail: %s' % result.get(
            'outcome')
    after_request = result['failed_at'] - result['requested_at']
    if after_request > move_timeout + result.get('poll_interval', 0) + 30:
        return NOT_DIAGNOSED, (
            'it failed %.0f s after the move request, beyond the move '
            'timeout of %d s' % (after_request, move_timeout))
    own_words = result['message'].split('What the cloud said:')[0]
    if WAIT_RAN_OUT.search(own_words):
        stuck = STUCK.search(own_words)
        if not stuck:
            return TIMED_OUT, ('a wait ran out %.0f s after the move '
                               'request and says no more of the move'
                               % after_request)
        cause = ('the plugin says the move is stuck: its record %s since '
                 '%s, with what nova holds' % stuck.groups())
    else:
        error = next(filter(None, (pattern.search(own_words)
                                   for pattern in NOVA_ERRORS)), None)
        if not error:
            return NOT_DIAGNOSED, ("the failure does not give nova's error "
                                   "for the move")
        cause = "nova's error: %s" % error.group(0).strip()
    if leaks:
        return NOT_DIAGNOSED, '%d resources leaked' % leaks
    if not healthy:
        return NOT_DIAGNOSED, 'the cloud is not healthy again'
    return DIAGNOSED, ('failed %.0f s after the move request (move timeout '
                       '%d s); %s; nothing leaked; cloud healthy again'
                       % (after_request, move_timeout, cause))
