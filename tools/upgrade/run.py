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

"""The upgrade run from the first `up` to the last `down`."""

import argparse

from minicloud import cloud
from minicloud import config
from minicloud import errors
from minicloud import host as host_setup
from minicloud import services
import upgrade
from upgrade import figures
from upgrade import phases
from upgrade import rolling
from upgrade import settings as upgrade_settings


def run(tally, settings):
    old, new = settings.previous, settings.current
    upgrade_settings.check_own_state_dir(old)
    # The phases run outside the state lock, as e2e's tempest run does: the
    # evacuate tests' compute-stop and compute-start take it.
    try:
        with cloud.state_lock(old):
            upgrade_settings.reset(old)
            cloud.up(old)
            tally.from_version = host_setup.nova_version(old)
            cloud_secrets = config.load_secrets(old)
            # A compute that compute-start brings back runs the release
            # it ran.
            for name in config.COMPUTE_HOSTS:
                services.record_compute_venv(old, name)
        tally.progress('nova %s up; nova-compute service versions: %s' % (
            tally.from_version, rolling.compute_versions(old, cloud_secrets)))
        for name in phases.ROUNDS:
            phases.create_phase(old, tally, name)
        with cloud.state_lock(new):
            rolling.upgrade_control_plane(old, new, cloud_secrets, tally)
            tally.to_version = host_setup.nova_version(new)
            for host in rolling.EARLY_COMPUTES:
                rolling.upgrade_compute(new, cloud_secrets, host, tally)
        phases.verify_phase(new, tally, 'mixed')
        with cloud.state_lock(new):
            rolling.upgrade_compute(new, cloud_secrets, rolling.LAST_COMPUTE,
                                    tally)
            # Every compute runs the current release: restarted, nova's
            # services resolve "auto" to its RPC version, the computes
            # upgraded before the last too (they keep what they resolved).
            rolling.restart_nova_control(new, cloud_secrets)
            rolling.restart_computes(new, cloud_secrets,
                                     rolling.EARLY_COMPUTES)
        tally.progress('nova control services and %s restarted'
                       % ', '.join(rolling.EARLY_COMPUTES))
        phases.verify_phase(new, tally, 'upgraded')
    finally:
        if new.keep:
            print('upgrade: cloud left running (MINICLOUD_KEEP is set); '
                  'state: %s' % new.state_dir)
        else:
            with cloud.state_lock(new):
                cloud.down(new)


def main(argv=None):
    argparse.ArgumentParser(
        prog='python -m upgrade', description=upgrade.__doc__.split(
            '\n\n')[0],
        epilog='Environment: MINICLOUD_STATE_DIR (default %s), '
               'MINICLOUD_PORT_BASE (default %s), MINICLOUD_TIMEOUT, '
               'MINICLOUD_KEEP=1 (leave the cloud up).' % (
                   upgrade_settings.DEFAULT_STATE_DIR,
                   upgrade_settings.DEFAULT_PORT_BASE)).parse_args(argv)
    tally = figures.Tally()
    code = 0
    try:
        run(tally, upgrade_settings.UpgradeSettings())
    except errors.MinicloudError as error:
        # On stdout, so that it comes before the final line.
        print('upgrade: error: %s' % error, flush=True)
        tally.failures += 1
    if tally.failures:
        code = 1
    print(tally.line(), flush=True)
    return code
