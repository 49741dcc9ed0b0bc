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

On one embedded cloud (tools/minicloud; a running one is reused, none is
brought up more than once), the whole suite first runs on the pristine
nova and must pass. Then, for each entry of the catalogue
(tools/detect/catalogue/lp<bug>.patch): nova's own test of the bug proves
the seed live (liveness; a dead seed is reported, never a miss), the patch
puts the bug back into the cloud's nova, the services that load the patched
modules restart, the WHOLE suite runs in a fresh stestr repository, the
patch is reverted (each file checked byte-identical) and the services
restart; the cloud's health and the leak census must hold; the tests that
failed run again on the pristine nova, and the entry is caught only by
those that pass there. A closing baseline ends the run. A start first
checks the venv's nova against its wheel's RECORD hashes and restores what
differs, so an interrupted run leaves nothing behind.

Each run is a shard, stored with the suite's commit and nova's version
(``--keep`` copies it into the repository, tools/detect/kept/);
``--merge`` merges the shards into one table, one ``detect:`` line and the
docs page doc/source/detection.rst.

Modules:
  entries      the catalogue's entries and which a run takes
  patches      a unified diff applied to nova's files and reverted
  record       nova's files checked against its wheel's RECORD
  nova_tests   nova's own functional tests in a venv of their own
  nova_runner  runs them, in that venv's python (never imported here)
  liveness     does a seed bring its bug back (python -m detect.liveness)
  services     the cloud of a driver, the nova services a patch touches
  checks       the cloud's health and the leak census between runs
  suite        the suite in tempest, whether a run stands, its proof
  verdicts     caught, missed, flaky, dead seed, error; the detect: line
  store        the shards of results, their stamp, their merge
  docs_page    the results table and doc/source/detection.rst
  run          one entry measured, between the baselines
  cli          python -m detect: a shard's run, --merge
"""


def say(text):
    print('detect: %s' % text, flush=True)
