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

"""The run's verdict: did every test that must run on this cloud pass?

A green ``tempest run`` can hide tests that skipped or never ran. Which of
the plugin's tests must run is decided by tempest.conf alone: each test
class and test declares its configuration-only skip reasons
(``configuration_skip_reasons``); every other skip is a skip the cloud
caused, and counts against the run. Usage, in the tempest workspace::

    stestr last --subunit > run.subunit
    python -m migration_tempest_plugin.verdict \\
        --config-file etc/tempest.conf run.subunit

(``--regex`` names the run's own when it ran part of the suite.)

It prints one line per problem and then
``verdict: expected=N passed=N failed=N skipped=N unexpected_skips=N
not_run=N``; the exit status is 1 unless every expected test passed and no
test failed.

A run on a cloud whose nova has a known bug a test shows (the embedded
cloud's runs) names it with ``--known-nova-bug TEST_ID REGEX``: that test
failing with a message the regex finds counts as ``known_nova_bugs``, not
as failed; that test passing is an ``unexpected_passes`` and fails the
verdict (the bug may be fixed: the table must learn it). A bug nova shows
only when two requests meet is named with ``--known-nova-race TEST_ID
REGEX``: its failure counts the same, and its test passing is no news. A
run against any other cloud passes no such option and sees the failure as
it is.
"""

import argparse
import dataclasses
import os
import re
import sys
import unittest

# "test_x[id-...,multinode]" -> "test_x": tempest adds the attributes.
_ATTRIBUTES = re.compile(r'\[[^\]]*\]$')
# What subunit names a failed setUpClass or tearDownClass.
_CLASS_FIXTURE = re.compile(r'^(setUpClass|tearDownClass) \((.+)\)$')


def base_id(test_id):
    """A test id without tempest's bracketed attributes."""
    return _ATTRIBUTES.sub('', test_id)


def configuration_skip_reason(test, conf):
    """Why tempest.conf alone rules the test out, or None.

    :param test: a test case instance of the plugin.
    """
    reason = test.configuration_skip_reason(conf)
    method = getattr(type(test), test._testMethodName)
    for skip_reason in getattr(method, 'configuration_skip_reasons', ()):
        reason = reason or skip_reason(conf)
    return reason


def _tests(suite):
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            yield from _tests(item)
        else:
            yield item


def expected_tests(conf, suite, regex=None):
    """{base test id: None if it must run, else why it need not}.

    :param suite: the plugin's tests, as a unittest suite.
    :param regex: the ``--regex`` of a ``tempest run`` of part of the suite:
        a test it does not select, matched as tempest matches it (the id
        with its bracketed attributes, e.g. ``smoke``), is left out.
    :raises ImportError: a test module did not load (its loader's
        placeholder test names it).
    """
    pattern = re.compile(regex) if regex else None
    expected = {}
    for test in _tests(suite):
        failed_import = getattr(test, '_exception', None)
        if failed_import is not None:
            raise ImportError('cannot load %s: %s' % (test.id(),
                                                      failed_import))
        if pattern and not pattern.search(test.id()):
            continue
        expected[base_id(test.id())] = configuration_skip_reason(test, conf)
    return expected


def plugin_suite():
    """The plugin's tests, found as tempest finds them."""
    from migration_tempest_plugin import plugin
    tests_dir, top_dir = plugin.MigrationTempestPlugin().load_tests()
    return unittest.defaultTestLoader.discover(tests_dir,
                                               top_level_dir=top_dir)


def read_subunit(stream):
    """{test id: status} of a subunit v2 byte stream."""
    return {test_id: status for test_id, (status, _text)
            in read_subunit_runs(stream).items()}


def read_subunit_runs(stream):
    """{test id: (status, text of its details)} of a subunit v2 stream.

    The text holds the failure's traceback and what the test attached.
    """
    import subunit
    import testtools

    statuses = {}

    def record(test):
        text = '\n'.join(
            detail.as_text() for detail in test['details'].values()
            if detail.content_type.type == 'text')
        statuses[test['id']] = (test['status'], text)

    result = testtools.StreamToDict(record)
    result.startTestRun()
    subunit.ByteStreamToStreamResult(stream, non_subunit_name='stdout').run(
        result)
    result.stopTestRun()
    return statuses


@dataclasses.dataclass(frozen=True)
class KnownBug:
    """A nova bug a test of the plugin shows on the cloud judged.

    :param test: the test's id without attributes.
    :param pattern: a regex its failure's text matches when the failure
        is the bug.
    """

    test: str
    pattern: str
    # A race: the test passes whenever the requests do not meet.
    race: bool = False

    def shown_by(self, text):
        return re.search(self.pattern, text or '') is not None


