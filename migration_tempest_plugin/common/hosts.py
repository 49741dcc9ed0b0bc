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

"""Which compute hosts can take a server: pure logic on nova's services."""


class NoTargetHost(Exception):
    """No compute host qualifies; the message says why for each host."""


def usable_computes(services):
    """The nova-compute services that are up and enabled, by host name."""
    usable = [service for service in services
              if (service.binary, service.state, service.status)
              == ('nova-compute', 'up', 'enabled')]
    return sorted(usable, key=lambda service: service.host)


def zone_for_a_named_host(services, hosts_to_avoid):
    """The zone to pin siblings to so that one has a host of its zone to go to.

    None where every usable host shares its zone with another: wherever
    the siblings land, each has one. Where a host is alone in its zone
    (the embedded cloud's compute3 in az2), siblings that all land there
    have none; the scheduler sends them all there when that host has the
    most free memory, as it does while other tests' servers fill the
    others. Then the zone with the most usable hosts (the first by name of
    those), or None when no zone has two.
    """
    zones = {}
    for service in usable_computes(services):
        if not (hosts_to_avoid and hosts_to_avoid in service.host):
            zones.setdefault(service.availability_zone, []).append(
                service.host)
    if all(len(members) > 1 for members in zones.values()):
        return None
    zone, members = min(zones.items(),
                        key=lambda item: (-len(item[1]), item[0]))
    return zone if len(members) > 1 else None


def _exclusion(service, source_host, source_zone, hosts_to_avoid):
    """Why ``service`` cannot take the server, or None if it can."""
    if service.host == source_host:
        return 'the source host'
    if service.state != 'up':
        return 'service is %s' % service.state
    if service.status != 'enabled':
        return 'service is %s (%s)' % (service.status,
                                       service.disabled_reason)
    # Tempest skips a host whose name contains the option's value.
    if hosts_to_avoid and hosts_to_avoid in service.host:
        return ("name contains [compute] target_hosts_to_avoid '%s'"
                % hosts_to_avoid)
    if source_zone and service.availability_zone != source_zone:
        return 'zone %s, the server is in zone %s' % (
            service.availability_zone, source_zone)
    return None


def choose_target_host(services, source_host, source_zone, hosts_to_avoid):
    """An up and enabled nova-compute host to move a server to.

    :param services: nova's services (openstacksdk Service objects).
    :param source_host: the host the server is on now.
    :param source_zone: the server's availability zone; the target must be
        in it. None or empty accepts any zone.
    :param hosts_to_avoid: ``[compute] target_hosts_to_avoid``.
    :raises NoTargetHost: naming every host considered and why it was
        excluded.
    """
    computes = sorted((service for service in services
                       if service.binary == 'nova-compute'),
                      key=lambda service: service.host)
    excluded = []
    for service in computes:
        reason = _exclusion(service, source_host, source_zone,
                            hosts_to_avoid)
        if reason is None:
            return service.host
        excluded.append('%s: %s' % (service.host, reason))
    raise NoTargetHost(
        'No compute host can take a server from %s; hosts considered: %s'
        % (source_host, '; '.join(excluded) or 'none'))
