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

"""Bootstrap: identity (service users, catalog), image, flavors, quotas."""

import openstack
from openstack.image.v2 import image as image_resource

from minicloud import config
from minicloud import drivers


def register_identity(settings, conn, cloud_secrets):
    """Service project, users, catalog: all before nova's services start."""
    identity = conn.identity
    project = (identity.find_project('service', domain_id='default')
               or identity.create_project(name='service',
                                          domain_id='default'))
    roles = [role for role in (identity.find_role(name)
                               for name in ('admin', 'service')) if role]
    for name in config.SERVICE_USERS:
        user = (identity.find_user(name, domain_id='default')
                or identity.create_user(
                    name=name, domain_id='default',
                    password=cloud_secrets['service_password']))
        for role in roles:
            identity.assign_project_role_to_user(project, user, role)
    for name, (service_type, service_name, path) in config.CATALOG.items():
        service = (next(iter(identity.services(type=service_type)), None)
                   or identity.create_service(type=service_type,
                                              name=service_name))
        have = {endpoint.interface for endpoint in
                identity.endpoints(service_id=service.id)}
        for interface in ('public', 'internal'):
            if interface not in have:
                identity.create_endpoint(
                    service_id=service.id, interface=interface,
                    region_id=config.REGION,
                    url=settings.url(name) + path)


def first_network_query(conn):
    """The query a fresh neutron server must answer before any other.

    neutron 29 answers a fresh server's first GET /v2.0/ports with 500;
    any other query first avoids that.
    """
    list(conn.network.networks())


def ensure_image(conn, image_id, name, data, properties):
    """A public raw image of that ID, uploaded unless it was."""
    try:
        image = conn.image.get_image(image_id)
    except openstack.exceptions.NotFoundException:
        image = image_resource.Image.new(
            id=image_id, name=name, disk_format='raw',
            container_format='bare', visibility='public',
            properties=properties).create(conn.image)
    if image.status == 'queued':
        image.upload(conn.image, data=data)


def register_resources(settings, conn):
    """Images, flavors, quotas."""
    driver = drivers.select(settings.driver_name)
    # The compute driver's image: what its guests boot.
    data, properties = driver.image(settings)
    ensure_image(conn, config.IMAGE_ID, config.IMAGE_NAME, data, properties)
    for image_id, (name, data, properties) in sorted(
            driver.extra_images(settings).items()):
        ensure_image(conn, image_id, name, data, properties)
    for flavor_id, (name, vcpus, ram, disk) in sorted(config.FLAVORS.items()):
        try:
            conn.compute.get_flavor(flavor_id)
        except openstack.exceptions.NotFoundException:
            conn.compute.create_flavor(id=flavor_id, name=name, vcpus=vcpus,
                                       ram=ram, disk=disk)
    # Dynamic credential projects get the default quota class.
    conn.compute.update_quota_class_set(
        'default', **{name: -1 for name in config.UNLIMITED_QUOTAS})


def ensure_availability_zones(conn):
    """One aggregate per zone of config.AVAILABILITY_ZONES, with its hosts.

    Idempotent; nova mirrors each aggregate into Placement, where its
    scheduler's prefilter keeps a server pinned to a zone on the zone's
    hosts.
    """
    found = {aggregate.name: aggregate
             for aggregate in conn.compute.aggregates()}
    for zone, hosts in config.AVAILABILITY_ZONES:
        aggregate = found.get(zone) or conn.compute.create_aggregate(
            name=zone, availability_zone=zone)
        for host in hosts:
            if host not in (aggregate.hosts or ()):
                aggregate = conn.compute.add_host_to_aggregate(aggregate,
                                                               host)
