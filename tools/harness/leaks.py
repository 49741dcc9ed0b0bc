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

"""The leak census around a tempest run on the cloud.

The plugin's census (migration_tempest_plugin.census) counts what
a run made; here it runs against this cloud's admin clouds.yaml entry.
The e2e run and tools/reliability take it the same way.
"""

CLOUD = 'minicloud'


def connect(settings):
    """An admin openstacksdk connection from the cloud's clouds.yaml."""
    import openstack
    from openstack.config import loader

    region = loader.OpenStackConfig(
        config_files=[settings.clouds_yaml], load_envvars=False).get_one(
            cloud=CLOUD)
    return openstack.connection.Connection(config=region)


def take(conn, prefix, tempest_logs=()):
    """The census of what ``prefix`` and the logged credentials name."""
    from migration_tempest_plugin import census

    return census.take(conn, prefix,
                       census.logged_credentials(list(tempest_logs)))


def clean_up(conn, prefix, tempest_logs=(), timeout=60, say=print):
    """Delete what a run cut short left; never raises (a teardown's step).

    The servers of its tests would otherwise stay in the cloud's state,
    taking room on the computes of every later run.
    """
    from migration_tempest_plugin import census

    try:
        census.cleanup(conn, prefix,
                       census.logged_credentials(list(tempest_logs)),
                       timeout=timeout, log=say)
    except Exception as e:  # the cloud must still go down
        say('minicloud: the cleanup of the cut-short run failed: %s' % e)


def leaks_since(conn, before, prefix, tempest_logs=(), settle=120,
                excuse_other_runs=False, say=print):
    """How many resources leaked since ``before``; says the census line.

    Deletions get up to ``settle`` seconds to end.
    """
    from migration_tempest_plugin import census

    after, leaks = census.settled_leaks(
        conn, prefix, before, settle,
        census.logged_credentials(list(tempest_logs)),
        excuse_other_runs=excuse_other_runs)
    say(census.census_line(before, after, leaks))
    for category, ids in leaks.items():
        if ids:
            say('census: leaked %s: %s' % (category, ', '.join(ids)))
    return census.total(leaks)
