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

"""A move that fails on purpose: its failure must name the cause.

Runs one plugin-style test, outside the suite tempest discovers: create
siblings, stop the nova-compute of the host the first one would move to
(the [migration] compute_stop_command, then forced down), live-migrate it
to that host, and verify the move as the suite does. Nova refuses the move
(the destination's compute is down), so the test fails; this script checks
that the failure's details name the cause (the stopped host, down and
forced down, and nova's pre-check error) and prints them. The test's
cleanup starts the compute again (compute_start_command); the script then
checks every nova-compute is up.

Usage (the venv of `tox -e minicloud` or `tox -e bench`):
  python -m bench.failed_move [TEMPEST_CONF]
Exit status 0 when the failure named its cause, 1 otherwise.
"""

import sys

import testtools

from harness import faults
from minicloud import config

from migration_tempest_plugin.common import model

USAGE = __doc__.split('Usage')[1]


def check_failure(text, host):
    """What the failure text lacks to name the cause, as a list."""
    wanted = {
        'the diagnostics detail': ('what-the-cloud-said',),
        # As describe.describe_service words a compute service.
        'the stopped host, down': ('%s (down,' % host,),
        'the stopped host, forced down': (', forced down,',),
        'the failed migration record': ('status=error',),
        # The scheduler's answer, or the conductor's pre-check's.
        "nova's refusal": ('No valid host was found', 'is unavailable'),
    }
    return [what for what, needles in wanted.items()
            if not any(needle.lower() in text.lower()
                       for needle in needles)]


def failure_test_class():
    """The test class; built late, once tempest's config is located."""
    from tempest.lib import decorators

    from migration_tempest_plugin.common import moves
    from migration_tempest_plugin.tests import move_base

    @decorators.serial
    class DeliberatelyFailedMoveTest(move_base.ScheduledMoveTest):
        """Live-migrate a sibling to a host whose compute is stopped."""

        # It stops a compute, as the evacuate tests do: without the
        # commands that stop and start one, it skips (before anything is
        # created).
        configuration_skip_reasons = (moves.evacuate_skip_reason,)

        @decorators.idempotent_id('0c6b8f0e-3f5e-4a53-9d43-3f0d5e1f7a41')
        def test_live_migrate_to_stopped_compute(self):
            """Steps: create siblings, stop the target, live-migrate there.

            1. Create [migration] sibling_count servers in one request
               (pinned to one zone where a host is alone in its own).
            2. Take a sibling another host of its zone could take, and
               that host.
            3. Register its restart, stop its nova-compute, force it down.
            4. Live-migrate the first sibling to it, not forced.
            5. Verify as the suite does: this fails, naming the cause.
            """
            siblings = self.create_siblings_for_a_named_host()
            moved = self.sibling_to_move(siblings)
            target = self.choose_target_host(moved)
            type(self).target_host = target
            self.stop_compute(target)
            self.live_migrate(moved, host=target)
            self.verify_move(moved, siblings, model.ExpectedMove(
                target_host=target))

    return DeliberatelyFailedMoveTest


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) > 1:
        print(USAGE, file=sys.stderr)
        return 2
    faults.use_tempest_conf(argv[0] if argv else
                            config.Settings().tempest_conf)
    test_class = failure_test_class()
    result = faults.run_tests(test_class, testtools.TestResult())
    host = getattr(test_class, 'target_host', None)
    problems = result.errors + result.failures
    if result.skip_reasons:
        print('failed-move check: skipped: %s' % list(result.skip_reasons))
        return 1
    if not problems or host is None:
        print('failed-move check: the move did not fail (or never ran): '
              '%s' % (problems or 'no failure'))
        return 1
    text = '\n'.join(detail for _test, detail in problems)
    print(text)
    missing = check_failure(text, host)
    if missing:
        print('failed-move check: the failure does not name: %s'
              % ', '.join(missing))
        return 1
    print('failed-move check: the failure names the cause (%s stopped and '
          'forced down; nova refused the live migration)' % host)
    return 0


if __name__ == '__main__':
    sys.exit(main())
