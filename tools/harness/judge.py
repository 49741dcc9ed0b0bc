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

"""The plugin's verdict on a tempest run, as an operator runs it.

Which tests must run comes from the run's tempest.conf, its regex and the
plugin's code; the results from the run's subunit stream. The verdict is
the operator's command (python -m migration_tempest_plugin.verdict), in a
process of its own: tempest reads its configuration once per process.
"""

import dataclasses
import re
import subprocess
import sys

from minicloud import errors


@dataclasses.dataclass
class Judged:
    """What the plugin's verdict said of a run."""

    ok: bool
    # 'did not run: ...', 'failed: ...' lines, without their prefix.
    problems: list
    # 'expected=N passed=N ...', or why there is no verdict.
    counts: str

    @property
    def known_nova_bugs(self):
        """How many tests failed with a known nova bug (0 if none said)."""
        found = re.search(r'\bknown_nova_bugs=(\d+)', self.counts)
        return int(found.group(1)) if found else 0

    @classmethod
    def from_output(cls, returncode, output):
        lines = output.strip().splitlines()
        last = lines[-1] if lines else ''
        return cls(
            ok=returncode == 0,
            problems=[line.split(': ', 1)[1] for line in lines[:-1]],
            counts=(last.split(': ', 1)[1] if last.startswith('verdict: ')
                    else 'no verdict: %s' % (last or 'no output')))


def judge(result, known_nova_bugs=()):
    """The Judged of a tempest_run.Result.

    A run that recorded no test is judged failed, naming why.
    ``known_nova_bugs``: the verdict's --known-nova-bug and
    --known-nova-race arguments, for a cloud whose nova has bugs a test
    shows (harness.known_nova_bugs).
    """
    if result.problem:
        return Judged(False, [result.problem], 'no verdict: no tests '
                      'recorded')
    done = subprocess.run(
        [sys.executable, '-m', 'migration_tempest_plugin.verdict',
         '--config-file', result.conf, '--regex', result.regex,
         result.stream] + list(known_nova_bugs),
        cwd=result.directory, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)
    if done.returncode not in (0, 1):
        raise errors.MinicloudError('the verdict failed: %s'
                                    % done.stderr.strip()[-2000:])
    return Judged.from_output(done.returncode, done.stdout)
