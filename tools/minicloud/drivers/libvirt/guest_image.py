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

"""The real guests' disk image: a real-mode program that beats on COM1.

guest/heartbeat.S is assembled with Debian's binutils: a boot sector that
loads the rest of the program from the sectors after it (the first track;
the image's one partition starts after it), one MiB of raw disk. Its
console lines are the format ``[migration] guest_heartbeat = mtphb1``
names (see migration_tempest_plugin/common/guest_check.py). On the RTL8139
NIC the image asks nova for (``hw_vif_model``), it takes an address by
DHCP and answers ARP, ICMP echo and TCP port 13 with a heartbeat line.
The busy variant beats the same way and rewrites 512 KiB of its memory
every beat, so that a live migration capped by the fault
``live-migration-throttled`` stays in flight until it is aborted or
force-completed (``[migration] busy_image_ref``).
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
# The program fills at most the first track (sectors 0-62); the partition
# starts after it, where DOS put the first one.
FIRST_PARTITION_SECTOR = 63
# Image properties nova's libvirt driver reads: the guest ignores ACPI, so
# a power-off must not wait for it (shutdown_timeout, 60 s, per move); its
# NIC is the RTL8139 heartbeat.S drives (nova's default, virtio, is not).
IMAGE_PROPERTIES = {'os_shutdown_timeout': '0', 'hw_vif_model': 'rtl8139'}
CONSOLE_FORMAT = 'mtphb1'
# The symbol heartbeat.S assembles its memory-dirtying loop under.
BUSY_SYMBOL = 'DIRTY'
# Every heartbeat line starts so (guest/heartbeat.S).
BEAT_PREFIX = 'MTPHB1 '


def disk_image(code, size=IMAGE_BYTES):
    """A raw disk: the program, one partition over the rest, zeros.

    ``code``: the program as linked at the boot sector's address; its
    first PARTITION_TABLE bytes are the boot code, the bytes up to the end
    of that sector must be zeros (the partition table goes there), the
    rest fills the sectors after it. Glance's safety checks refuse a raw
    image whose MBR has a boot signature but an empty partition table.
    """
    if len(code) > SECTOR and any(code[PARTITION_TABLE:SECTOR]):
        raise ValueError('the boot code runs into the partition table')
    boot_code, rest = code[:SECTOR].rstrip(b'\0'), code[SECTOR:]
    if len(boot_code) > PARTITION_TABLE:
        raise ValueError('boot code of %d bytes does not fit the %d bytes '
                         'before the partition table' % (
                             len(boot_code), PARTITION_TABLE))
    if SECTOR + len(rest) > FIRST_PARTITION_SECTOR * SECTOR:
        raise ValueError('a program of %d bytes does not fit before the '
                         'partition (sector %d)' % (
                             len(code), FIRST_PARTITION_SECTOR))
    sectors = size // SECTOR
    mbr = bytearray(SECTOR)
    mbr[:len(boot_code)] = boot_code
    # status, CHS first (unused), type, CHS last (unused), first LBA, count
    mbr[PARTITION_TABLE:PARTITION_TABLE + 16] = struct.pack(
        '<B3sB3sII', 0, b'\0' * 3, LINUX_PARTITION, b'\0' * 3,
        FIRST_PARTITION_SECTOR, sectors - FIRST_PARTITION_SECTOR)
    mbr[510:512] = b'\x55\xaa'
    return bytes(mbr) + rest + b'\0' * (size - SECTOR - len(rest))


def assemble(source=SOURCE, busy=False):
    """The program, linked at the boot sector's address (binutils)."""
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
