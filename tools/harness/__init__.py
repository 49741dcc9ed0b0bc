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

"""harness: what every run over the embedded cloud shares.

The runs (e2e, upgrade, bench, reliability, detect) each import minicloud
for the cloud, the plugin, and this package for the rest of a run; the
harness imports minicloud and the plugin, never a run, and minicloud never
imports it.

Modules:
  tempest_run    one tempest run: totals, statuses, the stream of that run
  judge          the plugin's verdict on a run, in a process of its own
  leaks          the leak census of a run (the plugin's census)
  secret_scan    passwords, tokens and auth headers a run let out
  sampling       a background thread that samples until its block ends
  cpu_use        CPU seconds of each service of the cloud during a run
  faults         faults injected into one test run in this process
  known_nova_bugs  nova bugs the suite shows here, counted apart
"""
