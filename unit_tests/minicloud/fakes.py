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

"""Settings and a driver of a cloud that is never started."""

from minicloud import config
from minicloud import drivers
from minicloud import topology

SECRETS = {'db_password': 'dbpw', 'rabbit_password': 'rbpw',
           'admin_password': 'adminpw', 'service_password': 'svcpw'}


def make_settings(**environ):
    environ.setdefault('MINICLOUD_STATE_DIR', '/srv/mc')
    environ.setdefault('MINICLOUD_DRIVER', 'fake')
    return config.Settings(environ)


def fake_driver():
    return drivers.select('fake')


def service_named(settings, name):
    return {s.name: s for s in topology.all_services(settings)}[name]
