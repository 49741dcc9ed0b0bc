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

"""minicloud's command line: python -m minicloud COMMAND."""

import argparse
import sys

import minicloud
from minicloud import cloud
from minicloud import config
from minicloud import drivers
from minicloud import errors
from minicloud import status


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog='python -m minicloud',
        description=minicloud.__doc__.split('\n\n')[0],
        epilog='Environment: MINICLOUD_STATE_DIR (default <repo>/.minicloud)'
               ', MINICLOUD_PORT_BASE (default %d), MINICLOUD_DRIVER '
               '(compute driver, default %s; known: %s), MINICLOUD_TIMEOUT '
               '(seconds per wait, default 180), MINICLOUD_KEEP=1 (a run '
               'such as python -m e2e leaves the cloud up).' % (
                   config.DEFAULT_PORT_BASE, config.DEFAULT_DRIVER,
                   ', '.join(sorted(drivers.known()))))
    commands = parser.add_subparsers(dest='command', required=True)
    commands.add_parser('up', help='bring the cloud up (idempotent)')
    down_parser = commands.add_parser('down', help='stop every process')
    down_parser.add_argument('--purge', action='store_true',
                             help='also delete the state (not the venv)')
    commands.add_parser('status', help='each service, pid, port, health')
    commands.add_parser('tempest-conf', help='print the tempest.conf path')
    commands.add_parser('clouds-yaml', help='print the clouds.yaml path')
    commands.add_parser('openrc', help='print shell exports for the CLI')
    for name in ('compute-stop', 'compute-start'):
        sub = commands.add_parser(name, help='%s the nova-compute of HOST' %
                                  name.split('-')[1])
        sub.add_argument('host', choices=config.COMPUTE_HOSTS)
    for name, what in (('fault', 'put FAULT on HOST'),
                       ('heal', 'undo FAULT on HOST')):
        sub = commands.add_parser(name, help=what + ' (the failed-move '
                                  'tests\' [migration] fault_command and '
                                  'heal_command)')
        sub.add_argument('host', choices=config.COMPUTE_HOSTS)
        sub.add_argument('fault', help="one of the compute driver's faults "
                         '(the generated tempest.conf lists them in '
                         '[migration] faults)')
        sub.add_argument('--server', help='the server the fault is for '
                         '("none": the whole host)')
    args = parser.parse_args(argv)
    try:
        settings = config.Settings()
        if args.command == 'status':
            return status.status(settings)
        if args.command == 'tempest-conf':
            print(settings.tempest_conf)
        elif args.command == 'clouds-yaml':
            print(settings.clouds_yaml)
        elif args.command == 'openrc':
            with open(settings.openrc) as f:
                sys.stdout.write(f.read())
        else:
            with cloud.state_lock(settings):
                if args.command == 'up':
                    cloud.up(settings)
                elif args.command == 'down':
                    cloud.down(settings, args.purge)
                elif args.command == 'compute-stop':
                    cloud.compute_stop(settings, args.host)
                elif args.command == 'compute-start':
                    cloud.compute_start(settings, args.host)
                elif args.command in ('fault', 'heal'):
                    action = (cloud.put_fault if args.command == 'fault'
                              else cloud.heal_fault)
                    action(settings, args.host, args.fault,
                           None if args.server == 'none' else args.server)
    except errors.MinicloudError as e:
        print('minicloud: error: %s' % e, file=sys.stderr)
        return 1
    except FileNotFoundError as e:
        print('minicloud: error: %s (is the cloud up?)' % e, file=sys.stderr)
        return 1
    return 0
