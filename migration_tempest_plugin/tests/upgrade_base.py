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

"""Base class of the upgrade phase tests (tests/scenario/test_upgrade.py)."""

import contextlib
import os

from tempest.common import credentials_factory
from tempest import config

from migration_tempest_plugin.common import phases
from migration_tempest_plugin.common import waiters
from migration_tempest_plugin.tests import move_base

CONF = config.CONF

ADMIN_OPTIONS = ('admin_username', 'admin_password', 'admin_project_name')


class UpgradePhaseTest(move_base.ScheduledMoveTest):
    """Tests of one upgrade phase, acting as the configured admin.

    Each test checks its move's own [compute-feature-enabled] option, so
    one run records (and later moves) every move kind the cloud supports.
    """

    upgrade_phase = None

    @classmethod
    def configuration_skip_reason(cls, conf):
        reason = (super().configuration_skip_reason(conf)
                  or phases.phase_skip_reason(conf, cls.upgrade_phase))
        missing = [name for name in ADMIN_OPTIONS
                   if not getattr(conf.auth, name)]
        if missing and not reason:
            reason = ('The upgrade phases keep their servers in the project '
                      'of the configured admin, which outlives the run: set '
                      '[auth] %s' % ', '.join(missing))
        return reason

    @classmethod
    def skip_checks(cls):
        super().skip_checks()
        cls.state_file = phases.resolve_state_file(CONF)

    @classmethod
    def setup_clients(cls):
        super().setup_clients()
        admin = credentials_factory.get_configured_admin_credentials(
            fill_in=False, identity_version='v3')
        # Both roles act as the configured admin: the owner of the siblings
        # must still exist in the other phase.
        cls.admin_conn = cls.primary_conn = cls.connect(admin)

    @classmethod
    def cloud(cls):
        """What a state file must have been written for."""
        return {'identity': CONF.identity.uri_v3,
                'project_id': cls.admin_conn.current_project_id}

    @classmethod
    def delete_everything_recorded(cls, state):
        """Delete every server ``state`` records, wait, delete the file."""
        server_ids = phases.recorded_server_ids(state)
        for server_id in server_ids:
            cls.admin_conn.compute.delete_server(server_id,
                                                 ignore_missing=True)
        for server_id in server_ids:
            waiters.wait_for_server_deleted(
                cls.admin_conn, server_id, cls.settings.move_timeout,
                cls.settings.poll_interval)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(cls.state_file)
