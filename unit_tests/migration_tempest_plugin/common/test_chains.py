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

import testtools

from migration_tempest_plugin.common import chains
from migration_tempest_plugin.tests.scenario import test_move_chains


class TestPathCovering(testtools.TestCase):

    def assertCoversOnce(self, pairs, path):
        self.assertEqual(sorted(pairs), sorted(chains.pairs_of(path)))

    def test_every_ordered_pair_of_four_kinds(self):
        kinds = chains.KINDS[:4]
        pairs = chains.every_ordered_pair(kinds)
        self.assertEqual(12, len(pairs))
        path = chains.path_covering(pairs)
        self.assertEqual(13, len(path))
        self.assertCoversOnce(pairs, path)

    def test_every_ordered_pair_of_all_kinds(self):
        pairs = chains.every_ordered_pair(chains.KINDS)
        self.assertCoversOnce(pairs, chains.path_covering(pairs))

    def test_pairs_with_a_hub(self):
        pairs = chains.pairs_with(chains.EVACUATE, chains.KINDS[:4])
        path = chains.path_covering(pairs)
        self.assertEqual(9, len(path))
        self.assertEqual(chains.EVACUATE, path[0])
        self.assertCoversOnce(pairs, path)

    def test_the_chains_of_the_tests_cover_every_pair(self):
        made = [pair for path in test_move_chains.CHAINS.values()
                for pair in chains.pairs_of(path)]
        wanted = chains.every_ordered_pair(chains.KINDS) + [
            pair for revert in chains.REVERTS
            for pair in chains.pairs_with(revert, chains.KINDS[:4])]
        self.assertEqual(sorted(wanted), sorted(made))

    def test_unbalanced_pairs_are_refused(self):
        error = self.assertRaises(ValueError, chains.path_covering,
                                  [('a', 'b'), ('a', 'c')])
        self.assertIn('a starts 2 pairs and ends 0', str(error))

    def test_disconnected_pairs_are_refused(self):
        self.assertRaises(ValueError, chains.path_covering,
                          [('a', 'b'), ('b', 'a'), ('c', 'd'), ('d', 'c')])

    def test_no_pairs(self):
        self.assertEqual([], chains.path_covering([]))
