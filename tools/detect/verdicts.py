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

"""What a seeded run says of its entry: caught, missed, timeout only.
"""

import dataclasses

from detect import entries
from detect import suite


CAUGHT = 'caught'
TIMEOUT_ONLY = 'timeout only'
MISSED = 'missed'
NOT_APPLICABLE = 'not applicable'
DOES_NOT_APPLY = 'patch does not apply'


def verdict(failures):
    """The verdict of a seeded run from its failures.

    caught: a test failed on nova's error or a broken expectation; a run
    whose only failures are waits running out is counted apart.
    """
    if not failures:
        return MISSED
    if all(suite.is_timeout(line) for line in failures.values()):
        return TIMEOUT_ONLY
    return CAUGHT


@dataclasses.dataclass
class Result:
    entry: entries.Entry
    verdict: str
    failures: dict = dataclasses.field(default_factory=dict)
    detail: str = ''
    wall_s: float = 0.0

    def caught_by(self):
        if self.verdict in (CAUGHT, TIMEOUT_ONLY):
            return sorted(self.failures)
        return []

    def first_failure(self):
        """The failure line of the first non-timeout failure (or first)."""
        lines = [self.failures[t] for t in sorted(self.failures)]
        lines.sort(key=suite.is_timeout)
        return lines[0] if lines else ''


def summary_line(results, wall_s):
    by = {}
    for result in results:
        by.setdefault(result.verdict, []).append(result.entry.bug)
    seeded = sum(1 for r in results
                 if r.verdict in (CAUGHT, TIMEOUT_ONLY, MISSED))
    return ('detect: seeded=%d caught=%d missed=[%s] timeout_only=[%s] '
            'not_applicable=[%s] does_not_apply=[%s] wall_s=%d' % (
                seeded, len(by.get(CAUGHT, [])),
                ','.join(by.get(MISSED, [])),
                ','.join(by.get(TIMEOUT_ONLY, [])),
                ','.join(by.get(NOT_APPLICABLE, [])),
                ','.join(by.get(DOES_NOT_APPLY, [])), wall_s))
