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

"""devstack/upgrade: the grenade plugin's phases, with a stand-in tempest.

The stand-in records how it was called; the real runs are those of
`tox -e upgrade`, which drives the same resources.sh.
"""

import configparser
import os
import shutil
import subprocess

import fixtures
import testtools

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
UPGRADE_DIR = os.path.join(REPO_ROOT, 'devstack', 'upgrade')
RESOURCES = os.path.join(UPGRADE_DIR, 'resources.sh')
FAKE_TEMPEST = """#!/bin/sh
echo "$@" > "$MIGRATION_WORK_DIR/tempest-args"
echo "$PWD" > "$MIGRATION_WORK_DIR/tempest-cwd"
test -d .stestr && touch "$MIGRATION_WORK_DIR/stale-repository"
exit "${FAKE_TEMPEST_EXIT:-0}"
"""
# `stestr last --subunit` beside tempest: the run's stream.
FAKE_STESTR = """#!/bin/sh
echo "$@" > "$MIGRATION_WORK_DIR/stestr-args"
echo "stream of the run in $PWD"
"""
# The python beside tempest runs the verdict: it records how, and says.
FAKE_VERDICT_PYTHON = """#!/bin/sh
echo "$@" > "$MIGRATION_WORK_DIR/verdict-args"
echo "verdict: expected=1 passed=1 failed=0 skipped=0"
exit "${FAKE_VERDICT_EXIT:-0}"
"""
# A python3 whose venvs get a pip that records its arguments and installs
# FAKE_TEMPEST; every other use goes to the real interpreter.
FAKE_PYTHON3 = """#!/bin/sh
if [ "$1" = -m ] && [ "$2" = venv ]; then
    mkdir -p "$3/bin"
    cat > "$3/bin/pip" <<'PIP'
#!/bin/sh
echo "$@" > "$MIGRATION_WORK_DIR/pip-args"
for tool in tempest stestr python; do
    cp "%(bin)s/$tool" "$(dirname "$0")/$tool"
done
PIP
    chmod +x "$3/bin/pip"
    exit 0
fi
exec %(python3)s "$@"
"""


