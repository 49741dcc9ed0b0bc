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

"""Unit tests of minicloud/ovn/run.py: what the tool says of the backend."""

from unittest import mock

from minicloud.ovn import run
import testtools

from unit_tests.minicloud import fakes

LINKS = ('1: lo: <LOOPBACK,UP> mtu 65536 qdisc noqueue\n'
         '7: mc284-ul: <BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue\n'
         '9: mc284-u2@if8: <BROADCAST,MULTICAST> mtu 1500 qdisc noop\n'
         '12: mc285-ul: <BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue\n')


def answers(links, namespaces):
    """What ``ip link`` and ``ip netns list`` say."""
    def answer(argv, env=None):
        return links if argv[1] == '-o' else namespaces
    return answer


class TestTheProbeInTempestConf(testtools.TestCase):

    def test_libvirt_pings_from_the_probe_namespace(self):
        settings = fakes.make_settings(MINICLOUD_DRIVER='libvirt',
                                       MINICLOUD_PORT_BASE='28400')
        self.assertEqual({'reachability_command': 'ip netns exec mc284-probe',
                          'reachability_interval': '0.02'},
                         run.tempest_migration_options(settings))
        self.assertEqual({'mc284-probe': ()}, run.namespaces(settings))

    def test_no_probe_where_no_packet_flows(self):
        settings = fakes.make_settings(MINICLOUD_PORT_BASE='28500')
        self.assertEqual({}, run.tempest_migration_options(settings))
        self.assertEqual({}, run.namespaces(settings))


class TestLeftovers(testtools.TestCase):

    def test_links_and_namespaces_of_this_cloud_only(self):
        settings = fakes.make_settings(MINICLOUD_DRIVER='libvirt',
                                       MINICLOUD_PORT_BASE='28400')
        namespaces = 'mc284-probe (id: 3)\nmc285-probe\n'
        with mock.patch.object(run, 'run', autospec=True,
                               side_effect=answers(LINKS, namespaces)):
            self.assertEqual(['link mc284-u2', 'link mc284-ul',
                              'netns mc284-probe'], run.leftovers(settings))

    def test_nothing_left(self):
        settings = fakes.make_settings(MINICLOUD_PORT_BASE='28500')
        with mock.patch.object(run, 'run', autospec=True,
                               side_effect=answers(LINKS, '')):
            self.assertEqual([], run.leftovers(settings))
