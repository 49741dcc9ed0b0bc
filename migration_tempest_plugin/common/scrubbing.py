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

"""Masks secrets in text meant for people: tokens, passwords, auth headers.

Diagnostics, failure messages and the timing report go through ``scrub``.
"""

import re

MASK = '***'

# Each pattern keeps group 1 (the name) and masks the rest.
_SECRET_PATTERNS = [
    # Headers, in HTTP text or in a repr of a dict of headers.
    re.compile(r'''((?:X-Auth-Token|X-Subject-Token|X-Service-Token|'''
               r'''Authorization|Proxy-Authorization)['"]?\s*[:=]\s*)'''
               r'''(?:'[^']*'|"[^"]*"|(?:Bearer |Basic )?\S+)''',
               re.IGNORECASE),
    # "password": "...", password=..., 'secret': '...' (JSON, repr, query).
    re.compile(r'''(['"]?\b(?:[a-z_]*password|secret|auth_token|token_id|'''
               r'''credential|access_key|secret_key)['"]?\s*[:=]\s*)'''
               r'''(?:"[^"]*"|'[^']*'|[^\s,;&}]+)''', re.IGNORECASE),
    # User and password in a URL.
    re.compile(r'(\b[a-z][a-z0-9+.-]*://)[^/\s:@]+:[^/\s@]+@',
               re.IGNORECASE),
]
# Keystone Fernet tokens, wherever they appear.
_FERNET_TOKEN = re.compile(r'\bgAAAAA[A-Za-z0-9_=-]{20,}')


def scrub(text):
    """``text`` with tokens, passwords and auth headers masked."""
    for pattern in _SECRET_PATTERNS:
        text = pattern.sub(lambda match: match.group(1) + MASK, text)
    return _FERNET_TOKEN.sub(MASK, text)
