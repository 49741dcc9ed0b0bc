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

"""Whether a moved guest kept running, from its heartbeat on the console.

Enabled by ``[migration] guest_heartbeat``, which names the console format
of the image's heartbeat. ``mtphb1`` (the embedded cloud's guest,
tools/minicloud/drivers/libvirt/guest/heartbeat.S) writes about 9 lines a
second::

    MTPHB1 <boot id> <beat> <ticks> <HH:MM:SS>

in hex: an ID drawn at boot, a counter of beats, the guest's timer ticks
since boot (18.2065 Hz; they stand still while the guest is paused) and
the RTC time, which follows the host's clock, also while the guest is
paused.

Across a live migration the guest must keep its boot ID and its counter
only grows. Its downtime is how much more the RTC advanced than the
guest's own ticks between a reading before the move and one after: each
beat says the offset of real time over guest time lies within one RTC
second; the beats of one reading narrow it to about a beat.

After a cold migration or a resize the guest must have booted again
(another boot ID) on the destination. A move nova refused leaves the guest
running, as across a live migration.

With ``[migration] reachability_command`` set (common/reachability.py), a
prober pings the guest's fixed IPv4 address throughout each live
migration: its packet downtime goes to the report beside the heartbeat's,
and the guest must answer pings again where it ends up. An ``mtphb1``
guest on a network also answers a TCP connection to port 13 (daytime)
with one heartbeat line, whose boot id must be the heartbeat's: the guest
that answers on the network is the one that kept running.
"""

import dataclasses
import re

from migration_tempest_plugin.common import reachability
from migration_tempest_plugin.common import waiters

TICK_HZ = 1193182 / 65536
BEAT_RE = re.compile(
    r'^MTPHB1 ([0-9a-f]{8}) ([0-9a-f]{8}) ([0-9a-f]{8}) '
    r'(\d\d):(\d\d):(\d\d)\s*$', re.MULTILINE)
DAY = 86400
# Console lines asked for in one reading: several seconds of beats.
READING_LINES = 120
# Beats a reading needs (about 2 s) to pin the offset to about a beat.
READING_BEATS = 18
# The port an mtphb1 guest answers with a heartbeat line (RFC 867's).
DAYTIME_PORT = 13


class GuestCheckFailed(AssertionError):
    """The guest did not behave across the move as the move requires."""


@dataclasses.dataclass(frozen=True)
class Beat:
    boot_id: str
    count: int
    ticks: int
    # RTC time of day, in seconds.
    rtc: int

    @property
    def guest_time(self):
        return self.ticks / TICK_HZ


def parse_beats(console):
    """Beats in the console text, oldest first; other lines are ignored."""
    return [Beat(boot_id, int(count, 16), int(ticks, 16),
                 int(hours) * 3600 + int(minutes) * 60 + int(seconds))
            for boot_id, count, ticks, hours, minutes, seconds
            in BEAT_RE.findall(console)]


def last_boot(beats):
    """The beats of the latest boot in a reading."""
    if not beats:
        return []
    boot_id = beats[-1].boot_id
    index = len(beats)
    while index and beats[index - 1].boot_id == boot_id:
        index -= 1
    return beats[index:]


def unwrapped_rtc(beats, reference):
    """RTC seconds of each beat, continuing across midnight.

    ``reference``: an RTC reading (seconds of day) taken less than half a
    day before the first beat.
    """
    times = []
    previous = reference
    day = 0
    for beat in beats:
        if beat.rtc + day < previous - DAY / 2:
            day += DAY
        previous = beat.rtc + day
        times.append(previous)
    return times


def offset_interval(beats, reference):
    """[low, high) of real minus guest time the beats allow, or None.

    Each beat was written at a real time in [rtc, rtc + 1); ``None`` when
    the beats disagree (the guest stalled within the reading).
    """
    low, high = float('-inf'), float('inf')
    for beat, rtc in zip(beats, unwrapped_rtc(beats, reference)):
        low = max(low, rtc - beat.guest_time)
        high = min(high, rtc + 1 - beat.guest_time)
    if low >= high:
        return None
    return low, high


def stall_seconds(before, after):
    """(estimate, uncertainty): guest-stopped seconds between readings.

    Both readings are beats of one boot, ``after`` later than ``before``.
    """
    reference = before[0].rtc
    first = offset_interval(before, reference)
    # Beats of the latest stretch with one offset: the guest may have
    # stalled within a reading too.
    second = None
    for start in range(len(after)):
        second = offset_interval(after[start:], reference)
        if second:
            break
    while first is None:
        before = before[1:]
        first = offset_interval(before, reference)
    low = second[0] - first[1]
    high = second[1] - first[0]
    return max(0.0, (low + high) / 2), (high - low) / 2


