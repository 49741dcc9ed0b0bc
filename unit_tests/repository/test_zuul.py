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

"""Checks of the Zuul jobs against the code they run.

A job that names the plugin wrongly, a test regex that misses a test, or a
tempest.conf option that does not exist all pass silently in the gate (the
plugin is not installed, the test does not run, the option is ignored).
These tests catch them before a job runs.
"""

import configparser
import copy
import glob
import os
import re
import types
import unittest

from oslo_config import cfg
import stevedore
from tempest import config as tempest_config
import testtools
import yaml

from migration_tempest_plugin import config as migration_config
from migration_tempest_plugin import plugin

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
TEMPEST_CONF_KEY = '$TEMPEST_CONFIG'
LIBRARY_OPTION_NAMESPACES = ['oslo.log', 'oslo.concurrency']
# Values Zuul fills in at run time cannot be type-checked here.
JINJA = re.compile(r'{{.*}}')
# A test of tempest itself that no job of this repository should select.
TEMPEST_OWN_TEST_ID = (
    'tempest.api.compute.admin.test_live_migration.LiveMigrationTest.'
    'test_live_block_migration[id-1dce86b8-eb04-4c03-a9d8-9c1dc3ee0c7b]')


def _merge(base, override):
    """Merge job variables the way Zuul does: dictionaries deeply."""
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def load_zuul_config():
    """Return (jobs by name, project stanzas) from zuul.d/*.yaml."""
    jobs, projects = {}, []
    for path in sorted(glob.glob(os.path.join(REPO_ROOT, 'zuul.d',
                                              '*.yaml'))):
        with open(path) as stream:
            for item in yaml.safe_load(stream) or []:
                if 'job' in item:
                    jobs[item['job']['name']] = item['job']
                elif 'project' in item:
                    projects.append(item['project'])
    return jobs, projects


def effective_vars(jobs, name):
    """Variables of a job with those of its parents defined here."""
    job = jobs[name]
    parent = job.get('parent')
    inherited = effective_vars(jobs, parent) if parent in jobs else {}
    return _merge(inherited, job.get('vars', {}))


def plugin_test_ids():
    """Ids of the plugin's tests, found as tempest finds them."""
    test_dir, top_dir = plugin.MigrationTempestPlugin().load_tests()
    loader = unittest.TestLoader()
    suite = loader.discover(test_dir, top_level_dir=top_dir)
    return [test.id() for test in testtools.iterate_tests(suite)], \
        loader.errors


def registered_options():
    """{group name: {option name: Opt}} tempest.conf may hold.

    Tempest's and this plugin's options, and those of the libraries whose
    groups tempest.conf carries ([DEFAULT] logging, [oslo_concurrency]).
    """
    options = {}
    libraries = stevedore.NamedExtensionManager(
        'oslo.config.opts', names=LIBRARY_OPTION_NAMESPACES,
        invoke_on_load=True)
    opt_lists = (list(tempest_config.list_opts())
                 + list(migration_config.list_opts())
                 + [item for extension in libraries
                    for item in extension.obj])
    for group, opts in opt_lists:
        group_name = getattr(group, 'name', group) or 'DEFAULT'
        for opt in opts:
            options.setdefault(group_name, {})[opt.dest] = opt
    return options


def check_option(options, group, name, value):
    """Why ``[group] name = value`` is not a valid tempest.conf line, or None.

    Values with Zuul's Jinja templates are only checked for existence.
    """
    if name not in options.get(group, {}):
        return '[%s] %s is not an option of tempest or of this plugin' % (
            group, name)
    if JINJA.search(str(value)):
        return None
    try:
        options[group][name].type(str(value))
    except ValueError as error:
        return '[%s] %s = %r: %s' % (group, name, value, error)
    return None


def settings_problem(options, values_by_group):
    """Why the plugin would refuse these tempest.conf values, or None.

    Runs the plugin's own checks (resolve_settings, resolve_evacuate) on a
    configuration made of the given values over the options' defaults.
    [compute] image_ref and flavor_ref, which DevStack and the embedded
    cloud fill in, get placeholders when unset.
    """
    conf = cfg.ConfigOpts()
    for group, opts in options.items():
        conf.register_opts(list(opts.values()), group=group)
    conf([], default_config_files=[])
    conf.set_override('image_ref', 'an-image', 'compute')
    conf.set_override('flavor_ref', 'a-flavor', 'compute')
    for group, values in values_by_group.items():
        for name, value in values.items():
            if not JINJA.search(str(value)):
                conf.set_override(name, str(value), group)
    view = types.SimpleNamespace(
        migration=conf.migration, compute=conf.compute,
        compute_feature_enabled=conf['compute-feature-enabled'])
    try:
        migration_config.resolve_settings(view)
        migration_config.resolve_evacuate(view)
    except migration_config.InvalidOption as error:
        return str(error)
    return None


