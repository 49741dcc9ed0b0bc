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

"""Faults injected into one plugin test run in this process.

tools/reliability's fault runs and tools/bench/failed_move.py inject their
faults the same way: the test runs here against a tempest.conf of its own
(use_tempest_conf), and a compute is stopped and started through that
tempest.conf's [migration] compute_stop_command and compute_start_command,
the commands the evacuate tests run (the cloud's compute-stop and
compute-start), by the plugin's own compute_commands.
"""

import os
import unittest


def use_tempest_conf(path):
    """Make tempest, not yet configured in this process, read ``path``."""
    os.environ['TEMPEST_CONFIG_DIR'] = os.path.dirname(os.path.abspath(path))
    os.environ['TEMPEST_CONFIG'] = os.path.basename(path)


def _run_compute_command(option, host):
    from tempest import config

    from migration_tempest_plugin.common import compute_commands

    template = getattr(config.CONF.migration, option)
    timeout = float(config.CONF.migration.move_timeout
                    or config.CONF.compute.build_timeout)
    compute_commands.run_compute_command(
        template, host, '[migration] %s' % option, timeout)


def stop_compute(host):
    """Stop ``host``'s nova-compute; nova still shows it up for a while."""
    _run_compute_command('compute_stop_command', host)


def start_compute(host):
    """Start ``host``'s nova-compute; returns once nova shows it up."""
    _run_compute_command('compute_start_command', host)


def run_tests(tests, result):
    """Run a test id or test case class into ``result``; return result."""
    loader = unittest.defaultTestLoader
    suite = (loader.loadTestsFromName(tests) if isinstance(tests, str)
             else loader.loadTestsFromTestCase(tests))
    suite.run(result)
    return result
