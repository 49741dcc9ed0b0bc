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

import json
import os
import shutil
import subprocess

from minicloud import config
from minicloud.drivers import base
from minicloud import files

# Copied into the server venv: nova loads drivers from nova.virt only.
FAKE_GUESTS_MODULE = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                  'guests.py')
# Its guests plug their ports into their host's OVN chassis (minicloud/ovn).
FAKE_PORTS_MODULE = os.path.join(os.path.dirname(FAKE_GUESTS_MODULE),
                                 'ports.py')
# The faults of guests.FakeDriverWithFaults: nova's own failure-injecting
# fake drivers' methods, for the servers named in the host's FAULTS_FILE.
FAULTS = ('finish-migration-fails', 'spawn-reschedules',
          'unshelve-spawn-fails')
# guests.FAULTS_FILE, in the host's state_path (templates/nova-compute.conf).
FAULTS_FILE = 'fake-faults.json'


def faults_file(settings, host):
    return os.path.join(settings.state_dir, host, FAULTS_FILE)


def read_faults(settings, host):
    try:
        with open(faults_file(settings, host)) as f:
            return json.load(f)
    except FileNotFoundError:
        return {}


def write_faults(settings, host, faults):
    files.write_if_changed(faults_file(settings, host),
                           json.dumps(faults, sort_keys=True))


class FakeDriver(base.ComputeDriver):
    """nova's fake driver whose node keeps a stable identity.

    FakeDriverWithoutFakeNodes keeps its node in state_path, like a real
    single-node driver: a stopped compute can start again on its own node
    (plain FakeDriver draws a new node UUID per process). guests.py's
    subclass of it also forgets a guest migrated away live, as a hypervisor
    does: nova cleans up a live migration's source through the driver for
    libvirt only, and a later evacuation or spawn of that server back on
    the host failed with InstanceExists. Its guests outlive a restart of
    nova-compute, as a hypervisor's do: a compute restarted for an
    evacuation still runs the servers it had. Its faults (FAULTS) hit the
    servers they name only, without a restart.
    """

    name = 'fake'
    compute_driver = 'minicloud_fake.FakeDriverWithFaults'

    def prepare(self, settings):
        # Faults a killed run left.
        for host in config.COMPUTE_HOSTS:
            if os.path.exists(faults_file(settings, host)):
                os.unlink(faults_file(settings, host))
        virt = subprocess.check_output([
            settings.bin('python'), '-c', 'import os, nova.virt; '
            'print(os.path.dirname(nova.virt.__file__))'], text=True).strip()
        shutil.copyfile(FAKE_PORTS_MODULE,
                        os.path.join(virt, 'minicloud_fake_ports.py'))
        shutil.copyfile(FAKE_GUESTS_MODULE,
                        os.path.join(virt, 'minicloud_fake.py'))

    def compute_options(self, settings, host):
        return {'DEFAULT': {'compute_driver': self.compute_driver}}

    def faults(self):
        return sorted(FAULTS)

    def put_fault(self, settings, host, fault, server):
        if fault not in FAULTS:
            return super().put_fault(settings, host, fault, server)
        faults = read_faults(settings, host)
        faults.setdefault(fault, []).append(server or '*')
        write_faults(settings, host, faults)
        return False

    def heal_fault(self, settings, host, fault, server):
        if fault not in FAULTS:
            return super().heal_fault(settings, host, fault, server)
        faults = read_faults(settings, host)
        left = [target for target in faults.get(fault, [])
                if target != (server or '*')]
        if left:
            faults[fault] = left
        else:
            faults.pop(fault, None)
        write_faults(settings, host, faults)
        return False

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


DRIVERS = {FakeDriver.name: FakeDriver}
