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

"""The serial-class lock across real processes (file locks are per process)."""

import inspect
import multiprocessing
import os
import time
from unittest import mock

from fasteners import process_lock
import fixtures
from tempest import test as tempest_test
import testtools

from migration_tempest_plugin.common import serial_lock
from migration_tempest_plugin.tests import base

CONTEXT = multiprocessing.get_context('fork')
WAIT = 60  # seconds a step may take before the test gives up


def hold_read(lock_dir, order, held, release):
    lock = serial_lock.WriterFirstLock(lock_dir)
    lock.acquire_read_lock()
    order.put('first reader')
    held.set()
    release.wait(WAIT)
    lock.release_read_lock()


def write(lock_dir, order):
    lock = serial_lock.WriterFirstLock(lock_dir)
    lock.acquire_write_lock()
    order.put('serial class')
    lock.release_write_lock()


def read(lock_dir, order, trying):
    lock = serial_lock.WriterFirstLock(lock_dir)
    trying.set()
    lock.acquire_read_lock()
    order.put('later reader')
    lock.release_read_lock()


def trade(lock_dir, order, alone, share_again):
    """A test of a reader class that runs alone for a while."""
    lock = serial_lock.WriterFirstLock(lock_dir)
    lock.acquire_read_lock()
    lock.trade_read_for_write()
    order.put('alone')
    alone.set()
    share_again.wait(WAIT)
    order.put('back to sharing')
    lock.trade_write_for_read()
    lock.release_read_lock()


class TestWriterFirstLock(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.lock_dir = self.useFixture(fixtures.TempDir()).path
        self.order = CONTEXT.Queue()
        self.children = []
        self.addCleanup(self.reap)

    def reap(self):
        for child in self.children:
            child.join(WAIT)
            if child.is_alive():
                child.kill()

    def start(self, target, *args):
        child = CONTEXT.Process(target=target,
                                args=(self.lock_dir, self.order) + args)
        child.start()
        self.children.append(child)

    def turnstile_taken(self):
        turnstile = process_lock.InterProcessLock(
            os.path.join(self.lock_dir, serial_lock.TURNSTILE_NAME))
        if turnstile.acquire(blocking=False):
            turnstile.release()
            return False
        return True

    def test_waiting_serial_class_goes_before_a_later_reader(self):
        held, release, trying = (CONTEXT.Event(), CONTEXT.Event(),
                                 CONTEXT.Event())
        self.start(hold_read, held, release)
        self.assertTrue(held.wait(WAIT))
        self.start(write)
        for _ in range(WAIT * 100):  # until the serial class waits
            if self.turnstile_taken():
                break
            time.sleep(0.01)
        self.assertTrue(self.turnstile_taken())
        self.start(read, trying)
        self.assertTrue(trying.wait(WAIT))
        release.set()
        self.assertEqual(
            ['first reader', 'serial class', 'later reader'],
            [self.order.get(timeout=WAIT) for _ in range(3)])

    def test_a_reader_runs_alone_for_a_while(self):
        held, release = CONTEXT.Event(), CONTEXT.Event()
        alone, share_again, trying = (CONTEXT.Event(), CONTEXT.Event(),
                                      CONTEXT.Event())
        self.start(hold_read, held, release)
        self.assertTrue(held.wait(WAIT))
        self.start(trade, alone, share_again)
        for _ in range(WAIT * 100):  # until the trade waits
            if self.turnstile_taken():
                break
            time.sleep(0.01)
        self.assertFalse(alone.is_set())
        release.set()
        self.assertTrue(alone.wait(WAIT))
        self.start(read, trying)
        self.assertTrue(trying.wait(WAIT))
        share_again.set()
        # The later reader gets in only once the trade gave the write back.
        self.assertEqual(
            ['first reader', 'alone', 'back to sharing', 'later reader'],
            [self.order.get(timeout=WAIT) for _ in range(4)])

    def test_a_trade_cut_short_takes_the_read_side_again(self):
        lock = serial_lock.WriterFirstLock(self.lock_dir)
        rw_lock = mock.Mock()
        rw_lock.acquire_write_lock.side_effect = KeyboardInterrupt
        lock._rw_lock, lock._turnstile = rw_lock, mock.MagicMock()
        lock.held = 'read'
        self.assertRaises(KeyboardInterrupt, lock.trade_read_for_write)
        self.assertEqual(['release_read_lock', 'acquire_write_lock',
                          'acquire_read_lock'],
                         [call[0] for call in rw_lock.method_calls])
        self.assertEqual('read', lock.held)

    def test_a_side_is_taken_and_given_back_once(self):
        # Tempest takes and gives back the read side per class, the
        # plugin's classes per test as well.
        lock = serial_lock.WriterFirstLock(self.lock_dir)
        rw_lock = mock.Mock()
        lock._rw_lock, lock._turnstile = rw_lock, mock.MagicMock()
        lock.release_read_lock()
        lock.acquire_read_lock()
        lock.acquire_read_lock()
        lock.release_write_lock()
        lock.release_read_lock()
        lock.release_read_lock()
        self.assertEqual(['acquire_read_lock', 'release_read_lock'],
                         [call[0] for call in rw_lock.method_calls])
        self.assertIsNone(lock.held)

    def test_readers_share_the_lock(self):
        held, release = CONTEXT.Event(), CONTEXT.Event()
        self.start(hold_read, held, release)
        self.assertTrue(held.wait(WAIT))
        trying = CONTEXT.Event()
        self.start(read, trying)
        # The second reader gets in while the first still holds it.
        self.assertEqual('first reader', self.order.get(timeout=WAIT))
        self.assertEqual('later reader', self.order.get(timeout=WAIT))
        release.set()

    def test_locks_the_file_tempests_own_classes_lock(self):
        self.assertIn(repr(serial_lock.RW_LOCK_NAME), inspect.getsource(
            tempest_test.BaseTestCase.setUpClass))
        self.assertIsInstance(base.SiblingMoveTest.serial_rw_lock,
                              serial_lock.WriterFirstLock)
