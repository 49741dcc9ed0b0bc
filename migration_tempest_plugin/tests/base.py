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

"""Base class of the tests that move one of N servers created together."""

import functools

from openstack import exceptions as sdk_exc
from oslo_log import log as logging
from tempest.common import credentials_factory
from tempest import config
from tempest.lib.common import api_version_utils
from tempest.lib.common.utils import data_utils
from tempest import test

from migration_tempest_plugin.common import compute_commands
from migration_tempest_plugin.common import connection
from migration_tempest_plugin.common import describe
from migration_tempest_plugin.common import diagnostics
from migration_tempest_plugin.common import guest_check
from migration_tempest_plugin.common import hosts
from migration_tempest_plugin.common import input_checks
from migration_tempest_plugin.common import model
from migration_tempest_plugin.common import ports
from migration_tempest_plugin.common import preconditions
from migration_tempest_plugin.common import serial_lock
from migration_tempest_plugin.common import timing
from migration_tempest_plugin.common import verification
from migration_tempest_plugin.common import waiters
from migration_tempest_plugin import config as migration_config

CONF = config.CONF
LOG = logging.getLogger(__name__)


def skip_unless_configured(*skip_reasons):
    """Skip the test when a function of tempest's CONF gives a reason.

    Each function returns why tempest.conf rules the test out, or None.
    The verdict (migration_tempest_plugin.verdict) reads them from the
    test's ``configuration_skip_reasons`` to know whether it must run.
    """
    def decorator(test_method):
        @functools.wraps(test_method)
        def wrapper(self, *args, **kwargs):
            for skip_reason in skip_reasons:
                reason = skip_reason(CONF)
                if reason:
                    raise self.skipException(reason)
            return test_method(self, *args, **kwargs)
        wrapper.configuration_skip_reasons = skip_reasons
        return wrapper
    return decorator


