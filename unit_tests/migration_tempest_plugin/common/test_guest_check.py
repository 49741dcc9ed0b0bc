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

import math
from unittest import mock

import testtools

from migration_tempest_plugin.common import guest_check
from migration_tempest_plugin.common import waiters

BOOT = '772f51dc'


def beats(first_count, count, offset, first_tick=100, boot_id=BOOT,
          day_start=0):
    """Beats every 2 ticks of a guest whose real time is guest + offset."""
    found = []
    for index in range(count):
        ticks = first_tick + 2 * index
        real = ticks / guest_check.TICK_HZ + offset + day_start
        found.append(guest_check.Beat(boot_id, first_count + index, ticks,
                                      int(math.floor(real)) % 86400))
    return found


def console(found):
    return ''.join('MTPHB1 %s %08x %08x %02d:%02d:%02d\r\n' % (
        beat.boot_id, beat.count, beat.ticks, beat.rtc // 3600,
        beat.rtc // 60 % 60, beat.rtc % 60) for beat in found)


class TestParse(testtools.TestCase):

    def test_lines_of_the_format_only(self):
        text = ('SeaBIOS (version 1.16)\r\nBooting from Hard Disk...\r\n'
                'MTPHB1 772f51dc 0000000a 00000031 23:31:30\r\n'
                'MTPHB1 772f51dc 0000000b 000000')
        self.assertEqual(
            [guest_check.Beat('772f51dc', 10, 49, 23 * 3600 + 31 * 60 + 30)],
            guest_check.parse_beats(text))

    def test_last_boot(self):
        old = beats(1, 3, 5.0, boot_id='00000001')
        new = beats(1, 2, 9.0)
        self.assertEqual(new, guest_check.last_boot(old + new))
        self.assertEqual([], guest_check.last_boot([]))


class TestStall(testtools.TestCase):

    def test_a_pause_is_measured_to_a_beat(self):
        before = beats(1, 30, 1000.3)
        # Paused 0.8 s: real time ran on, the guest's ticks did not.
        after = beats(31, 30, 1001.1, first_tick=160)
        stall, uncertainty = guest_check.stall_seconds(before, after)
        beat = 2 / guest_check.TICK_HZ
        self.assertLess(abs(stall - 0.8), beat)
        self.assertLessEqual(uncertainty, beat)

    def test_no_pause_measures_about_nothing(self):
        before = beats(1, 30, 7.7)
        after = beats(31, 30, 7.7, first_tick=160)
        stall, _uncertainty = guest_check.stall_seconds(before, after)
        self.assertLess(stall, 2 / guest_check.TICK_HZ)

    def test_across_midnight(self):
        before = beats(1, 30, 0, day_start=86400 - 10)
        after = beats(31, 30, 2.5, first_tick=160, day_start=86400 - 10)
        self.assertIn(0, [beat.rtc // 3600 for beat in after])
        stall, _uncertainty = guest_check.stall_seconds(before, after)
        self.assertLess(abs(stall - 2.5), 0.2)

    def test_a_stall_inside_the_reading_after_is_skipped(self):
        before = beats(1, 30, 50.0)
        after = (beats(31, 5, 50.5, first_tick=160)
                 + beats(36, 30, 51.5, first_tick=170))
        stall, _uncertainty = guest_check.stall_seconds(before, after)
        self.assertLess(abs(stall - 1.5), 0.2)


class TestProblems(testtools.TestCase):

    def test_kept_running(self):
        self.assertIsNone(guest_check.continued_problem(
            beats(1, 5, 0), beats(20, 5, 1, first_tick=140)))

    def test_rebooted(self):
        problem = guest_check.continued_problem(
            beats(1, 5, 0), beats(1, 5, 9, boot_id='0badf00d'))
        self.assertIn('rebooted: boot id 772f51dc before the move, 0badf00d',
                      problem)

    def test_counter_went_back(self):
        problem = guest_check.continued_problem(beats(10, 5, 0),
                                                beats(3, 5, 0))
        self.assertIn('did not only grow: 14 before the move, then 3', problem)

    def test_no_beat_after(self):
        self.assertIn('no heartbeat', guest_check.continued_problem(
            beats(1, 5, 0), []))


class TestGuestWatch(testtools.TestCase):

    def watch(self, outputs, heartbeat='mtphb1'):
        conn = mock.Mock()
        conn.compute.get_server_console_output.side_effect = [
            {'output': console(found)} for found in outputs]
        return guest_check.GuestWatch(conn, heartbeat, 5, 0.01), conn

    def test_off_reads_nothing(self):
        watch, conn = self.watch([], heartbeat=None)
        watch.before_move('s1')
        self.assertEqual({}, watch.after_move('s1', 'live-migration'))
        conn.compute.get_server_console_output.assert_not_called()

    def test_live_migration_reports_downtime(self):
        watch, conn = self.watch([
            beats(1, 10, 3.2),  # not yet 2 s of beats: read again
            beats(1, 40, 3.2),
            beats(41, 40, 3.6, first_tick=180)])
        watch.before_move('s1')
        fields = watch.after_move('s1', 'live-migration')
        self.assertLess(abs(fields['downtime_s'] - 0.4), 0.15)
        conn.compute.get_server_console_output.assert_called_with(
            's1', length=guest_check.READING_LINES)

    def test_live_migration_reboot_fails(self):
        watch, _conn = self.watch([beats(1, 40, 3.2),
                                   beats(1, 40, 9, boot_id='0badf00d')])
        watch.before_move('s1')
        self.assertRaisesRegex(guest_check.GuestCheckFailed,
                               'Server s1: the guest rebooted',
                               watch.after_move, 's1', 'live-migration')

    def test_cold_migration_must_boot_again(self):
        watch, _conn = self.watch([beats(1, 40, 3.2),
                                   beats(1, 3, 9, boot_id='0badf00d')])
        watch.before_move('s1')
        self.assertEqual({'guest': 'booted again'},
                         watch.after_move('s1', 'migration'))

    def test_cold_migration_same_boot_times_out(self):
        watch, conn = self.watch([beats(1, 40, 3.2)])
        conn.compute.get_server_console_output.side_effect = None
        conn.compute.get_server_console_output.return_value = {
            'output': console(beats(1, 40, 3.2))}
        watch.timeout = 0.05
        watch.before_move('s1')
        self.assertRaisesRegex(waiters.WaitTimeout, 'a new boot.*boot '
                               '772f51dc', watch.after_move, 's1', 'resize')

    def test_refused_cold_migration_must_keep_the_guest_running(self):
        watch, _conn = self.watch([beats(1, 40, 3.2), beats(41, 40, 3.6)])
        watch.before_move('s1')
        self.assertEqual({'guest': 'kept running'},
                         watch.after_move('s1', 'migration', 'refused'))

    def test_refused_move_that_rebooted_the_guest_fails(self):
        watch, _conn = self.watch([beats(1, 40, 3.2),
                                   beats(1, 40, 9, boot_id='0badf00d')])
        watch.before_move('s1')
        self.assertRaisesRegex(guest_check.GuestCheckFailed,
                               'Server s1: the guest rebooted',
                               watch.after_move, 's1', 'resize',
                               'refused')

    def test_a_failed_live_migration_must_keep_the_guest_running(self):
        watch, _conn = self.watch([beats(1, 40, 3.2), beats(41, 40, 3.6)])
        watch.before_move('s1')
        self.assertEqual({'guest': 'kept running'},
                         watch.after_move('s1', 'live-migration', 'failed'))

    def test_another_failed_move_leaves_the_guest_unchecked(self):
        watch, conn = self.watch([beats(1, 40, 3.2)])
        watch.before_move('s1')
        self.assertEqual({'guest': 'not checked: the move failed'},
                         watch.after_move('s1', 'migration', 'failed'))
        watch.check_all_checked()

    def test_a_reading_never_checked_after_its_move_fails(self):
        watch, _conn = self.watch([beats(1, 40, 3.2)])
        watch.before_move('s1')
        self.assertRaisesRegex(guest_check.GuestCheckFailed,
                               'server.s. s1 was read before a move and '
                               'never checked', watch.check_all_checked)
        # Reported once.
        watch.check_all_checked()

    def test_a_failed_test_forgets_its_readings(self):
        watch, _conn = self.watch([beats(1, 40, 3.2)])
        watch.before_move('s1')
        watch.forget()
        watch.check_all_checked()

    def test_a_move_not_read_before_is_not_checked(self):
        watch, conn = self.watch([])
        self.assertEqual({}, watch.after_move('s1', 'evacuation'))


class FakeProber(object):
    def __init__(self, summary):
        self.summary = summary
        self.started = self.stopped = self.killed = False

    def start(self):
        self.started = True
        return self

    def stop(self):
        self.stopped = True
        return self.summary

    def kill(self):
        self.killed = True


def summary(sent=500, answered=497, longest=3, downtime=0.06,
            reachable=True):
    return {'address': '198.19.0.7', 'interval': 0.02, 'sent': sent,
            'answered': answered, 'longest_loss': longest,
            'downtime_s': downtime, 'reachable_at_end': reachable,
            'losses': [[200, 202]] if longest else []}


class FakeProbe(object):
    """A reachability.Probe whose guest answers as told."""

    prefix = ['ip', 'netns', 'exec', 'probe']

    def __init__(self, during, tcp='MTPHB1 %s 00000050 000000a0 10:00:00'
                 % BOOT, reachable=True):
        self.prober_made = FakeProber(during)
        self.tcp_answer = tcp
        self.reachable = reachable
        self.asked = []

    def wait_reachable(self, address, timeout):
        self.asked.append(('ping', address))
        return summary(sent=50, answered=50 if self.reachable else 0)

    def prober(self, address, duration=None):
        self.asked.append(('prober', address))
        return self.prober_made

    def tcp(self, address, port, timeout):
        self.asked.append(('tcp', address, port))
        return self.tcp_answer


class TestPacketProbe(testtools.TestCase):
    """A live migration watched by packets as well as by its heartbeat."""

    def watch(self, probe, outputs=None):
        conn = mock.Mock()
        conn.compute.get_server_console_output.side_effect = [
            {'output': console(found)} for found in outputs or [
                beats(1, 40, 3.2), beats(41, 40, 3.6, first_tick=180)]]
        server = mock.Mock(compute_host='c2', addresses={'net': [
            {'version': 6, 'addr': 'fd00::7'},
            {'version': 4, 'addr': '198.19.0.7',
             'OS-EXT-IPS:type': 'fixed'}]})
        conn.compute.get_server.return_value = server
        return guest_check.GuestWatch(conn, 'mtphb1', 5, 0.01, probe), conn

    def test_packet_downtime_beside_the_heartbeat(self):
        probe = FakeProbe(summary())
        watch, _conn = self.watch(probe)
        watch.before_move('s1', live_migration=True)
        self.assertTrue(probe.prober_made.started)
        fields = watch.after_move('s1', 'live-migration')
        self.assertEqual((0.06, 3, 500, 497, 'boot %s' % BOOT), (
            fields['packet_downtime_s'], fields['packets_lost'],
            fields['packets_sent'], fields['packets_answered'],
            fields['tcp_answer']))
        self.assertIn('downtime_s', fields)
        self.assertEqual([('ping', '198.19.0.7'), ('prober', '198.19.0.7'),
                          ('tcp', '198.19.0.7', 13)], probe.asked)
        self.assertTrue(probe.prober_made.killed)

    def test_only_live_migrations_are_probed(self):
        probe = FakeProbe(summary())
        watch, _conn = self.watch(probe, [beats(1, 40, 3.2),
                                          beats(1, 3, 9, boot_id='0badf00d')])
        watch.before_move('s1')
        self.assertEqual({'guest': 'booted again'},
                         watch.after_move('s1', 'migration'))
        self.assertEqual([], probe.asked)

    def test_unreachable_before_the_move_fails_then(self):
        watch, _conn = self.watch(FakeProbe(summary(), reachable=False))
        self.assertRaisesRegex(
            guest_check.GuestCheckFailed, 'Server s1 does not answer pings '
            'at 198.19.0.7 before its live migration',
            watch.before_move, 's1', live_migration=True)

    def test_never_reachable_on_the_destination(self):
        probe = FakeProbe(summary(answered=200, longest=300, downtime=6.0,
                                  reachable=False))
        watch, _conn = self.watch(probe)
        watch.before_move('s1', live_migration=True)
        probe.reachable = False
        self.assertRaisesRegex(
            guest_check.GuestCheckFailed, 'Server s1 is not reachable at '
            '198.19.0.7 on c2 after its live migration: no answer to 300 '
            'echo requests', watch.after_move, 's1', 'live-migration')
        self.assertTrue(probe.prober_made.killed)

    def test_reachable_again_a_little_later(self):
        probe = FakeProbe(summary(reachable=False))
        watch, _conn = self.watch(probe)
        watch.before_move('s1', live_migration=True)
        fields = watch.after_move('s1', 'live-migration')
        self.assertEqual(0.06, fields['packet_downtime_s'])

    def test_tcp_answer_of_another_boot(self):
        probe = FakeProbe(summary(), tcp='MTPHB1 0badf00d 00000001 '
                          '00000002 10:00:00')
        watch, _conn = self.watch(probe)
        watch.before_move('s1', live_migration=True)
        self.assertRaisesRegex(
            guest_check.GuestCheckFailed, "Server s1 on c2: its TCP port 13 "
            "at 198.19.0.7 answered 'MTPHB1 0badf00d.*not a heartbeat of "
            "boot %s" % BOOT, watch.after_move, 's1', 'live-migration')

    def test_no_tcp_answer(self):
        watch, _conn = self.watch(FakeProbe(summary(), tcp=None))
        watch.before_move('s1', live_migration=True)
        self.assertRaisesRegex(guest_check.GuestCheckFailed,
                               'answered None', watch.after_move, 's1',
                               'live-migration')

    def test_a_server_without_an_address_is_not_probed(self):
        probe = FakeProbe(summary())
        watch, conn = self.watch(probe)
        conn.compute.get_server.return_value.addresses = {}
        watch.before_move('s1', live_migration=True)
        self.assertNotIn('packet_downtime_s',
                         watch.after_move('s1', 'live-migration'))
        self.assertEqual([], probe.asked)

    def test_probers_of_a_failed_test_are_ended(self):
        probe = FakeProbe(summary())
        watch, _conn = self.watch(probe)
        watch.before_move('s1', live_migration=True)
        watch.forget()
        self.assertTrue(probe.prober_made.killed)
        watch.check_all_checked()

    def test_a_prober_never_checked_is_ended_and_fails(self):
        probe = FakeProbe(summary())
        watch, _conn = self.watch(probe)
        watch.before_move('s1', live_migration=True)
        self.assertRaises(guest_check.GuestCheckFailed,
                          watch.check_all_checked)
        self.assertTrue(probe.prober_made.killed)

    def test_from_settings(self):
        settings = mock.Mock(reachability_command=('ip', 'netns', 'exec',
                                                   'p'),
                             reachability_interval=0.05,
                             guest_heartbeat='mtphb1', move_timeout=30,
                             poll_interval=1)
        watch = guest_check.GuestWatch.from_settings(mock.Mock(), settings)
        self.assertEqual((['ip', 'netns', 'exec', 'p'], 0.05),
                         (watch.probe.prefix, watch.probe.interval))
        settings.reachability_command = None
        self.assertIsNone(guest_check.GuestWatch.from_settings(
            mock.Mock(), settings).probe)
