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
    STUCK = ('WaitTimeout: migration of server s to be confirmed: not done '
             'after 90 s (40 polls). Last seen: migration m-1 (id 3): '
             'type=migration status=pre-migrating source=compute1/compute1 '
             'dest=compute2/compute2')
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

    def test_record_stuck_with_its_destination_down(self):
        diagnosed, why = self.verdict()
        self.assertTrue(diagnosed, why)
        self.assertIn('record stuck in pre-migrating with nova-compute on '
                      'compute2 down', why)

    def test_novas_own_error_for_the_move(self):
        diagnosed, why = self.verdict(message=self.REFUSED + self.COMPUTES,
                                      failed_at=101.0)
        self.assertTrue(diagnosed, why)
        self.assertIn("nova's error: conductor_live_migrate_instance "
                      "result=Error host=ctl details: Migration pre-check "
                      "error", why)

    def test_a_plain_timeout_naming_the_down_compute_is_not_diagnosed(self):
        diagnosed, why = self.verdict(
            message='WaitTimeout: server s to be ACTIVE: not done after 90 '
                    's (40 polls). Last seen: status=ACTIVE' + self.COMPUTES)
        self.assertFalse(diagnosed)
        self.assertIn('a plain timeout', why)

    def test_a_stuck_record_without_the_down_destination(self):
        self.assertFalse(self.verdict(message=self.STUCK)[0])

    def test_errors_only_in_what_the_cloud_said_do_not_count(self):
        diagnosed, why = self.verdict(
            message='AssertionError: boom' + self.COMPUTES
            + '\nevents: x result=Error')
        self.assertFalse(diagnosed)
        self.assertIn("does not give nova's error", why)

    def test_a_pass_is_not_diagnosed(self):
        self.assertFalse(self.verdict(outcome='passed')[0])

    def test_failure_after_the_move_timeout(self):
        self.assertFalse(self.verdict(failed_at=400.0)[0])

    def test_leak_or_unhealthy_cloud(self):
        self.assertFalse(self.verdict(leaks=1)[0])
        self.assertFalse(self.verdict(healthy=False)[0])
