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

"""Unit tests of minicloud/ovn/plan.py: names, paths, commands, options."""

import shlex

from minicloud.drivers.libvirt import hosts as libvirt_hosts
from minicloud.ovn import plan
import testtools

HOSTS = ['compute1', 'compute2', 'compute3']
NETNS = {'compute1': 'mc284-compute1', 'compute2': 'mc284-compute2',
         'compute3': 'mc284-compute3'}


class TestLayout(testtools.TestCase):

    def test_libvirt_hosts_get_netdev_chassis_in_their_namespaces(self):
        net = plan.layout('/srv/mc', 28400, HOSTS, NETNS)
        self.assertEqual('mc284-ul', net.underlay_bridge)
        first = net.chassis_of('compute1')
        self.assertEqual(('compute1', 'mc284-compute1', plan.NETDEV),
                         (first.host, first.netns, first.datapath))
        self.assertEqual(('mc284-u1', 'mc284-u1p'),
                         (first.underlay_veth, first.underlay_peer))
        self.assertEqual('/srv/mc/ovn/compute1', first.directory)
        self.assertEqual('unix:/srv/mc/ovn/compute1/db.sock',
                         first.db_connection)

    def test_fake_hosts_get_dummy_chassis_in_the_root_namespace(self):
        net = plan.layout('/srv/mc', 28400, HOSTS)
        self.assertIsNone(net.underlay_bridge)
        for chassis in net.chassis:
            self.assertIsNone(chassis.netns)
            self.assertIsNone(chassis.underlay_veth)
            self.assertEqual(plan.DUMMY, chassis.datapath)
            self.assertEqual(['ovs-vswitchd'],
                             plan.vswitchd_argv(chassis)[:1])
            self.assertIn('--enable-dummy', plan.vswitchd_argv(chassis))

    def test_underlay_is_the_hosts_subnet_in_the_next_range(self):
        # The libvirt hosts of port base 28400 are 198.18.0.194-196.
        hosts = libvirt_hosts.layout(28400, '/srv/mc', HOSTS)
        net = plan.layout('/srv/mc', 28400, HOSTS, NETNS)
        for host, chassis in zip(hosts.hosts, net.chassis):
            self.assertEqual(host.address.replace('198.18.0.', '198.18.1.'),
                             chassis.encap_ip)
            self.assertEqual(28, chassis.prefixlen)

    def test_two_clouds_get_different_underlays(self):
        one = plan.layout('/a', 28400, HOSTS).chassis[0].encap_ip
        two = plan.layout('/b', 27600, HOSTS).chassis[0].encap_ip
        self.assertNotEqual(one, two)

    def test_too_many_hosts(self):
        self.assertRaises(ValueError, plan.underlay_addresses, 28400, 14)

    def test_every_directory_of_the_tools_is_the_hosts(self):
        chassis = plan.layout('/srv/mc', 28400, HOSTS, NETNS).chassis[1]
        env = chassis.environ()
        self.assertEqual({'/srv/mc/ovn/compute2'}, set(env.values()))
        for name in ('OVS_RUNDIR', 'OVN_RUNDIR', 'OVS_DBDIR', 'OVN_DBDIR'):
            self.assertIn(name, env)


