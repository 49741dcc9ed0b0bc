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

"""Unit tests of minicloud/ovn/probes.py: health over unix sockets."""

import json
import os
import shutil
import socket
import tempfile
import threading

from minicloud.ovn import probes
import testtools


class TestProbes(testtools.TestCase):

    def test_parse_reply(self):
        self.assertEqual(['OVN_Southbound', '_Server'], probes.parse_reply(
            b'{"id":0,"result":["OVN_Southbound","_Server"],"error":null}'))
        self.assertIsNone(probes.parse_reply(
            b'{"id":0,"result":null,"error":"unknown method"}'))

    def serve(self, path, reply):
        """A unix socket server answering one request with ``reply``."""
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.bind(path)
        server.listen(1)
        self.addCleanup(server.close)

        def answer():
            connection, _address = server.accept()
            with connection:
                request = json.loads(connection.recv(4096).decode())
                data = json.dumps(dict(reply, id=request['id'])).encode()
                # In two pieces: a reply may come in several reads.
                connection.sendall(data[:5])
                connection.sendall(data[5:])

        thread = threading.Thread(target=answer, daemon=True)
        thread.start()
        self.addCleanup(thread.join, 5)

    def test_ovsdb_probe(self):
        work = self.tempdir()
        path = os.path.join(work, 'db.sock')
        self.serve(path, {'result': ['Open_vSwitch', '_Server'],
                          'error': None})
        self.assertTrue(probes.OvsdbProbe(path, 'Open_vSwitch').answers(None))

    def test_controller_probe_wants_connected(self):
        work = self.tempdir()
        self.serve(os.path.join(work, 'ovn-controller.42.ctl'),
                   {'result': 'not connected\n', 'error': None})
        probe = probes.UnixctlProbe(os.path.join(work, 'ovn-controller.*.ctl'),
                                    'connection-status', 'connected')
        self.assertFalse(probe.answers(None))

    def test_nothing_listening(self):
        work = self.tempdir()
        self.assertFalse(probes.OvsdbProbe(os.path.join(work, 'none.sock'),
                                           'OVN_Northbound').answers(None))
        self.assertFalse(probes.UnixctlProbe(os.path.join(work, '*.ctl'),
                                             'version').answers(None))

    def tempdir(self):
        work = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, work, True)
        return work