@dataclasses.dataclass
class Verdict:
    expected: int
    passed: int
    failed: list
    skipped: int
    unexpected_skips: list
    not_run: list
    # Tests that failed with a known nova bug, and those expected to that
    # passed: only when the run names known bugs.
    known_bugs: list = None
    unexpected_passes: list = None

    @property
    def ok(self):
        return (self.passed + len(self.known_bugs or ()) == self.expected
                and not self.failed and not self.unexpected_skips
                and not self.not_run and not self.unexpected_passes)

    def counts(self):
        """'expected=N passed=N failed=N skipped=N unexpected_skips=N ...'."""
        text = ('expected=%d passed=%d failed=%d skipped=%d '
                'unexpected_skips=%d not_run=%d'
                % (self.expected, self.passed, len(self.failed),
                   self.skipped, len(self.unexpected_skips),
                   len(self.not_run)))
        if self.known_bugs is not None:
            text += ' known_nova_bugs=%d unexpected_passes=%d' % (
                len(self.known_bugs), len(self.unexpected_passes))
        return text

    def line(self, prefix='verdict'):
        return '%s: %s' % (prefix, self.counts())

    def problems(self):
        return (['failed: %s' % test for test in self.failed]
                + ['skipped, but tempest.conf says it must run: %s' % test
                   for test in self.unexpected_skips]
                + ['did not run: %s' % test for test in self.not_run]
                + ['failed with a known nova bug: %s' % test
                   for test in self.known_bugs or ()]
                + ['passed, but it shows a known nova bug here: fixed? '
                   'update the table of known bugs: %s' % test
                   for test in self.unexpected_passes or ()])


def judge(expected, statuses, known_bugs=None, texts=None):
    """The Verdict of a run's ``statuses`` against ``expected_tests``.

    A failed setUpClass fails its class's tests; an expected test that
    skipped, or did not run at all, counts against the run.
    ``known_bugs``, KnownBugs of the cloud judged, with ``texts`` ({test
    id: text of its details}): a test failing with its bug's text is not
    failed, and one passing is an unexpected pass.
    """
    known = {bug.test: bug for bug in known_bugs or ()}
    results = {}
    failed = []
    shown = []
    for test_id, status in statuses.items():
        fixture = _CLASS_FIXTURE.match(test_id)
        if fixture and status == 'fail':
            failed.append(test_id)
            continue
        test = base_id(test_id)
        results[test] = status
        if status in ('fail', 'uxsuccess'):
            if (status == 'fail' and test in known
                    and known[test].shown_by((texts or {}).get(test_id))):
                shown.append(test)
            else:
                failed.append(test_id)
    must_run = sorted(test for test, reason in expected.items()
                      if reason is None)
    return Verdict(
        expected=len(must_run),
        passed=sum(results.get(test) == 'success' for test in must_run),
        failed=sorted(failed),
        skipped=sum(status == 'skip' for status in results.values()),
        unexpected_skips=[test for test in must_run
                          if results.get(test) == 'skip'],
        not_run=[test for test in must_run if test not in results],
        known_bugs=sorted(shown) if known_bugs is not None else None,
        unexpected_passes=(sorted(test for test, bug in known.items()
                                  if results.get(test) == 'success'
                                  and not bug.race)
                           if known_bugs is not None else None))


def load_conf(config_file):
    """Tempest's CONF, read from ``config_file`` (with the plugin's)."""
    from tempest import config
    config.CONF.set_config_path(os.path.abspath(config_file))
    return config.CONF


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog='python -m migration_tempest_plugin.verdict',
        description=__doc__.split('\n\n')[0])
    parser.add_argument('--config-file', required=True,
                        help='the tempest.conf the run used')
    parser.add_argument('subunit',
                        help="the run's subunit v2 stream ('-': stdin)")
    parser.add_argument('--regex', default=r'^migration_tempest_plugin\.',
                        help='the --regex of the tempest run: tests it '
                             'does not select need not run (default: '
                             '%(default)s)')
    parser.add_argument('--prefix', default='verdict',
                        help='first word of the closing line')
    parser.add_argument('--known-nova-bug', nargs=2, action='append',
                        metavar=('TEST_ID', 'REGEX'),
                        help='a test that shows a known bug of this '
                             "cloud's nova, and a regex its failure's text "
                             'matches; repeatable')
    parser.add_argument('--known-nova-race', nargs=2, action='append',
                        metavar=('TEST_ID', 'REGEX'),
                        help='the same for a bug nova shows only when two '
                             'requests meet: the test may pass; repeatable')
    args = parser.parse_args(argv)
    expected = expected_tests(load_conf(args.config_file), plugin_suite(),
                              args.regex)
    if args.subunit == '-':
        runs = read_subunit_runs(sys.stdin.buffer)
    else:
        with open(args.subunit, 'rb') as stream:
            runs = read_subunit_runs(stream)
    known_bugs = None
    if args.known_nova_bug is not None or args.known_nova_race is not None:
        known_bugs = [KnownBug(test, pattern)
                      for test, pattern in args.known_nova_bug or ()] + [
            KnownBug(test, pattern, race=True)
            for test, pattern in args.known_nova_race or ()]
    verdict = judge(expected, {test: status for test, (status, _text)
                               in runs.items()}, known_bugs,
                    {test: text for test, (_status, text) in runs.items()})
    for problem in verdict.problems():
        print('%s: %s' % (args.prefix, problem))
    print(verdict.line(args.prefix))
    return 0 if verdict.ok else 1


if __name__ == '__main__':
    sys.exit(main())
