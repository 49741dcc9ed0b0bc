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

"""A tempest.conf for unit tests: tempest's and the plugin's real options."""

import os
import tempfile

from oslo_config import cfg
from tempest import config as tempest_config

from migration_tempest_plugin import plugin


class TempestConf(object):
    """Reads groups as tempest's CONF does: compute_feature_enabled etc."""

    def __init__(self, conf):
        self._conf = conf

    def __getattr__(self, name):
        try:
            return self._conf[name]
        except cfg.NoSuchOptError:
            return self._conf[name.replace('_', '-')]


def load(text=''):
    """A TempestConf from the given tempest.conf text."""
    conf = cfg.ConfigOpts()
    for group, options in tempest_config._opts:
        tempest_config.register_opt_group(conf, group, options)
    plugin.MigrationTempestPlugin().register_opts(conf)
    fd, path = tempfile.mkstemp(suffix='.conf')
    with os.fdopen(fd, 'w') as conf_file:
        conf_file.write(text)
    try:
        conf(args=[], project='tempest', default_config_files=[path])
    finally:
        os.unlink(path)
    return TempestConf(conf)
