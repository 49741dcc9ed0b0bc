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

"""What Placement holds for a consumer (a server or a migration)."""

from openstack import exceptions as sdk_exc

# Placement microversion of GET /allocations/{consumer} with the consumer's
# project, user and generation (1.28); all we read is 1.0's provider map.
ALLOCATIONS_MICROVERSION = '1.28'


def allocations(conn, consumer_uuid):
    """{provider UUID: resources} that Placement holds for a consumer."""
    response = conn.placement.get('/allocations/%s' % consumer_uuid,
                                  microversion=ALLOCATIONS_MICROVERSION)
    sdk_exc.raise_from_response(
        response, 'Placement refused allocations of %s' % consumer_uuid)
    return {provider: allocation['resources'] for provider, allocation
            in response.json()['allocations'].items()}
