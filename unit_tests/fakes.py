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

"""A fake openstacksdk Connection answering from canned API bodies.

The bodies are what nova and Placement return (JSON field names); they go
through openstacksdk's own resource classes, as real answers do.
"""

from keystoneauth1 import discover
from openstack.compute.v2 import migration as sdk_migration
from openstack.compute.v2 import server as sdk_server
from openstack.compute.v2 import server_action as sdk_server_action
from openstack.compute.v2 import service as sdk_service
from openstack import exceptions as sdk_exc
from openstack.network.v2 import extension as sdk_extension
from openstack.network.v2 import port as sdk_port
from openstack.placement.v1 import resource_provider as sdk_provider


# A server's embedded flavor (2.47+) and what Placement holds for it.
TINY_FLAVOR = {'original_name': 'm1.tiny', 'vcpus': 1, 'ram': 512, 'disk': 0,
               'ephemeral': 0, 'swap': 0, 'extra_specs': {}}
TINY_RESOURCES = {'VCPU': 1, 'MEMORY_MB': 512}


def server_body(server_id, host, status='ACTIVE', task_state=None,
                zone='nova', **extra):
    body = {'id': server_id, 'name': 'sibling-%s' % server_id,
            'status': status, 'OS-EXT-STS:task_state': task_state,
            'OS-EXT-STS:vm_state': status.lower(),
            'OS-EXT-SRV-ATTR:host': host,
            'OS-EXT-SRV-ATTR:hypervisor_hostname': host,
            'OS-EXT-AZ:availability_zone': zone,
            'flavor': dict(TINY_FLAVOR)}
    body.update(extra)
    return body


def service_body(host, state='up', status='enabled', zone='nova',
                 binary='nova-compute', disabled_reason=None):
    return {'binary': binary, 'host': host, 'state': state,
            'status': status, 'zone': zone,
            'disabled_reason': disabled_reason}


def port_body(port_id, host, status='ACTIVE', address='198.19.0.7',
              mac='fa:16:3e:00:00:01', subnet='subnet-1'):
    """A neutron port as GET /v2.0/ports shows it to an admin."""
    return {'id': port_id, 'status': status, 'binding:host_id': host,
            'mac_address': mac,
            'fixed_ips': [{'subnet_id': subnet, 'ip_address': address}]}


def binding(host, status='ACTIVE'):
    """One record of GET /v2.0/ports/{id}/bindings."""
    return {'host': host, 'status': status, 'vif_type': 'ovs'}


class FakeResponse(object):
    def __init__(self, body, status_code=200):
        self.body = body
        self.status_code = status_code
        self.headers = {}
        self.reason = 'Not Found' if status_code == 404 else 'OK'
        self.url = 'https://cloud.example'
        self.text = str(body)
        self.content = self.text.encode()

    @property
    def ok(self):
        return self.status_code < 400

    def json(self):
        return self.body


class FakeCompute(object):
    def __init__(self, cloud):
        self.cloud = cloud

    def get_server(self, server_id):
        bodies = self.cloud.servers[server_id]
        if not bodies:
            raise sdk_exc.NotFoundException('server %s' % server_id)
        # Each GET shows the next state recorded; the last one stays.
        body = bodies.pop(0) if len(bodies) > 1 else bodies[0]
        return sdk_server.Server.existing(**body)

    def servers(self, all_projects=False, reservation_id=None):
        """The servers of a reservation, each as its next GET shows it."""
        self.cloud.compute_requests.append(('servers', reservation_id))
        found = [self.get_server(server_id) for server_id, bodies
                 in self.cloud.servers.items() if bodies]
        return [server for server in found
                if server.reservation_id == reservation_id]

    def migrations(self, server_id, migration_type=None):
        bodies = self.cloud.migrations.get(server_id, [])
        found = bodies.pop(0) if len(bodies) > 1 else (
            bodies[0] if bodies else [])
        return [sdk_migration.Migration.existing(**body) for body in found
                if migration_type in (None, body['migration_type'])]

    def server_actions(self, server_id):
        return [sdk_server_action.ServerAction.existing(**body)
                for body in self.cloud.actions.get(server_id, [])]

    def get_endpoint_data(self):
        return self.cloud.compute_endpoint

    def get(self, url, microversion=None):
        """GET /servers/{id}/os-instance-actions/{request id}."""
        self.cloud.compute_requests.append((url, microversion))
        _, _, server_id, _, request_id = url.split('/')
        found = [body for body in self.cloud.actions.get(server_id, [])
                 if body['request_id'] == request_id]
        if not found:
            return FakeResponse({'itemNotFound': {}}, status_code=404)
        return FakeResponse({'instanceAction': found[0]})

    def services(self, binary=None):
        return [sdk_service.Service.existing(**body)
                for body in self.cloud.services
                if binary in (None, body['binary'])]


