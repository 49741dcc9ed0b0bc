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

"""Tempest's serial-class lock, with a waiting serial class served first.

Tempest runs a ``@decorators.serial`` class under the write side of an
interprocess reader-writer lock and every other class under its read side.
Both sides poll, so a serial class waits until no other class of any worker
holds the read side at a poll: with one worker going from class to class,
never until that worker's whole share of the run is done. Seen on the
embedded cloud: an evacuation class waited 470 s of a 1,220 s run while the
other worker ran eleven classes.

This lock keeps tempest's lock file, so tempest's own classes in the same
run still exclude ours, and adds a turnstile: a serial class holds it while
it waits for the write side, and every class passes through it before
taking the read side. A waiting serial class thus waits for the classes
already running only.

A test of a class that is not serial may also run alone for a while, for
the part of it that would break other tests' moves (a compute stopped):
it trades its class's read side for the write side and back.
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
            return rw_lock.acquire_write_lock()

    def release_write_lock(self):
        self._locks()[0].release_write_lock()

    def acquire_read_lock(self):
        rw_lock, turnstile = self._locks()
        with turnstile:
            pass
        return rw_lock.acquire_read_lock()

    def release_read_lock(self):
        self._locks()[0].release_read_lock()

    def trade_read_for_write(self):
        """Give up the read side this class holds; take the write side.

        If the wait for the write side is cut short (a test timeout), the
        read side is taken again: the class still holds what tempest will
        release.
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
