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

"""The tempest workspace of the cloud: `tempest init` and tempest.conf."""

import configparser
import os
import shutil
import subprocess
import sys

from minicloud import config
from minicloud import files
from minicloud import processes
from minicloud import render
from minicloud import template


def tempest_command():
    """tempest next to this Python (the tox env), else on PATH."""
    local = os.path.join(os.path.dirname(sys.executable), 'tempest')
    return local if os.path.exists(local) else shutil.which('tempest')


def made_for_this_tempest(stestr_conf):
    """Whether a workspace's .stestr.conf finds this Python's tempest.

    `tempest init` writes the test path of the tempest that made it; run
    from another tox env's tempest, discovery fails on every module
    ("incorrectly imported"). Two envs share a cloud: minicloud and
    minicloud-smoke.
    """
    try:
        import tempest as tempest_package
    except ImportError:
        return True  # tempest from PATH: its own workspace is all it knows
    parser = configparser.ConfigParser()
    parser.read(stestr_conf)
    test_path = parser.get('DEFAULT', 'test_path', fallback='')
    return test_path.startswith(
        os.path.join(os.path.dirname(tempest_package.__file__), ''))


def split_classes(stestr_conf):
    """Let stestr deal the tests of one class to both workers.

    `tempest init` groups the tests by class (``group_regex``). With no
    timings in a fresh stestr repository, stestr deals whole classes to
    the workers in turn: on the fake driver one worker idled its last
    250 s while the other ran a class of seven tests (2026-12-07, clean
    clone). The plugin's tests share nothing of their class but its
    credentials.
    """
    parser = configparser.ConfigParser()
    parser.read(stestr_conf)
    if parser.remove_option('DEFAULT', 'group_regex'):
        with open(stestr_conf, 'w') as f:
            parser.write(f)


def ensure_workspace(settings, values):
    """`tempest init` the workspace for this tempest; write tempest.conf."""
    tempest = tempest_command()
    marker = os.path.join(settings.workspace, '.stestr.conf')
    if tempest and not (os.path.exists(marker)
                        and made_for_this_tempest(marker)):
        # Nothing in it but generated files; tempest init wants it absent,
        # and its name free (a purged state leaves the name registered).
        shutil.rmtree(settings.workspace, ignore_errors=True)
        subprocess.run([tempest, 'workspace', 'remove', '--name',
                        settings.workspace_name], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        processes.run_logged(settings, 'tempest-init', [
            tempest, 'init', '--name', settings.workspace_name,
            settings.workspace])
    if tempest:
        split_classes(marker)
    files.write_if_changed(settings.tempest_conf,
                           template.render('tempest.conf', values))
    return tempest


def ensure(settings):
    """ensure_workspace for a run on the cloud: the tempest command."""
    return ensure_workspace(settings, render.template_values(
        settings, config.load_secrets(settings)))
