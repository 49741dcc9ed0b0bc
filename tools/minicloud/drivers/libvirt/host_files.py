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

"""The files of the libvirt hosts: ssh keys, and their configs, rendered
from the templates in minicloud/templates/libvirt/.
"""

import os
import uuid

from minicloud.drivers.libvirt import hosts
from minicloud import files
from minicloud import template


def authorized_keys(layout):
    return os.path.join(layout.directory, 'ssh', 'authorized_keys')


def libvirtd_conf(host):
    return template.render('libvirt/libvirtd.conf', {
        'address': host.address,
        'unix_sock_dir': os.path.dirname(hosts.LIBVIRT_SOCKET),
        'host_uuid': uuid.uuid5(uuid.NAMESPACE_URL,
                                'minicloud:' + host.netns)})


def qemu_conf(host):
    return template.render('libvirt/qemu.conf', {'address': host.address})


def sshd_config(host, layout):
    return template.render('libvirt/sshd_config', {
        'address': host.address,
        'host_key': host.path('ssh', 'ssh_host_ed25519_key'),
        'authorized_keys': authorized_keys(layout)})


def ssh_client_config(layout):
    """/etc/ssh/ssh_config.d/ of a host: how nova's ssh and scp log in."""
    return template.render('libvirt/ssh_config', {
        'addresses': ' '.join(host.address for host in layout.hosts),
        'client_key': layout.client_key,
        'known_hosts': layout.known_hosts})


def hosts_file(layout, host):
    return template.render('libvirt/hosts', {
        'address': host.address, 'name': host.name,
        'other_hosts': ''.join('%s %s\n' % (other.address, other.name)
                               for other in layout.hosts
                               if other is not host)})


# The file that makes the qemu hook refuse new guests (faults.py).
REFUSE_FLAG = 'refuse-new-guests'


def qemu_hook():
    """/etc/libvirt/hooks/qemu: libvirtd finds it only at its start."""
    return template.render('libvirt/qemu-hook', {'refuse_flag': REFUSE_FLAG})


def generate_key(path):
    """An ed25519 key pair at path (0600) and path.pub; kept if there."""
    if not os.path.exists(path):
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        hosts.run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C',
                   'minicloud', '-f', path])
    os.chmod(path, 0o600)
    with open(path + '.pub') as f:
        return f.read().strip()


def prepare_files(layout):
    """Directories, configs and keys of every host (no process started)."""
    client_public = generate_key(layout.client_key)
    files.write_if_changed(authorized_keys(layout), client_public + '\n',
                           0o600)
    known = []
    for host in layout.hosts:
        for path in hosts.HOST_DIRECTORIES:
            os.makedirs(host.source_of(path), exist_ok=True)
            # The mount point in the root namespace: an empty directory.
            os.makedirs(path, exist_ok=True)
        for path in ('/var/log/libvirt/qemu', hosts.INSTANCES_PATH):
            os.makedirs(host.source_of(path), exist_ok=True)
        host_public = generate_key(host.path('ssh', 'ssh_host_ed25519_key'))
        known.append('%s %s' % (host.address,
                                ' '.join(host_public.split()[:2])))
        etc = host.source_of('/etc/libvirt')
        for path, text in (
                (os.path.join(etc, 'libvirtd.conf'), libvirtd_conf(host)),
                (os.path.join(etc, 'qemu.conf'), qemu_conf(host)),
                (host.path('sshd_config'), sshd_config(host, layout)),
                (os.path.join(host.source_of('/etc/ssh/ssh_config.d'),
                              'minicloud.conf'), ssh_client_config(layout)),
                (host.source_of(hosts.HOSTS_FILE), hosts_file(layout, host))):
            files.write_if_changed(path, text, 0o644)
        files.write_if_changed(os.path.join(etc, 'hooks', 'qemu'),
                               qemu_hook(), 0o755)
    files.write_if_changed(layout.known_hosts, '\n'.join(known) + '\n',
                           0o600)
    # sshd's privilege separation directory.
    os.makedirs('/run/sshd', mode=0o755, exist_ok=True)
