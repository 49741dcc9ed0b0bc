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

"""upgrade: the plugin's upgrade validation on the embedded cloud.

Brings minicloud up at the previous release (constraints-previous.txt), runs
the plugin's create phase, upgrades the cloud in place as operators do
(control plane first: new venv, database migrations, nova's online data
migrations, restart; then the computes one by one, the last one left on the
previous release with [upgrade_levels] compute = auto), runs the verify
phase on that mixed cloud, upgrades the last compute, restarts nova's other
services (so that "auto" resolves to the current RPC version), runs the
verify phase again, and ends with one line:

upgrade: from=<nova> to=<nova> created_before=<n> moved_after=<n>
failures=<n> wall_s=<s>

Each verify run moves the siblings of its own create run, both made on the
previous release. The cloud has its own state dir and ports (settings.py),
so a minicloud running for development is not touched.

Modules:
  settings   the upgrade cloud: state dir, ports, driver, two releases
  phases     the plugin's phases through devstack/upgrade/resources.sh
  rolling    the control plane, then the computes one by one
  figures    the progress lines and the final line
  run        the run from the first `up` to the last `down`
"""
