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

"""The fault of a compute_faults check, injected into one plugin test in
a process of its own (python -m reliability inject-fault).
"""

import json
import time

from harness import faults
from reliability import plugin_tests


def inject_fault(conf, move, result_file):
    """Run one move test with its destination compute stopped mid-move.

    The test is the one that asks for a host (not forced). That host's
    nova-compute is stopped (the cloud's compute-stop) right before the
    move request, while nova still reports it up (nova notices a dead
    compute only after service_down_time), so the scheduler accepts it,
    nova sends the move there and it breaks half-way, as when a
    compute dies during a move. The class takes tempest's serial lock so
    no other test class of any run sharing the lock_path runs meanwhile;
    the compute is started again before the servers are deleted.
    """
    faults.use_tempest_conf(conf)
    import unittest

    from migration_tempest_plugin.tests import base
    from migration_tempest_plugin.tests.scenario import test_cold_migration
    from migration_tempest_plugin.tests.scenario import test_live_migration

    # The requested-host tests: the host stopped is the one nova is asked
    # for. With three computes a scheduler-picked move may go elsewhere.
    if move == 'live':
        test_class = test_live_migration.LiveMigrateOneSiblingTest
        test_id, request = plugin_tests.LIVE_TO_HOST_TEST, 'live_migrate'
        owner = base.SiblingMoveTest
    else:
        test_class = test_cold_migration.ColdMigrateOneSiblingTest
        test_id, request = plugin_tests.COLD_TO_HOST_TEST, 'cold_migrate'
        owner = test_class
    seen = {}
    original = getattr(owner, request)

    def stopped_first(self, sibling, host=None):
        destination = host or self.choose_target_host(sibling)
        seen['destination'] = destination
        self.addCleanup(faults.start_compute, destination)
        faults.stop_compute(destination)
        seen['requested_at'] = time.monotonic()
        return original(self, sibling, host)

    test_method = test_id.rsplit('.', 1)[1]
    original_test = getattr(test_class, test_method)

    def timed(self):
        try:
            return original_test(self)
        finally:
            seen['failed_at'] = time.monotonic()

    setattr(owner, request, stopped_first)
    setattr(test_class, test_method, timed)
    test_class._serial = True
    result = faults.run_tests(test_id, unittest.TestResult())
    problems = result.failures + result.errors
    outcome = ('failed' if problems else
               'skipped' if result.skipped else 'passed')
    message = '\n'.join(text for _test, text in problems) or str(
        result.skipped)
    from tempest import config
    seen.update(outcome=outcome, message=message,
                poll_interval=float(config.CONF.migration.poll_interval
                                    or config.CONF.compute.build_interval))
    print('reliability: fault %s: %s; failure:\n%s'
          % (move, outcome, message), flush=True)
    with open(result_file, 'w') as f:
        json.dump(seen, f)
