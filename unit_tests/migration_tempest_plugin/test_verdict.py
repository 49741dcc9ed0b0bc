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

"""The run's verdict: which tests must run, and how the run went."""

import io

import fixtures
import subunit
from tempest.common import credentials_factory
import testtools

from migration_tempest_plugin import verdict
from unit_tests import conf as fake_conf

READY = ('[compute]\nmin_compute_nodes = 2\nmax_microversion = latest\n'
         'flavor_ref_alt = 2\n[compute-feature-enabled]\n'
         'live_migrate_back_and_forth = true\n')
LIVE = ('migration_tempest_plugin.tests.scenario.test_live_migration.'
        'LiveMigrateOneSiblingTest.')
EVACUATE = ('migration_tempest_plugin.tests.scenario.test_evacuate.'
            'EvacuateOneSiblingTest.')


class TestExpectedTests(testtools.TestCase):

    def expected(self, text):
        self.useFixture(fixtures.MockPatchObject(
            credentials_factory, 'is_admin_available',
            lambda identity_version: True))
        return verdict.expected_tests(fake_conf.load(text),
                                      verdict.plugin_suite())

    def test_every_enabled_move_must_run(self):
        expected = self.expected(READY)
        self.assertIsNone(
            expected[LIVE + 'test_live_migrate_one_sibling_to_requested_host'])
        self.assertIn('[migration] evacuate = False', expected[
            EVACUATE + 'test_evacuate_one_sibling_scheduler_picks_host'])
        upgrade = [reason for test, reason in expected.items()
                   if '.test_upgrade.' in test]
        self.assertTrue(upgrade)
        self.assertTrue(all('upgrade' in reason for reason in upgrade))

    def test_a_test_level_condition_is_read(self):
        expected = self.expected(
            READY + 'can_migrate_between_any_hosts = false\n')
        self.assertIn(
            'can_migrate_between_any_hosts',
            expected[LIVE + 'test_live_migrate_one_sibling_to_requested_host'])
        self.assertIsNone(
            expected[LIVE + 'test_live_migrate_one_sibling_scheduler_picks_'
                     'host'])

    def test_ids_carry_no_attributes(self):
        self.assertFalse([test for test in self.expected(READY)
                          if '[' in test])


class TestSelected(testtools.TestCase):

    def expected(self, regex):
        self.useFixture(fixtures.MockPatchObject(
            credentials_factory, 'is_admin_available',
            lambda identity_version: True))
        return verdict.expected_tests(fake_conf.load(READY),
                                      verdict.plugin_suite(), regex)

    def test_a_regex_selects_part_of_the_suite(self):
        expected = self.expected(r'\.test_live_migration\.')
        self.assertIn(LIVE + 'test_live_migrate_one_sibling_to_requested_host',
                      expected)
        self.assertFalse([test for test in expected
                          if '.test_live_migration.' not in test])

    def test_a_regex_on_attributes_selects_as_tempest_does(self):
        # tempest run --smoke: the attributes are part of the id it matches.
        expected = self.expected(r'\bsmoke\b')
        self.assertIn(LIVE + 'test_live_migrate_one_sibling_scheduler_picks_'
                      'host', expected)
        self.assertNotIn(
            LIVE + 'test_live_migrate_one_sibling_to_requested_host',
            expected)


class TestJudge(testtools.TestCase):

    EXPECTED = {'t.A.test_1': None, 't.A.test_2': None,
                't.B.test_3': 'evacuate is off'}

    def test_all_expected_passed(self):
        result = verdict.judge(self.EXPECTED, {
            't.A.test_1[id-1,multinode]': 'success',
            't.A.test_2[id-2,multinode]': 'success',
            't.B.test_3[id-3,multinode]': 'skip'})
        self.assertTrue(result.ok)
        self.assertEqual('verdict: expected=2 passed=2 failed=0 skipped=1 '
                         'unexpected_skips=0 not_run=0', result.line())

    def test_expected_skip_and_missing_test_fail_the_run(self):
        result = verdict.judge(self.EXPECTED, {
            't.A.test_1[id-1]': 'skip', 't.B.test_3[id-3]': 'skip'})
        self.assertFalse(result.ok)
        self.assertEqual(['skipped, but tempest.conf says it must run: '
                          't.A.test_1', 'did not run: t.A.test_2'],
                         result.problems())
        self.assertEqual('e2e: expected=2 passed=0 failed=0 skipped=2 '
                         'unexpected_skips=1 not_run=1', result.line('e2e'))

    def test_failed_class_setup_fails_the_run(self):
        result = verdict.judge(self.EXPECTED, {
            'setUpClass (t.A)': 'fail', 't.B.test_3': 'skip'})
        self.assertEqual(['setUpClass (t.A)'], result.failed)
        self.assertEqual(['t.A.test_1', 't.A.test_2'], result.not_run)
        self.assertFalse(result.ok)

    def test_a_failure_beside_all_passes_fails_the_run(self):
        result = verdict.judge({'t.A.test_1': None}, {
            't.A.test_1': 'success', 't.C.test_9': 'fail'})
        self.assertFalse(result.ok)
        self.assertEqual(['t.C.test_9'], result.failed)