class SiblingMoveTest(test.BaseTestCase):
    """Creates siblings in one request and moves one of them.

    Subclasses name the [compute-feature-enabled] options their move needs
    in ``required_compute_features`` and may raise ``min_microversion``.
    Every compute call of the class is made at ``compute_microversion``.
    """

    credentials = ['primary', 'admin']

    # A serial class, or a test that takes the cloud for itself
    # (ScheduledMoveTest.take_the_cloud), waits only for the tests already
    # running, not for every class the other workers have left.
    serial_rw_lock = serial_lock.WriterFirstLock()

    # Options of [compute-feature-enabled] that must be true.
    required_compute_features = ()

    # 2.59: migration records carry the UUID Placement keys the migration's
    # allocations on; 2.37 'none'/'auto' networks and 2.34 asynchronous
    # live-migration pre-checks come with it.
    min_microversion = '2.59'
    max_microversion = api_version_utils.LATEST_MICROVERSION

    # Functions of tempest's CONF returning why the class cannot run on
    # this cloud, or None: tempest.conf alone decides, so that the verdict
    # (migration_tempest_plugin.verdict) knows which tests must run.
    configuration_skip_reasons = ()

    # Compute hosts the class's tests need up and enabled.
    required_hosts = preconditions.MIN_COMPUTE_HOSTS

    # The image the siblings boot: its MoveSettings field and option.
    sibling_image = ('image_ref', '[compute] image_ref')

    # Reads the moved guest's heartbeat ([migration] guest_heartbeat).
    guest_watch = guest_check.NO_WATCH

    @classmethod
    def configuration_skip_reason(cls, conf):
        """Why tempest.conf rules the class out, or None. No API call."""
        if not credentials_factory.is_admin_available(
                identity_version=cls.get_identity_version()):
            # Tempest's own check says this with no option named.
            return ('Missing admin credentials: set [auth] '
                    'use_dynamic_credentials = true with [auth] '
                    'admin_username, admin_password and admin_project_name, '
                    'or list an admin account in [auth] test_accounts_file')
        reason = preconditions.configuration_skip_reason(
            conf, cls.required_compute_features, cls.min_microversion,
            cls.max_microversion, cls.required_hosts)
        for skip_reason in cls.configuration_skip_reasons:
            reason = reason or skip_reason(conf)
        return reason

    @classmethod
    def skip_checks(cls):
        reason = cls.configuration_skip_reason(CONF)
        if reason:
            raise cls.skipException(reason)
        super().skip_checks()
        # A tempest.conf value the tests cannot run with is an error.
        cls.settings = migration_config.resolve_settings(CONF)
        input_checks.check_ca_file(CONF)

    @classmethod
    def setup_credentials(cls):
        # The servers use 'none', 'auto' or an existing network: no
        # network for the test projects.
        cls.set_network_resources()
        if CONF.auth.use_dynamic_credentials:
            # Tempest's own refusals name no option; its skip_checks says
            # admin is there without looking.
            missing = input_checks.missing_admin_options(CONF)
            if missing:
                raise cls.skipException(
                    'Missing admin credentials: set %s (dynamic credentials '
                    'create the test users with them)' % ', '.join(missing))
            input_checks.check_admin_login(
                credentials_factory.get_configured_admin_credentials(
                    fill_in=False), CONF)
        super().setup_credentials()

    @classmethod
    def setup_clients(cls):
        super().setup_clients()
        cls.compute_microversion = (
            api_version_utils.select_request_microversion(
                cls.min_microversion, CONF.compute.min_microversion))
        # Counts the requests of every connection, for the timing report
        # and for the waits that follow a move's request.
        cls.request_log = timing.RequestLog()
        cls.admin_conn = cls.connect(cls.os_admin.credentials)
        cls.primary_conn = cls.connect(cls.os_primary.credentials)

    @classmethod
    def connect(cls, credentials):
        """A connection of the class: its microversion and request log."""
        return connection.make_connection(credentials, CONF,
                                          cls.compute_microversion,
                                          cls.request_log)

    @classmethod
    def resource_setup(cls):
        super().resource_setup()
        cls.check_cloud()
        if not cls.is_serial_execution_requested():
            # From here the class holds tempest's read side test by test
            # (setUp): a test that takes the cloud waits for the tests
            # running, not for the whole classes they belong to.
            cls.serial_rw_lock.release_read_lock()

    @classmethod
    def resource_cleanup(cls):
        # Tempest gives the read side back once the class's cleanups (the
        # deletion of its servers) ran.
        if not cls.is_serial_execution_requested():
            cls.serial_rw_lock.acquire_read_lock()
        super().resource_cleanup()

    @classmethod
    def check_cloud(cls):
        """Skip or fail, by API look-ups only, before creating anything.

        Fewer up and enabled computes than tempest.conf promises is a cloud
        fault: it fails the class, naming every compute and its state.
        """
        try:
            services = cls.compute_services()
        except sdk_exc.ConfigException as error:
            # The SDK checks the cloud serves compute_microversion.
            raise cls.skipException(
                'The compute API cannot serve microversion %s: %s'
                % (cls.compute_microversion, error))
        preconditions.check_compute_hosts(
            services, max(cls.required_hosts, CONF.compute.min_compute_nodes))
        reason = input_checks.avoid_list_skip_reason(
            services, CONF.compute.target_hosts_to_avoid)
        if reason:
            raise cls.skipException(reason)
        field, option = cls.sibling_image
        preconditions.check_image(cls.primary_conn,
                                  getattr(cls.settings, field), option)
        preconditions.check_flavor(cls.primary_conn, cls.settings.flavor_ref)
        cls.server_networks = preconditions.server_networks(
            cls.primary_conn, cls.settings)

    @classmethod
    def compute_services(cls):
        return list(cls.admin_conn.compute.services(binary='nova-compute'))

    def setUp(self):
        super().setUp()
        if not self.is_serial_execution_requested():
            self.serial_rw_lock.acquire_read_lock()
            # Registered first: given back once every other cleanup ran.
            self.addCleanup(self.serial_rw_lock.release_read_lock)
        self.observer = timing.MoveObserver(
            self.id(), self.request_log, self.admin_conn,
            self.settings.report_file)
        self.addOnException(lambda exc_info: diagnostics.attach_on_failure(
            self, self.admin_conn, self.observer, exc_info))
        self.guest_watch = guest_check.GuestWatch.from_settings(
            self.admin_conn, self.settings)
        self.addCleanup(self.guest_watch.check_all_checked)
        # The ports of the test's servers, read before each move.
        self.port_watch = ports.PortWatch(self.admin_conn)
        # (host, fault, server) this test put and has not healed yet.
        self.faults_in_place = set()
        # Handlers run before cleanups: a failed test's readings are moot.
        self.addOnException(lambda exc_info: self.guest_watch.forget())

    def put_fault(self, host, fault, server_id):
        """Put ``fault`` (a faults.MoveFault) on ``host`` for the server.

        ``server_id`` None puts it on the whole host ({server} is "none").
        Registers, before anything can fail, the cleanup that heals it;
        the test may call ``heal_fault`` itself first.
        """
        self.addCleanup(self.heal_fault, host, fault, server_id)
        self.faults_in_place.add((host, fault, server_id))
        compute_commands.run_compute_command(
            self.settings.fault_command, host,
            compute_commands.FAULT_OPTION, self.settings.move_timeout,
            fault=fault.name, server=server_id or 'none')

    def heal_fault(self, host, fault, server_id):
        """Undo a fault this test put; nothing for one already healed."""
        if (host, fault, server_id) not in self.faults_in_place:
            return
        compute_commands.run_compute_command(
            self.settings.heal_command, host, compute_commands.HEAL_OPTION,
            self.settings.move_timeout, fault=fault.name,
            server=server_id or 'none')
        self.faults_in_place.discard((host, fault, server_id))

    def what_the_cloud_said(self, server_id):
        return describe.what_the_cloud_said(self.admin_conn, server_id)

    def wait_for_server_status(self, server_id, status='ACTIVE',
                               from_error=False):
        """Wait for status (or a tuple of them) with no task_state.

        Follows the newest action request sent for the server, to fail as
        soon as nova gives up on it. Returns the admin view of the server.
        ``from_error``: see waiters.wait_for_server_status.
        """
        return waiters.wait_for_server_status(
            self.admin_conn, server_id, status, self.settings.move_timeout,
            self.settings.poll_interval,
            lambda: self.what_the_cloud_said(server_id),
            request_id=self.request_log.last_request_id(server_id),
            from_error=from_error)

    def usable_computes(self, availability_zone=None):
        """Up and enabled nova-compute services, of one zone if given."""
        return [service for service in
                hosts.usable_computes(self.compute_services())
                if availability_zone in (None, service.availability_zone)]

    def sibling_count(self, availability_zone=None):
        """[migration] sibling_count, with "auto" resolved on this cloud.

        "auto": one more than the hosts the moved sibling could go to, the
        up and enabled computes (of ``availability_zone`` if the siblings
        are pinned to it) but its own.
        """
        return migration_config.sibling_count_for(
            self.settings, len(self.usable_computes(availability_zone)) - 1)

    def create_siblings(self, count=None, group=None,
                        availability_zone=None):
        """Create ``count`` servers in ONE request as the primary user.

        ``group`` is the ID of a server group the servers join (scheduler
        hint), ``availability_zone`` a zone they are pinned to.
        Cleanup of all of them is registered before anything waits.
        Returns their Sibling records (ACTIVE, with their hosts), sorted by
        name.
        """
        count = count or self.sibling_count(availability_zone)
        self.observer.build_started(count)
        name = data_utils.rand_name(prefix=CONF.resource_name_prefix,
                                    name=self.__class__.__name__)
        first = self.request_siblings(name, count, group, availability_zone)
        # The answer names one server only; the others share its
        # reservation, read at once so that the cleanup finds them all
        # even once the first is gone.
        request = model.SiblingRequest(first.id)
        self.addCleanup(self.delete_request_servers, request)
        servers = self.request_servers(request)
        self.observer.build_servers(server.id for server in servers)
        self.assertEqual(
            count, len(servers),
            'A request for %d servers made %s' % (
                count, [(s.id, s.name, s.status) for s in servers]))
        siblings = [
            verification.sibling_from_server(
                self.wait_for_server_status(server.id, 'ACTIVE'))
            for server in sorted(servers, key=lambda s: s.name)]
        verification.check_siblings_recorded(self.admin_conn, siblings)
        self.port_watch.record(sibling.id for sibling in siblings)
        self.observer.build_finished(siblings)
        LOG.info('Siblings of request %s: %s', name,
                 ', '.join('%s on %s' % (s.id, s.host) for s in siblings))
        return siblings

    def create_siblings_for_a_named_host(self):
        """Siblings of which one has another host of its zone to go to.

        Pinned, only where a usable host is alone in its zone, to the zone
        with the most usable hosts (hosts.zone_for_a_named_host): unpinned,
        they could all land on the lone host, and the test would skip.
        """
        return self.create_siblings(
            availability_zone=hosts.zone_for_a_named_host(
                self.compute_services(),
                CONF.compute.target_hosts_to_avoid))

    def request_siblings(self, name, count, group=None,
                         availability_zone=None):
        """Ask nova for ``count`` servers in ONE request; the first of them.

        min_count = max_count: nova makes all of them or none. ``group``
        is a server group they join (scheduler hint), ``availability_zone``
        a zone they are pinned to.
        """
        placement = {}
        if group:
            placement['scheduler_hints'] = {'group': group}
        if availability_zone:
            placement['availability_zone'] = availability_zone
        return self.primary_conn.compute.create_server(
            name=name,
            image_id=getattr(self.settings, self.sibling_image[0]),
            flavor_id=self.settings.flavor_ref,
            networks=self.server_networks,
            min_count=count, max_count=count, **placement)

    def request_servers(self, request):
        """All servers of a SiblingRequest: they share its reservation_id.

        ``reservation_id`` is admin-only, and openstacksdk returns only the
        first server of a multi-create.
        """
        if request.reservation_id is None:
            request.reservation_id = self.admin_conn.compute.get_server(
                request.first_server_id).reservation_id
        return list(self.admin_conn.compute.servers(
            reservation_id=request.reservation_id, all_projects=True))

    def delete_request_servers(self, request):
        """Delete every server of the request; one refusal stops none.

        Raises the first refusal once all were asked for.
        """
        servers = self.request_servers(request)
        refusals = []
        for server in servers:
            try:
                self.admin_conn.compute.delete_server(server.id,
                                                      ignore_missing=True)
            except sdk_exc.SDKException as refusal:
                refusals.append(refusal)
        # Nova deletes them while the class's next test runs, and the class
        # waits for them before it ends; a serial class's next test may
        # stop a compute: it waits now. (A test that takes the cloud waits
        # for every deletion in flight.)
        for server in servers:
            wait = (self.admin_conn, server.id, self.settings.move_timeout,
                    self.settings.poll_interval)
            if self.is_serial_execution_requested():
                waiters.wait_for_server_deleted(*wait)
            else:
                self.addClassResourceCleanup(waiters.wait_for_server_deleted,
                                             *wait)
        if refusals:
            raise refusals[0]

    def choose_target_host(self, sibling):
        """An up, enabled compute host for the sibling other than its own.

        Honours [compute] target_hosts_to_avoid and the sibling's
        availability zone; skips naming every host and why it was
        excluded when none qualifies.
        """
        try:
            return hosts.choose_target_host(
                self.compute_services(), sibling.host,
                sibling.availability_zone,
                CONF.compute.target_hosts_to_avoid)
        except hosts.NoTargetHost as reason:
            raise self.skipException(str(reason))

    def sibling_to_move(self, siblings):
        """The first sibling another host of its zone could take.

        A sibling on a host alone in its zone (compute3 of the embedded
        cloud) has no host choose_target_host would pick; the first
        sibling when none has one, for choose_target_host to skip on.
        """
        services = self.compute_services()
        for sibling in siblings:
            try:
                hosts.choose_target_host(
                    services, sibling.host, sibling.availability_zone,
                    CONF.compute.target_hosts_to_avoid)
            except hosts.NoTargetHost:
                continue
            return sibling
        return siblings[0]

    def migration_uuids(self, sibling):
        """UUIDs of the sibling's migration records so far."""
        return {migration.uuid for migration in
                describe.server_migrations(self.admin_conn, sibling.id)}

    def live_migrate(self, sibling, host=None):
        """Ask nova, as admin, to live-migrate the sibling; never forced.

        The request is made here rather than with the SDK's
        live_migrate_server, which pins microversion 2.30: at this class's
        microversion (2.34 or later) nova answers 202 at once and runs the
        scheduler and pre-checks afterwards, as current clients see it; a
        refusal then shows in the migration record and instance actions,
        which the waits report.
        """
        LOG.info('Live-migrating %s from %s to %s', sibling.id, sibling.host,
                 host or 'a host the scheduler picks')
        self.port_watch.before_move()
        self.guest_watch.before_move(sibling.id, live_migration=True)
        body = {'os-migrateLive': {
            'host': host,
            'block_migration': self.settings.block_migration}}
        response = self.admin_conn.compute.post(
            '/servers/%s/action' % sibling.id, json=body,
            microversion=self.compute_microversion)
        sdk_exc.raise_from_response(
            response, 'Live migration of %s was refused' % sibling.id)

    def verify_move(self, moved, siblings, expected, known_migrations=(),
                    outcome='verified', guest_check=True):
        """Wait for the move of ``moved`` to end and check it as nova would.

        See verification.verify_move (with the ports read before the
        move); ``expected`` is an ExpectedMove;
        ``outcome`` goes to the timing report and decides the guest check:
        'refused' for a move verified as refused, 'failed' for one verified
        as failed half-way. Without ``guest_check`` the test checks the
        guest itself (its compute may not answer yet). Returns the moved
        server.
        """
        server = verification.verify_move(
            self.admin_conn, moved, siblings, expected,
            self.settings.move_timeout, self.settings.poll_interval,
            self.settings.settle_timeout, known_migrations,
            request_id=self.request_log.last_request_id(moved.id),
            request_ids=self.request_log.move_request_ids(moved.id),
            settle_period=self.settings.settle_period,
            port_watch=self.port_watch)
        self.observer.move_verified(
            server, outcome, guest_check and (
                lambda: self.guest_watch.after_move(
                    moved.id, expected.migration_type, outcome)))
        return server
