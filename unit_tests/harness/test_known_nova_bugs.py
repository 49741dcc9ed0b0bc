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

"""Unit tests of harness/known_nova_bugs.py: which bugs apply, and how."""

import re

from harness import known_nova_bugs
import testtools

from migration_tempest_plugin import verdict

ABORT = known_nova_bugs.KNOWN_NOVA_BUGS[0]
DIES = known_nova_bugs.KNOWN_NOVA_BUGS[1]
UNSHELVE = known_nova_bugs.KNOWN_NOVA_BUGS[2]
RACE = known_nova_bugs.KNOWN_NOVA_BUGS[3]

# (bug, the text its test failed with, a near miss): as each was seen.
_LATE = ('server 68b0 changed 1.1 s after its move looked ended (nova was '
         'not done with it): first status ACTIVE, task_state None, host '
         'compute2, migration %s, then status %s, task_state None, host '
         'compute2, migration error')
_NO_FAULT = ('server 7f0c to be ACTIVE with no task_state failed: server '
             '7f0c went to ERROR%s\nWhat the cloud said:\n...')
_ABORT_RECORD = ('live-migration of server 2a4e to be cancelled failed: '
                 'migration 5c1d (id 7): type=live-migration status=error '
                 'source=compute1/compute1 dest=compute2/compute2 created=x '
                 'updated=y\nWhat the cloud said:\nserver 2a4e: status=%s '
                 'task_state=None vm_state=%s host=compute1')
_PORT = ('Move of server 15f9 from compute1 did not end as expected:\n- port '
         '54d31a47-c872-456e-80c0-927a63543769 of server '
         "15f90218-5c1a-4b9d-824f-2ea19f0b2bbf is bound to 'compute2', the "
         'server is on %s\n')
_GROUP = ("server 3866 went to ERROR, fault: {'code': 500, 'created': "
          "'2026-12-07T19:27:36Z', 'message': '%s instance group policy was "
          "violated', 'details': 'Traceback'}")
PATTERN_SAMPLES = (
    # waiters.hold_still, nova 34.0.0, libvirt.
    (ABORT, _LATE % ('cancelled', 'ERROR'), 'not done after 300 s'),
    (ABORT, _NO_FAULT % '', _NO_FAULT % ", fault: {'message': 'boom'}"),
    (ABORT, _ABORT_RECORD % ('ERROR', 'error'),
     _ABORT_RECORD % ('ACTIVE', 'active')),
    (DIES, _NO_FAULT % '', _NO_FAULT % ", fault: {'message': 'boom'}"),
    (DIES, _LATE % ('error', 'ERROR'), _LATE % ('error', 'SHUTOFF')),
    # verify_move, nova 34.0.0, fake driver.
    (UNSHELVE, _PORT % 'no host', _PORT % 'compute1'),
    # wait_for_server_status, clean-clone CI run of 2026-12-07, fake.
    (RACE, _GROUP % 'Anti-affinity', _GROUP % 'Affinity'),
)


class TestKnownNovaBugs(testtools.TestCase):

    def test_a_bug_applies_to_its_driver_and_releases(self):
        every = list(known_nova_bugs.KNOWN_NOVA_BUGS)
        self.assertEqual(every, known_nova_bugs.applicable('libvirt',
                                                           '34.0.0'))
        self.assertEqual(every, known_nova_bugs.applicable('libvirt',
                                                           '33.0.2'))
        self.assertEqual([RACE],
                         known_nova_bugs.applicable('libvirt', '32.1.0'))
        self.assertEqual([], known_nova_bugs.applicable('libvirt', '27.0.0'))
        self.assertEqual([UNSHELVE, RACE],
                         known_nova_bugs.applicable('fake', '34.0.0'))

    def test_a_fixed_release_is_left_out(self):
        fixed = known_nova_bugs.KnownNovaBug(
            'T.t', 'x', 'breaks', 'cause', ('libvirt',), '33.0.0',
            fixed_in='35.0.0')
        self.assertTrue(fixed.applies('libvirt', '34.0.0'))
        self.assertFalse(fixed.applies('libvirt', '35.0.0'))

    def test_shown_by_its_test_failing_with_its_pattern(self):
        failed = UNSHELVE.test + '[destructive,id-a80b5311]'
        said = ("- port 38bd of server 43ed is bound to 'compute2', the "
                "server is on no host")
        self.assertTrue(UNSHELVE.shown_by(failed, said))
        self.assertFalse(UNSHELVE.shown_by(failed, 'not done after 300 s'))
        self.assertFalse(UNSHELVE.shown_by(ABORT.test, said))

    def test_every_test_named_is_one_of_the_plugin(self):
        ids = {verdict.base_id(test.id())
               for test in verdict._tests(verdict.plugin_suite())}
        for bug in known_nova_bugs.KNOWN_NOVA_BUGS:
            self.assertIn(bug.test, ids)

    def test_each_pattern_matches_its_failure_and_not_its_near_miss(self):
        for bug, said, unlike in PATTERN_SAMPLES:
            self.assertTrue(re.search(bug.pattern, said), said)
            self.assertFalse(re.search(bug.pattern, unlike), unlike)

    def test_a_race_may_pass(self):
        self.assertEqual(['--known-nova-race', RACE.test, RACE.pattern],
                         known_nova_bugs.verdict_arguments([RACE]))

    def test_verdict_arguments(self):
        self.assertEqual(
            ['--known-nova-bug', ABORT.test, ABORT.pattern],
            known_nova_bugs.verdict_arguments([ABORT]))
