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

import threading

from harness import sampling
import testtools


class CountingSampler(sampling.PeriodicSampler):

    def __init__(self, interval, stop_after):
        super().__init__(interval)
        self.samples = 0
        self.stop_after = stop_after
        self.reached = threading.Event()

    def sample(self):
        self.samples += 1
        if self.samples >= self.stop_after:
            self.reached.set()


class TestPeriodicSampler(testtools.TestCase):

    def test_samples_until_the_block_ends(self):
        with CountingSampler(interval=0.01, stop_after=3) as sampler:
            self.assertTrue(sampler.reached.wait(10))
        stopped_at = sampler.samples
        self.assertGreaterEqual(stopped_at, 3)
        self.assertFalse(sampler._thread.is_alive())
        self.assertEqual(stopped_at, sampler.samples)

    def test_a_short_block_still_samples_once(self):
        with CountingSampler(interval=60, stop_after=1) as sampler:
            self.assertTrue(sampler.reached.wait(10))
        self.assertEqual(1, sampler.samples)
