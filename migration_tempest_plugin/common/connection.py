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

"""openstacksdk connections built from tempest credentials and tempest.conf.

Tempest allocates the credentials (dynamic or pre-provisioned); the tests
talk to the cloud only through the openstacksdk Connection made here.
"""

from keystoneauth1.identity import v3
from keystoneauth1 import session as ks_session
from openstack import connection as sdk_connection

from migration_tempest_plugin import config as migration_config

APP_NAME = 'migration-tempest-plugin'

# Tempest's endpoint_type values name catalog interfaces the v2 way.
_INTERFACES = {
    'publicURL': 'public',
    'internalURL': 'internal',
    'adminURL': 'admin',
    'public': 'public',
    'internal': 'internal',
    'admin': 'admin',
}

# SDK service type -> tempest.conf group with its region and endpoint_type.
_SERVICE_GROUPS = {
    'compute': 'compute',
    'placement': 'placement',
    'image': 'image',
    'network': 'network',
}

# Credential fields keystoneauth's v3 Password plugin takes as they are.
_PASSWORD_FIELDS = ('user_id', 'username', 'password', 'user_domain_id',
                    'user_domain_name', 'project_id', 'project_name',
                    'project_domain_id', 'project_domain_name')


def password_auth(credentials, auth_url):
    """Keystone v3 Password plugin for tempest credentials.

    A Password plugin, not the token tempest already holds, so that the
    session fetches a new token by itself when the old one expires or is
    refused (401).
    """
    if not auth_url:
        raise migration_config.InvalidOption(
            '[identity] uri_v3', 'is not set: the SDK needs the Keystone '
                                 'v3 URL to authenticate')
    fields = {name: getattr(credentials, name, None)
              for name in _PASSWORD_FIELDS}
    fields = {name: value for name, value in fields.items() if value}
    if getattr(credentials, 'system', None):
        fields['system_scope'] = credentials.system
    return v3.Password(auth_url=auth_url, **fields)


def tls_verify(conf):
    """The ``verify`` argument of requests/keystoneauth from [identity]."""
    if conf.identity.disable_ssl_certificate_validation:
        return False
    return conf.identity.ca_certificates_file or True


def service_settings(conf):
    """SDK config keys for region and interface of each service used.

    Each service takes ``[<group>] region`` (else ``[identity] region``) and
    ``[<group>] endpoint_type``, as tempest's own clients do.
    """
    settings = {'region_name': conf.identity.region}
    for service_type, group_name in _SERVICE_GROUPS.items():
        group = getattr(conf, group_name)
        settings['%s_region_name' % service_type] = (
            group.region or conf.identity.region)
        settings['%s_interface' % service_type] = (
            _INTERFACES[group.endpoint_type])
    return settings


class CountingSession(ks_session.Session):
    """A keystoneauth Session that tells a RequestLog of each request.

    Every request goes through ``request``: the SDK's proxies, Keystone
    token requests and re-authentication alike.
    """

    def __init__(self, request_log, **kwargs):
        super().__init__(**kwargs)
        self.request_log = request_log

    def request(self, url, method, **kwargs):
        action = self.request_log.request_sent(method, url,
                                               kwargs.get('json'))
        response = super().request(url, method, **kwargs)
        self.request_log.response_received(action, response)
        return response


def make_session(credentials, conf, request_log=None):
    """A Session; a CountingSession when given a timing.RequestLog."""
    settings = dict(auth=password_auth(credentials, conf.identity.uri_v3),
                    verify=tls_verify(conf),
                    timeout=conf.service_clients.http_timeout,
                    app_name=APP_NAME)
    if request_log is None:
        return ks_session.Session(**settings)
    return CountingSession(request_log, **settings)


def make_connection(credentials, conf, compute_microversion=None,
                    request_log=None):
    """An openstacksdk Connection acting as ``credentials``.

    :param credentials: tempest credentials (``cls.os_admin.credentials``).
    :param conf: tempest's CONF.
    :param compute_microversion: when given, every compute call is made at
        this microversion instead of the one the SDK would negotiate, so
        that the tests stay inside tempest.conf's [compute]
        min_microversion..max_microversion range.
    :param request_log: a timing.RequestLog that counts the requests of
        the connection, or None.
    """
    settings = service_settings(conf)
    if compute_microversion:
        settings['compute_default_microversion'] = compute_microversion
    return sdk_connection.Connection(
        session=make_session(credentials, conf, request_log),
        app_name=APP_NAME,
        **settings)
