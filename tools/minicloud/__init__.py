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

"""minicloud: a real three-compute OpenStack on this machine.

Keystone, Placement, Glance, Neutron (ML2/OVN: minicloud/ovn) and Nova with
three nova-compute services (hosts compute1 and compute2 in zone az1,
compute3 in az2; on nova's fake driver, or on its libvirt driver with real
QEMU guests: MINICLOUD_DRIVER picks one), over the cloud's own MariaDB and
RabbitMQ. Everything lives under the state directory (default: .minicloud/
at the repository root): configuration, databases, logs, the server venv
and a tempest workspace.

The package runs with the tox env's Python: openstacksdk for every API
call, psutil for processes, the plugin's scrubbing and report table (the
census and the secrets check of the e2e run use the plugin too); the
OpenStack services run from their own venv, installed from PyPI at the
versions pinned in constraints.txt next to this file.

Modules, each importing only those above it:
  errors, config        the error; settings (paths, ports, names, secrets)
  files, template       files written once; text from a template
  processes             pid files, start, stop, ports
  health, services      probes per kind of service; one service started
  drivers               the compute driver seam (drivers/base.py) and the
                        drivers, each a package with what only it needs:
                        fake/ (nova's fake driver), libvirt/ (real guests)
  ovn                   the network backend: OVN databases, northd, chassis
  topology, render      every service in start order; their config files
  host, database        Debian packages and the server venv; MariaDB
  api, bootstrap        openstacksdk connection; identity, catalog, image
  computes, workspace   computes as nova sees them; the tempest workspace
  cloud, status         up, down, compute-stop, compute-start; status
  cli                   the commands: python -m minicloud COMMAND

The runs over the cloud (e2e, upgrade, bench, reliability, detect) and what
they share (harness) are packages beside this one; none is imported here.
"""
