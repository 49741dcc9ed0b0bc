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

"""The cloud's configuration files, rendered from templates/."""

import os

from minicloud import config
from minicloud import drivers
from minicloud import files
from minicloud.ovn import plan as ovn_plan
from minicloud.ovn import run as ovn_run
from minicloud.ovn import tenant
from minicloud import template


def template_values(settings, cloud_secrets):
    """Everything the templates may refer to."""
    driver = drivers.select(settings.driver_name)
    tempest_options = driver.tempest_options()
    # Its [migration] options join the template's section of that name.
    migration_options = tempest_options.pop('migration', {})
    # The packet probe, where the network backend has one.
    migration_options.update(ovn_run.tempest_migration_options(settings))
    values = dict(cloud_secrets)
    values.update(
        state_dir=settings.state_dir,
        log_dir=settings.log_dir,
        venv=settings.venv,
        workspace=settings.workspace,
        region=config.REGION,
        keystone_url=settings.keystone_url,
        db_url='mysql+pymysql://minicloud:%s@127.0.0.1:%d' % (
            cloud_secrets['db_password'], settings.port('mariadb')),
        transport_url='rabbit://minicloud:%s@127.0.0.1:%d/' % (
            cloud_secrets['rabbit_password'], settings.port('rabbitmq')),
        rabbitmq_port=settings.port('rabbitmq'),
        image_id=config.IMAGE_ID,
        flavor_id=sorted(config.FLAVORS)[0],
        flavor_alt_id=sorted(config.FLAVORS)[1],
        compute_stop_command=config.command_line('compute-stop') + ' {host}',
        compute_start_command=(config.command_line('compute-start')
                               + ' {host}'),
        fault_command=(config.command_line('fault')
                       + ' {host} {fault} --server {server}'),
        heal_command=(config.command_line('heal')
                      + ' {host} {fault} --server {server}'),
        faults=', '.join(driver.faults()),
        driver_tempest_options=template.ini_text(tempest_options),
        driver_migration_options=''.join(
            '%s = %s\n' % item for item in migration_options.items()),
        tenant_network=tenant.NETWORK_NAME,
    )
    # The network backend (minicloud/ovn).
    values.update(ovn_plan.ml2_values(ovn_run.network(settings).central))
    return values


# (template, path relative to the etc dir)
CONFIG_FILES = (
    ('keystone.conf', 'keystone/keystone.conf'),
    ('placement.conf', 'placement/placement.conf'),
    ('glance-api.conf', 'glance/glance-api.conf'),
    ('neutron.conf', 'neutron/neutron.conf'),
    ('ml2_conf.ini', 'neutron/ml2_conf.ini'),
    ('nova.conf', 'nova/nova.conf'),
    ('nova-db.conf', 'nova/nova-db.conf'),
    ('nova-api.conf', 'nova/nova-api.conf'),
    ('rabbitmq.conf', 'rabbitmq/rabbitmq.conf'),
    ('clouds.yaml', 'clouds.yaml'),
    ('openrc', 'openrc'),
)


def write_configs(settings, values):
    """Every service's configuration; each compute's from the driver."""
    driver = drivers.select(settings.driver_name)
    for name, relative in CONFIG_FILES:
        files.write_if_changed(os.path.join(settings.etc_dir, relative),
                               template.render(name, values))
    for host in config.COMPUTE_HOSTS:
        files.write_if_changed(
            os.path.join(settings.etc_dir, 'nova', host + '.conf'),
            template.render('nova-compute.conf', dict(values, host=host))
            + '\n' + template.ini_text(driver.compute_options(settings, host))
            + '\n' + template.ini_text(ovn_run.compute_options(settings,
                                                               host)))
    files.write_if_changed(os.path.join(settings.etc_dir, 'rabbitmq',
                                        'enabled_plugins'), '[].\n')
