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

"""nova's fake driver: guests that exist in nova-compute only."""

import os
import shutil
import subprocess

from minicloud import config
from minicloud.drivers import base

# Copied into the server venv: nova loads drivers from nova.virt only.
FAKE_GUESTS_MODULE = os.path.join(config.TOOL_DIR, 'fake_guests.py')
# Its guests plug their ports into their host's OVN chassis (minicloud/ovn).
FAKE_PORTS_MODULE = os.path.join(config.TOOL_DIR, 'fake_ports.py')


class FakeDriver(base.ComputeDriver):
    """nova's fake driver whose node keeps a stable identity.

    FakeDriverWithoutFakeNodes keeps its node in state_path, like a real
    single-node driver: a stopped compute can start again on its own node
    (plain FakeDriver draws a new node UUID per process). fake_guests.py's
    subclass of it also forgets a guest migrated away live, as a hypervisor
    does: nova cleans up a live migration's source through the driver for
    libvirt only, and a later evacuation or spawn of that server back on
    the host failed with InstanceExists.
    """

    name = 'fake'
    compute_driver = 'minicloud_fake_ports.FakeDriverWithPorts'

    def prepare(self, settings):
        virt = subprocess.check_output([
            settings.bin('python'), '-c', 'import os, nova.virt; '
            'print(os.path.dirname(nova.virt.__file__))'], text=True).strip()
        shutil.copyfile(FAKE_GUESTS_MODULE,
                        os.path.join(virt, 'minicloud_fake.py'))
        shutil.copyfile(FAKE_PORTS_MODULE,
                        os.path.join(virt, 'minicloud_fake_ports.py'))

    def compute_options(self, settings, host):
        return {'DEFAULT': {'compute_driver': self.compute_driver}}

    def tempest_options(self):
        return {
            'compute-feature-enabled': {
                'live_migration': 'true',
                'live_migrate_back_and_forth': 'true',
                'block_migration_for_live_migration': 'true',
                'cold_migration': 'true',
                'resize': 'true',
                'shelve': 'true',
            },
            # Fake guests have no network stack to log in to.
            'validation': {'run_validation': 'false'},
        }


class FakeDriverWithPersistentGuests(FakeDriver):
    """The fake driver whose guests outlive a nova-compute restart.

    fake_guests.py saves the guests in the host's state_path, as a
    hypervisor keeps them; the upgrade run, which restarts every compute,
    needs it.
    """

    name = 'fake-persistent'
    compute_driver = (
        'minicloud_fake_ports.FakeDriverWithPersistentGuestsAndPorts')


DRIVERS = {driver.name: driver for driver in (
    FakeDriver, FakeDriverWithPersistentGuests)}
