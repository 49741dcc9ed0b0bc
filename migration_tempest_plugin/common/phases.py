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

"""The two-phase upgrade mode: which phase runs, and its state file.

The create phase (before the upgrade) records in a JSON state file the
siblings it made; the verify phase (after the upgrade) loads that file,
checks the siblings are as recorded and moves them. Pure: no API call.
"""

import dataclasses
import datetime
import json
import os

from migration_tempest_plugin.common import model
from migration_tempest_plugin.common import verification
from migration_tempest_plugin import config as migration_config

PHASE_OPTION = '[migration] upgrade_phase'
STATE_FILE_OPTION = '[migration] upgrade_state_file'
PHASES = ('none', 'create', 'verify', 'destroy')
# Bumped when the layout of the state file changes.
STATE_FORMAT = 1


class StateFileError(migration_config.InvalidOption):
    """The state file is missing, unreadable or not for this cloud."""

    def __init__(self, path, problem):
        self.path = path
        super().__init__(STATE_FILE_OPTION, '%s %s' % (path, problem))


def resolve_phase(conf):
    """The upgrade phase from tempest.conf: 'none', 'create' or 'verify'."""
    phase = str(conf.migration.upgrade_phase or 'none').strip().lower()
    if phase not in PHASES:
        raise migration_config.InvalidOption(
            PHASE_OPTION, "is '%s': it must be one of %s"
            % (conf.migration.upgrade_phase, ', '.join(PHASES)))
    return phase


def phase_skip_reason(conf, phase):
    """Why a test of ``phase`` does not run with this tempest.conf, or None.

    A bad value is an error (InvalidOption), not a skip.
    """
    configured = resolve_phase(conf)
    if configured == phase:
        return None
    return ('Runs only in the upgrade %s phase: %s is %s' % (
        phase, PHASE_OPTION, configured))


def resolve_state_file(conf):
    """Absolute path of the state file; an error naming the option if unset."""
    path = (conf.migration.upgrade_state_file or '').strip()
    if not path:
        raise migration_config.InvalidOption(
            STATE_FILE_OPTION, 'is not set: %s = %s needs a file to record '
            'the siblings in' % (PHASE_OPTION, resolve_phase(conf)))
    return os.path.abspath(os.path.expanduser(path))


def new_state(cloud):
    """An empty state for ``cloud`` ({'identity': URL, 'project_id': ID})."""
    return {
        'format': STATE_FORMAT,
        'cloud': dict(cloud),
        'created_at': datetime.datetime.now(
            datetime.timezone.utc).isoformat(timespec='seconds'),
        'groups': {},
    }


def write_state(path, state):
    """Write the state atomically (a crash leaves the old file or none)."""
    directory = os.path.dirname(path)
    if directory:
        os.makedirs(directory, exist_ok=True)
    with open(path + '.tmp', 'w') as f:
        json.dump(state, f, indent=1, sort_keys=True)
        f.write('\n')
    os.replace(path + '.tmp', path)


def record_group(state, kind, request_name, recorded):
    """Add the siblings of one request, made for the move ``kind``."""
    state['groups'][kind] = {
        'request_name': request_name,
        'servers': [dataclasses.asdict(sibling) for sibling in recorded],
    }


def load_state(path, cloud):
    """The state the create phase wrote, checked against ``cloud``.

    :raises StateFileError: the file is missing, not a state file of this
        format, written for another cloud or project, or records nothing.
    """
    try:
        with open(path) as f:
            state = json.load(f)
    except FileNotFoundError:
        raise StateFileError(path, 'does not exist: run the create phase '
                                   '(%s = create) before the upgrade'
                             % PHASE_OPTION)
    except (OSError, ValueError) as error:
        raise StateFileError(path, 'cannot be read as JSON: %s' % error)
    if not isinstance(state, dict) or state.get('format') != STATE_FORMAT:
        raise StateFileError(path, 'is not a state file of format %d: '
                                   'it has format %r' % (
                                       STATE_FORMAT,
                                       state.get('format')
                                       if isinstance(state, dict) else None))
    if state.get('cloud') != cloud:
        raise StateFileError(path, 'is stale: written on %s for %s, this '
                                   'tempest.conf is for %s' % (
                                       state.get('created_at'),
                                       state.get('cloud'), cloud))
    if not state.get('groups'):
        raise StateFileError(path, 'records no siblings: the create phase '
                                   'of %s made none' % state.get('created_at'))
    return state


def recorded_group(state, kind):
    """The Siblings of ``kind`` in a loaded state, or None."""
    group = state['groups'].get(kind)
    if group is None:
        return None
    fields = {field.name for field in
              dataclasses.fields(model.Sibling)}
    return [model.Sibling(**{name: server[name] for name in fields})
            for server in group['servers']]


def recorded_server_ids(state):
    return [server['id'] for group in state['groups'].values()
            for server in group['servers']]


def changes_since_recorded(recorded, server):
    """What differs between a recorded sibling and the server now."""
    now = (server.compute_host, server.status,
           verification.server_flavor_name(server), server.task_state)
    then = (recorded.host, recorded.status, recorded.flavor, None)
    return ['%s was %s, now %s' % (what, before, after)
            for what, before, after in zip(
                ('host', 'status', 'flavor', 'task_state'), then, now)
            if before != after]
