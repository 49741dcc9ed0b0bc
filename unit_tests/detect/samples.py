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

"""A nova file, a catalogue entry's header and patch, tracebacks."""

import os

import fixtures

ORIGINAL = '''\
def confirm(migration):
    check(migration)
    delete_allocation(migration)
    notify(migration)


def revert(migration):
    check(migration)
    move_allocation(migration)
    notify(migration)
'''
PATCH = '''\
--- a/nova/compute/manager.py
+++ b/nova/compute/manager.py
@@ -1,5 +1,4 @@
 def confirm(migration):
     check(migration)
-    delete_allocation(migration)
     notify(migration)
<blank>
@@ -7,4 +6,4 @@
 def revert(migration):
     check(migration)
-    move_allocation(migration)
+    read_allocation(migration)
     notify(migration)
'''.replace('<blank>', ' ')  # a context line that is empty in the file
TEST = 'nova.tests.functional.regressions.test_bug_1234567.T.test_move'
OTHER = 'nova.tests.functional.test_servers.ServerMovingTests.test_x'
HEADER = '''\
Bug: 1234567
Breaks: confirming leaves the source allocation.
Fix: 0123abc Delete it
Reverts: nova/compute/manager.py confirm: the delete.

Proven-by: %s %s
Shows-with: healthy API; resize then confirm.
Author-note: a chain would see it.
''' % (TEST, OTHER)
ENTRY = HEADER + '\n' + PATCH
TRACEBACK_VERIFY = '''\
Traceback (most recent call last):
  File "/x/test_cold_migration.py", line 45, in test_cold_migrate
    self.migrate_and_confirm(moved, siblings)
migration_tempest_plugin.common.verification.MoveVerificationError: Move \
of server 5b1 from compute1 did not end as expected:
- allocations left under the migration 9c2: {'rp': {'VCPU': 1}}
What the cloud said:
server 5b1: ACTIVE on compute2
'''
TRACEBACK_FAILED = '''\
Traceback (most recent call last):
  File "/x/waiters.py", line 80, in wait_until
migration_tempest_plugin.common.waiters.WaitFailed: server 5b1 went to \
ERROR: NoValidHost: No valid host was found.
'''
TRACEBACK_TIMEOUT = '''\
Traceback (most recent call last):
  File "/x/waiters.py", line 88, in wait_until
migration_tempest_plugin.common.waiters.WaitTimeout: Request timed out
Details: server 5b1 to be ACTIVE: not done after 90 s (40 polls).
'''


def nova_site(test):
    """A site-packages with the nova file ORIGINAL: (its root, the file)."""
    site = test.useFixture(fixtures.TempDir()).path
    os.makedirs(os.path.join(site, 'nova', 'compute'))
    path = os.path.join(site, 'nova', 'compute', 'manager.py')
    with open(path, 'w') as f:
        f.write(ORIGINAL)
    return site, path
