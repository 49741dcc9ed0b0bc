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

import dataclasses

import testtools

from migration_tempest_plugin.common import model
from migration_tempest_plugin.common import placement
from migration_tempest_plugin.common import ports
from migration_tempest_plugin.common import verification
from migration_tempest_plugin.common import waiters
from unit_tests import fakes

LIVE = model.ExpectedMove()
# Long enough for the fake cloud's lagging answers to settle, short for the
# tests whose allocations never do.
MOVE_TIMEOUT = 0.5
RESOURCES = {'resources': fakes.TINY_RESOURCES}


def migration(status='completed', source='c1', dest='c2',
              migration_type='live-migration'):
    return dict(id=7, uuid='mig-1', migration_type=migration_type,
                status=status, source_compute=source, source_node=source,
                dest_compute=dest, dest_node=dest,
                created_at='2026-11-23T22:00:00')


class TestVerifyMove(testtools.TestCase):
    """A live migration of sibling a from c1 to c2; b stays on c1."""

    def setUp(self):
        super().setUp()
        self.cloud = fakes.FakeCloud()
        self.cloud.servers = {
            'a': [fakes.server_body('a', 'c1', status='MIGRATING',
                                    task_state='migrating'),
                  fakes.server_body('a', 'c2', task_state='migrating'),
                  fakes.server_body('a', 'c2')],
            'b': [fakes.server_body('b', 'c1')]}
        # The record lags the server: still running on the first look.
        self.cloud.migrations = {'a': [[migration('running')],
                                       [migration()]]}
        self.cloud.providers = {'rp-1': 'c1', 'rp-2': 'c2'}
        self.allocate({'a': {'rp-2': RESOURCES}})
        self.siblings = [
            model.Sibling('a', 'x-1', 'ACTIVE', 'c1', 'c1', 'nova',
                          'm1.tiny'),
            model.Sibling('b', 'x-2', 'ACTIVE', 'c1', 'c1', 'nova',
                          'm1.tiny')]

    def allocate(self, allocations):
        """Placement holds these and sibling b's on c1."""
        self.cloud.allocations = dict({'b': {'rp-1': RESOURCES}},
                                      **allocations)

    def verify(self, expected=LIVE, **kwargs):
        return verification.verify_move(self.cloud, self.siblings[0],
                                        self.siblings, expected,
                                        MOVE_TIMEOUT, 0.01, MOVE_TIMEOUT,
                                        **kwargs)

    def problems(self, expected=LIVE):
        error = self.assertRaises(verification.MoveVerificationError,
                                  self.verify, expected)
        text = str(error)
        listed, said = text.split('What the cloud said:\n')
        self.assertIn('server a: status=ACTIVE', said)
        return listed.splitlines()[1:]

    def test_good_move(self):
        server = self.verify()
        self.assertEqual('c2', server.compute_host)
        self.assertIn(('/allocations/mig-1',
                       placement.ALLOCATIONS_MICROVERSION),
                      self.cloud.placement_requests)

    def test_good_move_to_requested_host(self):
        self.verify(model.ExpectedMove(target_host='c2'))

    def test_not_on_requested_host(self):
        self.assertEqual(
            ['- server is on c2, the move asked for c3'],
            self.problems(model.ExpectedMove(target_host='c3')))

    def test_host_unchanged(self):
        self.cloud.servers['a'] = [fakes.server_body('a', 'c1')]
        self.cloud.migrations['a'] = [[migration(dest='c1')]]
        self.allocate({'a': {'rp-1': RESOURCES}})
        self.assertEqual(['- server is still on its source host c1'],
                         self.problems())

    def test_migration_record_disagrees(self):
        self.cloud.migrations['a'] = [[migration(source='c9', dest='c8')]]
        self.assertEqual(
            ['- migration record has source c9, the server was on c1',
             '- migration record has destination c8, the server is on c2'],
            self.problems())

    def test_sibling_moved_or_busy(self):
        self.cloud.servers['b'] = [fakes.server_body(
            'b', 'c2', task_state='migrating')]
        self.assertEqual(
            ['- sibling b changed: was ACTIVE on c1 with flavor m1.tiny, now '
             'status=ACTIVE task_state=migrating vm_state=active host=c2 '
             'node=c2 flavor=m1.tiny'],
            self.problems())

    def test_allocation_left_on_source_and_under_migration(self):
        self.allocate({'a': {'rp-1': RESOURCES, 'rp-2': RESOURCES},
                       'mig-1': {'rp-1': RESOURCES}})
        self.assertEqual(
            ["- server a holds allocations on providers of no host it should "
             "be on (c2): {'rp-1': {'VCPU': 1, 'MEMORY_MB': 512}}",
             "- allocations left under the migration mig-1: "
             "{'rp-1': {'VCPU': 1, 'MEMORY_MB': 512}}"],
            self.problems())

    def test_destination_provider_not_found(self):
        self.cloud.providers = {'rp-1': 'c1'}
        self.allocate({})
        self.assertEqual(
            ['- Placement has 0 resource providers named c2: []'],
            self.problems())

    def test_source_allocation_allowed_when_expected(self):
        self.allocate({'a': {'rp-1': RESOURCES, 'rp-2': RESOURCES}})
        self.verify(model.ExpectedMove(
            allocations_on_destination_only=False))

    # The network part of a move: sibling a has port pa, b has pb.

    def with_ports(self, moved_answers, moved_bindings, sibling_host='c1',
                   sibling_bindings=(('c1', 'ACTIVE'),)):
        """A PortWatch that read both siblings' ports on c1 before."""
        self.cloud.ports = {'a': [[fakes.port_body('pa', 'c1')]],
                            'b': [[fakes.port_body('pb', 'c1')]]}
        self.cloud.bindings = {'pa': [[fakes.binding('c1')]],
                               'pb': [[fakes.binding('c1')]]}
        watch = ports.PortWatch(self.cloud)
        watch.record(['a', 'b'])
        self.cloud.ports = {
            'a': [[fakes.port_body('pa', host, status=status)]
                  for host, status in moved_answers],
            'b': [[fakes.port_body('pb', sibling_host)]]}
        self.cloud.bindings = {
            'pa': [[fakes.binding(host, status) for host, status in answer]
                   for answer in moved_bindings],
            'pb': [[fakes.binding(host, status)
                    for host, status in sibling_bindings]]}
        return watch

    def test_ports_followed_the_server(self):
        # The destination's binding is inactive, then active; the port
        # stays DOWN (ML2/OVN), which is not judged.
        watch = self.with_ports(
            [('c1', 'ACTIVE'), ('c2', 'DOWN')],
            [[('c1', 'ACTIVE'), ('c2', 'INACTIVE')], [('c2', 'ACTIVE')]])
        self.verify(port_watch=watch)
        self.assertEqual('c2', watch.ports['a']['pa'].host)

    def test_port_left_bound_to_the_source(self):
        watch = self.with_ports([('c1', 'ACTIVE')],
                                [[('c1', 'ACTIVE'), ('c2', 'INACTIVE')]])
        error = self.assertRaises(verification.MoveVerificationError,
                                  self.verify, port_watch=watch)
        listed, said = str(error).split('What the cloud said:\n')
        self.assertEqual([
            "- port pa of server a is bound to 'c1', the server is on c2",
            '- port pa of server a has a binding left on c1 (ACTIVE)',
            '- port pa of server a: its binding on c2 is INACTIVE, not '
            'ACTIVE'], listed.splitlines()[1:])
        self.assertIn("ports: port pa ACTIVE, binding:host_id 'c1', "
                      'bindings c1:ACTIVE, c2:INACTIVE', said)
        # Not recorded as the server's ports after a move that failed.
        self.assertEqual('c1', watch.ports['a']['pa'].host)

    def test_a_settled_move_is_judged_on_one_read_of_its_ports(self):
        # Right at the second read: nova was done with a move that
        # settled, so the first read is what it left.
        watch = self.with_ports(
            [('c2', 'ACTIVE')],
            [[('c1', 'ACTIVE'), ('c2', 'INACTIVE')], [('c2', 'ACTIVE')]])
        error = self.assertRaises(
            verification.MoveVerificationError, self.verify,
            dataclasses.replace(LIVE, settles=True), port_watch=watch)
        self.assertIn('- port pa of server a has a binding left on c1',
                      str(error))

    def test_sibling_port_rebound(self):
        watch = self.with_ports([('c2', 'ACTIVE')], [[('c2', 'ACTIVE')]],
                                sibling_host='c2',
                                sibling_bindings=[('c2', 'ACTIVE')])
        error = self.assertRaises(verification.MoveVerificationError,
                                  self.verify, port_watch=watch)
        self.assertIn("- port of sibling b changed: port pb ACTIVE, "
                      "binding:host_id 'c1'", str(error))

    def test_servers_without_ports_are_not_checked(self):
        watch = ports.PortWatch(self.cloud)
        watch.record(['a', 'b'])
        self.verify(port_watch=watch)
        self.assertEqual({'a': {}, 'b': {}}, watch.ports)

    def test_failed_migration_reports_the_record(self):
        self.cloud.migrations['a'] = [[migration('error')]]
        error = self.assertRaises(waiters.WaitFailed, self.verify)
        self.assertIn('status=error', str(error))
        self.assertIn('What the cloud said', str(error))

    def test_other_move_kinds_by_parameters(self):
        self.cloud.servers['a'] = [fakes.server_body(
            'a', 'c2', status='SHUTOFF',
            flavor=dict(fakes.TINY_FLAVOR, original_name='big'))]
        self.cloud.migrations['a'] = [[migration(
            'done', migration_type='evacuation')]]
        self.allocate({'a': {'rp-1': RESOURCES, 'rp-2': RESOURCES}})
        self.verify(model.ExpectedMove(
            migration_type='evacuation', migration_status='done',
            server_status='SHUTOFF', flavor_name='big',
            allocations_on_destination_only=False))

    def failed_finish_resize(self, says):
        """Sibling a's cold migration to c2 failed in finish_resize there."""
        self.cloud.servers['a'] = [fakes.server_body('a', 'c2',
                                                     status='ERROR')]
        self.cloud.migrations['a'] = [[migration(
            'error', migration_type='migration')]]
        self.cloud.actions['a'] = [
            {'action': 'migrate', 'request_id': 'req-m',
             'start_time': '2026-11-24T00:10:00', 'message': 'Error',
             'events': [{'event': 'compute_finish_resize', 'result': 'Error',
                         'finish_time': '2026-11-24T00:10:05',
                         'details': says, 'traceback': None}]}]
        return model.ExpectedMove(
            migration_type='migration', migration_status='error',
            server_status='ERROR', target_host='c2', settles=True,
            failure=model.ExpectedFailure('compute_finish_resize',
                                          'Virtual Interface creation'))

    def test_a_failed_move_with_its_fault_is_as_nova_says(self):
        expected = self.failed_finish_resize(
            'Virtual Interface creation failed')
        server = self.verify(expected, request_id='req-m',
                             request_ids=['req-m'], settle_period=0.05)
        self.assertEqual(('ERROR', 'c2'),
                         (server.status, server.compute_host))

    def test_a_failed_move_without_the_faults_event_is_a_problem(self):
        expected = self.failed_finish_resize('Disk quota exceeded')
        error = self.assertRaises(
            verification.MoveVerificationError, self.verify, expected,
            request_id='req-m', request_ids=['req-m'])
        self.assertIn("- no compute_finish_resize event failed saying "
                      "'Virtual Interface creation' (the fault): "
                      "compute_finish_resize result=Error host=None "
                      "details: Disk quota exceeded", str(error))

    def test_a_move_that_settles_is_judged_once_its_state_held(self):
        self.cloud.servers['a'] = [fakes.server_body('a', 'c1'),
                                   fakes.server_body('a', 'c1',
                                                     status='ERROR')]
        self.cloud.migrations['a'] = [[migration('cancelled')]]
        self.allocate({'a': {'rp-1': RESOURCES}})
        error = self.assertRaises(
            waiters.WaitFailed, self.verify, model.ExpectedMove(
                migration_status='cancelled', returns_to_source=True,
                settles=True), settle_period=0.05)
        self.assertIn('changed', str(error))
        self.assertIn('then status ERROR', str(error))

    def test_a_record_may_end_in_one_of_several_statuses(self):
        # A rolled-back live migration: 'error' or 'failed' (nova's own
        # functional test waits for either).
        self.cloud.servers['a'] = [fakes.server_body('a', 'c1')]
        self.cloud.migrations['a'] = [[migration('failed')]]
        self.allocate({'a': {'rp-1': RESOURCES}})
        server = self.verify(model.ExpectedMove(
            migration_status=('error', 'failed'), returns_to_source=True,
            settles=True), settle_period=0.05)
        self.assertEqual('c1', server.compute_host)

    def test_wrong_flavor(self):
        self.assertEqual(
            ['- server has flavor m1.tiny, expected big'],
            self.problems(model.ExpectedMove(flavor_name='big')))

    def test_move_without_migration_record(self):
        self.cloud.migrations = {}
        self.verify(model.ExpectedMove(migration_type=None))
        self.assertNotIn(('/allocations/mig-1',
                          placement.ALLOCATIONS_MICROVERSION),
                         self.cloud.placement_requests)


