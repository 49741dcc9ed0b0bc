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

"""Compute drivers: how the cloud's nova-compute hosts run.

A driver is a package (or module) of this package with a ``DRIVERS``
mapping of names to ComputeDriver classes (base.py), and everything only it
needs beside it: fake/ (nova's fake driver), libvirt/ (real QEMU guests).
MINICLOUD_DRIVER picks one by name (default ``auto``: libvirt where this
machine can run it, else fake; config.machine_driver). Adding a driver is
adding a package here.
"""

import importlib
import pkgutil

from minicloud import errors


def known():
    """{name: driver class} of every driver module of this package."""
    found = {}
    for module in pkgutil.iter_modules(__path__):
        if module.name != 'base':
            found.update(importlib.import_module(
                '%s.%s' % (__name__, module.name)).DRIVERS)
    return found


def select(name):
    """The driver called ``name``; an error naming the known ones."""
    drivers = known()
    if name not in drivers:
        raise errors.MinicloudError(
            'MINICLOUD_DRIVER=%r is not a compute driver of minicloud; the '
            'known ones are: %s' % (name, ', '.join(sorted(drivers))))
    return drivers[name]()
