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

"""Tempest's serial-class lock, with a waiting writer served first.

Tempest runs a ``@decorators.serial`` class under the write side of an
interprocess reader-writer lock and every other class under its read side.
Both sides poll, so a serial class waits until no other class of any worker
holds the read side at a poll: with one worker going from class to class,
never until that worker's whole share of the run is done. Seen on the
embedded cloud: an evacuation class waited 470 s of a 1,220 s run while the
other worker ran eleven classes.

This lock keeps tempest's lock file, so tempest's own classes in the same
run still exclude ours, and adds a turnstile: a writer holds it while it
waits for the write side, and every reader passes through it before
taking the read side. A waiting writer thus waits for the readers already
in only.

The plugin's classes that are not serial hold the read side test by test
(SiblingMoveTest), and a test that stops a compute takes the write side
for that part only: it trades its read side for the write side and back.
Taking the side this process holds, or giving back one it does not hold,
does nothing: the lock knows which side it holds.
"""

import os

from fasteners import process_lock
from oslo_concurrency import lockutils
from tempest import config

# Tempest's own lock file in [oslo_concurrency] lock_path.
RW_LOCK_NAME = 'tempest-serial-rw-lock'
TURNSTILE_NAME = 'migration-tempest-plugin-serial-turnstile'


class WriterFirstLock(object):
    """The interface tempest calls on ``serial_rw_lock``.

    Files are opened at first use: the lock path is tempest.conf's, read
    only once tempest runs.
    """

    def __init__(self, lock_dir=None):
        self._lock_dir = lock_dir
        self._rw_lock = None
        self._turnstile = None
        # 'read', 'write' or None: the side this process holds.
        self.held = None

    def _locks(self):
        if self._rw_lock is None:
            lock_dir = self._lock_dir or lockutils.get_lock_path(config.CONF)
            self._rw_lock = process_lock.InterProcessReaderWriterLock(
                os.path.join(lock_dir, RW_LOCK_NAME))
            self._turnstile = process_lock.InterProcessLock(
                os.path.join(lock_dir, TURNSTILE_NAME))
        return self._rw_lock, self._turnstile

    def acquire_write_lock(self):
        rw_lock, turnstile = self._locks()
        with turnstile:
            rw_lock.acquire_write_lock()
        self.held = 'write'

    def release_write_lock(self):
        if self.held == 'write':
            self._locks()[0].release_write_lock()
            self.held = None

    def acquire_read_lock(self):
        if self.held == 'read':
            return
        rw_lock, turnstile = self._locks()
        with turnstile:
            pass
        rw_lock.acquire_read_lock()
        self.held = 'read'

    def release_read_lock(self):
        if self.held == 'read':
            self._locks()[0].release_read_lock()
            self.held = None

    def trade_read_for_write(self):
        """Give up the read side; take the write side.

        If the wait for the write side is cut short (a test timeout), the
        read side is taken again.
        """
        self.release_read_lock()
        try:
            self.acquire_write_lock()
        except BaseException:
            self.acquire_read_lock()
            raise

    def trade_write_for_read(self):
        """Give up the write side; take the read side back."""
        self.release_write_lock()
        self.acquire_read_lock()
