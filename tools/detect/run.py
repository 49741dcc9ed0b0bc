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

"""The detect run from the RECORD check to the docs page."""

import argparse
import os
import sys
import time

import detect
from detect import docs_page
from detect import entries
from detect import patches
from detect import record
from detect import services
from detect import suite
from detect import verdicts
from harness import judge
from harness import tempest_run
from minicloud import cloud
from minicloud import config
from minicloud import errors
from minicloud import workspace

# Long enough for every move of a healthy cloud (evacuation, with its
# compute stop and start, takes about 15 s); a seeded bug that leaves a wait
# unfinished then costs minutes, not [compute] build_timeout (300 s) each.
DEFAULT_MOVE_TIMEOUT = 90


class Detect(object):
    def __init__(self, settings, tempest, site_packages, run_dir,
                 move_timeout):
        self.settings = settings
        self.tempest = tempest
        self.site = site_packages
        self.run_dir = run_dir
        self.move_timeout = move_timeout

    def whole_suite(self, name):
        result, failures = suite.run_suite(
            self.settings, self.tempest, self.run_dir, name,
            self.move_timeout)
        detect.say('%s: suite %.0f s, %s%s' % (
            name, result.wall_s, tempest_run.summary(result.counts),
            ''.join('\n    %s: %s' % item
                    for item in sorted(failures.items()))))
        return result, failures

    def baseline(self):
        """The suite on the pristine nova: every test that must run passes.

        The plugin's verdict says which must (tempest.conf enables them).
        """
        result, _failures = self.whole_suite('baseline')
        judged = judge.judge(result)
        detect.say('baseline: %s' % judged.counts)
        if not judged.ok:
            raise errors.MinicloudError(
                'the baseline run on the pristine nova did not pass (%s); '
                'its output: %s' % (
                    '; '.join(judged.problems),
                    os.path.join(self.run_dir, 'baseline',
                                 'tempest-output.txt')))

    def seed(self, entry):
        """Run the suite with ``entry``'s bug in nova; a verdicts.Result."""
        started = time.monotonic()
        if entry.not_applicable:
            return verdicts.Result(entry, verdicts.NOT_APPLICABLE)
        names = services.services_for(entry.paths)
        before = {path: patches.file_sha256(os.path.join(self.site, path))
                  for path in entry.paths}
        originals = {}
        try:
            try:
                originals = patches.apply_patch(self.site, entry.patch)
            except patches.PatchDoesNotApply as e:
                detect.say('lp%s: patch does not apply: %s' % (entry.bug, e))
                return verdicts.Result(entry, verdicts.DOES_NOT_APPLY,
                                       detail=str(e))
            detect.say('lp%s: seeded into %s' % (
                entry.bug, ', '.join(sorted(originals))))
            services.restart(self.settings, names)
            _result, failures = self.whole_suite('lp%s' % entry.bug)
        finally:
            if originals:
                after = patches.restore_files(self.site, originals)
                changed = [p for p in before if after.get(p) != before[p]]
                if changed:
                    raise errors.MinicloudError(
                        'lp%s: %s differ after the revert'
                        % (entry.bug, ', '.join(changed)))
                detect.say('lp%s: reverted, %d files as before' % (
                    entry.bug, len(after)))
                services.restart(self.settings, names)
        result = verdicts.Result(entry, verdicts.verdict(failures), failures,
                                 wall_s=time.monotonic() - started)
        detect.say('lp%s: %s' % (entry.bug, result.verdict))
        return result


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog='python -m detect',
        description=detect.__doc__.split('\n\n')[0])
    parser.add_argument('--move-timeout', type=int,
                        default=DEFAULT_MOVE_TIMEOUT,
                        help='[migration] move_timeout of the runs '
                             '(default %(default)s s)')
    parser.add_argument('--docs-page', default=docs_page.DOCS_PAGE,
                        help='page to write (default %(default)s)')
    parser.add_argument('--only', metavar='BUG[,BUG...]',
                        help='seed only these entries (each still runs the '
                             'whole suite); the docs page is not written')
    parser.add_argument('--docs-from', metavar='RUN_DIR',
                        help='only write the docs page again, from the '
                             'results of that run (.minicloud/detect/...)')
    args = parser.parse_args(argv)
    catalogue = entries.load_catalogue()
    if args.docs_from:
        results, line, move_timeout, when = docs_page.read_results(
            args.docs_from, catalogue)
        docs_page.write_docs_page(results, line, when, args.docs_page,
                                  move_timeout)
        detect.say('docs page: %s' % args.docs_page)
        return 0
    if args.only:
        wanted = args.only.split(',')
        unknown = set(wanted) - {entry.bug for entry in catalogue}
        if unknown:
            parser.error('no catalogue entry for %s' % ', '.join(
                sorted(unknown)))
        catalogue = [entry for entry in catalogue if entry.bug in wanted]
    services.exit_on_sigterm()
    started = time.monotonic()
    settings = config.Settings()
    was_running = cloud.cloud_running(settings)
    try:
        if os.path.exists(settings.venv):
            if (record.ensure_pristine_nova(
                    settings, record.site_packages_of(settings.venv))
                    and was_running):
                services.restart(settings, list(services.ALL_NOVA))
        with cloud.state_lock(settings):
            cloud.up(settings)
        site = record.site_packages_of(settings.venv)
        tempest = workspace.ensure(settings)
        run_dir = os.path.join(settings.state_dir, 'detect', time.strftime(
            '%Y%m%dT%H%M%S', time.gmtime()))
        os.makedirs(run_dir)
        run = Detect(settings, tempest, site, run_dir, args.move_timeout)
        run.baseline()
        results = [run.seed(entry) for entry in catalogue]
        line = verdicts.summary_line(results, time.monotonic() - started)
        docs_page.write_results(results, line, run_dir)
        detect.say('table: %s' % os.path.join(run_dir, 'results.rst'))
        if not args.only:
            docs_page.write_docs_page(
                results, line, time.strftime('%Y-%m-%d', time.gmtime()),
                args.docs_page, args.move_timeout)
            detect.say('docs page: %s' % args.docs_page)
    except errors.MinicloudError as e:
        print('detect: error: %s' % e, file=sys.stderr)
        return 1
    finally:
        if not (was_running or settings.keep):
            with cloud.state_lock(settings):
                cloud.down(settings)
    print(line, flush=True)
    return 0
