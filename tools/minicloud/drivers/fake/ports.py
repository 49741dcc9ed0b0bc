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

"""The fake drivers' guests plug their ports into their host's chassis.

A fake compute host has an OVN chassis of its own named after it
(minicloud/ovn: ovs-vswitchd on OVS's dummy datapath, in the root
namespace): a guest's port is an OVS interface of type ``dummy`` on the
host's br-int with the port's iface-id, so that host's ovn-controller
claims it and neutron reports it ACTIVE, bound to the host. No packet
flows and no kernel device is made.

The guest plugs where a hypervisor does: when it is spawned (boot,
rebuild, unshelve, the destination of a cold migration or resize), on the
destination before a live migration, back on the source when a resize is
reverted; it unplugs when it is destroyed (the source after a move, a
shelve offload, a deleted server, an evacuated guest once its host is
back) and on the source of a cold migration or resize, as nova's libvirt
driver does.

Copied by driver.py into the server venv as
nova/virt/minicloud_fake_ports.py, next to minicloud_fake (guests.py),
whose drivers mix PortsMixin in. ``[minicloud_ports] ovsdb_connection``
names the host's Open vSwitch database; without it nothing is plugged.
"""

import subprocess

from nova import conf as nova_conf
from oslo_config import cfg

CONF = nova_conf.CONF
CONF.register_opts([cfg.StrOpt(
    'ovsdb_connection',
    help='The Open vSwitch database of this host\'s OVN chassis.')],
    group='minicloud_ports')
BRIDGE = 'br-int'


def port_name(vif):
    """As nova names a tap: 'tap' and the port ID's first 11 characters."""
    return ('tap' + vif['id'])[:14]


def vsctl(*args):
    subprocess.run(['ovs-vsctl', '--timeout=30',
                    '--db=' + CONF.minicloud_ports.ovsdb_connection]
                   + list(args), check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.PIPE)


def plug(instance, network_info):
    if not CONF.minicloud_ports.ovsdb_connection:
        return
    for vif in network_info or ():
        name = port_name(vif)
        vsctl('--', '--may-exist', 'add-port', BRIDGE, name,
              '--', 'set', 'Interface', name, 'type=dummy',
              'external_ids:iface-id=%s' % vif['id'],
              'external_ids:attached-mac=%s' % vif['address'],
              'external_ids:vm-uuid=%s' % instance.uuid,
              'external_ids:iface-status=active')


def unplug(instance, network_info):
    if not CONF.minicloud_ports.ovsdb_connection:
        return
    if network_info is None:
        network_info = instance.get_network_info()
    for vif in network_info or ():
        vsctl('--', '--if-exists', 'del-port', BRIDGE, port_name(vif))


class PortsMixin(object):
    """Plugging and unplugging at the driver calls a hypervisor does."""

    def plug_vifs(self, instance, network_info):
        plug(instance, network_info)

    def unplug_vifs(self, instance, network_info):
        unplug(instance, network_info)

    def spawn(self, context, instance, image_meta, injected_files,
              admin_password, allocations, network_info=None,
              block_device_info=None, power_on=True, accel_info=None):
        super().spawn(context, instance, image_meta, injected_files,
                      admin_password, allocations, network_info,
                      block_device_info, power_on, accel_info)
        plug(instance, network_info)

    def destroy(self, context, instance, network_info,
                block_device_info=None, destroy_disks=True,
                destroy_secrets=True):
        unplug(instance, network_info)
        super().destroy(context, instance, network_info, block_device_info,
                        destroy_disks, destroy_secrets)

    def pre_live_migration(self, context, instance, block_device_info,
                           network_info, disk_info, migrate_data):
        plug(instance, network_info)
        return super().pre_live_migration(
            context, instance, block_device_info, network_info, disk_info,
            migrate_data)

    def rollback_live_migration_at_destination(
            self, context, instance, network_info, block_device_info,
            destroy_disks=True, migrate_data=None):
        unplug(instance, network_info)
        return super().rollback_live_migration_at_destination(
            context, instance, network_info, block_device_info,
            destroy_disks, migrate_data)

    def migrate_disk_and_power_off(self, context, instance, dest, flavor,
                                   network_info, block_device_info=None,
                                   timeout=0, retry_interval=0):
        result = super().migrate_disk_and_power_off(
            context, instance, dest, flavor, network_info,
            block_device_info, timeout, retry_interval)
        if dest != CONF.host:
            unplug(instance, network_info)
        return result

    def finish_revert_migration(self, context, instance, network_info,
                                migration, block_device_info=None,
                                power_on=True, share_info=None):
        super().finish_revert_migration(
            context, instance, network_info, migration, block_device_info,
            power_on, share_info)
        plug(instance, network_info)
