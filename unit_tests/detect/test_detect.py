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

import base64
import hashlib
import os
import zipfile

import fixtures
import testtools

from detect import run as detect
from minicloud import config as minicloud_config

ORIGINAL = '''\
def confirm(migration):
    check(migration)
    delete_allocation(migration)
    notify(migration)


def revert(migration):
    check(migration)
    move_allocation(migration)
    notify(migration)
'''

PATCH = '''\
--- a/nova/compute/manager.py
+++ b/nova/compute/manager.py
@@ -1,5 +1,4 @@
 def confirm(migration):
     check(migration)
-    delete_allocation(migration)
     notify(migration)
<blank>
@@ -7,4 +6,4 @@
 def revert(migration):
     check(migration)
-    move_allocation(migration)
+    read_allocation(migration)
     notify(migration)
'''.replace('<blank>', ' ')  # a context line that is empty in the file

HEADER = '''\
Bug: 1234567
Breaks: confirming leaves the source allocation.
Fix: 0123abc Delete it
Reverts: nova/compute/manager.py confirm: the delete.
'''


class TestCatalogue(testtools.TestCase):
    def test_every_entry_of_the_catalogue_parses(self):
        entries = detect.load_catalogue()
        bugs = [entry.bug for entry in entries]
        self.assertEqual(len(bugs), len(set(bugs)))
        seedable = [entry for entry in entries if not entry.not_applicable]
        self.assertGreaterEqual(len(seedable), 12)
        for entry in seedable:
            self.assertTrue(all(path.startswith('nova/')
                                for path in entry.paths), entry.bug)

    def test_entry_with_patch(self):
        entry = detect.parse_entry(HEADER + '\n' + PATCH, 'lp1234567.patch')
        self.assertEqual('1234567', entry.bug)
        self.assertEqual('0123abc Delete it', entry.fix)
        self.assertEqual(['nova/compute/manager.py'], entry.paths)
        self.assertIsNone(entry.not_applicable)

    def test_not_applicable_entry(self):
        entry = detect.parse_entry(
            'Bug: 7\nBreaks: b\nFix: f\nNot-applicable: dead code here\n',
            'lp7.patch')
        self.assertEqual('dead code here', entry.not_applicable)
        self.assertEqual('', entry.patch)

    def _refused(self, text, name='lp1234567.patch'):
        return self.assertRaises(detect.CatalogueError, detect.parse_entry,
                                 text, name)

    def test_file_name_must_name_the_bug(self):
        self.assertIn('does not match', str(self._refused(
            HEADER + '\n' + PATCH, 'lp7654321.patch')))
        self.assertIn('lp<bug>.patch', str(self._refused(
            HEADER + '\n' + PATCH, 'fix.diff')))

    def test_unknown_or_missing_fields(self):
        self.assertIn('not one of', str(self._refused(
            HEADER + 'Severity: high\n\n' + PATCH)))
        self.assertIn('no Breaks', str(self._refused(
            HEADER.replace('Breaks: confirming leaves the source '
                           'allocation.\n', '') + '\n' + PATCH)))

    def test_seedable_entry_needs_reverts_and_patch(self):
        self.assertIn('Not-applicable', str(self._refused(HEADER)))
        self._refused(HEADER.replace('Reverts: ', 'Missed-because: ')
                      + '\n' + PATCH)

    def test_not_applicable_entry_has_no_patch(self):
        self.assertIn('neither', str(self._refused(
            HEADER + 'Not-applicable: why\n\n' + PATCH)))

    def test_patch_only_of_nova(self):
        self.assertIn('not a file of nova', str(self._refused(
            HEADER + '\n' + PATCH.replace('nova/compute', 'keystone/x'))))


