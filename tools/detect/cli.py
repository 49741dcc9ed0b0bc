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

"""python -m detect: the command line, a shard's run, the merge."""

import argparse
import os
import sys
import time

import detect
from detect import checks
from detect import docs_page
from detect import entries
from detect import liveness
from detect import record
from detect import run
from detect import services
from detect import store
from detect import suite
from detect import verdicts
from harness import known_nova_bugs
from minicloud import cloud
from minicloud import config
from minicloud import errors
from minicloud import workspace

# Long enough for every move of a healthy cloud (evacuation, with its
# compute stop and start, takes about 15 s); a seeded bug that leaves a wait
# unfinished then costs minutes, not [compute] build_timeout (300 s) each.
DEFAULT_MOVE_TIMEOUT = 90


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog='python -m detect',
        description=detect.__doc__.split('\n\n')[0])
    parser.add_argument('--only', metavar='BUG[,BUG...]',
                        help='seed only these entries (each still runs the '
                             'whole suite)')
    parser.add_argument('--shard', metavar='I/N', type=shard,
                        help='every N-th entry from the I-th on (after '
                             '--only and --driver)')
    parser.add_argument('--driver', choices=entries.DRIVERS, default='fake',
                        help="the entries whose Shows-with needs this "
                             "compute driver (real guests: libvirt), on "
                             "that driver's cloud (default %(default)s)")
    parser.add_argument('--move-timeout', type=int,
                        default=DEFAULT_MOVE_TIMEOUT,
                        help='[migration] move_timeout of the runs '
                             '(default %(default)s s)')
    parser.add_argument('--merge', action='store_true',
                        help='run nothing: merge the stored shards and '
                             'write the docs page')
    parser.add_argument('--results', metavar='DIR', action='append',
                        help='a detect directory whose shards to merge '
                             '(repeatable; default: the kept shards and '
                             "those of the fake and libvirt clouds' state "
                             'dirs)')
    parser.add_argument('--keep', action='store_true',
                        help='copy the shard, once complete, into the '
                             'repository (%s), which every merge reads'
                             % os.path.relpath(store.KEPT_DIR,
                                               config.REPO_DIR))
    parser.add_argument('--docs-page', default=docs_page.DOCS_PAGE,
                        help='page --merge writes (default %(default)s)')
    return parser.parse_args(argv)


def shard(text):
    try:
        return entries.parse_shard(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e))


def results_dirs(args, settings):
    if args.results:
        return args.results
    found = [store.KEPT_DIR, store.detect_dir(settings)] + [
        store.detect_dir(services.settings_for(driver))
        for driver in entries.DRIVERS]
    return sorted(set(found), key=found.index)


def merged(args, settings, catalogue):
    """Merge the shards; print the merged table's path and line."""
    result = store.merge(results_dirs(args, settings), catalogue)
    table = os.path.join(store.detect_dir(settings), 'merged.rst')
    os.makedirs(os.path.dirname(table), exist_ok=True)
    with open(table, 'w') as f:
        f.write(result.line() + '\n\n' + docs_page.results_table(
            result, catalogue))
    detect.say('merged %d shards: %s' % (len(result.shards), table))
    return result


def main(argv=None):
    args = parse_args(argv)
    try:
        catalogue = entries.load_catalogue()
        chosen = entries.select(
            catalogue, only=args.only.split(',') if args.only else None,
            shard=args.shard, driver=args.driver)
    except entries.CatalogueError as e:
        print('detect: error: %s' % e, file=sys.stderr)
        return 2
    settings = services.settings_for(args.driver)
    if args.merge:
        result = merged(args, settings, catalogue)
        docs_page.write_docs_page(result, catalogue, args.docs_page)
        detect.say('docs page: %s' % args.docs_page)
        print(result.line(), flush=True)
        return 0
    services.exit_on_sigterm()
    try:
        with store.lock(store.detect_dir(settings)):
            line, run_dir = run_shard(settings, chosen, args.move_timeout)
        if args.keep:
            detect.say('kept: %s' % store.keep_shard(run_dir))
    except (errors.MinicloudError, checks.CloudNotClean) as e:
        print('detect: error: %s' % e, file=sys.stderr)
        return 1
    print(merged(args, settings, catalogue).line())
    print(line, flush=True)
    return 0


def run_shard(settings, chosen, move_timeout):
    """Measure the chosen entries on the settings' cloud.

    Returns the shard's line and its run directory. Brings the cloud up
    if it is not running (and down at the end), once.
    """
    started = time.monotonic()
    was_running = cloud.cloud_running(settings)
    results = []
    try:
        if os.path.exists(settings.venv):
            site = record.site_packages_of(settings.venv)
            if record.ensure_pristine_nova(settings, site) and was_running:
                services.restart(settings, list(services.ALL_NOVA))
        if not was_running:
            with cloud.state_lock(settings):
                cloud.up(settings)
        site = record.site_packages_of(settings.venv)
        shard_stamp = store.stamp(settings, record.nova_version(site),
                                  move_timeout)
        detect.say('suite %s, nova %s, %s driver, %d entries: %s' % (
            shard_stamp['suite_commit'], shard_stamp['nova_version'],
            settings.driver_name, len(chosen),
            ','.join(entry.bug for entry in chosen)))
        bugs = known_nova_bugs.applicable(settings.driver_name,
                                          shard_stamp['nova_version'])
        for bug in bugs:
            detect.say('known nova bug, counted apart: %s'
                       % suite.short_test_id(bug.test))
        run_dir = store.new_run_dir(store.detect_dir(settings))
        prover = liveness.Prover(store.detect_dir(settings))
        detector = run.Detect(
            settings, workspace.ensure(settings), site, run_dir,
            move_timeout, prover,
            store.PristineFailures(store.detect_dir(settings)), bugs)
        try:
            detector.baseline()
            for entry in chosen:
                result = detector.seed(entry)
                result.stamp = dict(shard_stamp, measured=store.now())
                results.append(result)
                store.save_shard(run_dir, shard_stamp, results, False,
                                 detector.runs, time.monotonic() - started)
            detector.baseline('closing-baseline')
        except (errors.MinicloudError, checks.CloudNotClean) as e:
            # The run directory says why the shard stopped (a baseline that
            # did not pass, a cloud left unclean); --merge skips it.
            store.save_shard(run_dir, shard_stamp, results, False,
                             detector.runs, time.monotonic() - started,
                             error=str(e))
            raise
        prover.finish()
        detect.say('RECORD check of the cloud\'s nova after the run: %d '
                   'files, none differs' % record.check_pristine(site))
        line = verdicts.summary_line(results, time.monotonic() - started,
                                     shard_stamp['suite_commit'])
        store.save_shard(run_dir, shard_stamp, results, True, detector.runs,
                         time.monotonic() - started)
        detect.say('shard: %s' % os.path.join(run_dir, store.RESULTS))
    finally:
        if not (was_running or settings.keep):
            with cloud.state_lock(settings):
                cloud.down(settings)
    return line, run_dir
