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

"""Unit tests of minicloud/health.py: probes per kind of service."""

import json
import struct

from minicloud import health
import testtools


class TestHealthParsing(testtools.TestCase):

    def test_mysql_greeting(self):
        payload = b'\x0a10.11.14-MariaDB\x00' + b'\x01' * 20
        packet = struct.pack('<I', len(payload))[:3] + b'\x00' + payload
        self.assertEqual('10.11.14-MariaDB',
                         health.parse_mysql_greeting(packet))

    def test_mysql_error_packet_is_not_a_greeting(self):
        packet = b'\x17\x00\x00\x00\xffj\x04Host is blocked\x00'
        self.assertIsNone(health.parse_mysql_greeting(packet))
        self.assertIsNone(health.parse_mysql_greeting(b''))

    def test_amqp_connection_start(self):
        frame = struct.pack('>BHIHH', 1, 0, 500, 10, 10) + b'\x00\x09'
        self.assertTrue(health.parse_amqp_start(frame))

    def test_amqp_protocol_mismatch_is_not_healthy(self):
        self.assertFalse(health.parse_amqp_start(b'AMQP\x00\x00\x09\x01'))
        self.assertFalse(health.parse_amqp_start(b''))

    def test_http_version_documents(self):
        self.assertTrue(health.parse_http_health(
            300, json.dumps({'versions': {'values': []}}).encode()))
        self.assertTrue(health.parse_http_health(
            200, json.dumps({'version': {'id': 'v3.14'}}).encode()))

    def test_http_not_healthy(self):
        self.assertFalse(health.parse_http_health(None, b''))
        self.assertFalse(health.parse_http_health(
            503, json.dumps({'versions': []}).encode()))
        self.assertFalse(health.parse_http_health(200, b'<html>'))
        self.assertFalse(health.parse_http_health(200, b'[]'))
