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

"""Refusals of tempest's own identity and host options, before any create.

Tempest reports a wrong admin password or an unreachable Keystone from deep
inside its credentials provider, naming no option, and never looks at a CA
file an http:// cloud does not use; a target_hosts_to_avoid that matches
every host only shows once servers exist. These checks answer each case
first, naming the option to fix.
"""

import os

from keystoneauth1 import exceptions as ks_exc

from migration_tempest_plugin.common import connection
from migration_tempest_plugin.common import hosts
from migration_tempest_plugin import config as migration_config

CA_FILE_OPTION = '[identity] ca_certificates_file'
URI_OPTION = '[identity] uri_v3'
AVOID_OPTION = '[compute] target_hosts_to_avoid'


def check_ca_file(conf):
    """Refuse a CA file that is named, used, and not a readable file."""
    path = conf.identity.ca_certificates_file
    if not path or conf.identity.disable_ssl_certificate_validation:
        return
    if not os.path.isfile(path) or not os.access(path, os.R_OK):
        raise migration_config.InvalidOption(
            CA_FILE_OPTION, 'is %s, which is not a readable file' % path)


def missing_admin_options(conf):
    """[auth] options dynamic credentials need for their admin, unset."""
    if not conf.auth.use_dynamic_credentials:
        return []
    auth = conf.auth
    missing = [name for name in ('admin_username', 'admin_password')
               if not getattr(auth, name)]
    if not (auth.admin_project_name or auth.admin_system):
        missing.append('admin_project_name')
    return ['[auth] %s' % name for name in missing]


def check_admin_login(credentials, conf):
    """Log the admin in once; refuse naming the option at fault.

    :param credentials: tempest's configured admin credentials
        (``credentials_factory.get_configured_admin_credentials``).
    """
    uri = conf.identity.uri_v3
    try:
        connection.make_session(credentials, conf).get_token()
    except ks_exc.Unauthorized as error:
        raise migration_config.InvalidOption(
            '[auth] admin_password', 'or [auth] admin_username (%s) was '
            'refused by Keystone at %s (%s): the dynamic credentials '
            'provider logs in with them' % (credentials.username, uri,
                                            error))
    except ks_exc.SSLError as error:
        raise migration_config.InvalidOption(
            CA_FILE_OPTION, 'does not let the TLS connection to %s be '
            'verified (%s); [identity] disable_ssl_certificate_validation '
            'turns verification off' % (uri, error))
    except (ks_exc.ConnectionError, ks_exc.NotFound,
            ks_exc.DiscoveryFailure) as error:
        raise migration_config.InvalidOption(
            URI_OPTION, 'is %s, where no Keystone v3 answers: %s'
            % (uri, error))


def avoid_list_skip_reason(services, hosts_to_avoid):
    """Why target_hosts_to_avoid leaves no usable host, or None.

    Tempest avoids booting test servers on, and moving them to, hosts whose
    name contains the option's value.
    """
    usable = hosts.usable_computes(services)
    if not hosts_to_avoid or not usable:
        return None
    if any(hosts_to_avoid not in service.host for service in usable):
        return None
    return ("%s is '%s', which every up and enabled compute host's name "
            "contains (%s): no host is left to boot or move servers to"
            % (AVOID_OPTION, hosts_to_avoid,
               ', '.join(service.host for service in usable)))
