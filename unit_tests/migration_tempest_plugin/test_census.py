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

"""The leak census on canned cloud states."""

from unittest import mock

import testtools

from migration_tempest_plugin import census

PREFIX = 'tempest'
NOTHING = {category: [] for category in census.CATEGORIES}


def empty_state():
    """A cloud with the admin and service projects only."""
    return {
        'servers': [], 'ports': [], 'consumers': {}, 'migrations': [],
        'projects': [{'id': 'p-admin', 'name': 'admin'},
                     {'id': 'p-service', 'name': 'service'}],
        'users': [{'id': 'u-admin', 'name': 'admin'},
                  {'id': 'u-nova', 'name': 'nova'}],
    }


def state_after_a_leaky_run():
    """Dynamic credentials and a sibling with a migration left behind."""
    state = empty_state()
    state['projects'].append(
        {'id': 'p-run', 'name': 'tempest-LiveMigrateOneSiblingTest-12'})
    state['users'].append(
        {'id': 'u-run',
         'name': 'tempest-LiveMigrateOneSiblingTest-12-project-member'})
    state['servers'] = [
        {'id': 's-1', 'name': 'tempest-LiveMigrateOneSiblingTest-99-1',
         'project_id': 'p-run'},
        # Someone else's server, named otherwise, in another project.
        {'id': 's-other', 'name': 'web-1', 'project_id': 'p-admin'}]
    state['ports'] = [
        {'id': 'port-1', 'device_id': 's-1', 'project_id': 'p-admin'},
        {'id': 'port-other', 'device_id': 's-other',
         'project_id': 'p-admin'}]
    state['consumers'] = {'s-1': 'p-run', 'mig-1': 'p-run',
                          's-other': 'p-admin'}
    state['migrations'] = [
        {'uuid': 'mig-1', 'instance_uuid': 's-1', 'status': 'running'},
        {'uuid': 'mig-old', 'instance_uuid': 's-gone',
         'status': 'completed'}]
    return state


class TestCount(testtools.TestCase):

    def test_empty_cloud_counts_nothing(self):
        counted = census.count(empty_state(), PREFIX)
        for view in ('admin', 'run', 'tempest'):
            self.assertEqual(
                {category: [] for category in census.CATEGORIES},
                counted[view])

    def test_run_view_holds_what_the_prefix_names_and_what_it_owns(self):
        run = census.count(state_after_a_leaky_run(), PREFIX)['run']
        self.assertEqual(dict(NOTHING, servers=['s-1'], ports=['port-1'],
                              consumers=['mig-1', 's-1'],
                              migrations=['mig-1'], projects=['p-run'],
                              users=['u-run']), run)

    def test_admin_view_holds_everything_and_unfinished_migrations(self):
        admin = census.count(state_after_a_leaky_run(), PREFIX)['admin']
        self.assertEqual(['s-1', 's-other'], admin['servers'])
        self.assertEqual(['port-1', 'port-other'], admin['ports'])
        self.assertEqual(['mig-1', 's-1', 's-other'], admin['consumers'])
        self.assertEqual(['mig-1'], admin['migrations'])

    def test_server_of_a_run_project_counts_whatever_its_name(self):
        state = state_after_a_leaky_run()
        state['servers'].append({'id': 's-2', 'name': 'renamed',
                                 'project_id': 'p-run'})
        self.assertIn('s-2', census.count(state, PREFIX)['run']['servers'])

    def test_prefix_must_be_followed_by_a_dash(self):
        state = empty_state()
        state['projects'].append({'id': 'p-x', 'name': 'tempestuous'})
        self.assertEqual([], census.count(state, PREFIX)['run']['projects'])

    def test_evacuation_done_is_unfinished(self):
        state = empty_state()
        state['migrations'] = [{'uuid': 'm', 'instance_uuid': 's',
                                'status': 'done'}]
        self.assertEqual(['m'],
                         census.count(state, PREFIX)['admin']['migrations'])