class FakePlacement(object):
    def __init__(self, cloud):
        self.cloud = cloud

    def resource_providers(self, name=None):
        """Providers, by name if given; ``cloud.children`` of each root."""
        found = []
        for uuid, rp_name in self.cloud.providers.items():
            found += [(uuid, uuid)] + [
                (child, uuid) for child in self.cloud.children.get(uuid, [])]
        return [sdk_provider.ResourceProvider.existing(
            uuid=uuid, root_provider_uuid=root,
            name=self.cloud.providers.get(uuid, uuid))
            for uuid, root in found
            if name in (None, self.cloud.providers.get(uuid, uuid))]

    def get(self, url, microversion=None):
        self.cloud.placement_requests.append((url, microversion))
        consumer = url.rsplit('/', 1)[-1]
        return FakeResponse(
            {'allocations': self.cloud.allocations.get(consumer, {})})


class FakeNetwork(object):
    def __init__(self, cloud):
        self.cloud = cloud

    def extensions(self):
        return [sdk_extension.Extension.existing(alias=alias, name=alias)
                for alias in self.cloud.network_extensions]

    def ports(self, device_id=()):
        """GET /v2.0/ports?device_id=...: each server's next answer."""
        self.cloud.port_listings.append(list(device_id))
        found = []
        for server_id in device_id:
            answers = self.cloud.ports.get(server_id, [])
            answer = answers.pop(0) if len(answers) > 1 else (
                answers[0] if answers else [])
            found += [dict(body, device_id=server_id) for body in answer]
        return [sdk_port.Port.existing(**body) for body in found]

    def get(self, url):
        """GET /ports/{id}/bindings."""
        _, _, port_id, _ = url.split('/')
        self.cloud.network_requests.append(url)
        answers = self.cloud.bindings.get(port_id, [[]])
        found = answers.pop(0) if len(answers) > 1 else answers[0]
        return FakeResponse({'bindings': found})


class FakeCloud(object):
    """Canned state; ``conn`` looks like an openstacksdk Connection.

    ``servers`` maps a server ID to the list of bodies successive GETs
    return; ``migrations`` maps it to the list of successive answers of
    GET /os-migrations?instance_uuid=; ``ports`` to those of GET
    /v2.0/ports?device_id=, and ``bindings`` a port ID to those of GET
    /v2.0/ports/{id}/bindings.
    """

    def __init__(self):
        self.servers = {}
        self.migrations = {}
        self.actions = {}
        self.services = []
        self.providers = {}
        # Root provider UUID -> UUIDs of its descendants.
        self.children = {}
        self.allocations = {}
        self.placement_requests = []
        self.compute_requests = []
        # What version discovery found: microversions 2.1 to 2.104.
        self.compute_endpoint = discover.EndpointData(
            min_microversion=(2, 1), max_microversion=(2, 104))
        self.ports = {}
        self.bindings = {}
        self.network_extensions = ['binding', 'binding-extended']
        self.network_requests = []
        # The device_id lists of GET /v2.0/ports, in order.
        self.port_listings = []
        self.compute = FakeCompute(self)
        self.placement = FakePlacement(self)
        self.network = FakeNetwork(self)
