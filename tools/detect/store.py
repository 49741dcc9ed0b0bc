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

"""Where detect keeps what it measured, under a cloud's state dir.

``<state dir>/detect``: the nova test venv, liveness.json (the seeds
proven live), the pinned wheel of nova; one run at a time holds its lock.
"""

import contextlib
import fcntl
import json
import os

from minicloud import errors


def detect_dir(settings):
    return os.path.join(settings.state_dir, 'detect')


@contextlib.contextmanager
def lock(directory):
    """One detect run at a time per detect directory: they patch nova."""
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, 'lock'), 'w') as held:
        try:
            fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise errors.MinicloudError('another detect run holds %s'
                                        % held.name)
        yield


def read_json(path, default):
    try:
        with open(path) as f:
            return json.load(f)
    except FileNotFoundError:
        return default


def write_json(path, data):
    """Write ``data`` to ``path`` whole or not at all."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + '.new', 'w') as f:
        json.dump(data, f, indent=1, sort_keys=True)
    os.replace(path + '.new', path)
