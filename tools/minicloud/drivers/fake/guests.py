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

"""nova's fake driver whose guests outlive the nova-compute process.

A hypervisor keeps its guests while nova-compute is restarted (an upgrade
restarts every compute); nova's FakeDriver keeps them in memory only, so a
restarted fake compute no longer knows the servers on its host and refuses
to power them off or snapshot them. This one saves its guests in the host's
state_path and loads them at start.

The fake drivers of drivers/fake/driver.py copy this file into the server venv
as nova/virt/minicloud_fake.py, and ports.py beside it as
minicloud_fake_ports.py: nova loads drivers from nova.virt only
([DEFAULT] compute_driver = minicloud_fake.FakeDriverWithPersistentGuests).

A fault (``python -m minicloud fault``) restarts one compute with one of
nova's own failure-injecting drivers (nova/virt/fake.py), combined here
with the stable node and the saved guests, so that the compute comes back
on its own node with the servers it had (drivers/fake.py FAULT_DRIVERS).
"""

import json
import os
import threading

import nova.conf
from nova.virt import fake
from nova.virt import minicloud_fake_ports

CONF = nova.conf.CONF
GUESTS_FILE = 'fake-guests.json'


class Guests(dict):
    """The driver's guests by UUID; every change is written to a file."""

    def __init__(self, path):
        super().__init__()
        self.path = path
        # nova-compute runs requests in threads: one writer at a time.
        self.lock = threading.Lock()

    def __setitem__(self, uuid, guest):
        super().__setitem__(uuid, guest)
        self.save()

    def __delitem__(self, uuid):
        super().__delitem__(uuid)
        self.save()

    def save(self):
        with self.lock:
            data = {uuid: {'name': guest.name, 'state': guest.state}
                    for uuid, guest in list(self.items())}
            with open(self.path + '.tmp', 'w') as f:
                json.dump(data, f)
            os.replace(self.path + '.tmp', self.path)

    def load(self):
        """The saved guests, back in this dict (without saving again)."""
        if not os.path.exists(self.path):
            return
        with open(self.path) as f:
            data = json.load(f)
        for uuid, guest in data.items():
            dict.__setitem__(self, uuid, fake.FakeInstance(
                guest['name'], guest['state'], uuid))


class FakeDriverForgettingMigratedGuests(fake.FakeDriverWithoutFakeNodes):
    """FakeDriverWithoutFakeNodes that forgets a guest migrated away live.

    nova's compute cleans up a live migration's source through the driver
    only for libvirt's migrate data (ComputeManager.
    _live_migration_cleanup_flags), and FakeDriver's post_live_migration
    does nothing: the source kept the guest, and a later evacuation or
    spawn of that server back on the host failed with InstanceExists. A
    hypervisor no longer runs it: forget it, as nova's
    FakeLiveMigrateDriver does.
    """

    def post_live_migration(self, context, instance, block_device_info,
                            migrate_data=None):
        self.destroy(context, instance, network_info=None,
                     block_device_info=block_device_info)


class FakeDriverWithPersistentGuests(minicloud_fake_ports.PortsMixin,
                                     FakeDriverForgettingMigratedGuests):
    """The driver above, whose guests also survive a restart.

    Its guests plug their ports into their host's OVN chassis (ports.py).
    """

    def __init__(self, virtapi, read_only=False):
        super().__init__(virtapi, read_only)
        self.instances = Guests(os.path.join(CONF.state_path, GUESTS_FILE))
        self.instances.load()

    def power_off(self, instance, *args, **kwargs):
        super().power_off(instance, *args, **kwargs)
        self.instances.save()

    def power_on(self, context, instance, *args, **kwargs):
        super().power_on(context, instance, *args, **kwargs)
        self.instances.save()


class FinishMigrationFails(fake.FakeFinishMigrationFailDriver,
                           FakeDriverWithPersistentGuests):
    """finish_migration fails: VirtualInterfaceCreateException."""


class UnshelveSpawnFails(fake.FakeUnshelveSpawnFailDriver,
                         FakeDriverWithPersistentGuests):
    """spawn of an offloaded server fails: VirtualInterfaceCreateException."""


class SpawnReschedules(fake.FakeRescheduleDriver,
                       FakeDriverWithPersistentGuests):
    """The first spawn of each server fails: ComputeResourcesUnavailable."""
