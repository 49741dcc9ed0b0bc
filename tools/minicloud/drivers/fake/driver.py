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
from minicloud import files
from minicloud import processes

# Copied into the server venv: nova loads drivers from nova.virt only.
FAKE_GUESTS_MODULE = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                  'guests.py')
# Its guests plug their ports into their host's OVN chassis (minicloud/ovn).
FAKE_PORTS_MODULE = os.path.join(os.path.dirname(FAKE_GUESTS_MODULE),
                                 'ports.py')
# Fault name -> the driver a compute restarts with: nova's own
# failure-injecting fake drivers on a node that keeps its identity and its
# guests (guests.py).
FAULT_DRIVERS = {
    # finish_migration raises: a cold migration or resize fails on its
    # destination (nova.virt.fake.FakeFinishMigrationFailDriver).
    'finish-migration-fails': 'minicloud_fake.FinishMigrationFails',
    # spawn of an offloaded server raises: an unshelve fails there
    # (FakeUnshelveSpawnFailDriver).
    'unshelve-spawn-fails': 'minicloud_fake.UnshelveSpawnFails',
    # the first spawn of each server raises ComputeResourcesUnavailable: a
    # build is rescheduled to another host (FakeRescheduleDriver).
    'spawn-reschedules': 'minicloud_fake.SpawnReschedules',
}


def fault_conf(settings, host):
    """The config file that restarts ``host``'s compute with a fault."""
    return os.path.join(settings.etc_dir, 'nova', host + '-fault.conf')


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
    evacuation or with a fault (FAULT_DRIVERS) still runs the servers it
    had.
    """

    name = 'fake'
    compute_driver = 'minicloud_fake.FakeDriverWithPersistentGuests'

    def prepare(self, settings):
        # A fault a killed run left: its compute restarts without it.
        for host in config.COMPUTE_HOSTS:
            if os.path.exists(fault_conf(settings, host)):
                os.unlink(fault_conf(settings, host))
                processes.stop_processes(settings, [host])
        virt = subprocess.check_output([
            settings.bin('python'), '-c', 'import os, nova.virt; '
            'print(os.path.dirname(nova.virt.__file__))'], text=True).strip()
        shutil.copyfile(FAKE_PORTS_MODULE,
                        os.path.join(virt, 'minicloud_fake_ports.py'))
        shutil.copyfile(FAKE_GUESTS_MODULE,
                        os.path.join(virt, 'minicloud_fake.py'))

    def compute_options(self, settings, host):
        return {'DEFAULT': {'compute_driver': self.compute_driver}}

    def service(self, settings, host):
        """nova-compute, with the fault's driver while it has a fault."""
        service = super().service(settings, host)
        if os.path.exists(fault_conf(settings, host)):
            service.argv += ['--config-file', fault_conf(settings, host)]
        return service

    def faults(self):
        return sorted(FAULT_DRIVERS)

    def put_fault(self, settings, host, fault, server):
        if fault not in FAULT_DRIVERS:
            return super().put_fault(settings, host, fault, server)
        files.write_if_changed(fault_conf(settings, host),
                               '[DEFAULT]\ncompute_driver = %s\n'
                               % FAULT_DRIVERS[fault])
        return True

    def heal_fault(self, settings, host, fault, server):
        if fault not in FAULT_DRIVERS:
            return super().heal_fault(settings, host, fault, server)
        try:
            os.unlink(fault_conf(settings, host))
        except FileNotFoundError:
            return False
        return True

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
