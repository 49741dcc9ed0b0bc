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

"""Where a run's CPU time went: each service of the cloud, and the rest.

Whether a suite is held up by the machine's cores or by waiting on the
cloud decides which lever makes it faster; the line this module prints
says how busy the cores were and which services kept them busy.
"""

import psutil

from harness import sampling
from minicloud import processes
from minicloud import topology

THE_RUN = 'tempest run'
HOSTS = 'hosts and guests'
ELSEWHERE = 'rest of the machine'
# Services named on the line; the others are summed.
SHOWN = 10


def cloud_labels(settings, driver):
    """{pid: service name} of the cloud's processes, as running now.

    A service's descendants (uWSGI workers, privsep helpers) are its own;
    the driver's host processes (libvirt, QEMU) are the hosts'.
    """
    labels = {}
    for service in topology.all_services(settings):
        pid = processes.PidFile(settings, service.name).alive_pid()
        if pid is not None:
            for process in processes.tree(pid):
                labels[process.pid] = service.name
    for process in driver.host_processes(settings):
        labels.setdefault(process.pid, HOSTS)
    return labels


def busy_seconds(times):
    """CPU seconds of psutil.cpu_times() spent on anything but idling."""
    return sum(times) - times.idle - getattr(times, 'iowait', 0.0)


class CpuUse(sampling.PeriodicSampler):
    """CPU seconds each service used within a with block.

    Every ``interval`` seconds each process's user and system seconds are
    read and labelled: a cloud's service by ``labeller()`` (read again
    each time: computes stop and start), else this process's descendants
    (tempest and its workers) as the run, else the rest of the machine.
    A process that was running when the block began counts from then; one
    that lived between two samples is not seen, and counts only in the
    machine's busy time.
    """

    def __init__(self, labeller, interval=5.0, process_iter=None,
                 cpu_times=psutil.cpu_times, own_pids=None,
                 cpu_count=psutil.cpu_count):
        super().__init__(interval)
        self.labeller = labeller
        self.process_iter = process_iter or (
            lambda: psutil.process_iter(['cpu_times', 'create_time']))
        self.cpu_times = cpu_times
        self.own_pids = own_pids or (lambda: {
            child.pid for child in psutil.Process().children(
                recursive=True)})
        self.cores = cpu_count()
        # {(pid, create time): seconds} at the first and the last look.
        self.first = {}
        self.last = {}
        self.labels = {}
        self.sampled = False
        self.started = None
        self.ended = None

    def sample(self):
        labels = self.labeller()
        own = self.own_pids()
        for process in self.process_iter():
            times = process.info.get('cpu_times')
            if times is None:
                continue
            key = (process.pid, process.info.get('create_time'))
            used = times.user + times.system
            # Seen first after the first look: it was born inside the block.
            self.first.setdefault(key, 0.0 if self.sampled else used)
            self.last[key] = used
            label = labels.get(process.pid) or (
                THE_RUN if process.pid in own else ELSEWHERE)
            if self.labels.get(key) in (None, THE_RUN, ELSEWHERE):
                self.labels[key] = label
        self.sampled = True

    def __enter__(self):
        self.started = self.cpu_times()
        # The first look is the block's start, whenever the thread runs.
        self.sample()
        return super().__enter__()

    def __exit__(self, *exc_info):
        super().__exit__(*exc_info)
        self.sample()
        self.ended = self.cpu_times()

    def by_label(self):
        """{label: CPU seconds}, most first."""
        used = {}
        for key, seconds in self.last.items():
            label = self.labels[key]
            used[label] = used.get(label, 0.0) + seconds - self.first[key]
        return dict(sorted(used.items(), key=lambda item: -item[1]))

    def line(self):
        """'cpu: ...': how busy the cores were, and by what."""
        wall = sum(self.ended) - sum(self.started)
        busy = busy_seconds(self.ended) - busy_seconds(self.started)
        # cpu_times sums every core: the block lasted wall / cores.
        used = self.by_label()
        shown = list(used.items())[:SHOWN]
        rest = sum(list(used.values())[SHOWN:])
        parts = ['%s %.0f' % item for item in shown]
        if rest:
            parts.append('%d others %.0f' % (len(used) - SHOWN, rest))
        parts.append('not seen %.0f' % max(0.0, busy - sum(used.values())))
        return ('cpu: %.0f s busy of %.0f (%d cores for %.0f s: %.0f%%); '
                'seconds by service: %s' % (
                    busy, wall, self.cores, wall / self.cores,
                    100.0 * busy / wall if wall else 0.0, ', '.join(parts)))
