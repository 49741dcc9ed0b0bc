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

"""Between two tempest runs: the cloud's health and the leak census.

Healthy: every service of the cloud runs and answers (as `minicloud
status` probes them), every compute is up, enabled and not forced down,
and no fault of the fake driver is left in place. The census
(harness.leaks, the plugin's) compares the cloud after a run with the
cloud before it, in the run's view (its prefix, its tempest log's
credentials) and the admin's.
"""

import detect
from harness import leaks
from minicloud import cloud
from minicloud import computes
from minicloud import config
from minicloud.drivers.fake import driver as fake_driver
from minicloud import health
from minicloud import processes
from minicloud import topology

from migration_tempest_plugin import census


class CloudNotClean(Exception):
    """The cloud is not as a run found it: the detect run cannot go on."""


def health_problems(settings, conn):
    """What is wrong with the cloud now, one line each; [] if healthy."""
    problems = []
    for service in topology.all_services(settings):
        state = health.health(settings, service)
        if state != 'ok':
            problems.append('%s: %s' % (service.name, state))
    found = computes.compute_services(conn)
    for host in config.COMPUTE_HOSTS:
        if not computes.is_up_and_enabled(found.get(host)):
            problems.append(computes.describe_computes(found, {host},
                                                       [host]))
    for host, faults in sorted(faults_left(settings).items()):
        problems.append('a fault is left in place on %s: %s' % (
            host, ', '.join('%s for %s' % (fault, ', '.join(servers))
                            for fault, servers in sorted(faults.items()))))
    return problems


def faults_left(settings):
    """{host: {fault: [server or '*']}} of the fake driver's faults.

    guests.FakeDriverWithFaults reads them, per server, from each host's
    fake-faults.json; a healed fault leaves the file, without it.
    """
    left = {}
    for host in config.COMPUTE_HOSTS:
        faults = fake_driver.read_faults(settings, host)
        if any(faults.values()):
            left[host] = {fault: servers for fault, servers in faults.items()
                          if servers}
    return left


def leaked(conn, before, prefix, log, settle):
    """{category: ids} of what is in the cloud that ``before`` was not.

    Deletions get up to ``settle`` seconds to end (no wait when nothing
    leaked).
    """
    after, found = census.settled_leaks(
        conn, prefix, before, settle, census.logged_credentials([log]))
    detect.say(census.census_line(before, after, found))
    return {category: ids for category, ids in found.items() if ids}


class Checks(object):
    """Health and census around the runs of one cloud."""

    # What a run with failures leaves is often the seeded bug (an
    # allocation nova forgot): a short settle, then the cleanup.
    FAILED_SETTLE = 20
    SETTLE = 120

    def __init__(self, settings):
        self.settings = settings
        self.conn = leaks.connect(settings)

    def census(self, prefix, log):
        """The census before the run of this prefix and tempest log."""
        return census.take(self.conn, prefix,
                           census.logged_credentials([log]))

    def after(self, run, before, failed):
        """Health and census after ``run``; {what: ids} it left, cleaned.

        After a run where every test passed anything left stops the detect
        run (CloudNotClean). A run where tests ``failed`` (a seeded run,
        most often) may leave what its tests could not clean up: it is
        returned (shown with the entry) once the cleanup took it away: the
        run's resources deleted (the census's cleanup), faults healed,
        computes started, cleared of forced_down and enabled; what is still
        there then stops the detect run.
        """
        problems = health_problems(self.settings, self.conn)
        found = leaked(self.conn, before, run.prefix, run.log,
                       self.FAILED_SETTLE if failed else self.SETTLE)
        if not (problems or found):
            return {}
        left = dict(found)
        if problems:
            left['health'] = problems
        if not failed:
            raise CloudNotClean('after %s: %s' % (run.name, describe(left)))
        detect.say('%s left %s: cleaning up' % (run.name, describe(left)))
        self.clean_up(run)
        problems = health_problems(self.settings, self.conn)
        found = leaked(self.conn, before, run.prefix, run.log, self.SETTLE)
        if problems or found:
            still = dict(found, **({'health': problems} if problems else {}))
            raise CloudNotClean('after %s and its cleanup: %s'
                                % (run.name, describe(still)))
        return left

    def clean_up(self, run):
        """What a seeded run left: its resources, faults, computes."""
        leaks.clean_up(self.conn, run.prefix, [run.log], say=detect.say)
        for host, faults in sorted(faults_left(self.settings).items()):
            for fault, servers in sorted(faults.items()):
                for server in servers:
                    cloud.heal_fault(self.settings, host, fault,
                                     None if server == '*' else server)
        for host in config.COMPUTE_HOSTS:
            if processes.PidFile(self.settings, host).alive_pid() is None:
                cloud.compute_start(self.settings, host)
        found = computes.compute_services(self.conn)
        for host in config.COMPUTE_HOSTS:
            answer = computes.restore_compute(self.conn, found.get(host))
            if answer:
                detect.say('%s: clearing forced_down, enabling: %s'
                           % (host, answer))


def describe(left):
    return '; '.join('%s: %s' % (what, ', '.join(map(str, ids)))
                     for what, ids in sorted(left.items()))
