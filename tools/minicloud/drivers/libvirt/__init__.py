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

"""nova's libvirt driver: real QEMU guests on compute hosts in namespaces.

Modules:
  driver       the ComputeDriver (drivers/base.py) of this package
  hosts        the hosts: namespaces, network, libvirtd and sshd
  host_files   their ssh keys and configs (templates/libvirt/)
  kvm          nova's virt_type: kvm where a guest boots on KVM, else qemu
  guest_image  the guests' heartbeat image (guest/heartbeat.S)
  faults       faults on one server of one host, for failed moves
"""

from minicloud.drivers.libvirt import driver

DRIVERS = driver.DRIVERS
