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

"""4. Bad tempest.conf inputs, each run through tempest: a skip or error
naming the option, and no server ever created.
"""

import dataclasses

from reliability import plugin_tests

TESTS = plugin_tests.TESTS
LIVE_TEST = (TESTS + 'test_live_migration.LiveMigrateOneSiblingTest.'
             'test_live_migrate_one_sibling_scheduler_picks_host')
RESIZE_TESTS = TESTS + 'test_resize.'
EVACUATE_TESTS = TESTS + 'test_evacuate.'


@dataclasses.dataclass(frozen=True)
class BadInput:
    """A tempest.conf change and the text its refusal must show.

    ``changes`` maps (section, option) to a value, or None to remove it.
    """

    name: str
    changes: dict
    test: str
    expected: str


def _option(section, option, value):
    return {(section, option): value}


BAD_INPUTS = (
    BadInput('image missing', _option('compute', 'image_ref', ''),
             LIVE_TEST, '[compute] image_ref is not set'),
    BadInput('image unknown', _option('compute', 'image_ref', 'no-such'),
             LIVE_TEST, '[compute] image_ref is no-such, which the test '
                        'user cannot find'),
    BadInput('flavor missing', _option('compute', 'flavor_ref', ''),
             LIVE_TEST, '[compute] flavor_ref is not set'),
    BadInput('flavor unknown', _option('compute', 'flavor_ref', 'no-such'),
             LIVE_TEST, '[compute] flavor_ref is no-such, which the test '
                        'user cannot find'),
    BadInput('resize to the same flavor',
             _option('compute', 'flavor_ref_alt', 'minicloud-1'),
             RESIZE_TESTS, '[compute] flavor_ref_alt is minicloud-1, the '
                           'same flavor as [compute] flavor_ref'),
    BadInput('sibling count 1', _option('migration', 'sibling_count', '1'),
             LIVE_TEST, "[migration] sibling_count is '1'"),
    BadInput('sibling count 0', _option('migration', 'sibling_count', '0'),
             LIVE_TEST, "[migration] sibling_count is '0'"),
    BadInput('sibling count negative',
             _option('migration', 'sibling_count', '-2'),
             LIVE_TEST, "[migration] sibling_count is '-2'"),
    BadInput('sibling count not a number',
             _option('migration', 'sibling_count', 'two'),
             LIVE_TEST, "[migration] sibling_count is 'two'"),
    BadInput('unknown block migration mode',
             _option('migration', 'block_migration', 'sometimes'),
             LIVE_TEST, "[migration] block_migration is 'sometimes'"),
    BadInput('unknown network', _option('migration', 'network', 'no-such'),
             LIVE_TEST, '[migration] network is no-such, a network the '
                        'test user cannot find'),
    BadInput('move timeout 0', _option('migration', 'move_timeout', '0'),
             LIVE_TEST, "[migration] move_timeout is '0'"),
    BadInput('poll interval negative',
             _option('migration', 'poll_interval', '-1'),
             LIVE_TEST, "[migration] poll_interval is '-1'"),
    BadInput('live migration disabled',
             _option('compute-feature-enabled', 'live_migration', 'false'),
             LIVE_TEST, '[compute-feature-enabled] live_migration = False'),
    BadInput('one compute node',
             _option('compute', 'min_compute_nodes', '1'),
             LIVE_TEST, '[compute] min_compute_nodes is 1'),
    BadInput('no admin credentials',
             {('auth', 'admin_username'): None,
              ('auth', 'admin_password'): None,
              ('auth', 'admin_project_name'): None},
             LIVE_TEST, 'Missing admin credentials: set [auth]'),
    BadInput('wrong password',
             _option('auth', 'admin_password', 'not-the-password'),
             LIVE_TEST, '[auth] admin_password or [auth] admin_username '
                        '(admin) was refused by Keystone'),
    BadInput('unreachable identity URI',
             _option('identity', 'uri_v3', 'http://127.0.0.1:9/v3'),
             LIVE_TEST, '[identity] uri_v3 is http://127.0.0.1:9/v3, where '
                        'no Keystone v3 answers'),
    BadInput('CA file missing',
             _option('identity', 'ca_certificates_file',
                     '/nonexistent/ca.pem'),
             LIVE_TEST, '[identity] ca_certificates_file is '
                        '/nonexistent/ca.pem, which is not a readable file'),
    BadInput('avoid-list matching every host',
             _option('compute', 'target_hosts_to_avoid', 'compute'),
             plugin_tests.LIVE_TO_HOST_TEST,
             "[compute] target_hosts_to_avoid is 'compute', which every up "
             "and enabled"),
    BadInput('evacuate not a boolean',
             _option('migration', 'evacuate', 'sometimes'),
             EVACUATE_TESTS, "[migration] evacuate is 'sometimes'"),
    BadInput('evacuate without stop command',
             _option('migration', 'compute_stop_command', ''),
             EVACUATE_TESTS, '[migration] compute_stop_command is not set'),
    BadInput('evacuate without start command',
             _option('migration', 'compute_start_command', None),
             EVACUATE_TESTS, '[migration] compute_start_command is not set'),
)


def bad_input(ctx, number, bad_input):
    part = 'bad-%02d' % number
    conf, prefix, _log = ctx.write_conf(part, bad_input.changes)
    result = ctx.tempest(conf, bad_input.test).run()
    created = ctx.servers_ever_named(prefix)
    answered, why = refusal_verdict(bad_input, result.counts,
                                    result.output, created)
    ctx.say('bad input %d (%s): %s' % (number, bad_input.name, why))
    return answered


def refusal_verdict(bad_input, counts, output, servers_created):
    """(answered, why not) for one bad input's tempest run."""
    if counts.get('passed'):
        return False, 'a test passed'
    if not (counts.get('skipped') or counts.get('failed')):
        return False, 'no skip and no failure'
    if bad_input.expected not in output:
        return False, 'the output does not say %r' % bad_input.expected
    if servers_created:
        return False, 'servers were created: %s' % ', '.join(servers_created)
    return True, 'answered'