class TestLeaks(testtools.TestCase):

    def test_what_was_there_before_is_no_leak(self):
        before = census.count(state_after_a_leaky_run(), PREFIX)
        after = census.count(state_after_a_leaky_run(), PREFIX)
        leaks = census.leaked(before, after)
        self.assertEqual(0, census.total(leaks))

    def test_everything_new_is_a_leak(self):
        before = census.count(empty_state(), PREFIX)
        after = census.count(state_after_a_leaky_run(), PREFIX)
        leaks = census.leaked(before, after)
        self.assertEqual(['s-1', 's-other'], leaks['servers'])
        self.assertEqual(['mig-1', 's-1', 's-other'], leaks['consumers'])
        self.assertEqual(['u-run'], leaks['users'])
        self.assertEqual(10, census.total(leaks))

    def test_census_line(self):
        before = census.count(empty_state(), PREFIX)
        after = census.count(state_after_a_leaky_run(), PREFIX)
        line = census.census_line(before, before,
                                  census.leaked(before, before))
        self.assertTrue(line.startswith('census: run before [servers=0 '))
        self.assertTrue(line.endswith(
            'leaked [servers=0 ports=0 consumers=0 migrations=0 '
            'projects=0 users=0 images=0 keypairs=0 server_groups=0 '
            'security_groups=0 networks=0 volumes=0 computes=0] total=0'),
            line)
        self.assertIn('total=10', census.census_line(
            before, after, census.leaked(before, after)))

    def test_other_runs_excused_from_the_admin_view_only(self):
        before = census.count(empty_state(), 'rel-1')
        state = state_after_a_leaky_run()
        state['servers'].append({'id': 's-mine', 'name': 'rel-1-Test-1',
                                 'project_id': 'p-mine'})
        after = census.count(state, 'rel-1', (), {'u-run'})
        leaks = census.leaked(before, after, excuse_other_runs=True)
        # Another run's server and credentials are excused, not the run's
        # own server, its logged user, nor a server tempest did not name.
        self.assertEqual(['s-mine', 's-other'], leaks['servers'])
        self.assertEqual([], leaks['projects'])
        self.assertEqual(['u-run'], leaks['users'])


class TestEveryKindARunCanLeave(testtools.TestCase):

    def leaks(self, **changes):
        before_state = empty_state()
        before_state['computes'] = [
            {'id': 1, 'host': 'c1', 'state': 'up', 'status': 'enabled',
             'forced_down': False}]
        after_state = dict(empty_state(), computes=before_state['computes'])
        after_state['projects'].append({'id': 'p-run', 'name': 'tempest-X-1'})
        after_state.update(changes)
        return census.leaked(census.count(before_state, PREFIX),
                             census.count(after_state, PREFIX, (), {'u-run'}))

    def test_shelve_snapshot_and_owned_resources(self):
        owned = {'name': 'x', 'project_id': 'p-run'}
        leaks = self.leaks(
            images=[{'id': 'img-1', 'name': 'tempest-X-9-1-shelved',
                     'owner': 'p-other'}],
            server_groups=[dict(owned, id='sg-1')],
            security_groups=[dict(owned, id='sec-1')],
            networks=[dict(owned, id='net-1')],
            volumes=[dict(owned, id='vol-1')],
            keypairs=[{'id': 'u-run/k1', 'user_id': 'u-run'}])
        self.assertEqual(
            (['img-1'], ['sg-1'], ['sec-1'], ['net-1'], ['vol-1'],
             ['u-run/k1']),
            (leaks['images'], leaks['server_groups'],
             leaks['security_groups'], leaks['networks'], leaks['volumes'],
             leaks['keypairs']))

    def test_a_compute_left_forced_down(self):
        leaks = self.leaks(computes=[
            {'id': 1, 'host': 'c1', 'state': 'down', 'status': 'enabled',
             'forced_down': True}])
        self.assertEqual(['c1: state=down status=enabled forced_down=True'],
                         leaks['computes'])

    def test_a_census_saved_before_the_new_kinds_compares(self):
        old = {view: {category: [] for category in
                      ('servers', 'ports', 'consumers', 'migrations',
                       'projects', 'users')}
               for view in ('admin', 'run', 'tempest')}
        state = empty_state()
        state['images'] = [{'id': 'img-base', 'name': 'cirros',
                            'owner': 'p-admin'}]
        after = census.count(state, PREFIX)
        self.assertEqual(0, census.total(census.leaked(old, after)))


class FakeCensusCloud(object):
    """Answers cloud_state with successive canned states."""

    def __init__(self, states):
        self.states = states

    def next_state(self):
        return self.states.pop(0) if len(self.states) > 1 else self.states[0]


