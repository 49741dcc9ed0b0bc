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
([DEFAULT] compute_driver = minicloud_fake.FakeDriverWithFaults).

A fault (``python -m minicloud fault``) names servers in the host's
FAULTS_FILE; for them the driver fails as one of nova's own
failure-injecting drivers does (nova/virt/fake.py), by running that
driver's method. The compute keeps running and its other servers are
untouched: no restart, and no other test disturbed.
"""

import json
import os
import threading

from nova.compute import vm_states
import nova.conf
from nova.virt import fake
from nova.virt import minicloud_fake_ports

CONF = nova.conf.CONF
GUESTS_FILE = 'fake-guests.json'
# {fault name: [server UUIDs, or "*" for every server]}, written by
# drivers/fake/driver.py into the host's state_path.
FAULTS_FILE = 'fake-faults.json'


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


class FakeDriverWithFaults(FakeDriverWithPersistentGuests):
    """The driver above, failing for the servers a fault names.

    Each fault is the failing method of one of nova's failure-injecting
    drivers, run for the servers named in FAULTS_FILE (read at each call):

    - finish-migration-fails: FakeFinishMigrationFailDriver.finish_migration
      (VirtualInterfaceCreateException);
    - unshelve-spawn-fails: FakeUnshelveSpawnFailDriver.spawn of an
      offloaded server (VirtualInterfaceCreateException);
    - spawn-reschedules: FakeRescheduleDriver.spawn, the first spawn of each
      server on this host (ComputeResourcesUnavailable: a build is
      rescheduled elsewhere).
    """

    def faulted(self, fault, instance):
        try:
            with open(os.path.join(CONF.state_path, FAULTS_FILE)) as f:
                targets = json.load(f).get(fault, [])
        except FileNotFoundError:
            return False
        return instance.uuid in targets or '*' in targets

    def finish_migration(self, context, migration, instance, *args,
                         **kwargs):
        if self.faulted('finish-migration-fails', instance):
            fake.FakeFinishMigrationFailDriver.finish_migration(
                self, context, migration, instance, *args, **kwargs)
        return super().finish_migration(context, migration, instance, *args,
                                        **kwargs)

    def spawn(self, context, instance, *args, **kwargs):
        # nova's drivers raise in these cases; otherwise they would call
        # their own super(), which this class is not.
        if (self.faulted('unshelve-spawn-fails', instance)
                and instance.vm_state == vm_states.SHELVED_OFFLOADED):
            fake.FakeUnshelveSpawnFailDriver.spawn(self, context, instance,
                                                   *args, **kwargs)
        if (self.faulted('spawn-reschedules', instance)
                and not fake.FakeRescheduleDriver.rescheduled.get(
                    instance.uuid)):
            fake.FakeRescheduleDriver.spawn(self, context, instance, *args,
                                            **kwargs)
        return super().spawn(context, instance, *args, **kwargs)
