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

"""nova's fake driver: guests that exist in nova-compute only.

Modules:
  driver   the ComputeDrivers (drivers/base.py) of this package
  guests   nova's fake driver with guests that outlive a restart, copied
           into the server venv as nova/virt/minicloud_fake.py
  ports    its guests' ports plugged into their host's OVN chassis, copied
           beside it as nova/virt/minicloud_fake_ports.py
"""

from minicloud.drivers.fake import driver

DRIVERS = driver.DRIVERS
