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

"""Unit tests of detect/docs_page.py: the table and the docs page."""

import os

from detect import docs_page
from detect import entries
from detect import liveness
from detect import store
from detect import verdicts
import fixtures
import testtools

from unit_tests.detect import samples

STAMP = {'suite_commit': 'abc1234', 'driver': 'fake', 'move_timeout': 90,
         'measured': '2026-12-07T10:00:00Z', 'nova_version': '34.0.0'}


def entry(bug, **kwargs):
    return entries.Entry(bug=bug, breaks='what breaks %s' % bug, fix='f',
                         reverts='confirm_resize: the delete',
                         proven_by=(samples.TEST,), shows_with='healthy API',
                         patch=samples.PATCH, **kwargs)


class TestDocsPage(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.catalogue = [entry('1718455'),
                          entry('1669054', author_note='needs a chain'),
                          entry('1600251'), entry('1713783')]
        failure = ('WaitFailed: NoValidHost `x` for '
                   '5b1f2c9e-0a43-4c1e-9d2f-1234567890ab')
        results = [
            verdicts.Result('1718455', verdicts.CAUGHT,
                            caught_by={'test_resize.T.test_a': failure},
                            flaky={'test_b.T.test_b': [
                                'E: 1', 'passed again alone with the seed']},
                            liveness=liveness.LIVE, stamp=STAMP,
                            timings={'suite': 900, 'proof': 60}),
            verdicts.Result('1669054', verdicts.MISSED,
                            ran={'test_resize.T.test_a': 'success',
                                 'test_x.T.test_x': 'skip'},
                            liveness=liveness.LIVE, stamp=STAMP,
                            left={'consumers': ['c1']},
                            timings={'suite': 880}),
            verdicts.Result('1600251', verdicts.DEAD,
                            liveness=liveness.DEAD,
                            liveness_detail='still passes with the seed: t',
                            stamp=dict(STAMP, suite_commit='old'),
                            timings={'liveness': 30})]
        self.merged = store.Merged(results, ['1600251'], ['1713783'],
                                   'abc1234', {'runs/a': 2000})

    def test_table(self):
        table = docs_page.results_table(self.merged, self.catalogue)
        self.assertIn("``WaitFailed: NoValidHost 'x' for <uuid>``", table)
        self.assertIn('| ``test_resize.T.test_a``', table)
        self.assertIn('Failed too, but proved nothing (flaky)', table)
        self.assertIn('| ``test_b.T.test_b``: passed again alone with the '
                      'seed (``E: 1``)', table)
        self.assertIn('dead seed (stale)', table)
        self.assertIn('still passes with the seed', table)
        self.assertIn('suite abc1234, fake driver, 2026-12-07, 960 s', table)

    def test_a_miss_says_what_ran_and_what_the_seed_changed(self):
        table = docs_page.results_table(self.merged, self.catalogue)
        self.assertIn('The whole suite ran with the seed in (2 tests: 1 '
                      'skip, 1 success)', table)
        self.assertIn('none looked at what the seed changed '
                      '(confirm_resize: the delete)', table)
        self.assertIn('| ``test_x.T.test_x``', table)
        self.assertIn("*Author's note* (not measured): needs a chain",
                      table)
        self.assertIn('left (cleaned up): ``consumers: 1``', table)

    def test_docs_page(self):
        page = os.path.join(self.useFixture(fixtures.TempDir()).path,
                            'detection.rst')
        docs_page.write_docs_page(self.merged, self.catalogue, page)
        with open(page) as f:
            text = f.read()
        self.assertIn('What the suite catches', text)
        self.assertIn('``%s``' % self.merged.line(), text)
        self.assertIn('the newest measured on 2026-12-07', text)
        self.assertIn('commit ``abc1234``', text)
        self.assertIn('not_measured=[1713783]', text)
        self.assertIn('``[migration] move_timeout`` is 90 s', text)
        self.assertNotIn('${', text)

    def test_timing_per_phase(self):
        table = docs_page.timing_table(self.merged.results)
        self.assertIn('   * - suite\n     - 1780\n     - 890\n     - 2',
                      table)
        self.assertIn('   * - liveness\n     - 30\n     - 30\n     - 1',
                      table)
