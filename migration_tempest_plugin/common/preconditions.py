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

"""Why the move tests cannot run here: decided before creating anything."""

from openstack import exceptions as sdk_exc
from tempest.lib.common import api_version_utils
import testtools

from migration_tempest_plugin.common import describe
from migration_tempest_plugin.common import hosts
from migration_tempest_plugin import config as migration_config

MIN_COMPUTE_HOSTS = 2


class TooFewComputes(AssertionError):
    """Fewer up and enabled computes than tempest.conf says there are."""


def feature_skip_reason(feature):
    """A function of CONF: why a false ``feature`` rules the tests out.

    ``feature`` is an option of [compute-feature-enabled]; the function
    returns None when it is true.
    """
    def reason(conf):
        if getattr(conf.compute_feature_enabled, feature):
            return None
        return ('%s is disabled in tempest.conf: [compute-feature-enabled] '
                '%s = False' % (feature.replace('_', ' ').capitalize(),
                                feature))
    return reason


def hosts_skip_reason(required_hosts):
    """A function of CONF: why [compute] min_compute_nodes is too few.

    For a test that needs ``required_hosts`` computes; the function
    returns None when tempest.conf promises that many.
    """
    def reason(conf):
        if conf.compute.min_compute_nodes >= required_hosts:
            return None
        return ('[compute] min_compute_nodes is %d in tempest.conf: these '
                'tests need at least %d compute nodes'
                % (conf.compute.min_compute_nodes, required_hosts))
    return reason


def configuration_skip_reason(conf, required_features, min_microversion,
                              max_microversion,
                              required_hosts=MIN_COMPUTE_HOSTS):
    """Why tempest.conf rules the tests out, or None. No API call.

    :param required_features: option names of [compute-feature-enabled]
        that must be true (for example 'live_migration').
    :param min_microversion: the compute API microversion the tests need.
    :param max_microversion: the highest one they can use.
    :param required_hosts: compute hosts the tests need; tempest.conf's
        [compute] min_compute_nodes must promise at least as many.
    """
    if not conf.service_available.nova:
        return 'Nova is not available: [service_available] nova = False'
    for feature in required_features:
        reason = feature_skip_reason(feature)(conf)
        if reason:
            return reason
    reason = hosts_skip_reason(required_hosts)(conf)
    if reason:
        return reason
    try:
        api_version_utils.check_skip_with_microversion(
            min_microversion, max_microversion,
            conf.compute.min_microversion, conf.compute.max_microversion)
    except testtools.TestCase.skipException as skip:
        return ('%s Set [compute] min_microversion/max_microversion so that '
                'the range includes %s.' % (skip, min_microversion))
    return None


def check_compute_hosts(services, needed):
    """Raise TooFewComputes unless ``needed`` computes are up and enabled.

    ``needed`` is what tempest.conf promises ([compute] min_compute_nodes,
    at least what the tests need): fewer is a cloud fault, not a reason
    to skip. The message names every nova-compute service and its state.
    """
    computes = [service for service in services
                if service.binary == 'nova-compute']
    usable = hosts.usable_computes(computes)
    if len(usable) < needed:
        raise TooFewComputes(
            'The cloud has %d up and enabled nova-compute service(s) (%s); '
            'tempest.conf ([compute] min_compute_nodes) and these tests '
            'need %d. All nova-compute services: %s'
            % (len(usable), ', '.join(s.host for s in usable) or 'none',
               needed, ', '.join(describe.describe_service(service)
                                 for service in computes) or 'none'))


def _check_found(lookup, ref, option, where):
    try:
        lookup(ref)
    except sdk_exc.NotFoundException:
        raise migration_config.InvalidOption(
            option, 'is %s, which the test user cannot find in %s'
            % (ref, where))


def check_image(conn, image_ref, option='[compute] image_ref'):
    _check_found(conn.image.get_image, image_ref, option,
                 'the image service')


def check_flavor(conn, flavor_ref, option='[compute] flavor_ref'):
    _check_found(conn.compute.get_flavor, flavor_ref, option,
                 "nova's flavors")


def server_networks(conn, settings):
    """The ``networks`` value of server create for the configured network.

    'none' and 'auto' go to nova as they are; a name or ID must name a
    network the test user sees.
    """
    if settings.network in ('none', 'auto'):
        return settings.network
    network = conn.network.find_network(settings.network)
    if network is None:
        raise migration_config.InvalidOption(
            settings.network_option,
            'is %s, a network the test user cannot find in neutron'
            % settings.network)
    return [{'uuid': network.id}]
