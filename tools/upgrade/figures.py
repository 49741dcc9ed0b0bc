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

"""The figures of the upgrade run: its progress lines and its final line."""

import time


class Tally(object):
    """The figures of the final line."""

    def __init__(self):
        self.started = time.monotonic()
        self.from_version = self.to_version = '-'
        self.created_before = 0
        self.moved_after = 0
        self.failures = 0

    def line(self):
        return ('upgrade: from=%s to=%s created_before=%d moved_after=%d '
                'failures=%d wall_s=%.0f' % (
                    self.from_version, self.to_version, self.created_before,
                    self.moved_after, self.failures,
                    time.monotonic() - self.started))

    def progress(self, what):
        print('upgrade: %5.0f s %s' % (time.monotonic() - self.started,
                                       what), flush=True)
