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

"""Health probes: one small class per kind of service."""

import http.client
import json
import socket
import struct
import urllib.error
import urllib.request

from minicloud import processes


def parse_mysql_greeting(data):
    """Server version from a MySQL protocol greeting packet, else None."""
    if len(data) < 6 or data[4] != 10:
        return None
    end = data.find(b'\0', 5)
    if end < 0:
        return None
    return data[5:end].decode('ascii', 'replace')


AMQP_HEADER = b'AMQP\x00\x00\x09\x01'


def parse_amqp_start(data):
    """True when data starts with AMQP 0-9-1 connection.start.

    That is a method frame (type 1) on channel 0 whose payload begins
    with class 10, method 10.
    """
    if len(data) < 11:
        return False
    frame_type, channel, _size = struct.unpack('>BHI', data[:7])
    class_id, method_id = struct.unpack('>HH', data[7:11])
    return (frame_type, channel, class_id, method_id) == (1, 0, 10, 10)


def probe_tcp(port, send=None, timeout=2.0):
    """Bytes the server sends first (after `send`), or None."""
    try:
        with socket.create_connection(('127.0.0.1', port),
                                      timeout=timeout) as sock:
            if send:
                sock.sendall(send)
            return sock.recv(512)
    except OSError:
        return None


def parse_http_health(status, body):
    """Is an API answering its version document? (status, body bytes)."""
    if status is None or status >= 500:
        return False
    try:
        doc = json.loads(body.decode('utf-8'))
    except ValueError:
        return False
    return isinstance(doc, dict) and bool(
        {'version', 'versions'} & set(doc))


def probe_http(url, timeout=3.0):
    """(status, body) of a GET, or (None, b'') when nothing answers."""
    request = urllib.request.Request(url, headers={
        'Accept': 'application/json'})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
    except (OSError, http.client.HTTPException):
        return None, b''


class MariadbProbe(object):
    """MariaDB answers with its protocol greeting."""

    def answers(self, port):
        return bool(parse_mysql_greeting(probe_tcp(port) or b''))


class AmqpProbe(object):
    """RabbitMQ answers an AMQP 0-9-1 header with connection.start."""

    def answers(self, port):
        return parse_amqp_start(probe_tcp(port, AMQP_HEADER) or b'')


class HttpProbe(object):
    """An API answers its version document."""

    def answers(self, port):
        return parse_http_health(*probe_http('http://127.0.0.1:%d/' % port))


class EpmdProbe(object):
    """epmd answers a names request."""

    def answers(self, port):
        return probe_tcp(port, b'\x00\x01n', timeout=1) is not None


class ProcessProbe(object):
    """A service without a port of its own: running is all there is."""

    def answers(self, port):
        return True


def health(settings, service):
    """'ok' or what is wrong, for one service."""
    pid = processes.PidFile(settings, service.name).alive_pid()
    if pid is None:
        return 'not running'
    if service.probe.answers(service.port):
        return 'ok'
    return 'running, port %s not answering' % service.port
