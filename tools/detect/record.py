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

"""nova's files in the cloud's venv against its wheel's RECORD.

A start of detect restores what an interrupted run left patched.
"""

import base64
import csv
import glob
import hashlib
import os
import subprocess
import zipfile

import detect
from detect import patches
from minicloud import errors


def record_digest(data):
    """A RECORD hash: sha256, urlsafe base64 without padding."""
    return 'sha256=' + base64.urlsafe_b64encode(
        hashlib.sha256(data).digest()).rstrip(b'=').decode('ascii')


def read_record(dist_info):
    """{path under site-packages: 'sha256=...'} of the package's files."""
    with open(os.path.join(dist_info, 'RECORD'), newline='') as f:
        return {row[0]: row[1] for row in csv.reader(f)
                if len(row) >= 2 and row[0].startswith('nova/')
                and row[1].startswith('sha256=')}


def record_mismatches(site_packages, record):
    """Paths whose content is not what RECORD says (or that are gone)."""
    differ = []
    for path, digest in sorted(record.items()):
        try:
            with open(os.path.join(site_packages, path), 'rb') as f:
                data = f.read()
        except FileNotFoundError:
            differ.append(path)
            continue
        if record_digest(data) != digest:
            differ.append(path)
    return differ


def restore_from_wheel(site_packages, wheel, paths):
    with zipfile.ZipFile(wheel) as archive:
        for path in paths:
            full = os.path.join(site_packages, path)
            with open(full, 'wb') as f:
                f.write(archive.read(path))
            if path.endswith('.py'):
                patches.drop_bytecode(full)


def nova_dist_info(site_packages):
    found = glob.glob(os.path.join(site_packages, 'nova-*.dist-info'))
    if len(found) != 1:
        raise errors.MinicloudError(
            'expected one nova-*.dist-info in %s, found %s'
            % (site_packages, found or 'none'))
    return found[0]


def ensure_pristine_nova(settings, site_packages):
    """Restore every nova file that differs from its wheel's RECORD.

    The pinned wheel comes from pip (its cache, else PyPI); returns the
    paths restored.
    """
    dist_info = nova_dist_info(site_packages)
    record = read_record(dist_info)
    differ = record_mismatches(site_packages, record)
    detect.say('RECORD check of %s: %d files, %d differ%s' % (
        os.path.basename(dist_info), len(record), len(differ),
        (': ' + ', '.join(differ)) if differ else ''))
    if not differ:
        return []
    version = os.path.basename(dist_info)[len('nova-'):-len('.dist-info')]
    wheels = os.path.join(settings.state_dir, 'detect', 'wheels')
    subprocess.run([settings.bin('pip'), 'download', '--no-deps',
                    '--only-binary', ':all:', '-d', wheels,
                    'nova==%s' % version], check=True,
                   stdout=subprocess.DEVNULL)
    wheel = glob.glob(os.path.join(wheels, 'nova-%s-*.whl' % version))[0]
    restore_from_wheel(site_packages, wheel, differ)
    still = record_mismatches(site_packages, record)
    if still:
        raise errors.MinicloudError('%s still differ from RECORD after '
                                    'restoring them from %s'
                                    % (', '.join(still), wheel))
    detect.say('restored %d files from %s' % (len(differ), wheel))
    return differ


def site_packages_of(settings):
    found = glob.glob(os.path.join(settings.venv, 'lib', 'python3*',
                                   'site-packages'))
    if len(found) != 1:
        raise errors.MinicloudError('no single site-packages in %s'
                                    % settings.venv)
    return found[0]
