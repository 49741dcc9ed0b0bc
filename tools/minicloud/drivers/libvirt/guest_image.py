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

"""The real guests' disk image: one boot sector that beats on COM1.

guest/heartbeat.S is assembled with Debian's binutils into a 512-byte boot
sector; the image is that sector and zeros, one MiB of raw disk. Its console
lines are the format ``[migration] guest_heartbeat = mtphb1`` names (see
migration_tempest_plugin/common/guest_check.py). The busy variant beats the
same way and rewrites 512 KiB of its memory every beat, so that a live
migration under the embedded computes' bandwidth limit stays in flight
until it is aborted or force-completed (``[migration] busy_image_ref``).
"""

import os
import struct
import subprocess
import tempfile

SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'guest',
                      'heartbeat.S')
IMAGE_BYTES = 1 << 20
SECTOR = 512
# The boot code ends where the MBR partition table starts.
PARTITION_TABLE = 446
LINUX_PARTITION = 0x83
# Image properties nova's libvirt driver reads: the guest ignores ACPI, so
# a power-off must not wait for it (shutdown_timeout, 60 s, per move).
IMAGE_PROPERTIES = {'os_shutdown_timeout': '0'}
CONSOLE_FORMAT = 'mtphb1'
# The symbol heartbeat.S assembles its memory-dirtying loop under.
BUSY_SYMBOL = 'DIRTY'
# Every heartbeat line starts so (guest/heartbeat.S).
BEAT_PREFIX = 'MTPHB1 '


def disk_image(boot_code, size=IMAGE_BYTES):
    """A raw disk: boot code, one partition over the rest, zeros.

    Glance's safety checks refuse a raw image whose MBR has a boot
    signature but an empty partition table.
    """
    if len(boot_code) > PARTITION_TABLE:
        raise ValueError('boot code of %d bytes does not fit the %d bytes '
                         'before the partition table' % (
                             len(boot_code), PARTITION_TABLE))
    sectors = size // SECTOR
    mbr = bytearray(SECTOR)
    mbr[:len(boot_code)] = boot_code
    # status, CHS first (unused), type, CHS last (unused), first LBA, count
    mbr[PARTITION_TABLE:PARTITION_TABLE + 16] = struct.pack(
        '<B3sB3sII', 0, b'\0' * 3, LINUX_PARTITION, b'\0' * 3, 1,
        sectors - 1)
    mbr[510:512] = b'\x55\xaa'
    return bytes(mbr) + b'\0' * (size - SECTOR)


def assemble(source=SOURCE, busy=False):
    """The boot sector's code, from binutils' ``as`` and ``ld``."""
    defines = ['--defsym', BUSY_SYMBOL + '=1'] if busy else []
    with tempfile.TemporaryDirectory() as work:
        obj = os.path.join(work, 'heartbeat.o')
        binary = os.path.join(work, 'heartbeat.bin')
        subprocess.run(['as', '--32'] + defines + ['-o', obj, source],
                       check=True)
        subprocess.run(['ld', '-m', 'elf_i386', '-Ttext', '0x7c00',
                        '--oformat', 'binary', '-e', '_start', '-o', binary,
                        obj], check=True)
        with open(binary, 'rb') as f:
            return f.read()


def build(path, busy=False):
    """Write the image to path (again only when the source is newer).

    ``busy``: the variant that dirties memory every beat.
    """
    if (os.path.exists(path)
            and os.path.getmtime(path) >= os.path.getmtime(SOURCE)):
        return path
    data = disk_image(assemble(busy=busy))
    with open(path + '.tmp', 'wb') as f:
        f.write(data)
    os.replace(path + '.tmp', path)
    return path
