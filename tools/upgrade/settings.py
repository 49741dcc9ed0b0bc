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

"""The upgrade cloud: its own state dir, ports, driver, two releases."""

import os
import shutil

from minicloud import cloud
from minicloud import config
from minicloud import errors

PREVIOUS_CONSTRAINTS = os.path.join(config.TOOL_DIR,
                                    'constraints-previous.txt')
CURRENT_CONSTRAINTS = config.CONSTRAINTS_FILE
DEFAULT_STATE_DIR = os.path.join(config.REPO_DIR, '.minicloud-upgrade')
# Below Linux's ephemeral port range (32768-60999), where an outgoing
# connection (pip's, tempest's) can hold one of the cloud's ports.
DEFAULT_PORT_BASE = '27700'
PREVIOUS_VENV = 'venv-previous'
# What a new run keeps of the state dir: the two server venvs (a minute
# each to build) and the tempest workspace.
KEPT_ENTRIES = ('venv', PREVIOUS_VENV, 'lock', 'tempest')
# tempest's workspace registry is shared: this cloud's has its own name.
WORKSPACE_NAME = 'minicloud-upgrade'
# Its guests outlive the restarts of the upgrade (drivers/fake/guests.py).
DRIVER = 'fake'


class UpgradeSettings(object):
    """The upgrade cloud, before and after: one state dir, two releases.

    ``previous`` runs from the previous release's venv and constraints,
    ``current`` from this release's; the schema upgrades of ``current``
    have their own setup stamps, so that they run again.
    """

    def __init__(self, environ=None):
        environ = dict({'MINICLOUD_STATE_DIR': DEFAULT_STATE_DIR,
                        'MINICLOUD_PORT_BASE': DEFAULT_PORT_BASE},
                       **(os.environ if environ is None else environ))
        self.previous = config.Settings(
            environ, venv_name=PREVIOUS_VENV,
            constraints_file=PREVIOUS_CONSTRAINTS,
            workspace_name=WORKSPACE_NAME, default_driver=DRIVER)
        self.current = config.Settings(
            environ, constraints_file=CURRENT_CONSTRAINTS,
            workspace_name=WORKSPACE_NAME, stamps_name='stamps-upgrade',
            default_driver=DRIVER)


def check_own_state_dir(settings):
    if os.path.realpath(settings.state_dir) == os.path.realpath(
            config.DEFAULT_STATE_DIR):
        raise errors.MinicloudError(
            'MINICLOUD_STATE_DIR is %s, the development cloud: the upgrade '
            'run starts from an empty cloud, so it needs its own (default '
            '%s)' % (settings.state_dir, DEFAULT_STATE_DIR))


def reset(settings):
    """Stop this cloud and delete its state, keeping venvs and workspace."""
    cloud.down(settings)
    for entry in os.listdir(settings.state_dir):
        if entry in KEPT_ENTRIES:
            continue
        path = os.path.join(settings.state_dir, entry)
        if os.path.isdir(path):
            shutil.rmtree(path)
        else:
            os.unlink(path)
