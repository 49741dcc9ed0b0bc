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

"""Unit tests of harness/leaks.py: the leak census of a run."""

from unittest import mock

from harness import leaks
import testtools


class TestCleanUp(testtools.TestCase):

    def test_the_cleanup_of_a_cut_short_run_never_raises(self):
        from migration_tempest_plugin import census

        said = []
        with mock.patch.object(census, 'cleanup', autospec=True,
                               side_effect=RuntimeError('409 conflict')):
            leaks.clean_up(mock.sentinel.conn, 'tempest', [], say=said.append)
        self.assertEqual(['minicloud: the cleanup of the cut-short run '
                          'failed: 409 conflict'], said)
