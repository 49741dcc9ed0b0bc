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

"""Reliability run of the plugin on the embedded cloud (tox -e reliability).

1. The whole suite K times (RELIABILITY_RUNS, default 10) at concurrency 2.
2. Interrupted runs, one per move kind (interrupted.INTERRUPTED_RUNS):
   tempest killed mid-move with SIGTERM or SIGKILL; the documented cleanup
   command; a census must find nothing left.
3. Faults: the destination nova-compute stopped during a live and a cold
   migration; the test must fail within its move timeout naming the cause,
   leave nothing, and the cloud must be healthy again.
4. Bad tempest.conf inputs (bad_inputs.BAD_INPUTS), each run through
   tempest: a skip or error naming the option, and no server ever
   created.
5. The census before/after everything, and a scan of every file the runs
   wrote for passwords, tokens and auth headers.

It ends with one line:
reliability: runs=K failures=n leaks=n interrupted_leaks=n
faults_diagnosed=x/y faults_timed_out=n bad_inputs=x/y

Everything it writes goes under <state dir>/reliability/<start time>/
(the state dir of the cloud: <repo>/.minicloud by default).
Each part runs with its own [DEFAULT] resource_name_prefix, tempest log
and report file, in its own tempest workspace, against the cloud's
tempest.conf otherwise unchanged (same lock_path, so the serial classes
of other runs on this cloud still exclude each other).

Modules:
  context          where the run writes, the cloud, tempest runs, census
  plugin_tests     the plugin's tests the checks run
  repeated         1. the suite again and again
  interrupted      2. runs killed mid-move, and the cleanup
  compute_faults   3. a move's destination compute stopped
  fault_injection  ... in one test, in a process of its own
  bad_inputs       4. bad tempest.conf inputs
  run              the run, the secrets scan and the final line
"""
