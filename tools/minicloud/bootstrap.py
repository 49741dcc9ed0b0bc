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

from minicloud import config
from minicloud import drivers


def register_identity(settings, api, cloud_secrets):
    """Service project, users, catalog: all before nova's services start."""
    default = '&domain_id=default'
    project = api.find_or_create('projects', 'project', 'service', {
        'name': 'service', 'domain_id': 'default'}, default)
    roles = [api.request('GET', 'identity', '/roles?name=%s' % name
                         )['roles'] for name in ('admin', 'service')]
    for user in config.SERVICE_USERS:
        user_id = api.find_or_create('users', 'user', user, {
            'name': user, 'domain_id': 'default',
            'password': cloud_secrets['service_password']}, default)
        for role in roles:
            if role:
                api.request('PUT', 'identity', '/projects/%s/users/%s/roles/%s'
                            % (project, user_id, role[0]['id']),
                            ok=(201, 204))
    for name, (service_type, service_name, path) in config.CATALOG.items():
        services = api.request('GET', 'identity', '/services?type=%s'
                               % service_type)['services']
        if services:
            service_id = services[0]['id']
        else:
            service_id = api.request('POST', 'identity', '/services', {
                'service': {'type': service_type, 'name': service_name}},
                ok=(201,))['service']['id']
        endpoints = api.request('GET', 'identity', '/endpoints?service_id=%s'
                                % service_id)['endpoints']
        have = {e['interface'] for e in endpoints}
        for interface in ('public', 'internal'):
            if interface not in have:
                api.request('POST', 'identity', '/endpoints', {'endpoint': {
                    'service_id': service_id, 'interface': interface,
                    'region_id': config.REGION,
                    'url': settings.url(name) + path}}, ok=(201,))


def register_resources(settings, api):
    """Image, flavors, quotas; and neutron's first query (see below)."""
    # neutron 29 answers a fresh server's first GET /v2.0/ports with 500;
    # any other query first avoids that.
    api.request('GET', 'network', '/v2.0/networks')
    data, properties = drivers.select(settings.driver_name).image(settings)
    status, _h, _doc = api.call(
        'GET', api.endpoint('image') + '/v2/images/' + config.IMAGE_ID)
    if status == 404:
        api.request('POST', 'image', '/v2/images', dict(properties, **{
            'id': config.IMAGE_ID, 'name': config.IMAGE_NAME,
            'disk_format': 'raw', 'container_format': 'bare',
            'visibility': 'public'}),
            ok=(201,))
        status = 200
    image = api.request('GET', 'image', '/v2/images/' + config.IMAGE_ID)
    if image['status'] == 'queued':
        api.request('PUT', 'image', '/v2/images/%s/file' % config.IMAGE_ID,
                    data=data, ok=(204,),
                    headers={'Content-Type': 'application/octet-stream'})
    for flavor_id, (name, vcpus, ram, disk) in sorted(config.FLAVORS.items()):
        status, _h, _doc = api.call(
            'GET', api.endpoint('compute') + '/flavors/' + flavor_id)
        if status == 404:
            api.request('POST', 'compute', '/flavors', {'flavor': {
                'id': flavor_id, 'name': name, 'vcpus': vcpus, 'ram': ram,
                'disk': disk}})
    # Dynamic credential projects get the default quota class.
    api.request('PUT', 'compute', '/os-quota-class-sets/default', {
        'quota_class_set': {name: -1 for name in config.UNLIMITED_QUOTAS}})
