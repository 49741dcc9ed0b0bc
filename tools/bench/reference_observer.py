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

"""The fastest a client can know a move ended: the benchmark's yardstick.

Each worker creates two servers in one request, then moves one of them
again and again, taking the kinds in turn, until this program's standard
input closes (bench.py closes it when the suite it runs alongside ends):
one request, then a tight poll (every POLL seconds) of its migration record
until the record is final. A cold migration is confirmed as soon as its
record is 'finished'. Prints one JSON object:
{kind: [seconds from request sent to record final, ...]}.

Run with the Python of a venv that has openstacksdk, with
OS_CLIENT_CONFIG_FILE naming the embedded cloud's clouds.yaml.
"""

import argparse
import concurrent.futures
import itertools
import json
import sys
import threading
import time

import openstack

POLL = 0.05
# Seconds a build, a move or a server's settling may take.
TIMEOUT = 120
MICROVERSION = '2.59'
FINAL = {'completed', 'confirmed', 'reverted', 'error', 'failed',
         'cancelled'}


def call(conn, method, path, body=None):
    response = getattr(conn.compute, method)(path, json=body,
                                             microversion=MICROVERSION)
    if response.status_code >= 400:
        raise RuntimeError('%s %s: %s %s' % (method, path,
                                             response.status_code,
                                             response.text))
    return response


def server_states(conn, reservation_id):
    return call(conn, 'get', '/servers/detail?reservation_id=%s'
                % reservation_id).json()['servers']


def create_pair(conn, image, flavor, name):
    reservation = call(conn, 'post', '/servers', {'server': {
        'name': name, 'imageRef': image, 'flavorRef': flavor,
        'networks': 'none', 'min_count': 2, 'max_count': 2,
        'return_reservation_id': True}}).json()['reservation_id']
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        servers = server_states(conn, reservation)
        if len(servers) == 2 and all(
                s['status'] == 'ACTIVE' and not s['OS-EXT-STS:task_state']
                for s in servers):
            return [s['id'] for s in servers]
        if any(s['status'] == 'ERROR' for s in servers):
            break
        time.sleep(POLL)
    raise RuntimeError('servers of %s did not become ACTIVE' % name)


def migrations(conn, server_id):
    return call(conn, 'get', '/os-migrations?instance_uuid=%s'
                % server_id).json()['migrations']


class MoveFailed(RuntimeError):
    """Nova ended the move in error."""


def wait_record(conn, server_id, known, statuses):
    """Poll until the new migration record has one of ``statuses``."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        new = [m for m in migrations(conn, server_id)
               if m['uuid'] not in known]
        if new:
            newest = max(new, key=lambda m: (m['created_at'], m['id']))
            if newest['status'] in statuses:
                return newest
            if newest['status'] in FINAL:
                raise MoveFailed('migration %s ended %s' % (
                    newest['uuid'], newest['status']))
        time.sleep(POLL)
    raise MoveFailed('no final migration record for %s in %d s'
                     % (server_id, TIMEOUT))


def wait_ready(conn, server_id):
    """Untimed: until the server can be moved again (ACTIVE, no task)."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        server = call(conn, 'get', '/servers/%s' % server_id).json()[
            'server']
        if (server['status'] == 'ACTIVE'
                and not server['OS-EXT-STS:task_state']):
            return
        time.sleep(POLL)
    raise MoveFailed('server %s did not settle in %d s'
                     % (server_id, TIMEOUT))


def move_once(conn, server_id, kind):
    wait_ready(conn, server_id)
    known = {m['uuid'] for m in migrations(conn, server_id)}
    started = time.monotonic()
    if kind == 'live-migrate':
        call(conn, 'post', '/servers/%s/action' % server_id, {
            'os-migrateLive': {'host': None, 'block_migration': 'auto'}})
        wait_record(conn, server_id, known, {'completed'})
    else:
        call(conn, 'post', '/servers/%s/action' % server_id,
             {'migrate': None})
        wait_record(conn, server_id, known, {'finished'})
        while True:
            # Confirming too early (task_state still set) answers 409.
            response = conn.compute.post(
                '/servers/%s/action' % server_id,
                json={'confirmResize': None}, microversion=MICROVERSION)
            if response.status_code < 400:
                break
            if response.status_code != 409:
                raise RuntimeError('confirm: %s' % response.text)
            time.sleep(POLL)
        wait_record(conn, server_id, known, {'confirmed'})
    return time.monotonic() - started


def worker(index, args, stop):
    conn = openstack.connect(cloud=args.cloud)
    servers = []
    try:
        servers = create_pair(conn, args.image, args.flavor,
                              'bench-reference-%d' % index)
        seen = {kind: [] for kind in args.kinds}
        for kind in itertools.cycle(args.kinds):
            if stop.is_set():
                break
            try:
                seen[kind].append(move_once(conn, servers[0], kind))
            except MoveFailed as failure:
                print('%s left out: %s' % (kind, failure), file=sys.stderr)
        return seen
    finally:
        for server_id in servers:
            conn.compute.delete(
                '/servers/%s' % server_id, microversion=MICROVERSION)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--cloud', default='minicloud')
    parser.add_argument('--image', required=True)
    parser.add_argument('--flavor', required=True)
    parser.add_argument('--workers', type=int, default=1)
    parser.add_argument('--kinds', nargs='+',
                        default=['live-migrate', 'cold-migrate+confirm'])
    args = parser.parse_args(argv)
    stop = threading.Event()
    seconds = {kind: [] for kind in args.kinds}
    with concurrent.futures.ThreadPoolExecutor(args.workers) as pool:
        running = [pool.submit(worker, index, args, stop)
                   for index in range(args.workers)]
        sys.stdin.read()
        stop.set()
        for future in running:
            for kind, values in future.result().items():
                seconds[kind].extend(values)
    print(json.dumps(seconds))
    return 0


if __name__ == '__main__':
    sys.exit(main())
