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

"""The cloud a detect run uses, which of its nova services load a patched
module, and their restart.
"""

import contextlib
import io
import os
import signal
import sys
import time

import detect
from minicloud import cloud
from minicloud import config
from minicloud import processes


NOVA_CONTROL = ('nova-api', 'nova-conductor', 'nova-scheduler')
ALL_NOVA = NOVA_CONTROL + config.COMPUTE_HOSTS
# Which services load a nova module, by path prefix (first match wins).
# A manager module is loaded only by its own service (seen in nova 34.0.0:
# importing each service's manager loads no other service's); shared code
# (objects, nova/scheduler/utils.py that even nova-api and the computes
# import, anything not listed) is loaded by every nova service.
MODULE_SERVICES = (
    ('nova/api/', ('nova-api',)),
    ('nova/compute/manager.py', config.COMPUTE_HOSTS),
    ('nova/virt/', config.COMPUTE_HOSTS),
    ('nova/conductor/manager.py', ('nova-conductor',)),
    ('nova/conductor/tasks/', ('nova-conductor',)),
    ('nova/scheduler/manager.py', ('nova-scheduler',)),
    ('nova/scheduler/filters/', ('nova-scheduler',)),
)


# Where each driver's cloud lives unless MINICLOUD_STATE_DIR says.
DEFAULT_STATE_DIRS = {
    'fake': os.path.join(config.REPO_DIR, '.minicloud-fake'),
    'libvirt': os.path.join(config.REPO_DIR, '.minicloud'),
}


def settings_for(driver, environ=None):
    """The Settings of the cloud the entries needing ``driver`` run on."""
    environ = dict(os.environ if environ is None else environ)
    environ['MINICLOUD_DRIVER'] = driver
    environ.setdefault('MINICLOUD_STATE_DIR', DEFAULT_STATE_DIRS[driver])
    return config.Settings(environ)


def exit_on_sigterm():
    """A SIGTERM (tox, a timeout) ends the run through its finally blocks.

    Those revert the seed; the RECORD check at the next start covers a
    SIGKILL.
    """
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(143))


def services_for(paths):
    """The nova services that load these files, in ALL_NOVA's order."""
    names = set()
    for path in paths:
        for prefix, services in MODULE_SERVICES:
            if path.startswith(prefix):
                names.update(services)
                break
        else:
            names.update(ALL_NOVA)
    return [name for name in ALL_NOVA if name in names]


def restart(settings, names):
    """Stop these services; `up` starts them again and waits for them."""
    started = time.monotonic()
    with cloud.state_lock(settings):
        processes.stop_processes(settings, names)
        with contextlib.redirect_stdout(io.StringIO()):
            cloud.up(settings)
    detect.say('restarted %s in %.0f s' % (', '.join(names),
                                           time.monotonic() - started))
