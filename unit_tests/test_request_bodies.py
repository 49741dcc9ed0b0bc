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

"""The JSON each move request sends, through the real openstacksdk.

No move is ever forced (the scheduler is the code under test), and the
siblings are made in one request with min_count = max_count = N.
"""

import json

from keystoneauth1 import noauth
from keystoneauth1 import session as ks_session
from openstack import connection as sdk_connection
import requests
import testtools

from migration_tempest_plugin.common import model
from migration_tempest_plugin.tests import move_base

NOVA = 'http://nova.example/v2.1'
VERSION = {'version': {'id': 'v2.1', 'status': 'CURRENT', 'version': '2.104',
                       'min_version': '2.1',
                       'links': [{'rel': 'self', 'href': NOVA + '/'}]}}
SIBLING = model.Sibling('s-1', 'x-1', 'ACTIVE', 'c1', 'c1', 'nova',
                               'm1.tiny')


class RecordingAdapter(requests.adapters.BaseAdapter):
    """Answers nova's requests with canned bodies; records what was sent."""

    def __init__(self):
        super().__init__()
        self.sent = []

    def send(self, request, **kwargs):
        response = requests.Response()
        response.request = request
        response.url = request.url
        response.headers['Content-Type'] = 'application/json'
        body = None
        if request.method == 'GET':
            body = VERSION
        elif request.url.endswith('/servers'):
            body = {'server': {'id': 's-1'}}
        self.sent.append((request.method, request.url.split(NOVA, 1)[-1],
                          json.loads(request.body) if request.body else None))
        response.status_code = 200 if body else 202
        response._content = json.dumps(body).encode() if body else b''
        return response

    def close(self):
        pass


def recording_connection(adapter):
    http = requests.Session()
    http.mount('http://', adapter)
    return sdk_connection.Connection(
        session=ks_session.Session(auth=noauth.NoAuth(endpoint=NOVA),
                                   session=http),
        compute_endpoint_override=NOVA,
        compute_default_microversion='2.95')


class TestMoveRequests(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.adapter = RecordingAdapter()
        conn = recording_connection(self.adapter)
        self.test = move_base.ScheduledMoveTest('setUp')
        self.test.admin_conn = self.test.primary_conn = conn
        self.test.compute_microversion = '2.95'
        self.test.settings = type('Settings', (), {
            'block_migration': 'auto', 'move_timeout': 1,
            'poll_interval': 1, 'image_ref': 'img-1', 'flavor_ref': 'f-1'})
        self.test.server_networks = 'none'

    def action_bodies(self):
        return [body for method, path, body in self.adapter.sent
                if method == 'POST' and path == '/servers/s-1/action']

    def test_no_move_is_forced(self):
        for move in (lambda: self.test.live_migrate(SIBLING),
                     lambda: self.test.live_migrate(SIBLING, host='c2'),
                     lambda: self.test.cold_migrate(SIBLING),
                     lambda: self.test.cold_migrate(SIBLING, host='c2'),
                     lambda: self.test.evacuate(SIBLING),
                     lambda: self.test.evacuate(SIBLING, host='c2'),
                     lambda: self.test.unshelve(SIBLING),
                     lambda: self.test.unshelve(SIBLING, host='c2'),
                     lambda: self.test.resize(SIBLING, 'f-2')):
            move()
        bodies = self.action_bodies()
        self.assertEqual(9, len(bodies))
        for body in bodies:
            [(action, fields)] = body.items()
            self.assertNotIn('force', fields or {}, body)

    def test_each_move_asks_the_scheduler_or_names_the_host(self):
        self.test.live_migrate(SIBLING)
        self.test.live_migrate(SIBLING, host='c2')
        self.test.cold_migrate(SIBLING)
        self.test.cold_migrate(SIBLING, host='c2')
        self.test.evacuate(SIBLING)
        self.test.unshelve(SIBLING, host='c2')
        self.test.resize(SIBLING, 'f-2')
        self.assertEqual(
            [{'os-migrateLive': {'host': None, 'block_migration': 'auto'}},
             {'os-migrateLive': {'host': 'c2', 'block_migration': 'auto'}},
             {'migrate': None},
             {'migrate': {'host': 'c2'}},
             {'evacuate': {}},
             {'unshelve': {'host': 'c2'}},
             {'resize': {'flavorRef': 'f-2'}}],
            self.action_bodies())

    def test_siblings_are_one_request_for_exactly_n(self):
        self.test.request_siblings('tempest-X-1', 3)
        [(method, path, body)] = self.adapter.sent[-1:]
        self.assertEqual(('POST', '/servers'), (method, path))
        self.assertEqual(
            {'name': 'tempest-X-1', 'imageRef': 'img-1', 'flavorRef': 'f-1',
             'networks': 'none', 'min_count': 3, 'max_count': 3},
            body['server'])
