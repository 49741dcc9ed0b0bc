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

"""1. The whole suite again and again: every run must pass every test its
tempest.conf says must run.
"""

from harness import judge
from reliability import plugin_tests


def repeated_runs(ctx):
    failures = 0
    conf, _prefix, _log = ctx.write_conf('suite')
    for number in range(1, ctx.runs + 1):
        result = ctx.tempest(conf, plugin_tests.SUITE_REGEX).run()
        judged = judge.judge(result)
        failed = (result.counts.get('failed', 0)
                  or (1 if result.returncode else 0)
                  or (0 if judged.ok else 1))
        failures += failed
        ctx.say('suite run %d/%d: exit %d, %s in %.0f s' % (
            number, ctx.runs, result.returncode, judged.counts,
            result.wall_s))
        for problem in judged.problems:
            ctx.say('suite run %d: %s' % (number, problem))
    return failures