class TestSettledLeaks(testtools.TestCase):

    def settle(self, states, timeout):
        cloud = FakeCensusCloud(states)
        self.patch(census, 'cloud_state',
                   lambda conn, users: cloud.next_state())
        now = [0.0]

        def sleep(seconds):
            now[0] += seconds

        before = census.count(empty_state(), PREFIX)
        return census.settled_leaks(None, PREFIX, before, timeout,
                                    interval=5, clock=lambda: now[0],
                                    sleep=sleep)

    def test_deletion_ending_late_is_no_leak(self):
        _after, leaks = self.settle(
            [state_after_a_leaky_run(), empty_state()], timeout=60)
        self.assertEqual(0, census.total(leaks))

    def test_what_stays_past_the_timeout_is_a_leak(self):
        _after, leaks = self.settle([state_after_a_leaky_run()], timeout=10)
        self.assertEqual(['s-1', 's-other'], leaks['servers'])


class TestRunCredentials(testtools.TestCase):

    LOG = (
        "2026-11-23 21:52:17.258 27185 INFO tempest.lib.common.dynamic_creds"
        " [-] Acquired dynamic creds:\n credentials: Credentials: "
        "{'domain_id': 'default', 'username': 'tempest-X-1-project-member',"
        " 'project_id': 'p-run', 'project_name': 'tempest-X-1', "
        "'user_id': 'u-run', 'system': None}, Network: None\n"
        "2026-11-23 21:52:18.001 27185 INFO tempest.lib.common.dynamic_creds"
        " [-] Acquired dynamic creds:\n credentials: Credentials: "
        "{'username': 'tempest-X-1-project-admin', 'project_id': 'p-run', "
        "'user_id': 'u-admin-run'}, Network: None\n")

    def test_credentials_from_log(self):
        self.assertEqual(({'p-run'}, {'u-run', 'u-admin-run'}),
                         census.credentials_from_log(self.LOG))

    def test_logged_credentials_belong_to_the_run_whatever_the_prefix(self):
        state = state_after_a_leaky_run()
        run = census.count(state, 'reliability-1', {'p-run'},
                           {'u-run'})['run']
        # The server is in a run project though not named by the prefix.
        self.assertEqual(['s-1'], run['servers'])
        self.assertEqual(['p-run'], run['projects'])
        self.assertEqual(['u-run'], run['users'])

    def test_admin_view_counts_tempest_named_credentials(self):
        admin = census.count(state_after_a_leaky_run(),
                             'reliability-1')['admin']
        self.assertEqual(['p-run'], admin['projects'])
        self.assertEqual(['u-run'], admin['users'])

    def test_what_a_deleted_run_project_owned_stays_the_runs(self):
        state = state_after_a_leaky_run()
        state['projects'] = [p for p in state['projects']
                             if p['id'] != 'p-run']
        state['servers'][0]['name'] = 'renamed'
        run = census.count(state, 'reliability-1', {'p-run'})['run']
        self.assertEqual(['s-1'], run['servers'])
        self.assertEqual(['mig-1', 's-1'], run['consumers'])
        self.assertEqual([], run['projects'])


class TestCleanup(testtools.TestCase):

    def test_a_refused_delete_stops_none_of_the_others(self):
        state = state_after_a_leaky_run()
        state['images'] = [{'id': 'img-1', 'name': 'tempest-X-1-shelved',
                            'owner': 'p-run'}]
        self.patch(census, 'cloud_state', lambda conn, users: state)
        # A cloud without a volume service: its proxy cannot be reached.
        conn = mock.Mock(spec=['compute', 'image', 'network', 'placement',
                               'identity', 'current_user_id'])
        conn.compute.delete_server.side_effect = RuntimeError('refused')
        conn.compute.find_server.return_value = None
        logged = []
        error = self.assertRaises(RuntimeError, census.cleanup, conn,
                                  PREFIX, log=logged.append)
        self.assertEqual('refused', str(error))
        conn.image.delete_image.assert_called_once_with(
            'img-1', ignore_missing=True)
        conn.identity.delete_project.assert_called_once_with(
            'p-run', ignore_missing=True)
        self.assertIn('could not delete server s-1: refused', logged)
