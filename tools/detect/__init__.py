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

"""detect: which historic nova move regressions does the suite catch?

On one embedded cloud (tools/minicloud: a running one is reused), the whole
suite first runs on the pristine nova and must pass. Then, for each entry
of the catalogue (tools/detect/catalogue/lp<bug>.patch), the entry's patch
puts its bug back into the cloud's nova, the services that load the patched
modules restart, the WHOLE suite runs again, the patch is reverted (in a
``finally``), every patched file is checked byte-identical to before and the
services restart. A start first checks the venv's nova against its wheel's
RECORD hashes and restores what differs, so an interrupted run leaves
nothing behind.

Ends with the line ``detect: seeded=<n> caught=<n> missed=[...] ...``,
writes the table to ``<state dir>/detect/results.rst`` and the docs page
doc/source/detection.rst.

Modules:
  entries     the catalogue's entries (catalogue/lp<bug>.patch)
  patches     a unified diff applied to nova's files and reverted
  record      nova's files checked against its wheel's RECORD
  nova_tests  nova's own functional tests in a venv of their own
  nova_runner runs them, in that venv's python (never imported here)
  liveness    does a seed bring its bug back (python -m detect.liveness)
  services    the nova services that load a patched module; restarts
  checks      the cloud's health and the leak census between runs
  suite       the whole suite on the seeded nova, and its failures
  verdicts    caught, missed, timeout only: what a seeded run says
  store       what a run keeps under the cloud's state dir; its lock
  docs_page   the results table and doc/source/detection.rst
  run         the run, from the RECORD check to the docs page
"""


def say(text):
    print('detect: %s' % text, flush=True)
