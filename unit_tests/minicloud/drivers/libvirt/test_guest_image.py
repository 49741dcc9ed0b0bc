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

"""Unit tests of minicloud/drivers/libvirt/guest_image.py: the guests'
heartbeat image.
"""

import os
import struct
import tempfile

from minicloud.drivers.libvirt import guest_image
import testtools


class TestGuestImage(testtools.TestCase):

    def test_one_partition_and_the_boot_signature(self):
        image = guest_image.disk_image(b'\xeb\xfe', size=1 << 20)
        self.assertEqual(1 << 20, len(image))
        self.assertEqual(b'\xeb\xfe', image[:2])
        self.assertEqual(b'\x55\xaa', image[510:512])
        _status, kind, first, count = struct.unpack(
            '<B3xB3xII', image[446:462])
        # After the first track, where the program may go.
        self.assertEqual((0x83, 63, 2048 - 63), (kind, first, count))

    def test_the_program_after_the_boot_sector(self):
        code = b'\xeb\xfe' + b'\0' * 510 + b'stage 2'
        image = guest_image.disk_image(code, size=1 << 20)
        self.assertEqual(b'\x55\xaa', image[510:512])
        self.assertEqual(b'stage 2', image[512:519])

    def test_code_too_big_for_the_boot_sector(self):
        self.assertRaises(ValueError, guest_image.disk_image, b'\x90' * 447)
        self.assertRaises(ValueError, guest_image.disk_image,
                          b'\x90' * 447 + b'\0' * 65 + b'stage 2')

    def test_program_too_big_for_the_first_track(self):
        self.assertRaises(ValueError, guest_image.disk_image,
                          b'\x90' + b'\0' * 511 + b'\x90' * (62 * 512 + 1))

    def test_built_from_the_source(self):
        with tempfile.TemporaryDirectory() as work:
            path = guest_image.build(os.path.join(work, 'guest.img'))
            with open(path, 'rb') as f:
                data = f.read()
        self.assertEqual(guest_image.IMAGE_BYTES, len(data))
        # The boot sector loads the rest, which beats and answers.
        self.assertEqual(b'\x55\xaa', data[510:512])
        self.assertIn(b'MTPHB1 ', data[512:63 * 512])
        self.assertIn(b'MTPNET1 ', data[512:63 * 512])

    def test_the_busy_variant_adds_its_loop(self):
        plain = guest_image.assemble()
        busy = guest_image.assemble(busy=True)
        self.assertGreater(len(busy), len(plain))
        self.assertIn(b'MTPHB1 ', busy)
