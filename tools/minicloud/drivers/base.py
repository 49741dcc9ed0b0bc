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

"""The interface every compute driver implements."""

import os

from minicloud import errors
from minicloud import health
from minicloud import processes
from minicloud import services


class ComputeDriver(object):
    """How a compute host is prepared, configured, started and stopped.

    A compute is one nova-compute process per host of COMPUTE_HOSTS, with
    nova.conf and its host's own file (etc/nova/<host>.conf), no database
    connection (config.NOVA_CONTROL_CONFIGS).
    """

    name = None

    def missing_debian_packages(self):
        """Debian packages the driver needs that are not installed."""
        return []

    def prepare(self, settings):
        """Make the server venv and host ready; before any compute starts."""

    def compute_options(self, settings, host):
        """{section: {option: value}} of the host's nova-compute config."""
        raise NotImplementedError

    def tempest_options(self):
        """{section: {option: value}} of tempest.conf: what guests can do."""
        raise NotImplementedError

    def image(self, settings):
        """(bytes, {property: value}) of the servers' image.

        The fake driver never reads it: one MiB of zeros is an image.
        """
        return b'\0' * (1 << 20), {}

    def extra_images(self, settings):
        """{image ID: (name, bytes, {property: value})} of other images."""
        return {}

    def service(self, settings, host):
        """The host's nova-compute, from the venv it runs from."""
        nova = os.path.join(settings.etc_dir, 'nova')
        return services.Service(host, health.ProcessProbe(), [
            os.path.join(services.compute_venv(settings, host), 'bin',
                         'nova-compute'),
            '--config-file', os.path.join(nova, 'nova.conf'),
            '--config-file', os.path.join(nova, host + '.conf'),
            '--log-file', settings.log(host)])

    def start(self, settings, host):
        """Start the host's compute unless it runs; True if it was started."""
        return services.start_unless_running(settings,
                                             self.service(settings, host))

    def stop(self, settings, hosts, grace=10):
        """Stop the computes of ``hosts``; return when they are gone.

        ``grace``: seconds between SIGTERM and SIGKILL (0: they die).
        """
        processes.stop_processes(settings, list(hosts), grace)

    def status_lines(self, settings):
        """Lines ``status`` prints about the compute hosts."""
        return ['compute driver: %s' % self.name]

    def host_processes(self, settings):
        """Processes of the hosts that name no path of the state dir."""
        return []

    def teardown(self, settings):
        """Remove what prepare set up; the computes are stopped."""

    def leftovers(self, settings):
        """What of the hosts exists when nothing should, as text lines.

        Processes, network namespaces, links: what ``teardown`` removes.
        """
        return []

    def namespaces(self, settings):
        """{network namespace of a host: addresses it may listen on}."""
        return {}

    def faults(self):
        """Names of the faults this driver can put on a host, sorted.

        The plugin's failed-move tests ask for them by name ([migration]
        faults, fault_command, heal_command).
        """
        return []

    def put_fault(self, settings, host, fault, server):
        """Put ``fault`` on ``host`` (for ``server`` where it is per server).

        Returns True when the host's nova-compute must restart for it to
        take effect (host_faults restarts it).
        """
        raise errors.MinicloudError('the %s driver has no fault %s'
                                    % (self.name, fault))

    def heal_fault(self, settings, host, fault, server):
        """Undo ``put_fault``; True when nova-compute must restart."""
        raise errors.MinicloudError('the %s driver has no fault %s'
                                    % (self.name, fault))