SMALL = {'VCPU': 1, 'MEMORY_MB': 64, 'DISK_GB': 1}
BIG = {'VCPU': 1, 'MEMORY_MB': 128, 'DISK_GB': 1}
SMALL_FLAVOR = dict(fakes.TINY_FLAVOR, original_name='m1.tiny', ram=64,
                    disk=1)
BIG_FLAVOR = dict(SMALL_FLAVOR, original_name='big', ram=128)


class TestMoveVerification(testtools.TestCase):
    """Sibling a moves from c1; sibling b stays on c2."""

    def setUp(self):
        super().setUp()
        self.cloud = fakes.FakeCloud()
        self.cloud.servers = {'b': [fakes.server_body('b', 'c2',
                                                      flavor=SMALL_FLAVOR)]}
        self.cloud.providers = {'rp-1': 'c1', 'rp-2': 'c2'}
        self.sibling_allocation = {'b': {'rp-2': {'resources': SMALL}}}
        self.siblings = [
            model.Sibling('a', 'x-1', 'ACTIVE', 'c1', 'c1', 'nova',
                          'm1.tiny'),
            model.Sibling('b', 'x-2', 'ACTIVE', 'c2', 'c2', 'nova',
                          'm1.tiny')]

    def allocate(self, allocations):
        self.cloud.allocations = dict(self.sibling_allocation,
                                      **allocations)

    def verify(self, expected):
        return verification.verify_move(self.cloud, self.siblings[0],
                                        self.siblings, expected,
                                        MOVE_TIMEOUT, 0.01, MOVE_TIMEOUT)

    def problems(self, expected):
        error = self.assertRaises(verification.MoveVerificationError,
                                  self.verify, expected)
        return str(error).split('What the cloud said:')[0].splitlines()[1:]

    def revert(self, host='c1', allocations=None):
        self.cloud.servers['a'] = [fakes.server_body('a', host,
                                                     flavor=SMALL_FLAVOR)]
        self.cloud.migrations = {'a': [[migration(
            'reverted', migration_type='resize')]]}
        self.allocate(allocations or {'a': {'rp-1': {'resources': SMALL}}})
        return model.ExpectedMove(
            migration_type='resize', migration_status='reverted',
            returns_to_source=True, allocated_resources=SMALL)

    def test_revert_back_on_source(self):
        self.assertEqual('c1', self.verify(self.revert()).compute_host)

    def test_revert_left_on_destination(self):
        expected = self.revert(host='c2', allocations={'a': {'rp-2': {
            'resources': SMALL}}})
        self.assertEqual(
            ['- server is on c2, a reverted move ends on its source host c1'],
            self.problems(expected))

    def test_revert_allocations_left_on_destination(self):
        expected = self.revert(allocations={
            'a': {'rp-1': {'resources': SMALL}},
            'mig-1': {'rp-2': {'resources': BIG}}})
        self.assertEqual(
            ["- allocations left under the migration mig-1: "
             "{'rp-2': {'VCPU': 1, 'MEMORY_MB': 128, 'DISK_GB': 1}}"],
            self.problems(expected))

    def test_confirmed_resize_allocates_the_new_flavor(self):
        self.cloud.servers['a'] = [fakes.server_body('a', 'c2',
                                                     flavor=BIG_FLAVOR)]
        self.cloud.migrations = {'a': [[migration(
            'confirmed', migration_type='resize')]]}
        self.allocate({'a': {'rp-2': {'resources': SMALL}}})
        self.assertEqual(
            ["- server a holds {'VCPU': 1, 'MEMORY_MB': 64, 'DISK_GB': 1} "
             "on c2, expected {'VCPU': 1, 'MEMORY_MB': 128, 'DISK_GB': 1}"],
            self.problems(model.ExpectedMove(
                migration_type='resize', migration_status='confirmed',
                host_must_change=False, flavor_name='big',
                allocated_resources=BIG)))

    def test_evacuated_host_read_after_the_record(self):
        # Nova clears task_state before it moves the host with the record:
        # the server is read once the record is final.
        self.cloud.servers['a'] = [fakes.server_body('a', 'c2',
                                                     flavor=SMALL_FLAVOR)]
        self.cloud.migrations = {'a': [
            [migration('running', migration_type='evacuation')],
            [migration('done', migration_type='evacuation')]]}
        self.allocate({'a': {'rp-1': {'resources': SMALL},
                             'rp-2': {'resources': SMALL}}})
        server = self.verify(model.ExpectedMove(
            migration_type='evacuation', migration_status='done',
            target_host='c2', allocations_on_destination_only=False))
        self.assertEqual('c2', server.compute_host)

    def evacuated(self, allocations):
        self.cloud.servers['a'] = [fakes.server_body('a', 'c2',
                                                     flavor=SMALL_FLAVOR)]
        self.cloud.migrations = {'a': [[migration(
            'done', migration_type='evacuation')]]}
        self.allocate(allocations)
        return model.ExpectedMove(
            migration_type='evacuation', migration_status='done',
            allocations_on_destination_only=False)

    def test_evacuation_source_must_keep_the_flavor(self):
        self.assertEqual(
            ["- server a holds nothing on c1, expected {'VCPU': 1, "
             "'MEMORY_MB': 64, 'DISK_GB': 1}"],
            self.problems(self.evacuated(
                {'a': {'rp-2': {'resources': SMALL}}})))

    def test_doubled_allocation_on_destination(self):
        doubled = {name: 2 * amount for name, amount in SMALL.items()}
        self.assertEqual(
            ["- server a holds {'VCPU': 2, 'MEMORY_MB': 128, 'DISK_GB': 2} "
             "on c2, expected {'VCPU': 1, 'MEMORY_MB': 64, 'DISK_GB': 1}"],
            self.problems(self.evacuated(
                {'a': {'rp-1': {'resources': SMALL},
                       'rp-2': {'resources': doubled}}})))

    def test_sibling_allocation_dropped(self):
        expected = self.revert()
        del self.cloud.allocations['b']
        self.assertEqual(
            ["- sibling b holds nothing on c2, expected {'VCPU': 1, "
             "'MEMORY_MB': 64, 'DISK_GB': 1}"],
            self.problems(expected))

    def test_sibling_allocation_moved_elsewhere(self):
        expected = self.revert()
        self.cloud.allocations['b'] = {'rp-1': {'resources': SMALL}}
        self.assertEqual(
            ["- sibling b holds nothing on c2, expected {'VCPU': 1, "
             "'MEMORY_MB': 64, 'DISK_GB': 1}",
             "- sibling b holds allocations on providers of no host it "
             "should be on (c2): {'rp-1': {'VCPU': 1, 'MEMORY_MB': 64, "
             "'DISK_GB': 1}}"],
            self.problems(expected))

    def test_sibling_flavor_changed(self):
        expected = self.revert()
        self.cloud.servers['b'] = [fakes.server_body('b', 'c2',
                                                     flavor=BIG_FLAVOR)]
        self.cloud.allocations['b'] = {'rp-2': {'resources': BIG}}
        self.assertEqual(
            ['- sibling b changed: was ACTIVE on c2 with flavor m1.tiny, now '
             'status=ACTIVE task_state=None vm_state=active host=c2 node=c2 '
             'flavor=big'],
            self.problems(expected))

    def test_flavor_must_stay_on_a_move_that_is_no_resize(self):
        self.cloud.servers['a'] = [fakes.server_body('a', 'c2',
                                                     flavor=BIG_FLAVOR)]
        self.cloud.migrations = {'a': [[migration()]]}
        self.allocate({'a': {'rp-2': {'resources': BIG}}})
        self.assertEqual(
            ['- server has flavor big, expected m1.tiny (its flavor before '
             'the move)'],
            self.problems(model.ExpectedMove()))

    def test_allocation_in_a_child_provider_counts_for_the_host(self):
        self.cloud.children = {'rp-2': ['rp-2-gpu']}
        self.cloud.servers['a'] = [fakes.server_body('a', 'c2',
                                                     flavor=SMALL_FLAVOR)]
        self.cloud.migrations = {'a': [[migration()]]}
        self.allocate({'a': {'rp-2': {'resources': {'VCPU': 1,
                                                    'MEMORY_MB': 64}},
                             'rp-2-gpu': {'resources': {'DISK_GB': 1}}}})
        self.verify(model.ExpectedMove())


