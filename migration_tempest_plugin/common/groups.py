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

"""Where nova's server group filters let a member go: pure logic.

As nova's ServerGroupAffinityFilter and ServerGroupAntiAffinityFilter
decide (nova/scheduler/filters/affinity_filter.py): affinity passes only
the hosts of the group's members, the moved one's included, and a move
never stays on its source; anti-affinity passes a host with fewer members
than the rule max_server_per_host (1 unless given, compute API 2.64). The
soft policies are weighers: they never refuse a host.
"""

import collections

AFFINITY = 'affinity'
ANTI_AFFINITY = 'anti-affinity'
SOFT_AFFINITY = 'soft-affinity'
SOFT_ANTI_AFFINITY = 'soft-anti-affinity'


def allowed_destinations(policy, member_hosts, source_host, candidates,
                         max_server_per_host=1):
    """The candidate hosts the group's policy lets the member move to.

    :param member_hosts: the host of each member, one entry per member,
        the moved one included.
    :param candidates: the hosts the move could go to otherwise (up,
        enabled); the source is never a destination.
    """
    others = [host for host in candidates if host != source_host]
    if policy == AFFINITY:
        return [host for host in others if host in member_hosts]
    if policy == ANTI_AFFINITY:
        members = collections.Counter(member_hosts)
        return [host for host in others
                if members[host] < max_server_per_host]
    return others


def policy_violation(policy, member_hosts, max_server_per_host=1):
    """How the members' hosts break a hard policy, or None."""
    members = collections.Counter(member_hosts)
    if policy == AFFINITY and len(members) > 1:
        return 'members of an affinity group on %d hosts: %s' % (
            len(members), dict(members))
    if policy == ANTI_AFFINITY:
        crowded = {host: count for host, count in members.items()
                   if count > max_server_per_host}
        if crowded:
            return ('more than %d member(s) of an anti-affinity group on '
                    'one host: %s' % (max_server_per_host, crowded))
    return None


def late_anti_affinity_refusal(events, host):
    """Whether ``host`` refused the live migration for the group, late.

    ``events``: the live migration's instance action events. nova's
    destination checks the group again in pre_live_migration
    (ComputeManager._validate_instance_group_policy, which counts the
    members migrating to the host since the fix of bug 1821755): two
    members sent to one free host at once may each see the other there,
    and then both are refused (GroupAffinityViolation).
    """
    return any(event.event == 'compute_pre_live_migration'
               and event.result == 'Error' and event.host == host
               and ('GroupAffinityViolation' in (event.traceback or '')
                    or 'Anti-affinity' in (event.details or ''))
               for event in events)
