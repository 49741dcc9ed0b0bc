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

"""Unit tests of the port binding checks of a move."""

import types
from unittest import mock

from migration_tempest_plugin.common import ports
import testtools

from unit_tests import fakes

SUBNET = 'subnet-1'


def sdk_port(port_id='p1', status='ACTIVE', host='compute2',
             address='198.19.0.7', mac='fa:16:3e:00:00:01', device='vm'):
    return types.SimpleNamespace(
        id=port_id, device_id=device, status=status, binding_host_id=host,
        mac_address=mac,
        fixed_ips=[{'subnet_id': SUBNET, 'ip_address': address}])


def state(bindings=(('compute2', 'ACTIVE'),), **kwargs):
    return ports.port_state(sdk_port(**kwargs), [
        {'host': host, 'status': status} for host, status in bindings])


class TestPortState(testtools.TestCase):

    def test_from_an_sdk_port_and_its_bindings(self):
        got = state(bindings=[('compute2', 'ACTIVE'),
                              ('compute1', 'INACTIVE')])
        self.assertEqual(('p1', 'ACTIVE', 'compute2'),
                         (got.id, got.status, got.host))
        self.assertEqual(((SUBNET, '198.19.0.7'),), got.addresses)
        self.assertEqual((('compute1', 'INACTIVE'), ('compute2', 'ACTIVE')),
                         got.bindings)

    def test_without_the_bindings_api(self):
        got = ports.port_state(sdk_port(host=None))
        self.assertIsNone(got.bindings)
        self.assertEqual('', got.host)
        self.assertEqual("port p1 ACTIVE, binding:host_id '', addresses "
                         "fa:16:3e:00:00:01 198.19.0.7", got.describe())


class TestBindingProblems(testtools.TestCase):

    def test_bound_where_the_server_is(self):
        self.assertEqual([], ports.binding_problems(
            'vm', 'compute2', {'p1': state()}))

    def test_port_left_bound_to_the_source(self):
        problems = ports.binding_problems('vm', 'compute2', {'p1': state(
            host='compute1', bindings=[('compute1', 'ACTIVE')])})
        self.assertEqual([
            "port p1 of server vm is bound to 'compute1', the server is on "
            "compute2",
            'port p1 of server vm has a binding left on compute1 (ACTIVE)',
            'port p1 of server vm has no binding on compute2'], problems)

    def test_inactive_binding_left_on_the_source(self):
        problems = ports.binding_problems('vm', 'compute2', {'p1': state(
            bindings=[('compute2', 'ACTIVE'), ('compute1', 'INACTIVE')])})
        self.assertEqual(['port p1 of server vm has a binding left on '
                          'compute1 (INACTIVE)'], problems)

    def test_destination_binding_never_activated(self):
        problems = ports.binding_problems('vm', 'compute2', {'p1': state(
            bindings=[('compute2', 'INACTIVE')])})
        self.assertEqual(['port p1 of server vm: its binding on compute2 '
                          'is INACTIVE, not ACTIVE'], problems)

    def test_port_down_with_its_binding_active_on_the_host(self):
        # What neutron leaves after some live migrations on ML2/OVN: the
        # port's own status is not judged.
        self.assertEqual([], ports.binding_problems(
            'vm', 'compute2', {'p1': state(status='DOWN')}))

    def test_no_bindings_api_checks_the_host_only(self):
        self.assertEqual([], ports.binding_problems('vm', 'compute2', {
            'p1': ports.port_state(sdk_port())}))
        self.assertEqual(["port p1 of server vm is bound to 'compute1', the "
                          "server is on compute2"],
                         ports.binding_problems('vm', 'compute2', {
                             'p1': ports.port_state(sdk_port(
                                 host='compute1'))}))

    def test_a_server_on_no_host_has_its_ports_unbound(self):
        self.assertEqual([], ports.binding_problems('vm', None, {
            'p1': state(host=None, bindings=[('', 'ACTIVE')])}))
        self.assertEqual([], ports.binding_problems('vm', None, {
            'p1': state(host=None, bindings=[])}))
        self.assertEqual([
            "port p1 of server vm is bound to 'compute2', the server is on "
            "no host",
            'port p1 of server vm has a binding left on compute2 (ACTIVE)'],
            ports.binding_problems('vm', None, {'p1': state()}))

    def test_no_ports_nothing_to_check(self):
        self.assertEqual([], ports.moved_problems('vm', 'compute2', {}, {}))


