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

"""A minimal OpenStack REST client on a Keystone admin token."""

import json
import urllib.error
import urllib.request

from minicloud import errors


class Api(object):
    """A minimal OpenStack REST client on a Keystone admin token."""

    def __init__(self, settings, cloud_secrets):
        self.settings = settings
        body = {'auth': {
            'identity': {'methods': ['password'], 'password': {'user': {
                'name': 'admin', 'domain': {'name': 'Default'},
                'password': cloud_secrets['admin_password']}}},
            'scope': {'project': {'name': 'admin',
                                  'domain': {'name': 'Default'}}}}}
        status, headers, doc = self.call(
            'POST', settings.keystone_url + '/auth/tokens', body)
        if status != 201:
            raise errors.MinicloudError(
                'keystone refused the admin login: %s %s' % (status, doc))
        self.token = headers['X-Subject-Token']
        self.catalog = doc['token'].get('catalog', [])

    def endpoint(self, service_type):
        for service in self.catalog:
            if service['type'] == service_type:
                for endpoint in service['endpoints']:
                    if endpoint['interface'] == 'public':
                        return endpoint['url']
        if service_type == 'identity':
            return self.settings.keystone_url
        raise errors.MinicloudError('no %s endpoint in the catalog'
                                    % service_type)

    def call(self, method, url, body=None, headers=None, data=None):
        headers = dict(headers or {})
        if getattr(self, 'token', None):
            headers['X-Auth-Token'] = self.token
        if body is not None:
            data = json.dumps(body).encode()
            headers['Content-Type'] = 'application/json'
        headers.setdefault('Accept', 'application/json')
        request = urllib.request.Request(url, data=data, method=method,
                                         headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=60) as resp:
                status, resp_headers, raw = (resp.status, resp.headers,
                                             resp.read())
        except urllib.error.HTTPError as e:
            status, resp_headers, raw = e.code, e.headers, e.read()
        try:
            doc = json.loads(raw.decode()) if raw else None
        except ValueError:
            doc = raw.decode('utf-8', 'replace')
        return status, resp_headers, doc

    def request(self, method, service_type, path, body=None, ok=(200,),
                headers=None, data=None):
        status, _headers, doc = self.call(
            method, self.endpoint(service_type).rstrip('/') + path, body,
            headers, data)
        if status not in ok:
            raise errors.MinicloudError('%s %s %s answered %s: %s' % (
                service_type, method, path, status, doc))
        return doc

    def find_or_create(self, collection, key, name, body, query=None):
        """An identity resource by name; created when missing."""
        found = self.request('GET', 'identity', '/%s?name=%s%s' % (
            collection, name, query or ''))[collection]
        if found:
            return found[0]['id']
        return self.request('POST', 'identity', '/' + collection,
                            {key: body}, ok=(201,))[key]['id']
