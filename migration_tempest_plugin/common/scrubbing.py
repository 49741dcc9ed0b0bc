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

Everything that leaves the process goes through ``scrub``: failure
messages, diagnostics, the timing report, the output of compute commands.
It is oslo.utils' ``strutils.mask_password`` (passwords, secrets, tokens
and adminPass as JSON, Python, query or ``key = value`` text) with what
that lacks: HTTP auth headers, passwords in URLs (also with ``/`` or ``@``
in them), command line password options and Keystone Fernet tokens
anywhere.
"""

import re

from oslo_utils import strutils

MASK = '***'

# Each pattern keeps group 1 (the name) and masks the rest.
_SECRET_PATTERNS = [
    # Headers as HTTP text ("X-Auth-Token: value").
    re.compile(r'''(\b(?:X-Auth-Token|X-Subject-Token|X-Service-Token|'''
               r'''Authorization|Proxy-Authorization):\s*)'''
               r'''(?:(?:Bearer|Basic|Negotiate) )?[^\s'",;]+''',
               re.IGNORECASE),
    # User and password in a URL: the password runs to the last "@" of
    # the address, so a "/" or "@" in it is masked too.
    re.compile(r'(\b[a-z][a-z0-9+.-]*://[^\s:/@]+:)[^\s]*@(?=[^\s@]+)',
               re.IGNORECASE),
    # Password options of command lines: --password X, --os-password=X.
    re.compile(r'''(--[a-z-]*(?:password|secret|token)[= ])\S+''',
               re.IGNORECASE),
]
# Keystone Fernet tokens, wherever they appear.
_FERNET_TOKEN = re.compile(r'\bgAAAAA[A-Za-z0-9_=-]{20,}')


def scrub(text):
    """``text`` with tokens, passwords and auth headers masked."""
    # Line by line: a quote left open on one line must not let its
    # pattern run into the next.
    text = '\n'.join(strutils.mask_password(line, secret=MASK)
                     for line in text.split('\n'))
    for pattern in _SECRET_PATTERNS:
        text = pattern.sub(lambda match: match.group(1) + MASK + (
            '@' if match.group(0).endswith('@') else ''), text)
    return _FERNET_TOKEN.sub(MASK, text)


def first_line(text, limit=300):
    """The first line of a message, cut to ``limit`` characters, scrubbed."""
    lines = scrub(text).strip().splitlines()
    line = lines[0] if lines else ''
    return line if len(line) <= limit else line[:limit - 3] + '...'