class TestCommandLines(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.net = plan.layout('/srv/mc', 28400, HOSTS, NETNS)

    def test_databases_listen_on_unix_sockets_only(self):
        central = self.net.central
        for argv in (plan.nb_argv(central), plan.sb_argv(central),
                     plan.ovsdb_argv(self.net.chassis[0])):
            remotes = [word for word in argv if word.startswith('--remote')]
            self.assertEqual(1, len(remotes))
            self.assertTrue(remotes[0].startswith('--remote=punix:/srv/mc/'))

    def test_databases_are_written_with_umask_077(self):
        argv = plan.nb_argv(self.net.central)
        self.assertEqual(plan.UMASK, argv[:len(plan.UMASK)])
        self.assertIn('umask 077', argv[2])

    def test_host_daemons_run_in_the_hosts_namespace(self):
        chassis = self.net.chassis[2]
        for argv in (plan.ovsdb_argv(chassis), plan.vswitchd_argv(chassis),
                     plan.controller_argv(chassis)):
            self.assertEqual(['ip', 'netns', 'exec', 'mc284-compute3'],
                             argv[:4])
        self.assertNotIn('--enable-dummy', plan.vswitchd_argv(chassis))

    def test_northd_reads_both_databases(self):
        argv = plan.northd_argv(self.net.central)
        self.assertIn('--ovnnb-db=unix:/srv/mc/ovn/central/ovnnb.sock', argv)
        self.assertIn('--ovnsb-db=unix:/srv/mc/ovn/central/ovnsb.sock', argv)

    def test_chassis_is_named_after_novas_host(self):
        chassis = self.net.chassis[0]
        ids = plan.open_vswitch_ids(chassis, self.net.central)
        self.assertEqual('compute1', ids['system-id'])
        self.assertEqual('compute1', ids['hostname'])
        self.assertEqual('unix:/srv/mc/ovn/central/ovnsb.sock',
                         ids['ovn-remote'])
        self.assertEqual('netdev', ids['ovn-bridge-datapath-type'])
        self.assertEqual('198.18.1.194', ids['ovn-encap-ip'])

    def test_vsctl_init_puts_the_underlay_on_br_phy(self):
        args = plan.vsctl_init(self.net.chassis[0], self.net.central)
        self.assertIn('external_ids:system-id=compute1', args)
        self.assertIn('datapath_type=netdev', args)
        self.assertEqual(['add-port', 'br-phy', 'mc284-u1p'],
                         args[-3:])
        dummy = plan.layout('/srv/mc', 28400, HOSTS).chassis[0]
        self.assertNotIn('br-phy', plan.vsctl_init(dummy, self.net.central))


class TestOptions(testtools.TestCase):

    def test_ml2_values(self):
        net = plan.layout('/srv/mc', 28400, HOSTS)
        values = plan.ml2_values(net.central)
        self.assertEqual('unix:/srv/mc/ovn/central/ovnnb.sock',
                         values['ovn_nb_connection'])
        self.assertEqual('unix:/srv/mc/ovn/central/ovnsb.sock',
                         values['ovn_sb_connection'])

    def test_os_vif_reaches_the_hosts_database_by_its_socket(self):
        chassis = plan.layout('/srv/mc', 28400, HOSTS, NETNS).chassis[0]
        options = plan.compute_options(
            chassis, '/v/bin/privsep-helper --config-file /e/nova.conf')
        self.assertEqual('unix:/srv/mc/ovn/compute1/db.sock',
                         options['os_vif_ovs']['ovsdb_connection'])

    def test_privsep_of_os_vif_starts_in_the_hosts_namespace(self):
        chassis = plan.layout('/srv/mc', 28400, HOSTS, NETNS).chassis[0]
        options = plan.compute_options(
            chassis, '/v/bin/privsep-helper --config-file /e/nova.conf')
        helper = shlex.split(
            options['vif_plug_ovs_privileged']['helper_command'])
        self.assertEqual(['nsenter', '--net=/run/netns/mc284-compute1', '--',
                          '/v/bin/privsep-helper', '--config-file',
                          '/e/nova.conf'], helper)

    def test_fake_chassis_privsep_stays_in_the_root_namespace(self):
        chassis = plan.layout('/srv/mc', 28400, HOSTS).chassis[0]
        options = plan.compute_options(chassis, '/v/bin/privsep-helper')
        self.assertEqual('/v/bin/privsep-helper', options[
            'vif_plug_ovs_privileged']['helper_command'])
        # The fake driver's guests plug dummy ports there (drivers/fake/
        # ports.py).
        self.assertEqual('unix:/srv/mc/ovn/compute1/db.sock',
                         options['minicloud_ports']['ovsdb_connection'])

    def test_chassis_files_may_live_elsewhere(self):
        net = plan.layout('/srv/mc', 28400, HOSTS, NETNS,
                          {'compute2': '/srv/mc/libvirt/compute2/root/run/'
                           'openvswitch'})
        self.assertEqual('/srv/mc/libvirt/compute2/root/run/openvswitch',
                         net.chassis_of('compute2').directory)
        self.assertEqual('/srv/mc/ovn/compute1',
                         net.chassis_of('compute1').directory)
