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

"""The e2e run's command line: python -m e2e [--regex R] [--concurrency N]."""

import argparse
import sys

import e2e
from e2e import run
from minicloud import config
from minicloud import errors


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog='python -m e2e', description=e2e.__doc__.split('\n\n')[0],
        epilog='Environment: those of python -m minicloud '
               '(MINICLOUD_STATE_DIR, MINICLOUD_PORT_BASE, MINICLOUD_DRIVER, '
               'MINICLOUD_TIMEOUT), and MINICLOUD_KEEP=1: leave the cloud '
               'up.')
    parser.add_argument('--regex', default=r'^migration_tempest_plugin\.',
                        help='tests to run (default: %(default)s)')
    parser.add_argument('--concurrency', type=int, default=0,
                        help='tempest workers (default: tempest\'s)')
    args = parser.parse_args(argv)
    try:
        return run.e2e(config.Settings(), args.regex, args.concurrency)
    except errors.MinicloudError as e:
        print('e2e: error: %s' % e, file=sys.stderr)
    except FileNotFoundError as e:
        print('e2e: error: %s (is the cloud up?)' % e, file=sys.stderr)
    return 1
