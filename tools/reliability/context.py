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

"""What every check of the reliability run shares: where it writes, the
cloud, its tempest.conf copies and tempest runs, the census.

Each part of the run (a suite run, an interrupted run, a fault, a bad
input) has a directory of its own under the run's, with its own
[DEFAULT] resource_name_prefix, tempest log, report file and stestr
repository, against the cloud's tempest.conf otherwise unchanged (same
lock_path, so the serial classes of other runs on this cloud still
exclude each other).
"""

import contextlib
import os
import re
import sys
import time

from harness import leaks
from harness import tempest_conf
from harness import tempest_run
from minicloud import cloud
from minicloud import config
from minicloud import errors
from minicloud import status


class Context(object):
    """The run's state: where it writes, the cloud, what it saw."""

    def __init__(self, runs, fault_timeout, settings):
        self.settings = settings
        self.runs = runs
        self.fault_timeout = fault_timeout
        self.stamp = time.strftime('%Y%m%d%H%M%S', time.gmtime())
        self.prefix = 'rel%s' % self.stamp
        self.workdir = os.path.join(settings.state_dir, 'reliability',
                                    self.stamp)
        self.cloud_output = os.path.join(self.workdir, 'minicloud-output.txt')
        os.makedirs(self.workdir, exist_ok=True)
        self.tempest_path = os.path.join(
            os.path.dirname(sys.executable), 'tempest')
        self.conn = None

    def say(self, text):
        print('reliability: %s' % text, flush=True)

    def cloud(self, action, *args):
        """A minicloud action on the cloud; returns what it returns.

        What it prints goes to a file of the run, for the secrets scan.
        """
        with open(self.cloud_output, 'a') as out, \
                contextlib.redirect_stdout(out):
            print('$ minicloud %s %s' % (action.__name__, ' '.join(args)))
            return action(self.settings, *args)

    def prepare(self):
        if self.cloud(status.status):
            self.say('bringing the embedded cloud up')
            try:
                with cloud.state_lock(self.settings):
                    self.cloud(cloud.up)
            except errors.MinicloudError as error:
                # A compute another run stopped for a while fails `up`.
                if not self.wait_healthy():
                    raise RuntimeError(
                        'the embedded cloud is not healthy (%s): see %s'
                        % (error, self.cloud_output))
        self.base_conf = self.settings.tempest_conf
        self.conn = leaks.connect(self.settings)

    def write_conf(self, part, changes=None):
        """A tempest.conf for one part: own prefix, log and report."""
        directory = os.path.join(self.workdir, part)
        os.makedirs(directory, exist_ok=True)
        prefix = '%s-%s' % (self.prefix, part)
        own = {('DEFAULT', 'resource_name_prefix'): prefix,
               ('DEFAULT', 'log_dir'): directory,
               ('DEFAULT', 'log_file'): 'tempest.log',
               ('migration', 'report_file'): os.path.join(
                   directory, 'report.jsonl')}
        own.update(changes or {})
        path = tempest_conf.write_copy(
            self.base_conf, os.path.join(directory, 'tempest.conf'), own)
        return path, prefix, os.path.join(directory, 'tempest.log')

    def tempest(self, conf, regex, concurrency=2):
        """The TempestRun of ``conf``, in the directory of its part."""
        directory = os.path.dirname(conf)
        return tempest_run.TempestRun(
            self.tempest_path, directory, conf, regex,
            concurrency=concurrency, env=self.settings.environ(),
            output_file=os.path.join(directory, 'tempest-run.txt'))

    def census(self, prefix, logs=()):
        return leaks.take(self.conn, prefix, logs)

    def leaks_since(self, before, prefix, logs=(), settle=120):
        """Leaks of the run's view, and of the admin's but for other runs.

        Other helpers' or CI's tempest runs may share this cloud.
        """
        return leaks.leaks_since(self.conn, before, prefix, logs, settle,
                                 excuse_other_runs=True, say=self.say)

    def servers_ever_named(self, prefix):
        """Names of servers, deleted or not, named with ``prefix``."""
        query = {'all_projects': True, 'name': '^%s-' % re.escape(prefix)}
        servers = list(self.conn.compute.servers(**query))
        servers += list(self.conn.compute.servers(deleted_only=True,
                                                  **query))
        return sorted(server.name for server in servers)

    def restart_stopped_computes(self):
        for host in config.COMPUTE_HOSTS:
            with contextlib.suppress(errors.MinicloudError), \
                    cloud.state_lock(self.settings):
                self.cloud(cloud.compute_start, host)

    def wait_healthy(self, timeout=180):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.cloud(status.status) == 0:
                return True
            time.sleep(5)
        return False

    def known_secrets(self):
        return list(config.load_secrets(self.settings).values())
