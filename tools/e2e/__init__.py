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

"""e2e: the plugin's suite end to end on the embedded cloud.

Brings the cloud up (tools/minicloud), runs the plugin's tests in tempest
against it, prints tempest's summary and the plugin's report, takes the
leak census and the secrets scan, judges the run with the plugin's verdict
and brings the cloud down (unless MINICLOUD_KEEP=1 or it was up before).
It ends with the line

e2e: driver=<driver> expected=<n> passed=<n> failed=<n> skipped=<n>
unexpected_skips=<n> not_run=<n>

Modules:
  cli      python -m e2e [--regex R] [--concurrency N]
  run      the cloud's lifecycle around the run, the run and its verdict
  checks   the leak census, the secrets scan, the cloud's listeners
  report   the plugin's report of the run
"""
