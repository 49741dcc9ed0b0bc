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

"""What the runs say of an entry, and the ``detect:`` line.

caught: a test failed in the whole suite with the seed, failed again run
alone with the seed, and passed run alone on the pristine nova, where it
was never seen failing (the entry is caught by those tests only). flaky:
no test that failed with the seed did all of that (each is reported with
why: passed alone with the seed, failed on the pristine nova too, or seen
failing there before). missed: the seed is live and the whole suite passed
with it. dead seed: nova's own test of the bug still passes with the seed
(liveness), so the suite is not run: a dead seed is never a miss. error:
the seeded run does not stand on its own (it recorded nothing or fewer
tests than the baseline, or tempest's exit status and its stream
disagree): neither a catch nor a miss.
"""

import dataclasses

from detect import liveness
from detect import suite

CAUGHT = 'caught'
MISSED = 'missed'
FLAKY = 'flaky'
DEAD = 'dead seed'
ERROR = 'error'
NOT_APPLICABLE = 'not applicable'
DOES_NOT_APPLY = 'patch does not apply'
# The seed was in nova for these.
SEEDED = (CAUGHT, MISSED, FLAKY, DEAD, ERROR)
# Phases of an entry's time, in order.
PHASES = ('liveness', 'patch_restart', 'suite', 'revert_restart', 'checks',
          'proof')


@dataclasses.dataclass
class Result:
    """One entry's measurement."""

    bug: str
    verdict: str
    # {short test id: failure line with the seed} of the tests that
    # failed with it and passed on the pristine nova.
    caught_by: dict = dataclasses.field(default_factory=dict)
    # {short test id: [line with the seed, why it proved nothing]} of the
    # other tests that failed with it.
    flaky: dict = dataclasses.field(default_factory=dict)
    # {short test id: status} of the seeded run: which tests ran.
    ran: dict = dataclasses.field(default_factory=dict)
    # liveness' verdict of the seed and its detail.
    liveness: str = ''
    liveness_detail: str = ''
    # What the seeded run left in the cloud, cleaned up: {what: ids}.
    left: dict = dataclasses.field(default_factory=dict)
    detail: str = ''
    # {phase (PHASES): seconds}.
    timings: dict = dataclasses.field(default_factory=dict)
    # The suite's commit, nova's version, the driver, the move timeout and
    # when it was measured (store.stamp).
    stamp: dict = dataclasses.field(default_factory=dict)

    @property
    def wall_s(self):
        return sum(self.timings.values())

    def first_failure(self):
        """The failure line of the first non-timeout catch (or first)."""
        lines = [self.caught_by[t] for t in sorted(self.caught_by)]
        lines.sort(key=suite.is_timeout)
        return lines[0] if lines else ''

    def ran_counts(self):
        counts = {}
        for status in self.ran.values():
            counts[status] = counts.get(status, 0) + 1
        return counts


def from_runs(bug, seeded_failures, caught, flaky_lines, ran):
    """The Result of a seeded run that stands on its own.

    ``seeded_failures``: {test id: line} with the seed; ``caught``: those
    that passed on the pristine nova; ``flaky_lines``: {test id: line
    there} of the others.
    """
    short = suite.short_test_id
    caught_by = {short(t): seeded_failures[t] for t in caught}
    flaky = {short(t): [seeded_failures[t], line]
             for t, line in flaky_lines.items()}
    if caught_by:
        verdict = CAUGHT
    elif flaky:
        verdict = FLAKY
    else:
        verdict = MISSED
    return Result(bug, verdict, caught_by, flaky,
                  {short(t): s for t, s in ran.items()})


def summary_line(results, wall_s=None, suite_commit=None, stale=(),
                 not_measured=()):
    """``detect: seeded=N live=N caught=N missed=[...] ...``.

    live counts the seeds proven live (liveness: nova's own test fails
    with the seed; unproven: said how in Proven-how).
    """
    by = {}
    for result in results:
        by.setdefault(result.verdict, []).append(result.bug)
    seeded = [r for r in results if r.verdict in SEEDED]
    live = [r for r in seeded if r.liveness == liveness.LIVE]
    unproven = [r.bug for r in seeded
                if r.liveness in (liveness.UNPROVEN, liveness.BROKEN)]
    line = ('detect: seeded=%d live=%d caught=%d missed=[%s] flaky=[%s] '
            'dead=[%s] errors=[%s]' % (
                len(seeded), len(live), len(by.get(CAUGHT, [])),
                ','.join(by.get(MISSED, [])), ','.join(by.get(FLAKY, [])),
                ','.join(by.get(DEAD, [])), ','.join(by.get(ERROR, []))))
    for name, bugs in (('unproven', unproven), ('stale', stale),
                       ('not_measured', not_measured),
                       ('not_applicable', by.get(NOT_APPLICABLE, [])),
                       ('does_not_apply', by.get(DOES_NOT_APPLY, []))):
        if bugs:
            line += ' %s=[%s]' % (name, ','.join(bugs))
    if suite_commit:
        line += ' suite=%s' % suite_commit
    if wall_s is not None:
        line += ' wall_s=%d' % wall_s
    return line
