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


def nova_version(site_packages):
    """The version of the nova installed there, from its dist-info."""
    return os.path.basename(nova_dist_info(site_packages))[
        len('nova-'):-len('.dist-info')]


def nova_record(site_packages):
    return read_record(nova_dist_info(site_packages))


def ensure_pristine(site_packages, pip, wheels):
    """Restore every nova file that differs from its wheel's RECORD.

    The pinned wheel comes from ``pip`` (its cache, else PyPI) into
    ``wheels``; returns (the number of files checked, the paths restored).
    """
    record = nova_record(site_packages)
    differ = record_mismatches(site_packages, record)
    if not differ:
        return len(record), []
    version = nova_version(site_packages)
    subprocess.run([pip, 'download', '--no-deps', '--only-binary', ':all:',
                    '-d', wheels, 'nova==%s' % version], check=True,
                   stdout=subprocess.DEVNULL)
    wheel = glob.glob(os.path.join(wheels, 'nova-%s-*.whl' % version))[0]
    restore_from_wheel(site_packages, wheel, differ)
    still = record_mismatches(site_packages, record)
    if still:
        raise errors.MinicloudError('%s still differ from RECORD after '
                                    'restoring them from %s'
                                    % (', '.join(still), wheel))
    return len(record), differ


def check_pristine(site_packages):
    """The number of nova files checked; raises if one differs."""
    record = nova_record(site_packages)
    differ = record_mismatches(site_packages, record)
    if differ:
        raise errors.MinicloudError('nova files of %s differ from RECORD: %s'
                                    % (site_packages, ', '.join(differ)))
    return len(record)


def ensure_pristine_nova(settings, site_packages):
    """ensure_pristine for the cloud's venv; the paths restored."""
    checked, restored = ensure_pristine(
        site_packages, settings.bin('pip'),
        os.path.join(settings.state_dir, 'detect', 'wheels'))
    detect.say('RECORD check of nova %s in the cloud\'s venv: %d files, %d '
               'restored from the wheel%s' % (
                   nova_version(site_packages), checked, len(restored),
                   (': ' + ', '.join(restored)) if restored else ''))
    return restored


def site_packages_of(venv):
    found = glob.glob(os.path.join(venv, 'lib', 'python3*', 'site-packages'))
    if len(found) != 1:
        raise errors.MinicloudError('no single site-packages in %s' % venv)
    return found[0]