class TestSiblingsAsBuilt(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.cloud = fakes.FakeCloud()
        self.cloud.servers = {'b': [fakes.server_body('b', 'c2')]}
        self.cloud.providers = {'rp-2': 'c2'}
        self.sibling = model.Sibling('b', 'x-2', 'ACTIVE', 'c2', 'c2',
                                     'nova', 'm1.tiny')

    def test_built_sibling_holding_its_flavor(self):
        self.cloud.allocations = {'b': {'rp-2': {
            'resources': fakes.TINY_RESOURCES}}}
        verification.check_siblings_recorded(self.cloud, [self.sibling])

    def test_built_sibling_without_allocation(self):
        error = self.assertRaises(
            verification.MoveVerificationError,
            verification.check_siblings_recorded, self.cloud, [self.sibling])
        self.assertIn("sibling b holds nothing on c2, expected {'VCPU': 1, "
                      "'MEMORY_MB': 512}", str(error))


class TestSiblingsNow(testtools.TestCase):

    def test_siblings_of_one_request_are_read_in_one_request(self):
        cloud = fakes.FakeCloud()
        cloud.servers = {
            server_id: [fakes.server_body(server_id, 'c1',
                                          reservation_id='r-1')]
            for server_id in ('a', 'b', 'c')}
        siblings = [verification.sibling_from_server(
            cloud.compute.get_server(server_id)) for server_id in 'abc']
        now = verification.servers_now(cloud, siblings)
        self.assertEqual(['a', 'b', 'c'], sorted(now))
        self.assertEqual([('servers', 'r-1')], cloud.compute_requests)

    def test_siblings_without_their_reservation_are_read_one_by_one(self):
        cloud = fakes.FakeCloud()
        cloud.servers = {'a': [fakes.server_body('a', 'c1')]}
        siblings = [model.Sibling('a', 'x-1', 'ACTIVE', 'c1', 'c1', 'nova',
                                  'm1.tiny')]
        self.assertEqual('c1', verification.servers_now(
            cloud, siblings)['a'].compute_host)
        self.assertEqual([], cloud.compute_requests)
