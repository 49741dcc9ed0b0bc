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

"""Unit tests of reliability/compute_faults.py: a fault's diagnosis."""

from reliability import compute_faults
import testtools


class TestFaultVerdict(testtools.TestCase):

    COMPUTES = ('\nWhat the cloud said:\nnova-compute of the hosts '
                'involved: compute1 (up, enabled, zone nova), compute2 '
                '(down, enabled, zone nova)')
    # What waiters.wait_for_migration says when it runs out.
    STUCK = ('WaitTimeout: migration of server s to be confirmed: not done '
             'after 90 s (40 polls). Last seen: the move is stuck: migration '
             'm-1 (id 3): type=migration status=pre-migrating '
             'source=compute1/compute1 dest=compute2/compute2 created=2026-'
             '12-07T11:30:00 updated=2026-12-07T11:30:01 has been '
             'pre-migrating since 2026-12-07T11:30:01 (88 s); nova holds the '
             'server status=RESIZE task_state=resize_prep vm_state=active '
             'host=compute1 node=compute1; Placement holds for the server: '
             'compute2 (rp-2) VCPU=1; under the migration: compute1 (rp-1) '
             'VCPU=1')
    REFUSED = ('WaitFailed: live-migration of server s to be completed '
               'failed: migration m-2 (id 4): type=live-migration '
               'status=error source=compute1/compute1 dest=compute2/compute2'
               '; action live-migration request=req-1 message=Error events: '
               'conductor_live_migrate_instance result=Error host=ctl '
               'details: Migration pre-check error: Compute service of '
               'compute2 is unavailable at this time.')
    RESULT = {'outcome': 'failed', 'destination': 'compute2',
              'requested_at': 100.0, 'failed_at': 190.5,
              'poll_interval': 1.0, 'message': STUCK + COMPUTES}

    def verdict(self, leaks=0, healthy=True, **changes):
        result = dict(self.RESULT, **changes)
        return compute_faults.fault_verdict(result, 90, leaks, healthy)

    def test_the_plugin_says_the_move_is_stuck_since_when(self):
        outcome, why = self.verdict()
        self.assertEqual(compute_faults.DIAGNOSED, outcome, why)
        self.assertIn('the plugin says the move is stuck: its record '
                      'pre-migrating since 2026-12-07T11:30:01', why)

    def test_novas_own_error_for_the_move(self):
        outcome, why = self.verdict(message=self.REFUSED + self.COMPUTES,
                                    failed_at=101.0)
        self.assertEqual(compute_faults.DIAGNOSED, outcome, why)
        self.assertIn("nova's error: conductor_live_migrate_instance "
                      "result=Error host=ctl details: Migration pre-check "
                      "error", why)

    def test_a_timeout_naming_the_down_compute_is_a_timeout(self):
        # The harness's own description of what it stopped, in what the
        # cloud said, is no diagnosis.
        outcome, why = self.verdict(
            message='WaitTimeout: server s to be ACTIVE: not done after 90 '
                    's (40 polls). Last seen: status=ACTIVE' + self.COMPUTES)
        self.assertEqual(compute_faults.TIMED_OUT, outcome)
        self.assertIn('says no more of the move', why)

    def test_an_old_style_last_record_is_a_timeout(self):
        outcome, _why = self.verdict(
            message='WaitTimeout: migration of server s to be confirmed: not '
                    'done after 90 s (40 polls). Last seen: migration m-1 (id '
                    '3): type=migration status=pre-migrating' + self.COMPUTES)
        self.assertEqual(compute_faults.TIMED_OUT, outcome)

    def test_errors_only_in_what_the_cloud_said_do_not_count(self):
        outcome, why = self.verdict(
            message='AssertionError: boom' + self.COMPUTES
            + '\nevents: x result=Error')
        self.assertEqual(compute_faults.NOT_DIAGNOSED, outcome)
        self.assertIn("does not give nova's error", why)

    def test_a_pass_is_not_diagnosed(self):
        self.assertEqual(compute_faults.NOT_DIAGNOSED,
                         self.verdict(outcome='passed')[0])

    def test_failure_after_the_move_timeout(self):
        self.assertEqual(compute_faults.NOT_DIAGNOSED,
                         self.verdict(failed_at=400.0)[0])

    def test_leak_or_unhealthy_cloud(self):
        for bad in ({'leaks': 1}, {'healthy': False}):
            self.assertEqual(compute_faults.NOT_DIAGNOSED,
                             self.verdict(**bad)[0])