def continued_problem(before, after):
    """Why ``after`` is not the guest of ``before`` still running; None."""
    if not after:
        return 'no heartbeat on the console after the move'
    boot_ids = {beat.boot_id for beat in after}
    if boot_ids != {before[-1].boot_id}:
        return ('the guest rebooted: boot id %s before the move, %s after'
                % (before[-1].boot_id, ', '.join(sorted(boot_ids))))
    counts = [beat.count for beat in after]
    if counts[-1] <= before[-1].count or counts != sorted(set(counts)):
        return ('the heartbeat counter did not only grow: %d before the '
                'move, then %s' % (before[-1].count,
                                   ', '.join(map(str, counts[:10]))))
    return None


def newer_beats(beats, before):
    """Beats counted after the last one of ``before``."""
    return [beat for beat in beats if beat.count > before[-1].count]


def enough(beats):
    return len(beats) >= READING_BEATS


def describe_beats(beats):
    if not beats:
        return 'no heartbeat'
    return '%d beats of boot %s, last %d at %02d:%02d:%02d' % (
        len(beats), beats[-1].boot_id, beats[-1].count,
        beats[-1].rtc // 3600, beats[-1].rtc // 60 % 60, beats[-1].rtc % 60)


def ipv4_address(server):
    """The server's first fixed IPv4 address, or None (no network)."""
    for addresses in (server.addresses or {}).values():
        for address in addresses:
            if (address.get('version') == 4
                    and address.get('OS-EXT-IPS:type', 'fixed') == 'fixed'):
                return address['addr']
    return None


class GuestWatch:
    """Reads a server's heartbeat before a move and checks it after.

    Does nothing unless ``heartbeat`` names a format ([migration]
    guest_heartbeat). Readings go through the console-output API. With a
    ``probe`` (a reachability.Probe), a live migration is also watched by
    packets (module doc).
    """

    def __init__(self, conn, heartbeat, timeout, interval, probe=None):
        self.conn = conn
        self.heartbeat = heartbeat
        self.timeout = timeout
        self.interval = interval
        self.probe = probe
        # Beats read before the move under way, by server ID.
        self.before = {}
        # (prober, address) of each live migration under way, by server ID.
        self.probers = {}

    @classmethod
    def from_settings(cls, conn, settings):
        probe = None
        if settings.reachability_command:
            probe = reachability.Probe(settings.reachability_command,
                                       settings.reachability_interval)
        return cls(conn, settings.guest_heartbeat, settings.move_timeout,
                   settings.poll_interval, probe)

    def before_move(self, server_id, live_migration=False):
        """Read the guest before a move; start its prober for a live one.

        The prober starts once the guest answers pings (up to the move
        timeout): a guest unreachable before the move fails the test here.
        """
        if self.heartbeat:
            self.before[server_id] = self.reading(
                server_id, enough, '%d heartbeats' % READING_BEATS)
        if not (self.probe and live_migration):
            return
        address = ipv4_address(self.conn.compute.get_server(server_id))
        if address is None:
            return
        summary = self.probe.wait_reachable(address, self.timeout)
        if not summary['answered']:
            raise GuestCheckFailed(
                'Server %s does not answer pings at %s before its live '
                'migration (%s s; %d requests through %s)' % (
                    server_id, address, self.timeout, summary['sent'],
                    ' '.join(self.probe.prefix)))
        # It ends by itself long after the move could have.
        self.probers[server_id] = (self.probe.prober(
            address, duration=4 * self.timeout).start(), address)

    def after_move(self, server_id, migration_type, outcome='verified'):
        """Check the guest after a move read before; report line fields.

        A live migration must leave it running (its stall is reported as
        ``downtime_s``); any other move must boot it again. A move nova
        refused (``outcome`` 'refused': nova never ran it) or a live
        migration that failed (nova rolls it back) must leave the guest
        running. Another move that failed leaves the guest as the failure
        left it: nothing is asserted of it. A live migration watched by
        packets reports ``packet_downtime_s`` and must leave the guest
        answering where it is.
        """
        prober = self.probers.pop(server_id, None)
        try:
            fields, boot_id = self.after_heartbeat(server_id, migration_type,
                                                   outcome)
            if prober:
                fields.update(self.after_packets(server_id, prober[0],
                                                 prober[1], boot_id))
            return fields
        finally:
            if prober:
                prober[0].kill()

    def after_heartbeat(self, server_id, migration_type, outcome):
        """(report fields, boot id of the guest) of the heartbeat check."""
        before = self.before.pop(server_id, None)
        if before is None:
            return {}, None
        boot_id = before[-1].boot_id
        if outcome == 'failed' and migration_type != 'live-migration':
            return {'guest': 'not checked: the move failed'}, None
        if outcome in ('refused', 'failed'):
            self.kept_running(server_id, before)
            return {'guest': 'kept running'}, boot_id
        if migration_type == 'live-migration':
            stall, uncertainty = self.after_live_migration(server_id, before)
            return {'downtime_s': round(stall, 3),
                    'downtime_uncertainty_s': round(uncertainty, 3)}, boot_id
        self.after_reboot(server_id, before)
        return {'guest': 'booted again'}, None

    def after_packets(self, server_id, prober, address, boot_id):
        """Report fields of the prober; the guest must answer where it is.

        ``boot_id``: the heartbeat's, which the guest's TCP answer must
        carry (an mtphb1 guest), or None.
        """
        summary = prober.stop()
        host = self.conn.compute.get_server(server_id).compute_host
        if not summary['reachable_at_end']:
            late = self.probe.wait_reachable(address, self.timeout)
            if not late['answered']:
                raise GuestCheckFailed(
                    'Server %s is not reachable at %s on %s after its live '
                    'migration: no answer to %d echo requests since the '
                    'move, nor in %s s after it (prober: %s)' % (
                        server_id, address, host,
                        summary['sent'] - summary['answered'], self.timeout,
                        summary))
        fields = {'packet_downtime_s': summary['downtime_s'],
                  'packets_lost': summary['longest_loss'],
                  'packets_sent': summary['sent'],
                  'packets_answered': summary['answered']}
        if boot_id and self.heartbeat == 'mtphb1':
            answer = self.probe.tcp(address, DAYTIME_PORT, self.timeout)
            beats = parse_beats(answer or '')
            if not beats or beats[-1].boot_id != boot_id:
                raise GuestCheckFailed(
                    'Server %s on %s: its TCP port %d at %s answered %r, not '
                    'a heartbeat of boot %s' % (
                        server_id, host, DAYTIME_PORT, address, answer,
                        boot_id))
            fields['tcp_answer'] = 'boot %s' % boot_id
        return fields

    def forget(self):
        """Drop every reading: the test failed before it could check them."""
        self.before.clear()
        self.stop_probers()

    def stop_probers(self):
        for prober, _address in self.probers.values():
            prober.kill()
        self.probers.clear()

    def check_all_checked(self):
        """Fail for a guest read before a move and never checked after it.

        A cleanup: every move a test verifies checks its guest, also when
        two move at once. Ends every prober left running.
        """
        unchecked = sorted(set(self.before) | set(self.probers))
        self.before.clear()
        self.stop_probers()
        if unchecked:
            raise GuestCheckFailed(
                'The guest of server(s) %s was read before a move and '
                'never checked after it' % ', '.join(unchecked))

    def reading(self, server_id, accept, what):
        """Beats of the guest's latest boot, once ``accept`` takes them."""
        def poll():
            output = self.conn.compute.get_server_console_output(
                server_id, length=READING_LINES)
            beats = last_boot(parse_beats(output.get('output') or ''))
            return accept(beats), beats

        return waiters.wait_until(
            'server %s to show %s on its console' % (server_id, what), poll,
            self.timeout, self.interval, describe=describe_beats)

    def after_live_migration(self, server_id, before):
        """Check the guest kept running; its stall as (seconds, +-)."""
        after = self.kept_running(server_id, before)
        return stall_seconds(before, newer_beats(after, before))

    def kept_running(self, server_id, before):
        """Check the guest kept running; its beats since ``before``."""
        def accept(beats):
            if beats and beats[-1].boot_id != before[-1].boot_id:
                return True  # rebooted: continued_problem says so
            return enough(newer_beats(beats, before))

        after = self.reading(server_id, accept,
                             '%d heartbeats since the move'
                             % READING_BEATS)
        problem = continued_problem(before, after)
        if problem:
            raise GuestCheckFailed('Server %s: %s' % (server_id, problem))
        return after

    def after_reboot(self, server_id, before):
        """Check the guest booted again (cold migration, resize)."""
        self.reading(server_id, lambda beats: bool(beats)
                     and beats[-1].boot_id != before[-1].boot_id,
                     'a heartbeat of a new boot (the guest booted again '
                     'on the destination)')


# A watch that reads nothing, until a test's setUp makes its own.
NO_WATCH = GuestWatch(conn=None, heartbeat=None, timeout=None, interval=None)
