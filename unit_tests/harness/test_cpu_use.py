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

"""Unit tests of harness/cpu_use.py: CPU seconds by service."""

import collections
from unittest import mock

from harness import cpu_use
import testtools

Times = collections.namedtuple('Times', 'user system')
Machine = collections.namedtuple('Machine', 'user system idle iowait')


def process(pid, user, created=1.0):
    return mock.Mock(pid=pid, info={'cpu_times': Times(user, 0.0),
                                    'create_time': created})


class FakeMachine(object):
    """Processes and machine times that the test moves on by hand."""

    def __init__(self):
        self.processes = []
        self.times = Machine(0.0, 0.0, 0.0, 0.0)

    def cpu_use(self, labels, own=()):
        return cpu_use.CpuUse(lambda: labels, interval=3600,
                              process_iter=lambda: list(self.processes),
                              cpu_times=lambda: self.times,
                              own_pids=lambda: set(own),
                              cpu_count=lambda: 2)


class TestCpuUse(testtools.TestCase):

    def test_seconds_used_inside_the_block_by_service(self):
        machine = FakeMachine()
        machine.processes = [process(10, 100.0), process(11, 50.0),
                             process(20, 5.0), process(30, 7.0)]
        use = machine.cpu_use({10: 'neutron', 11: 'neutron', 20: 'nova-api'},
                              own=[30])
        with use:
            pass
        # Between the first look and the last, at the block's end.
        machine.processes = [process(10, 130.0), process(11, 60.0),
                             process(20, 25.0), process(30, 8.0),
                             process(40, 2.0, created=9.0)]
        use.sample()
        self.assertEqual({'neutron': 40.0, 'nova-api': 20.0,
                          cpu_use.ELSEWHERE: 2.0, cpu_use.THE_RUN: 1.0},
                         use.by_label())

    def test_a_process_born_inside_the_block_counts_from_zero(self):
        machine = FakeMachine()
        use = machine.cpu_use({})
        machine.processes = [process(10, 3.0)]
        use.sample()
        machine.processes = [process(10, 4.0), process(11, 6.0, created=5)]
        use.sample()
        self.assertEqual({cpu_use.ELSEWHERE: 7.0}, use.by_label())

    def test_a_restarted_service_is_a_new_process(self):
        machine = FakeMachine()
        use = machine.cpu_use({10: 'compute1'})
        machine.processes = [process(10, 3.0)]
        use.sample()
        machine.processes = [process(10, 2.0, created=7.0)]
        use.sample()
        self.assertEqual({'compute1': 2.0}, use.by_label())

    def test_the_line_says_how_busy_the_cores_were(self):
        machine = FakeMachine()
        machine.processes = [process(10, 0.0)]
        use = machine.cpu_use({10: 'neutron'})
        with use:
            machine.processes = [process(10, 30.0)]
            # 2 cores for 50 s: 100 s of which 80 busy.
            machine.times = Machine(70.0, 10.0, 20.0, 0.0)
        self.assertEqual(
            'cpu: 80 s busy of 100 (2 cores for 50 s: 80%); seconds by '
            'service: neutron 30, not seen 50', use.line())

    def test_beyond_the_first_services_the_others_are_summed(self):
        machine = FakeMachine()
        labels = {pid: 'service%d' % pid for pid in range(12)}
        machine.processes = [process(pid, 0.0) for pid in labels]
        use = machine.cpu_use(labels)
        with use:
            machine.processes = [process(pid, 12.0 - pid) for pid in labels]
            machine.times = Machine(78.0, 0.0, 22.0, 0.0)
        self.assertIn('service9 3, 2 others 3, not seen 0', use.line())
