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

"""Reachability of a guest, measured by packets from outside it.

A prober sends ICMP echo requests to the guest's fixed address at a steady
interval (``[migration] reachability_interval``, 20 ms by default) for the
whole of a live migration and records which were answered. The longest
run of unanswered requests after the first answer is the migration's
packet downtime, to set beside the guest's own (heartbeat) downtime; a
guest that never answers again after the move was not reachable on its
destination.

The prober must run where the tenant network is reachable: on the
embedded cloud, in its probe namespace; elsewhere wherever an operator's
``[migration] reachability_command`` puts it (a command prefix such as
``ip netns exec <namespace>``). So it runs as its own process (``python
-m migration_tempest_plugin.common.reachability ping ADDRESS``), needs a
raw socket (root, or CAP_NET_RAW) and prints one JSON summary when it
ends (its duration over, SIGTERM or SIGINT). ``tcp`` makes one TCP
connection and prints the first line the guest sends.
"""

import argparse
import dataclasses
import json
import os
import select
import signal
import socket
import struct
import subprocess
import sys
import time

ICMP_ECHO_REQUEST = 8
ICMP_ECHO_REPLY = 0
PAYLOAD = b'migration-tempest-plugin reachability probe'
DEFAULT_INTERVAL = 0.02


def checksum(data):
    """The Internet checksum (RFC 1071) of data."""
    if len(data) % 2:
        data += b'\0'
    total = sum(struct.unpack('!%dH' % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xffff) + (total >> 16)
    return ~total & 0xffff


def echo_request(ident, seq, payload=PAYLOAD):
    """An ICMP echo request packet (no IP header)."""
    header = struct.pack('!BBHHH', ICMP_ECHO_REQUEST, 0, 0, ident, seq)
    return struct.pack('!BBHHH', ICMP_ECHO_REQUEST, 0,
                       checksum(header + payload), ident, seq) + payload


def echo_reply_seq(packet, ident, source=None):
    """The sequence number of our echo reply in an IPv4 packet, or None.

    A raw ICMP socket receives every ICMP packet for this host, with its IP
    header: replies to another prober (another ident), or from another
    address than ``source``, are not ours.
    """
    if len(packet) < 20:
        return None
    header_length = (packet[0] & 0x0f) * 4
    if source and socket.inet_ntoa(packet[12:16]) != source:
        return None
    icmp = packet[header_length:header_length + 8]
    if len(icmp) < 8:
        return None
    kind, _code, _sum, reply_ident, seq = struct.unpack('!BBHHH', icmp)
    if kind != ICMP_ECHO_REPLY or reply_ident != ident:
        return None
    return seq


@dataclasses.dataclass
class Summary:
    """What one probe saw. Times are seconds on the prober's clock."""

    address: str
    interval: float
    sent: int
    answered: int
    # The longest run of unanswered requests: how many, and the time from
    # the last answered request before it to the first answered after it
    # (sending times), less one interval: the packet downtime.
    longest_loss: int
    downtime_s: float
    # Whether the last requests (the last second) were answered: the guest
    # is reachable where it is now.
    reachable_at_end: bool
    # Runs of unanswered requests, as [first seq, last seq].
    losses: list

    def as_dict(self):
        return dataclasses.asdict(self)


def summarize(address, interval, sent_at, answered, tail=1.0):
    """A Summary from send times (by seq, in order) and answered seqs.

    Requests before the first answered one do not count: the guest was
    not reachable yet (an address not yet resolved). A run of loss still
    open at the end counts up to the last request; ``reachable_at_end``
    says whether any request of the last ``tail`` seconds was answered.
    """
    seqs = sorted(sent_at)
    first = [seq for seq in seqs if seq in answered]
    if first:
        seqs = [seq for seq in seqs if seq >= first[0]]
    losses = []
    run = None
    for seq in seqs:
        if seq in answered:
            if run:
                losses.append(run)
                run = None
        elif run:
            run = [run[0], seq]
        else:
            run = [seq, seq]
    if run:
        losses.append(run)
    longest = max(losses, key=lambda r: r[1] - r[0], default=None)
    downtime = 0.0
    if longest:
        before = [seq for seq in seqs if seq < longest[0]]
        after = [seq for seq in seqs if seq > longest[1] and seq in answered]
        start = sent_at[before[-1]] if before else sent_at[longest[0]]
        end = sent_at[after[0]] if after else sent_at[seqs[-1]] + interval
        downtime = max(0.0, end - start - interval)
    last = sent_at[seqs[-1]] if seqs else 0.0
    recent = [seq for seq in seqs if sent_at[seq] >= last - tail]
    return Summary(
        address=address, interval=interval, sent=len(seqs),
        answered=len(answered & set(seqs)),
        longest_loss=(longest[1] - longest[0] + 1) if longest else 0,
        downtime_s=round(downtime, 3),
        reachable_at_end=any(seq in answered for seq in recent),
        losses=losses)


class Stop(Exception):
    pass


def _stop(signum, frame):
    raise Stop()


def ping(address, interval=DEFAULT_INTERVAL, duration=None,
         clock=time.monotonic):
    """Probe ``address`` until ``duration`` passes or a signal; a Summary.

    Replies that arrive after the next request went out still count: a
    reply is late, not lost (a guest paused for the switch-over answers
    what it finds queued).
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_RAW,
                         socket.getprotobyname('icmp'))
    ident = os.getpid() & 0xffff
    sent_at = {}
    answered = set()
    seq = 0
    started = clock()
    next_send = started
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, _stop)
    try:
        while duration is None or clock() - started < duration:
            now = clock()
            if now >= next_send:
                seq = (seq + 1) & 0xffff
                sent_at[seq] = now - started
                try:
                    sock.sendto(echo_request(ident, seq), (address, 0))
                except OSError:
                    pass  # no route yet: unanswered
                next_send += interval
                continue
            ready, _w, _x = select.select([sock], [], [], next_send - now)
            if ready:
                reply = echo_reply_seq(sock.recv(2048), ident, address)
                if reply is not None:
                    answered.add(reply)
    except Stop:
        pass
    finally:
        # Replies to the last requests may still be on their way.
        deadline = clock() + interval * 5
        while clock() < deadline:
            ready, _w, _x = select.select([sock], [], [], deadline - clock())
            if not ready:
                break
            reply = echo_reply_seq(sock.recv(2048), ident, address)
            if reply is not None:
                answered.add(reply)
        sock.close()
    return summarize(address, interval, sent_at, answered)


def tcp_answer(address, port, timeout=5.0):
    """What the guest sends on a new TCP connection (its first line)."""
    with socket.create_connection((address, port), timeout=timeout) as sock:
        data = b''
        while b'\n' not in data:
            chunk = sock.recv(256)
            if not chunk:
                break
            data += chunk
    return data.decode('utf-8', 'replace').strip()


class Prober(object):
    """A prober process, run through ``prefix`` (a list of words).

    ``start()`` returns at once; ``stop()`` ends it and returns its
    Summary as a dict; ``kill()`` ends it with nothing to say. It ends by
    itself after ``duration`` seconds, if given: an orphaned prober does
    not run for ever.
    """

    def __init__(self, prefix, address, interval=DEFAULT_INTERVAL,
                 python=sys.executable, duration=None):
        self.argv = list(prefix) + [
            python, '-m', __name__, 'ping', address,
            '--interval', str(interval)]
        if duration:
            self.argv += ['--duration', str(duration)]
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            self.argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL)
        return self

    def stop(self, timeout=10):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        out, err = self.process.communicate(timeout=timeout)
        if self.process.returncode != 0:
            raise ProbeFailed('prober %s failed (exit %d): %s' % (
                ' '.join(self.argv), self.process.returncode,
                err.decode('utf-8', 'replace').strip()))
        return json.loads(out.decode('utf-8'))

    def kill(self):
        """End the prober if it runs; nothing if it was stopped."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.communicate()


class ProbeFailed(Exception):
    """The prober could not run: the probe is broken, not the guest."""


class Probe(object):
    """What [migration] reachability_command reaches, and how often.

    :param prefix: words put before the prober's command line.
    :param interval: seconds between two echo requests.
    """

    def __init__(self, prefix, interval=DEFAULT_INTERVAL,
                 python=sys.executable, clock=time.monotonic):
        self.prefix = list(prefix)
        self.interval = interval
        self.python = python
        self.clock = clock

    def prober(self, address, duration=None):
        """A Prober of ``address`` (not started)."""
        return Prober(self.prefix, address, self.interval, self.python,
                      duration)

    def run(self, *args, timeout):
        """The JSON a prober command prints; ProbeFailed if it fails."""
        argv = self.prefix + [self.python, '-m', __name__] + [
            str(arg) for arg in args]
        try:
            result = subprocess.run(argv, stdin=subprocess.DEVNULL,
                                    capture_output=True, timeout=timeout)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise ProbeFailed('%s: %s' % (' '.join(argv), error))
        if result.returncode != 0:
            raise ProbeFailed('%s failed (exit %d): %s' % (
                ' '.join(argv), result.returncode,
                result.stderr.decode('utf-8', 'replace').strip()))
        return json.loads(result.stdout.decode('utf-8'))

    def ping(self, address, duration):
        """A Summary dict of ``duration`` seconds of echo requests."""
        return self.run('ping', address, '--interval', self.interval,
                        '--duration', duration, timeout=duration + 30)

    def wait_reachable(self, address, timeout, attempt=1.0):
        """The first ping summary with an answer, or the last one.

        Pings for ``attempt`` seconds at a time, for up to ``timeout``.
        """
        deadline = self.clock() + timeout
        while True:
            summary = self.ping(address, attempt)
            if summary['answered'] or self.clock() >= deadline:
                return summary

    def tcp(self, address, port, timeout):
        """The first line the guest sends on a TCP connection to port.

        Tries again until ``timeout``; returns None if no try got one.
        """
        deadline = self.clock() + timeout
        while True:
            try:
                return self.run('tcp', address, port, timeout=30)['answer']
            except ProbeFailed:
                if self.clock() >= deadline:
                    return None
                time.sleep(min(1.0, max(0.0, deadline - self.clock())))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    commands = parser.add_subparsers(dest='command', required=True)
    ping_parser = commands.add_parser('ping')
    ping_parser.add_argument('address')
    ping_parser.add_argument('--interval', type=float,
                             default=DEFAULT_INTERVAL)
    ping_parser.add_argument('--duration', type=float)
    tcp_parser = commands.add_parser('tcp')
    tcp_parser.add_argument('address')
    tcp_parser.add_argument('port', type=int)
    args = parser.parse_args(argv)
    if args.command == 'ping':
        summary = ping(args.address, args.interval, args.duration)
        print(json.dumps(summary.as_dict()))
    else:
        print(json.dumps({'address': args.address, 'port': args.port,
                          'answer': tcp_answer(args.address, args.port)}))
    return 0


if __name__ == '__main__':
    sys.exit(main())
