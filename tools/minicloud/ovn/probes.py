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

"""Health of the OVS and OVN daemons, asked over their unix sockets.

Both an ovsdb-server and a daemon's control socket (unixctl) speak
JSON-RPC: a database server answers ``list_dbs`` with its databases,
ovs-vswitchd answers ``version``, ovn-controller answers
``connection-status`` with ``connected`` once it reaches the southbound
database. The probes have the interface of minicloud.health's (``answers``
with the service's port, here unused).
"""

import glob
import json
import socket


def jsonrpc(path, method, params=(), timeout=2.0):
    """The result of one JSON-RPC call on a unix socket, or None."""
    request = json.dumps({'method': method, 'params': list(params),
                          'id': 0}).encode()
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            sock.connect(path)
            sock.sendall(request)
            return parse_reply(read_object(sock))
    except (OSError, ValueError):
        return None


def read_object(sock):
    """Bytes of one whole JSON object read from the socket."""
    decoder = json.JSONDecoder()
    data = b''
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            raise ValueError('connection closed before a whole reply')
        data += chunk
        try:
            decoder.raw_decode(data.decode('utf-8'))
            return data
        except ValueError:
            continue


def parse_reply(data):
    """The ``result`` of a JSON-RPC reply; None for an error reply."""
    reply, _end = json.JSONDecoder().raw_decode(data.decode('utf-8'))
    if not isinstance(reply, dict) or reply.get('error') is not None:
        return None
    return reply.get('result')


class OvsdbProbe(object):
    """An ovsdb-server serves the database ``name`` on ``path``."""

    def __init__(self, path, name):
        self.path = path
        self.name = name

    def answers(self, port):
        return self.name in (jsonrpc(self.path, 'list_dbs') or ())


class UnixctlProbe(object):
    """A daemon's control socket answers ``method`` with ``expect``.

    ``path`` may be a glob (ovn-controller names its socket after its pid);
    ``expect`` None: any answer.
    """

    def __init__(self, path, method, expect=None):
        self.path = path
        self.method = method
        self.expect = expect

    def answers(self, port):
        for path in sorted(glob.glob(self.path)):
            result = jsonrpc(path, self.method)
            if result is not None and (self.expect is None
                                       or result.strip() == self.expect):
                return True
        return False
