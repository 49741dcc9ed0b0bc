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

"""Unit tests of detect/docs_page.py: the results and the docs page."""

import os

from detect import docs_page
from detect import entries
from detect import verdicts
import fixtures
import testtools

from unit_tests.detect import samples


class TestOutputs(testtools.TestCase):
    def test_table_and_docs_page_are_written(self):
        out = self.useFixture(fixtures.TempDir()).path
        page = os.path.join(out, 'detection.rst')
        entry = entries.Entry(bug='1718455', breaks='moves fail', fix='f',
                              reverts='r', patch=samples.PATCH)
        missed = entries.Entry(bug='1669054', breaks='b', fix='f',
                               reverts='r', patch=samples.PATCH,
                               author_note='needs a chain')
        failures = {'test_resize.T.test_a': 'WaitFailed: NoValidHost `x` '
                    'for 5b1f2c9e-0a43-4c1e-9d2f-1234567890ab'}
        results = [verdicts.Result(entry, verdicts.CAUGHT, failures),
                   verdicts.Result(missed, verdicts.MISSED)]
        line = verdicts.summary_line(results, 100)
        docs_page.write_results(results, line, out)
        with open(os.path.join(out, 'results.rst')) as f:
            self.assertTrue(f.read().startswith(line))
        docs_page.write_docs_page(results, line, '2026-12-01', page, 90)
        with open(page) as f:
            text = f.read()
        self.assertIn('What the suite catches', text)
        self.assertIn("``WaitFailed: NoValidHost 'x' for <uuid>``", text)
        self.assertIn("*Author's note* (not measured): needs a chain", text)
        self.assertIn('``%s``' % line, text)

    def test_docs_page_again_from_a_run_directory(self):
        self.docs_page_again('baseline.conf')

    def test_docs_page_again_from_a_run_directory_of_harness_runs(self):
        self.docs_page_again(os.path.join('baseline', 'tempest.conf'))

    def docs_page_again(self, baseline_conf):
        run_dir = os.path.join(self.useFixture(fixtures.TempDir()).path,
                               '20261201T231604')
        os.makedirs(os.path.dirname(os.path.join(run_dir, baseline_conf)))
        with open(os.path.join(run_dir, baseline_conf), 'w') as f:
            f.write('[migration]\nmove_timeout = 90\n')
        entry = entries.Entry(bug='1718455', breaks='moves fail', fix='f',
                              reverts='r', patch=samples.PATCH)
        result = verdicts.Result(entry, verdicts.CAUGHT, {'t.T.t': 'E: x'},
                                 wall_s=3)
        docs_page.write_results([result], 'detect: seeded=1', run_dir)
        results, line, move_timeout, when = docs_page.read_results(run_dir,
                                                                   [entry])
        self.assertEqual('detect: seeded=1', line)
        self.assertEqual((90, '2026-12-01'), (move_timeout, when))
        self.assertEqual([result], results)