class TestReadSubunit(testtools.TestCase):

    def test_statuses_of_a_stream(self):
        stream = io.BytesIO()
        writer = subunit.StreamResultToBytes(stream)
        for test_id, status in (('t.A.test_1[id-1]', 'success'),
                                ('t.A.test_2', 'skip'),
                                ('setUpClass (t.B)', 'fail')):
            writer.status(test_id=test_id, test_status='inprogress')
            writer.status(test_id=test_id, test_status=status)
        stream.seek(0)
        self.assertEqual({'t.A.test_1[id-1]': 'success', 't.A.test_2': 'skip',
                          'setUpClass (t.B)': 'fail'},
                         verdict.read_subunit(stream))


class TestKnownNovaBugs(testtools.TestCase):

    EXPECTED = {'t.A.test_1': None, 't.A.test_2': None}
    BUG = verdict.KnownBug('t.A.test_2', r'went ERROR after its rollback')

    def test_a_failure_showing_the_bug_is_not_a_failure(self):
        result = verdict.judge(
            self.EXPECTED, {'t.A.test_1[id-1]': 'success',
                            't.A.test_2[id-2]': 'fail'}, [self.BUG],
            {'t.A.test_2[id-2]': 'Traceback...: server x went ERROR after '
                                 'its rollback'})
        self.assertTrue(result.ok)
        self.assertEqual('verdict: expected=2 passed=1 failed=0 skipped=0 '
                         'unexpected_skips=0 not_run=0 known_nova_bugs=1 '
                         'unexpected_passes=0', result.line())
        self.assertEqual(['failed with a known nova bug: t.A.test_2'],
                         result.problems())

    def test_another_failure_of_that_test_fails_the_run(self):
        result = verdict.judge(
            self.EXPECTED, {'t.A.test_1': 'success', 't.A.test_2': 'fail'},
            [self.BUG], {'t.A.test_2': 'Timeout waiting for ACTIVE'})
        self.assertFalse(result.ok)
        self.assertEqual(['t.A.test_2'], result.failed)

    def test_a_pass_of_a_known_bug_fails_the_run(self):
        result = verdict.judge(
            self.EXPECTED, {'t.A.test_1': 'success', 't.A.test_2': 'success'},
            [self.BUG], {})
        self.assertFalse(result.ok)
        self.assertEqual(['t.A.test_2'], result.unexpected_passes)
        self.assertIn('fixed?', result.problems()[0])

    def test_a_race_may_pass_or_fail_with_its_bug(self):
        race = verdict.KnownBug('t.A.test_2', r'policy was violated',
                                race=True)
        passed = verdict.judge(
            self.EXPECTED, {'t.A.test_1': 'success', 't.A.test_2': 'success'},
            [race], {})
        self.assertTrue(passed.ok)
        self.assertEqual([], passed.unexpected_passes)
        failed = verdict.judge(
            self.EXPECTED, {'t.A.test_1': 'success', 't.A.test_2': 'fail'},
            [race], {'t.A.test_2': 'went to ERROR: policy was violated'})
        self.assertTrue(failed.ok)
        self.assertEqual(['t.A.test_2'], failed.known_bugs)
        other = verdict.judge(
            self.EXPECTED, {'t.A.test_1': 'success', 't.A.test_2': 'fail'},
            [race], {'t.A.test_2': 'Timeout waiting for ACTIVE'})
        self.assertFalse(other.ok)

    def test_without_known_bugs_the_line_is_unchanged(self):
        result = verdict.judge(self.EXPECTED, {'t.A.test_1': 'success',
                                               't.A.test_2': 'fail'})
        self.assertNotIn('known', result.line())
        self.assertFalse(result.ok)

    def test_details_text_comes_with_the_status(self):
        stream = io.BytesIO()
        writer = subunit.StreamResultToBytes(stream)
        writer.status(test_id='t.A.test_2', test_status='inprogress')
        writer.status(test_id='t.A.test_2', test_status='fail',
                      file_name='traceback', file_bytes=b'went ERROR',
                      mime_type='text/plain; charset=utf8', eof=True)
        stream.seek(0)
        self.assertEqual({'t.A.test_2': ('fail', 'went ERROR')},
                         verdict.read_subunit_runs(stream))
