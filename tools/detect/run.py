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

"""One detect run on one cloud: the baseline, each entry, the closing
baseline (the command line is cli.py).
"""

import os
import time

import detect
from detect import checks
from detect import liveness
from detect import patches
from detect import services
from detect import suite
from detect import verdicts
from harness import judge
from harness import known_nova_bugs
from minicloud import errors

from migration_tempest_plugin import verdict as verdict_of


class Detect(object):
    """The runs of one detect run, in ``run_dir``, on one cloud."""

    def __init__(self, settings, tempest, site, run_dir, move_timeout,
                 prover, pristine_failures, known_bugs=()):
        self.settings = settings
        # harness.known_nova_bugs of this cloud: the baseline passes with
        # them, and no seed is caught by one.
        self.known_bugs = tuple(known_bugs)
        self.tempest = tempest
        self.site = site
        self.run_dir = run_dir
        self.move_timeout = move_timeout
        self.prover = prover
        # store.PristineFailures: tests seen failing on the pristine nova.
        self.pristine_failures = pristine_failures
        self.checks = checks.Checks(settings)
        # Base ids of the tests the baseline accounted for.
        self.expected = set()
        # {run name: one line}: the baselines, for the shard's record.
        self.runs = {}

    def census(self, name):
        """The census before run ``name`` (its prefix and tempest log)."""
        return self.checks.census(*suite.prefix_and_log(self.run_dir, name))

    def tempest_run(self, name, regex=suite.PLUGIN_REGEX):
        """A tempest run of ``regex`` in its directory; a suite.Run."""
        run = suite.run_tests(self.settings, self.tempest, self.run_dir,
                              name, self.move_timeout, regex,
                              self.known_bugs)
        unexplained = run.failures()
        detect.say('%s: %.0f s, exit %d, %s%s' % (
            name, run.result.wall_s, run.result.returncode,
            ', '.join('%s=%d' % item for item in sorted(
                count_statuses(run.statuses()).items())),
            ''.join('\n    %s: %s' % (
                suite.short_test_id(test_id),
                unexplained.get(test_id, 'a known nova bug'))
                for test_id in run.failed())))
        return run

    def baseline(self, name='baseline'):
        """The whole suite on the pristine nova; the suite.Run.

        Every test that must run passes (the plugin's verdict) and the
        run leaves the cloud as it was. The closing baseline must also
        account for every test the first one did.
        """
        problems = checks.health_problems(self.settings, self.checks.conn)
        if problems:
            raise checks.CloudNotClean('before %s: %s' % (
                name, '; '.join(problems)))
        before = self.census(name)
        run = self.tempest_run(name)
        self.pristine_failures.record(
            '%s/%s' % (os.path.basename(self.run_dir), name),
            base_failures(run))
        judged = judge.judge(run.result, known_nova_bugs.verdict_arguments(
            self.known_bugs))
        problem = (suite.problem(run, self.expected) if self.expected
                   else run.result.problem)
        self.runs[name] = '%s, %.0f s' % (judged.counts, run.result.wall_s)
        detect.say('%s: %s' % (name, judged.counts))
        if problem or not judged.ok:
            raise errors.MinicloudError(
                'the %s run on the pristine nova did not pass (%s); its '
                'output: %s' % (name, '; '.join(
                    ([problem] if problem else []) + judged.problems),
                    os.path.join(run.result.directory, 'tempest-output.txt')))
        self.checks.after(run, before, failed=False)
        if not self.expected:
            self.expected = suite.covered(run)[0]
        return run

    def seed(self, entry):
        """Measure one entry; a verdicts.Result (see verdicts)."""
        if entry.not_applicable:
            return verdicts.Result(entry.bug, verdicts.NOT_APPLICABLE,
                                   detail=entry.not_applicable)
        timings = {}
        clock = Clock(timings)
        with clock('liveness'):
            live = self.prover.prove(entry)
        detect.say(live.line())
        if live.verdict == liveness.DEAD:
            return verdicts.Result(entry.bug, verdicts.DEAD,
                                   liveness=live.verdict,
                                   liveness_detail=live.detail,
                                   detail=live.detail, timings=timings)
        result = self.seeded(entry, clock)
        result.liveness, result.liveness_detail = live.verdict, live.detail
        result.timings = timings
        detect.say('lp%s: %s%s (%s)' % (
            entry.bug, result.verdict, ' by %s' % ', '.join(
                sorted(result.caught_by)) if result.caught_by else '',
            ', '.join('%s %.0f s' % (phase, timings[phase])
                      for phase in verdicts.PHASES if phase in timings)))
        return result

    def seeded(self, entry, clock):
        """The whole suite with the seed, the revert, the proof."""
        name = 'lp%s' % entry.bug
        names = services.services_for(entry.paths)
        with clock('checks'):
            before = self.census(name)
        applied = False
        again = None
        clock.start('patch_restart')
        try:
            with patches.seeded(self.site, entry.patch) as paths:
                applied = True
                try:
                    detect.say('%s: seeded into %s' % (name,
                                                       ', '.join(paths)))
                    services.restart(self.settings, names)
                    clock.start('suite')
                    seeded_run = self.tempest_run(name)
                    failures = seeded_run.failures()
                    if failures and not suite.problem(seeded_run,
                                                      self.expected):
                        clock.start('proof')
                        again = self.alone('%s-again' % name, failures)
                finally:
                    clock.start('revert_restart')
        except patches.PatchDoesNotApply as e:
            clock.stop()
            detect.say('%s: patch does not apply: %s' % (name, e))
            return verdicts.Result(entry.bug, verdicts.DOES_NOT_APPLY,
                                   detail=str(e))
        except patches.NotReverted as e:
            raise errors.MinicloudError('%s: %s' % (name, e))
        finally:
            if applied:
                # nova's files are pristine again; what loaded the seed
                # restarts.
                services.restart(self.settings, names)
                clock.stop()
        with clock('checks'):
            left = {}
            if again:
                left.update(self.checks.after(again[0], again[1],
                                              bool(again[0].failed())))
            left.update(self.checks.after(seeded_run, before,
                                          bool(failures)))
        problem = suite.problem(seeded_run, self.expected)
        if problem:
            return verdicts.Result(entry.bug, verdicts.ERROR, detail=problem,
                                   left=left, ran=short_statuses(seeded_run))
        caught, flaky = [], {}
        if failures:
            with clock('proof'):
                caught, flaky = self.proof(name, failures, again[0])
        result = verdicts.from_runs(entry.bug, failures, caught, flaky,
                                    seeded_run.statuses())
        result.left = left
        return result

    def alone(self, name, failed_ids):
        """The failed tests run again alone as ``name``: (run, census)."""
        before = self.census(name)
        run = self.tempest_run(name, suite.proof_regex(failed_ids))
        if run.result.problem:
            raise errors.MinicloudError('%s: %s' % (name,
                                                    run.result.problem))
        return run, before

    def proof(self, name, failures, again):
        """A catch proven: again with the seed, then on the pristine nova.

        A test proves the catch when it failed again alone with the seed
        (``again``: not the load of the whole suite) and then passed on the
        pristine nova, and it was never seen failing on the pristine nova
        (store.PristineFailures). (caught, {test id: why not} of the
        others: flaky).
        """
        reproduced, flaky = suite.reproduced(failures, again)
        if not reproduced:
            return [], flaky
        proof_name = '%s-pristine' % name
        run, before = self.alone(proof_name, reproduced)
        self.checks.after(run, before, bool(run.failed()))
        self.pristine_failures.record(
            '%s/%s' % (os.path.basename(self.run_dir), proof_name),
            base_failures(run))
        caught, failed_there = suite.proven(reproduced, run)
        flaky.update({test_id: '%s on the pristine nova' % line
                      for test_id, line in failed_there.items()})
        for test_id in list(caught):
            seen = self.pristine_failures.of(verdict_of.base_id(test_id))
            if seen:
                caught.remove(test_id)
                flaky[test_id] = ('passed on the pristine nova, but failed '
                                  'there in %s' % seen)
        return caught, flaky


class Clock(object):
    """The seconds of an entry's phases, into a dict."""

    def __init__(self, timings):
        self.timings = timings
        self.phase = None
        self.since = None

    def start(self, phase):
        self.stop()
        self.phase, self.since = phase, time.monotonic()

    def stop(self):
        if self.phase is not None:
            self.add(self.phase, time.monotonic() - self.since)
        self.phase = None

    def add(self, phase, seconds):
        self.timings[phase] = self.timings.get(phase, 0.0) + seconds

    def __call__(self, phase):
        clock = self

        class Phase(object):
            def __enter__(self):
                clock.start(phase)

            def __exit__(self, *exc):
                clock.stop()

        return Phase()


def base_failures(run):
    return {verdict_of.base_id(t): suite.failure_line(test.details)
            for t, test in run.failed().items()}


def count_statuses(statuses):
    counts = {}
    for status in statuses.values():
        counts[status] = counts.get(status, 0) + 1
    return counts


def short_statuses(run):
    return {suite.short_test_id(t): s for t, s in run.statuses().items()}