def setup_cfg_name():
    parser = configparser.ConfigParser()
    parser.read(os.path.join(REPO_ROOT, 'setup.cfg'))
    return parser['metadata']['name']


class TestZuulJobs(testtools.TestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.jobs, cls.projects = load_zuul_config()
        cls.tempest_jobs = {
            name: effective_vars(cls.jobs, name) for name in cls.jobs
            if 'tempest_test_regex' in effective_vars(cls.jobs, name)}

    def test_jobs_found(self):
        self.assertIn('migration-tempest-plugin-multinode', self.jobs)
        self.assertIn('migration-tempest-plugin-grenade-multinode',
                      self.jobs)
        self.assertEqual(set(self.jobs), set(self.tempest_jobs))

    def test_parents(self):
        self.assertEqual(
            'tempest-multinode-full-py3',
            self.jobs['migration-tempest-plugin-multinode']['parent'])
        self.assertEqual(
            'grenade-multinode',
            self.jobs['migration-tempest-plugin-grenade-multinode'][
                'parent'])

    def test_every_job_judges_the_run_with_the_verdict(self):
        path = os.path.join(REPO_ROOT, 'playbooks', 'verdict.yaml')
        with open(path) as f:
            [play] = yaml.safe_load(f)
        [task] = play['tasks']
        self.assertIn('-m migration_tempest_plugin.verdict', task['shell'])
        self.assertIn('--config-file etc/tempest.conf', task['shell'])
        for job_name in self.jobs:
            job = self.jobs[job_name]
            while 'post-run' not in job and job.get('parent') in self.jobs:
                job = self.jobs[job['parent']]
            self.assertEqual('playbooks/verdict.yaml', job.get('post-run'),
                             job_name)

    def test_the_grenade_phases_are_judged_by_the_verdict_too(self):
        # The grenade job's create and verify runs happen in its grenade
        # plugin, before the post-run playbook: resources.sh judges them.
        self.assertIn('devstack_plugins', self.jobs[
            'migration-tempest-plugin-grenade-multinode']['vars'])
        with open(os.path.join(REPO_ROOT, 'devstack', 'upgrade',
                               'resources.sh')) as f:
            script = f.read()
        self.assertIn('-m migration_tempest_plugin.verdict', script)
        run_phase = script[script.index('function run_phase'):]
        run_phase = run_phase[:run_phase.index('\n}\n')]
        self.assertIn('judge_phase ', run_phase)

    def test_plugin_name_matches_setup_cfg(self):
        name = setup_cfg_name()
        for job_name, job_vars in self.tempest_jobs.items():
            self.assertEqual([name], job_vars.get('tempest_plugins'),
                             job_name)

    def test_required_project_is_this_repository(self):
        name = setup_cfg_name()
        for job_name in self.tempest_jobs:
            job = self.jobs[job_name]
            while 'required-projects' not in job:
                job = self.jobs[job['parent']]
            self.assertIn('openstack/%s' % name, job['required-projects'],
                          job_name)

    def test_regex_selects_every_plugin_test_and_nothing_else(self):
        test_ids, import_errors = plugin_test_ids()
        self.assertEqual([], import_errors)
        self.assertNotEqual([], test_ids, 'no test found in the plugin')
        for job_name, job_vars in self.tempest_jobs.items():
            regex = re.compile(job_vars['tempest_test_regex'])
            exclude = job_vars.get('tempest_exclude_regex')
            for test_id in test_ids:
                self.assertIsNotNone(
                    regex.search(test_id),
                    '%s: regex %s misses %s' % (job_name, regex.pattern,
                                                test_id))
                if exclude:
                    self.assertIsNone(re.search(exclude, test_id),
                                      '%s excludes %s' % (job_name, test_id))
            self.assertIsNone(regex.search(TEMPEST_OWN_TEST_ID), job_name)
            self.assertEqual('all', job_vars['tox_envlist'], job_name)

    def test_test_config_options_exist(self):
        options = registered_options()
        for job_name, job_vars in self.tempest_jobs.items():
            test_config = job_vars['devstack_local_conf']['test-config']
            for group, values in test_config[TEMPEST_CONF_KEY].items():
                for name, value in values.items():
                    problem = check_option(options, group, name, value)
                    if problem:
                        self.fail('%s: %s' % (job_name, problem))
            problem = settings_problem(options, test_config[TEMPEST_CONF_KEY])
            if problem:
                self.fail('%s: %s' % (job_name, problem))

    def test_suite_settings(self):
        for job_name, job_vars in self.tempest_jobs.items():
            conf = job_vars['devstack_local_conf']['test-config'][
                TEMPEST_CONF_KEY]
            features = conf['compute-feature-enabled']
            for feature in ('live_migration', 'cold_migration', 'resize',
                            'shelve'):
                self.assertIs(True, features.get(feature),
                              '%s: %s' % (job_name, feature))
            self.assertGreaterEqual(conf['compute']['min_compute_nodes'], 2)
            migration = conf['migration']
            if migration.get('evacuate'):
                for command in ('compute_stop_command',
                                'compute_start_command'):
                    self.assertIn('{host}', migration.get(command, ''),
                                  '%s: %s' % (job_name, command))
        grenade = self.tempest_jobs[
            'migration-tempest-plugin-grenade-multinode']
        self.assertIs(True, grenade['devstack_local_conf']['test-config'][
            TEMPEST_CONF_KEY]['compute-feature-enabled'][
            'live_migrate_back_and_forth'])

    def test_grenade_job_runs_the_grenade_plugin_of_this_repository(self):
        grenade = self.tempest_jobs[
            'migration-tempest-plugin-grenade-multinode']
        name = setup_cfg_name()
        plugins = grenade['devstack_plugins']
        self.assertEqual([name], list(plugins))
        self.assertTrue(plugins[name].endswith('/openstack/' + name))
        self.assertTrue(os.path.exists(os.path.join(
            REPO_ROOT, 'devstack', 'upgrade', 'resources.sh')))

    def test_stable_variants(self):
        variants = [job for job in self.jobs.values()
                    if 'override-checkout' in job]
        self.assertNotEqual([], variants)
        for job in variants:
            self.assertRegex(job['override-checkout'],
                             r'^stable/\d{4}\.[12]$')
            self.assertIn(job['parent'], self.jobs)
            self.assertTrue(job['name'].endswith(
                job['override-checkout'].split('/')[1].replace('.', '-')))

    def test_project_runs_the_jobs_defined_here(self):
        self.assertEqual(1, len(self.projects))
        project = self.projects[0]
        for template in ('check-requirements', 'tempest-plugin-jobs',
                         'publish-openstack-docs-pti',
                         'release-notes-jobs-python3'):
            self.assertIn(template, project['templates'])
        check = project['check']['jobs']
        self.assertEqual(set(self.jobs), set(check))
        for job in project['gate']['jobs']:
            self.assertIn(job, check)
            self.assertNotIn('override-checkout', self.jobs[job])

    def test_irrelevant_files(self):
        for job_name in self.tempest_jobs:
            job = self.jobs[job_name]
            while 'irrelevant-files' not in job:
                job = self.jobs[job['parent']]
            patterns = [re.compile(p) for p in job['irrelevant-files']]

            def irrelevant(path):
                return any(p.search(path) for p in patterns)

            for path in ('doc/source/index.rst', 'README.rst',
                         'releasenotes/notes/initial-release.yaml',
                         'tools/minicloud/cloud.py'):
                self.assertTrue(irrelevant(path), '%s: %s' % (job_name,
                                                              path))
            for path in ('migration_tempest_plugin/tests/base.py',
                         'migration_tempest_plugin/config.py',
                         'setup.cfg', 'zuul.d/jobs.yaml',
                         'devstack/upgrade/resources.sh'):
                self.assertFalse(irrelevant(path), '%s: %s' % (job_name,
                                                               path))


class TestTempestConfExamples(testtools.TestCase):
    """The tempest.conf examples in etc/ name only real options."""

    def test_example_options_exist(self):
        options = registered_options()
        paths = glob.glob(os.path.join(REPO_ROOT, 'etc',
                                       'tempest-*.conf.example'))
        self.assertNotEqual([], paths)
        for path in paths:
            # [DEFAULT] is a group like the others here, not defaults.
            parser = configparser.ConfigParser(interpolation=None,
                                               default_section=None)
            parser.read(path)
            for group in parser.sections():
                for name, value in parser.items(group):
                    problem = check_option(options, group, name, value)
                    if problem:
                        self.fail('%s: %s' % (os.path.basename(path),
                                              problem))
            problem = settings_problem(
                options, {group: dict(parser.items(group))
                          for group in parser.sections()})
            if problem:
                self.fail('%s: %s' % (os.path.basename(path), problem))