class TestAddressesAndSiblings(testtools.TestCase):

    def test_addresses_unchanged(self):
        self.assertEqual([], ports.address_problems(
            'vm', {'p1': state(host='compute1')}, {'p1': state()}))

    def test_address_changed(self):
        problems = ports.address_problems(
            'vm', {'p1': state()}, {'p1': state(address='198.19.0.8')})
        self.assertEqual(['port p1 of server vm changed its addresses: '
                          'fa:16:3e:00:00:01 198.19.0.7 before, '
                          'fa:16:3e:00:00:01 198.19.0.8 after'], problems)

    def test_port_gone(self):
        problems = ports.address_problems('vm', {'p1': state()}, {})
        self.assertEqual(['server vm had ports p1 before the move and none '
                          'after'], problems)

    def test_moved_without_a_reading_before_checks_the_binding(self):
        self.assertEqual(['port p1 of server vm has a binding left on '
                          'compute1 (INACTIVE)'],
                         ports.moved_problems('vm', 'compute2', None, {
                             'p1': state(bindings=[
                                 ('compute1', 'INACTIVE'),
                                 ('compute2', 'ACTIVE')])}))

    def test_sibling_rebound(self):
        problems = ports.untouched_problems(
            'sib', {'p2': state(port_id='p2')},
            {'p2': state(port_id='p2', host='compute3',
                         bindings=[('compute3', 'ACTIVE')])})
        self.assertEqual([
            "port of sibling sib changed: port p2 ACTIVE, binding:host_id "
            "'compute2', bindings compute2:ACTIVE, addresses "
            "fa:16:3e:00:00:01 198.19.0.7 before, port p2 ACTIVE, "
            "binding:host_id 'compute3', bindings compute3:ACTIVE, "
            "addresses fa:16:3e:00:00:01 198.19.0.7 after"], problems)

    def test_sibling_untouched_whatever_its_port_status(self):
        self.assertEqual([], ports.untouched_problems(
            'sib', {'p2': state(port_id='p2')},
            {'p2': state(port_id='p2', status='DOWN')}))


class TestReading(testtools.TestCase):

    def test_read_ports_with_bindings(self):
        conn = mock.Mock()
        conn.network.ports.return_value = [sdk_port()]
        conn.network.get.return_value.json.return_value = {
            'bindings': [{'host': 'compute2', 'status': 'ACTIVE'}]}
        got = ports.read_ports(conn, ['vm'])
        conn.network.ports.assert_called_once_with(device_id=['vm'])
        conn.network.get.assert_called_once_with('/ports/p1/bindings')
        self.assertEqual((('compute2', 'ACTIVE'),),
                         got['vm']['p1'].bindings)

    def test_bindings_api_from_the_extensions(self):
        conn = mock.Mock()
        conn.network.extensions.return_value = [
            types.SimpleNamespace(alias='binding'),
            types.SimpleNamespace(alias='binding-extended')]
        self.assertTrue(ports.has_bindings_api(conn))
        conn.network.extensions.return_value = []
        self.assertFalse(ports.has_bindings_api(conn))

    def test_describe_ports(self):
        self.assertEqual(['no ports'], ports.describe_ports({}))
        self.assertEqual(["port p1 ACTIVE, binding:host_id 'compute2', "
                          'bindings compute2:ACTIVE, addresses '
                          'fa:16:3e:00:00:01 198.19.0.7'],
                         ports.describe_ports({'p1': state()}))

    def test_describing_never_fails(self):
        conn = mock.Mock()
        conn.network.ports.side_effect = RuntimeError('no neutron')
        self.assertEqual(["ports: could not be read: RuntimeError('no "
                          "neutron')"],
                         ports.describe_server_ports(conn, 'vm'))


class TestPortWatch(testtools.TestCase):

    def test_reads_the_recorded_servers_again_before_a_move(self):
        cloud = fakes.FakeCloud()
        cloud.ports = {'a': [[fakes.port_body('pa', 'c1')],
                             [fakes.port_body('pa', 'c2')]],
                       'b': [[fakes.port_body('pb', 'c1')]]}
        cloud.bindings = {'pa': [[fakes.binding('c1')]],
                          'pb': [[fakes.binding('c1')]]}
        watch = ports.PortWatch(cloud)
        watch.record(['a', 'b'])
        self.assertEqual('c1', watch.ports['a']['pa'].host)
        self.assertEqual((('c1', 'ACTIVE'),), watch.ports['b']['pb'].bindings)
        watch.before_move()
        self.assertEqual('c2', watch.ports['a']['pa'].host)
        # One listing of both servers' ports each time.
        self.assertEqual([['a', 'b'], ['a', 'b']], cloud.port_listings)

    def test_a_server_without_ports_has_none(self):
        cloud = fakes.FakeCloud()
        cloud.ports = {'a': [[fakes.port_body('pa', 'c1')]]}
        watch = ports.PortWatch(cloud)
        self.assertEqual({}, watch.read('b'))
        watch.record([])
        self.assertEqual({}, watch.ports)
        # Nothing to read, nothing asked (not even the extensions).
        self.assertEqual([['b']], cloud.port_listings)

    def test_without_the_bindings_api(self):
        cloud = fakes.FakeCloud()
        cloud.network_extensions = ['binding']
        cloud.ports = {'a': [[fakes.port_body('pa', 'c1')]]}
        watch = ports.PortWatch(cloud)
        watch.record(['a'])
        self.assertIsNone(watch.ports['a']['pa'].bindings)
        self.assertEqual([], cloud.network_requests)
