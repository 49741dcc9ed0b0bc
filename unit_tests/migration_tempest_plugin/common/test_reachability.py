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

"""Unit tests of the packet prober's packets and its summary."""

import socket
import struct
import sys
import threading

from migration_tempest_plugin.common import reachability
import testtools


def ip_packet(icmp, source='198.19.0.7'):
    """icmp behind a 20-byte IPv4 header from source."""
    header = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(icmp), 0, 0, 64,
                         1, 0, socket.inet_aton(source),
                         socket.inet_aton('198.19.0.198'))
    return header + icmp


def reply_to(request):
    """The echo reply a guest sends for request (type 0, same ident/seq)."""
    body = b'\0' + request[1:2] + b'\0\0' + request[4:]
    return body[:2] + struct.pack('!H', reachability.checksum(body)) + \
        body[4:]


class TestPackets(testtools.TestCase):

    def test_checksum_of_a_request_verifies(self):
        request = reachability.echo_request(0x1234, 7)
        self.assertEqual(0, reachability.checksum(request))
        self.assertEqual(8, request[0])

    def test_checksum_of_odd_length(self):
        self.assertEqual(reachability.checksum(b'\x01\x02\x03\x00'),
                         reachability.checksum(b'\x01\x02\x03'))

    def test_our_reply_gives_its_sequence(self):
        reply = ip_packet(reply_to(reachability.echo_request(42, 513)))
        self.assertEqual(513, reachability.echo_reply_seq(reply, 42,
                                                          '198.19.0.7'))

    def test_replies_of_another_prober_or_address_are_not_ours(self):
        reply = ip_packet(reply_to(reachability.echo_request(42, 5)))
        self.assertIsNone(reachability.echo_reply_seq(reply, 43))
        self.assertIsNone(reachability.echo_reply_seq(reply, 42,
                                                      '198.19.0.8'))

    def test_a_request_is_not_a_reply(self):
        request = ip_packet(reachability.echo_request(42, 5))
        self.assertIsNone(reachability.echo_reply_seq(request, 42))
        self.assertIsNone(reachability.echo_reply_seq(b'\x45' * 10, 42))


def sent(count, interval=0.01):
    return {seq: (seq - 1) * interval for seq in range(1, count + 1)}


class TestSummary(testtools.TestCase):

    def test_nothing_lost(self):
        summary = reachability.summarize('a', 0.01, sent(100),
                                         set(range(1, 101)))
        self.assertEqual((100, 100, 0, 0.0, True, []), (
            summary.sent, summary.answered, summary.longest_loss,
            summary.downtime_s, summary.reachable_at_end, summary.losses))

    def test_the_longest_run_is_the_downtime(self):
        answered = set(range(1, 101)) - {10, 50, 51, 52, 53}
        summary = reachability.summarize('a', 0.01, sent(100), answered)
        self.assertEqual([[10, 10], [50, 53]], summary.losses)
        self.assertEqual(4, summary.longest_loss)
        # Last answered before: seq 49 (0.48 s); first after: 54 (0.53 s).
        self.assertEqual(0.04, summary.downtime_s)
        self.assertTrue(summary.reachable_at_end)

    def test_never_answered_again(self):
        answered = set(range(1, 201)) - set(range(80, 201))
        summary = reachability.summarize('a', 0.01, sent(200), answered)
        self.assertFalse(summary.reachable_at_end)
        self.assertEqual([[80, 200]], summary.losses)
        # From seq 79 (0.78 s) to one interval past the last (2.0 s).
        self.assertEqual(1.21, summary.downtime_s)

    def test_answered_late_is_not_lost(self):
        # A reply that came after later requests still counts.
        answered = set(range(1, 51))
        summary = reachability.summarize('a', 0.02, sent(50, 0.02),
                                         answered)
        self.assertEqual(0, summary.longest_loss)

    def test_requests_before_the_first_answer_do_not_count(self):
        # The guest was not reachable yet when the prober started.
        answered = set(range(1, 101)) - set(range(1, 11)) - {50, 51}
        summary = reachability.summarize('a', 0.01, sent(100), answered)
        self.assertEqual((90, 88, [[50, 51]], 0.02), (
            summary.sent, summary.answered, summary.losses,
            summary.downtime_s))

    def test_as_dict_is_json_ready(self):
        summary = reachability.summarize('198.19.0.7', 0.01, sent(3), {1, 3})
        self.assertEqual({'address': '198.19.0.7', 'interval': 0.01,
                          'sent': 3, 'answered': 2, 'longest_loss': 1,
                          'downtime_s': 0.01, 'reachable_at_end': True,
                          'losses': [[2, 2]]}, summary.as_dict())


class TestProber(testtools.TestCase):

    def test_runs_itself_through_the_prefix(self):
        prober = reachability.Prober(['ip', 'netns', 'exec', 'mc284-probe'],
                                     '198.19.0.7', 0.01, python='/py')
        self.assertEqual(['ip', 'netns', 'exec', 'mc284-probe', '/py', '-m',
                          'migration_tempest_plugin.common.reachability',
                          'ping', '198.19.0.7', '--interval', '0.01'],
                         prober.argv)

    def test_ends_by_itself_after_a_duration(self):
        prober = reachability.Prober([], '198.19.0.7', 0.02, python='/py',
                                     duration=1200)
        self.assertEqual(['--duration', '1200'], prober.argv[-2:])


class FakeClock(object):
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


class TestProbe(testtools.TestCase):

    def test_waits_until_a_ping_is_answered(self):
        clock = FakeClock()
        probe = reachability.Probe(['p'], 0.02, clock=clock)
        answers = [0, 0, 3]

        def ping(address, duration):
            clock.now += duration
            return {'sent': 50, 'answered': answers.pop(0)}

        probe.ping = ping
        self.assertEqual(3, probe.wait_reachable('a', 10)['answered'])
        self.assertEqual(3.0, clock.now)

    def test_gives_up_after_the_timeout(self):
        clock = FakeClock()
        probe = reachability.Probe(['p'], 0.02, clock=clock)

        def ping(address, duration):
            clock.now += duration
            return {'sent': 50, 'answered': 0}

        probe.ping = ping
        self.assertEqual(0, probe.wait_reachable('a', 2.5)['answered'])
        self.assertEqual(3.0, clock.now)

    def test_tcp_answer_through_the_prefix(self):
        server = socket.socket()
        server.bind(('127.0.0.1', 0))
        server.listen(1)
        self.addCleanup(server.close)

        def answer():
            connection, _address = server.accept()
            connection.sendall(b'MTPHB1 11e96804 0000004b 00000095 '
                               b'13:28:34\r\n')
            connection.close()

        threading.Thread(target=answer, daemon=True).start()
        probe = reachability.Probe(['env'], python=sys.executable)
        self.assertEqual('MTPHB1 11e96804 0000004b 00000095 13:28:34',
                         probe.tcp('127.0.0.1', server.getsockname()[1], 5))

    def test_no_tcp_answer_is_none(self):
        clock = FakeClock()
        probe = reachability.Probe(['false'], clock=clock)
        self.assertIsNone(probe.tcp('127.0.0.1', 9, 0))

    def test_a_broken_prefix_is_the_probe_failing(self):
        probe = reachability.Probe(['/nonexistent/prefix'])
        self.assertRaisesRegex(reachability.ProbeFailed, '/nonexistent',
                               probe.ping, '198.19.0.7', 0.1)