class TestPatch(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.root = self.useFixture(fixtures.TempDir()).path
        os.makedirs(os.path.join(self.root, 'nova', 'compute', '__pycache__'))
        self.path = os.path.join(self.root, 'nova', 'compute', 'manager.py')
        self._write(ORIGINAL)

    def _write(self, text):
        with open(self.path, 'w') as f:
            f.write(text)

    def _read(self):
        with open(self.path) as f:
            return f.read()

    def test_apply_then_restore_is_byte_identical(self):
        before = detect.file_sha256(self.path)
        pyc = os.path.join(os.path.dirname(self.path), '__pycache__',
                           'manager.cpython-311.pyc')
        open(pyc, 'w').close()
        originals = detect.apply_patch(self.root, PATCH)
        patched = self._read()
        self.assertNotIn('delete_allocation', patched)
        self.assertIn('    read_allocation(migration)', patched)
        self.assertNotIn('move_allocation', patched)
        self.assertFalse(os.path.exists(pyc))
        hashes = detect.restore_files(self.root, originals)
        self.assertEqual({'nova/compute/manager.py': before}, hashes)
        self.assertEqual(ORIGINAL, self._read())

    def test_hunk_found_when_lines_moved(self):
        self._write('import os\n\n' + ORIGINAL)
        detect.apply_patch(self.root, PATCH)
        self.assertNotIn('delete_allocation', self._read())
        self.assertTrue(self._read().startswith('import os\n'))

    def test_patch_that_does_not_apply_changes_nothing(self):
        second = os.path.join(self.root, 'nova', 'compute', 'api.py')
        with open(second, 'w') as f:
            f.write('nothing of the kind\n')
        both = PATCH + PATCH.replace('manager.py', 'api.py')
        e = self.assertRaises(detect.PatchDoesNotApply, detect.apply_patch,
                              self.root, both)
        self.assertIn('nova/compute/api.py', str(e))
        self.assertEqual(ORIGINAL, self._read())

    def test_ambiguous_hunk_does_not_apply(self):
        self._write('\n' + ORIGINAL + ORIGINAL)
        e = self.assertRaises(detect.PatchDoesNotApply, detect.apply_patch,
                              self.root, PATCH)
        self.assertIn('matches 2 places', str(e))

    def test_malformed_patches(self):
        self.assertRaises(detect.PatchError, detect.parse_patch, 'text\n')
        self.assertRaises(detect.PatchError, detect.parse_patch,
                          PATCH.replace('a/nova', 'nova'))
        self.assertRaises(detect.PatchError, detect.parse_patch,
                          ''.join(PATCH.splitlines(True)[:5]))


class TestRecord(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.site = self.useFixture(fixtures.TempDir()).path
        os.makedirs(os.path.join(self.site, 'nova', 'compute'))
        self.dist_info = os.path.join(self.site, 'nova-34.0.0.dist-info')
        os.makedirs(self.dist_info)
        self.files = {'nova/__init__.py': b'', 'nova/compute/manager.py':
                      ORIGINAL.encode()}
        rows = []
        for path, data in self.files.items():
            with open(os.path.join(self.site, path), 'wb') as f:
                f.write(data)
            rows.append('%s,%s,%d' % (path, detect.record_digest(data),
                                      len(data)))
        rows += ['nova/__pycache__/__init__.cpython-311.pyc,,',
                 '../../../bin/nova-compute,sha256=abc,10',
                 'nova-34.0.0.dist-info/RECORD,,']
        with open(os.path.join(self.dist_info, 'RECORD'), 'w') as f:
            f.write('\n'.join(rows) + '\n')

    def test_digest_is_urlsafe_base64_without_padding(self):
        data = b'print("hello")\n'
        expected = base64.urlsafe_b64encode(
            hashlib.sha256(data).digest()).decode().rstrip('=')
        self.assertEqual('sha256=' + expected, detect.record_digest(data))
        self.assertNotIn('=', detect.record_digest(data)[len('sha256='):])

    def test_record_lists_hashed_files_of_the_package(self):
        self.assertEqual(sorted(self.files),
                         sorted(detect.read_record(self.dist_info)))

    def test_pristine_files_match(self):
        record = detect.read_record(self.dist_info)
        self.assertEqual([], detect.record_mismatches(self.site, record))

    def test_changed_and_missing_files_differ(self):
        detect.apply_patch(self.site, PATCH)
        os.unlink(os.path.join(self.site, 'nova', '__init__.py'))
        record = detect.read_record(self.dist_info)
        self.assertEqual(['nova/__init__.py', 'nova/compute/manager.py'],
                         detect.record_mismatches(self.site, record))

    def test_restore_from_wheel(self):
        detect.apply_patch(self.site, PATCH)
        wheel = os.path.join(self.site, 'nova-34.0.0-py3-none-any.whl')
        with zipfile.ZipFile(wheel, 'w') as archive:
            for path, data in self.files.items():
                archive.writestr(path, data)
        detect.restore_from_wheel(self.site, wheel,
                                  ['nova/compute/manager.py'])
        self.assertEqual([], detect.record_mismatches(
            self.site, detect.read_record(self.dist_info)))


TRACEBACK_VERIFY = '''\
Traceback (most recent call last):
  File "/x/test_cold_migration.py", line 45, in test_cold_migrate
    self.migrate_and_confirm(moved, siblings)
migration_tempest_plugin.common.verification.MoveVerificationError: Move \
of server 5b1 from compute1 did not end as expected:
- allocations left under the migration 9c2: {'rp': {'VCPU': 1}}
What the cloud said:
server 5b1: ACTIVE on compute2
'''
TRACEBACK_FAILED = '''\
Traceback (most recent call last):
  File "/x/waiters.py", line 80, in wait_until
migration_tempest_plugin.common.waiters.WaitFailed: server 5b1 went to \
ERROR: NoValidHost: No valid host was found.
'''
TRACEBACK_TIMEOUT = '''\
Traceback (most recent call last):
  File "/x/waiters.py", line 88, in wait_until
migration_tempest_plugin.common.waiters.WaitTimeout: Request timed out
Details: server 5b1 to be ACTIVE: not done after 90 s (40 polls).
'''


class TestVerdict(testtools.TestCase):
    def test_failure_line_names_exception_and_first_problem(self):
        self.assertEqual(
            'MoveVerificationError: Move of server 5b1 from compute1 did '
            'not end as expected: - allocations left under the migration '
            "9c2: {'rp': {'VCPU': 1}}",
            detect.failure_line(TRACEBACK_VERIFY))
        self.assertEqual('WaitFailed: server 5b1 went to ERROR: NoValidHost:'
                         ' No valid host was found.',
                         detect.failure_line(TRACEBACK_FAILED))

    def test_timeouts(self):
        self.assertTrue(detect.is_timeout(
            detect.failure_line(TRACEBACK_TIMEOUT)))
        self.assertFalse(detect.is_timeout(
            detect.failure_line(TRACEBACK_FAILED)))
        self.assertFalse(detect.is_timeout(
            detect.failure_line(TRACEBACK_VERIFY)))

    def test_no_failure_is_missed(self):
        self.assertEqual(detect.MISSED, detect.verdict({}))

    def test_timeouts_alone_are_counted_apart(self):
        self.assertEqual(detect.TIMEOUT_ONLY, detect.verdict({
            't1': detect.failure_line(TRACEBACK_TIMEOUT)}))

    def test_nova_error_or_broken_expectation_is_caught(self):
        self.assertEqual(detect.CAUGHT, detect.verdict({
            't1': detect.failure_line(TRACEBACK_TIMEOUT),
            't2': detect.failure_line(TRACEBACK_VERIFY)}))
        self.assertEqual(detect.CAUGHT, detect.verdict({
            't1': detect.failure_line(TRACEBACK_FAILED)}))

    def test_summary_line(self):
        def entry(bug, **kwargs):
            return detect.Entry(bug=bug, breaks='b', fix='f', **kwargs)
        results = [
            detect.Result(entry('1'), detect.CAUGHT, {'t': 'E: x'}),
            detect.Result(entry('2'), detect.MISSED),
            detect.Result(entry('3'), detect.TIMEOUT_ONLY, {'t': 'T'}),
            detect.Result(entry('4', not_applicable='why'),
                          detect.NOT_APPLICABLE),
            detect.Result(entry('5'), detect.DOES_NOT_APPLY),
            detect.Result(entry('6'), detect.MISSED),
        ]
        self.assertEqual(
            'detect: seeded=4 caught=1 missed=[2,6] timeout_only=[3] '
            'not_applicable=[4] does_not_apply=[5] wall_s=12',
            detect.summary_line(results, 12.7))
        table = detect.results_table(results)
        self.assertIn('``E: x``', table)
        self.assertIn('| ``t``', table)
        self.assertIn('why', table)

    def test_first_failure_prefers_a_non_timeout(self):
        result = detect.Result(
            detect.Entry(bug='1', breaks='b', fix='f'), detect.CAUGHT,
            {'a_test': 'WaitTimeout: x', 'b_test': 'WaitFailed: ERROR'})
        self.assertEqual('WaitFailed: ERROR', result.first_failure())


class TestServices(testtools.TestCase):
    def test_manager_modules_restart_their_service(self):
        self.assertEqual(list(minicloud_config.COMPUTE_HOSTS),
                         detect.services_for(['nova/compute/manager.py']))
        self.assertEqual(['nova-scheduler'],
                         detect.services_for(['nova/scheduler/manager.py']))
        self.assertEqual(['nova-conductor'], detect.services_for(
            ['nova/conductor/tasks/migrate.py']))

    def test_shared_modules_restart_every_nova_service(self):
        for path in ('nova/objects/request_spec.py',
                     'nova/scheduler/utils.py'):
            self.assertEqual(list(detect.ALL_NOVA),
                             detect.services_for([path]))

    def test_services_of_several_files(self):
        self.assertEqual(['nova-conductor', 'nova-scheduler'],
                         detect.services_for(['nova/scheduler/manager.py',
                                              'nova/conductor/manager.py']))


class TestOutputs(testtools.TestCase):
    def test_table_and_docs_page_are_written(self):
        out = self.useFixture(fixtures.TempDir()).path
        page = os.path.join(out, 'detection.rst')
        entry = detect.Entry(bug='1718455', breaks='moves fail', fix='f',
                             reverts='r', patch=PATCH)
        missed = detect.Entry(bug='1669054', breaks='b', fix='f',
                              reverts='r', patch=PATCH,
                              missed_because='needs a chain')
        failures = {'test_resize.T.test_a': 'WaitFailed: NoValidHost `x` '
                    'for 5b1f2c9e-0a43-4c1e-9d2f-1234567890ab'}
        results = [detect.Result(entry, detect.CAUGHT, failures),
                   detect.Result(missed, detect.MISSED)]
        line = detect.summary_line(results, 100)
        detect.write_results(results, line, out)
        with open(os.path.join(out, 'results.rst')) as f:
            self.assertTrue(f.read().startswith(line))
        detect.write_docs_page(results, line, '2026-12-01', page, 90)
        with open(page) as f:
            text = f.read()
        self.assertIn('What the suite catches', text)
        self.assertIn("``WaitFailed: NoValidHost 'x' for <uuid>``", text)
        self.assertIn('needs a chain', text)
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
        entry = detect.Entry(bug='1718455', breaks='moves fail', fix='f',
                             reverts='r', patch=PATCH)
        result = detect.Result(entry, detect.CAUGHT, {'t.T.t': 'E: x'},
                               wall_s=3)
        detect.write_results([result], 'detect: seeded=1', run_dir)
        results, line, move_timeout, when = detect.read_results(run_dir,
                                                                [entry])
        self.assertEqual('detect: seeded=1', line)
        self.assertEqual((90, '2026-12-01'), (move_timeout, when))
        self.assertEqual([result], results)