class TestResourcesScript(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.dir = self.useFixture(fixtures.TempDir()).path
        self.work_dir = os.path.join(self.dir, 'work')
        self.conf = os.path.join(self.dir, 'tempest.conf')
        with open(self.conf, 'w') as f:
            f.write('[compute]\nflavor_ref = 1\n[migration]\n'
                    'upgrade_phase = none\nreport_file = %(x)s\n')
        self.tools = os.path.join(self.dir, 'tools')
        os.mkdir(self.tools)
        for name, text in (('tempest', FAKE_TEMPEST),
                           ('stestr', FAKE_STESTR),
                           ('python', FAKE_VERDICT_PYTHON)):
            with open(os.path.join(self.tools, name), 'w') as f:
                f.write(text)
            os.chmod(os.path.join(self.tools, name), 0o755)
        self.tempest = os.path.join(self.tools, 'tempest')

    def run_phase(self, *phase, **environ):
        env = dict(os.environ, MIGRATION_TEMPEST=self.tempest,
                   MIGRATION_TEMPEST_CONF=self.conf,
                   MIGRATION_WORK_DIR=self.work_dir)
        env.pop('GRENADE_DIR', None)
        env.update(environ)
        return subprocess.run(['bash', RESOURCES] + list(phase), env=env,
                              stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)

    def write_state_file(self):
        os.makedirs(self.work_dir, exist_ok=True)
        with open(os.path.join(self.work_dir, 'siblings.json'), 'w') as f:
            f.write('{"groups": {"resize": {"servers": [{}, {}]}}}\n')

    def tempest_args(self):
        return self.recorded('tempest-args')

    def recorded(self, name):
        with open(os.path.join(self.work_dir, name)) as f:
            return f.read().split()

    def test_destroy_runs_the_destroy_phase_on_a_copy_of_tempest_conf(self):
        self.write_state_file()
        result = self.run_phase('destroy')
        self.assertEqual(0, result.returncode, result.stdout)
        args = self.tempest_args()
        self.assertEqual('run', args[0])
        self.assertTrue(args[args.index('--regex') + 1].endswith(
            r'test_upgrade\.RecordedSiblingsCleanupTest\.'))
        parser = configparser.RawConfigParser()
        parser.read(args[args.index('--config-file') + 1])
        self.assertEqual('destroy', parser.get('migration', 'upgrade_phase'))
        self.assertEqual(os.path.join(self.work_dir, 'siblings.json'),
                         parser.get('migration', 'upgrade_state_file'))
        # The rest is kept as it was, unexpanded, for its owner's eyes only.
        self.assertEqual('%(x)s', parser.get('migration', 'report_file'))
        self.assertEqual(0o600, os.stat(
            args[args.index('--config-file') + 1]).st_mode & 0o777)
        self.assertEqual('1', parser.get('compute', 'flavor_ref'))
        with open(self.conf) as f:
            self.assertIn('upgrade_phase = none', f.read())

    def test_verify_after_the_upgrade_runs_the_verify_phase(self):
        self.write_state_file()
        result = self.run_phase('verify', 'post-upgrade')
        self.assertEqual(0, result.returncode, result.stdout)
        args = self.tempest_args()
        self.assertTrue(args[args.index('--regex') + 1].endswith(
            r'SiblingsAfterUpgradeTest\.'))

    def test_verify_before_the_upgrade_only_counts_the_siblings(self):
        self.write_state_file()
        result = self.run_phase('verify', 'pre-upgrade')
        self.assertEqual(0, result.returncode, result.stdout)
        self.assertIn('2 siblings recorded', result.stdout)
        self.assertFalse(os.path.exists(
            os.path.join(self.work_dir, 'tempest-args')))

    def test_verify_without_a_state_file_names_the_create_phase(self):
        result = self.run_phase('verify', 'post-upgrade')
        self.assertEqual(1, result.returncode)
        self.assertIn('run the create phase first', result.stdout)

    def test_destroy_without_a_state_file_has_nothing_to_do(self):
        result = self.run_phase('destroy')
        self.assertEqual(0, result.returncode, result.stdout)
        self.assertIn('nothing to delete', result.stdout)

    def test_create_that_records_nothing_fails(self):
        result = self.run_phase('create')
        self.assertEqual(1, result.returncode)
        self.assertIn('the create phase recorded nothing', result.stdout)
        self.assertIn('SiblingsBeforeUpgradeTest', ' '.join(
            self.tempest_args()))

    def test_missing_tempest_conf_names_the_variable(self):
        self.write_state_file()
        result = self.run_phase('destroy', MIGRATION_TEMPEST_CONF='/nope')
        self.assertEqual(1, result.returncode)
        self.assertIn('no tempest.conf at /nope (MIGRATION_TEMPEST_CONF)',
                      result.stdout)

    def test_noapi_phase_and_unknown_phases(self):
        self.assertEqual(0, self.run_phase('verify_noapi').returncode)
        result = self.run_phase('upgrade')
        self.assertEqual(1, result.returncode)
        self.assertIn("unknown phase 'upgrade'", result.stdout)

    def run_with_own_venv(self, **environ):
        bin_dir = os.path.join(self.dir, 'bin')
        os.mkdir(bin_dir)
        python3 = os.path.join(bin_dir, 'python3')
        with open(python3, 'w') as f:
            f.write(FAKE_PYTHON3 % {'bin': self.tools,
                                    'python3': shutil.which('python3')})
        os.chmod(python3, 0o755)
        self.write_state_file()
        result = self.run_phase(
            'destroy', MIGRATION_TEMPEST='',
            PATH=bin_dir + os.pathsep + os.environ['PATH'], **environ)
        self.assertEqual(0, result.returncode, result.stdout)
        with open(os.path.join(self.work_dir, 'pip-args')) as f:
            pip_args = f.read().split()
        # Then the phase ran with the venv's tempest.
        self.assertIn('RecordedSiblingsCleanupTest', ' '.join(
            self.tempest_args()))
        return pip_args

    def test_own_venv_installs_tempest_release_pinned(self):
        pip_args = self.run_with_own_venv()
        self.assertEqual(['install', '--quiet', '-c',
                          os.path.join(REPO_ROOT, 'upper-constraints.txt'),
                          'tempest', REPO_ROOT], pip_args)

    def test_own_venv_from_a_tempest_checkout_unpins_tempest(self):
        checkout = os.path.join(self.dir, 'tempest-checkout')
        os.mkdir(checkout)
        constraints = os.path.join(self.dir, 'upper-constraints.txt')
        with open(constraints, 'w') as f:
            f.write('oslo.config===10.0.0\ntempest===47.0.0\n')
        pip_args = self.run_with_own_venv(
            MIGRATION_TEMPEST_SOURCE=checkout,
            MIGRATION_CONSTRAINTS=constraints)
        used = pip_args[pip_args.index('-c') + 1]
        self.assertEqual(checkout, pip_args[-2])
        with open(used) as f:
            self.assertEqual('oslo.config===10.0.0\n', f.read())

    def test_grenade_settings_register_the_plugin(self):
        with open(os.path.join(UPGRADE_DIR, 'settings')) as f:
            self.assertIn('register_project_for_upgrade '
                          'migration-tempest-plugin', f.read())
        # grenade runs upgrade.sh of every registered project.
        self.assertEqual(0, subprocess.run(
            ['bash', os.path.join(UPGRADE_DIR, 'upgrade.sh')],
            stdout=subprocess.DEVNULL).returncode)

    def test_each_phase_is_judged_by_the_verdict_on_its_own_run(self):
        self.write_state_file()
        os.makedirs(os.path.join(self.work_dir, 'run', '.stestr'))
        result = self.run_phase('verify', 'post-upgrade')
        self.assertEqual(0, result.returncode, result.stdout)
        self.assertFalse(os.path.exists(
            os.path.join(self.work_dir, 'stale-repository')))
        self.assertEqual(['last', '--subunit'], self.recorded('stestr-args'))
        verdict = self.recorded('verdict-args')
        stream = os.path.join(self.work_dir, 'run', 'verify.subunit')
        self.assertEqual(
            ['-m', 'migration_tempest_plugin.verdict', '--config-file',
             os.path.join(self.work_dir, 'tempest-verify.conf'), '--regex',
             self.tempest_args()[self.tempest_args().index('--regex') + 1],
             stream], verdict)
        with open(stream) as f:
            self.assertEqual('stream of the run in %s\n' % os.path.join(
                self.work_dir, 'run'), f.read())
        self.assertIn('verdict: expected=1 passed=1', result.stdout)

    def test_a_test_the_verdict_counts_against_the_run_fails_the_phase(self):
        # tempest run passes, with the verify test skipped.
        self.write_state_file()
        result = self.run_phase('verify', 'post-upgrade',
                                FAKE_VERDICT_EXIT='1')
        self.assertEqual(1, result.returncode, result.stdout)
        result = self.run_phase('create', FAKE_VERDICT_EXIT='1')
        self.assertEqual(1, result.returncode, result.stdout)

    def test_a_failed_tempest_run_is_judged_and_fails_the_phase(self):
        self.write_state_file()
        result = self.run_phase('destroy', FAKE_TEMPEST_EXIT='1')
        self.assertNotEqual(0, result.returncode, result.stdout)
        self.assertIn('RecordedSiblingsCleanupTest\\.', ' '.join(
            self.recorded('verdict-args')))
