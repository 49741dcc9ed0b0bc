#!/bin/bash
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

# The plugin's two-phase upgrade validation as grenade resource phases:
#
# Each tempest run is judged as every job judges its own
# (playbooks/verdict.yaml): the plugin's verdict on that run's subunit
# stream fails the phase unless every test tempest.conf says must run
# passed, so a test that skipped fails it too.
#
#   create              on the old release: tempest runs the create phase
#                       ([migration] upgrade_phase = create), which makes
#                       siblings in one request per move kind and records
#                       them in a state file
#   verify pre-upgrade  checks the state file records siblings
#   verify_noapi        nothing to check without the APIs
#   verify post-upgrade tempest runs the verify phase: every recorded
#                       sibling is checked unchanged, moved by the upgraded
#                       cloud, then deleted with the state file
#   destroy             if a state file is left (no verify phase ran to its
#                       end), tempest runs the destroy phase, which deletes
#                       what it records
#
# Outside grenade (tools/upgrade, tox -e upgrade, runs this script too) the
# environment says where things are:
#   MIGRATION_TEMPEST_CONF  tempest.conf of the cloud (grenade: the old
#                           side's, which stays valid after the upgrade)
#   MIGRATION_WORK_DIR      state file, phase configs, tempest's run dir
#                           (grenade: under SAVE_DIR, kept across sides)
#   MIGRATION_TEMPEST       tempest command with the plugin installed; the
#                           stestr and python beside it run the verdict
#                           (default: a virtualenv made in the work dir with
#                           Tempest and this checkout of the plugin)
#   MIGRATION_TEMPEST_SOURCE  what pip installs Tempest from (default: the
#                           release on PyPI; grenade: the old side's
#                           checkout, as DevStack installs it)
#   MIGRATION_CONSTRAINTS   pip constraints of that virtualenv (default:
#                           this checkout's upper-constraints.txt; grenade:
#                           the old side's openstack/requirements)

set -o errexit

if [[ -n "${GRENADE_DIR:-}" ]]; then
    source "$GRENADE_DIR/grenaderc"
    MIGRATION_TEMPEST_CONF=${MIGRATION_TEMPEST_CONF:-$BASE_RELEASE_DIR/tempest/etc/tempest.conf}
    MIGRATION_WORK_DIR=${MIGRATION_WORK_DIR:-$SAVE_DIR/migration-tempest-plugin}
    MIGRATION_TEMPEST_SOURCE=${MIGRATION_TEMPEST_SOURCE:-$BASE_RELEASE_DIR/tempest}
    MIGRATION_CONSTRAINTS=${MIGRATION_CONSTRAINTS:-$BASE_RELEASE_DIR/requirements/upper-constraints.txt}
fi

set -o nounset
set -o pipefail

PLUGIN_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
MIGRATION_TEMPEST_SOURCE=${MIGRATION_TEMPEST_SOURCE:-tempest}
MIGRATION_CONSTRAINTS=${MIGRATION_CONSTRAINTS:-$PLUGIN_DIR/upper-constraints.txt}
TESTS='^migration_tempest_plugin\.tests\.scenario\.test_upgrade\.'
STATE_FILE=${MIGRATION_WORK_DIR:?MIGRATION_WORK_DIR is not set}/siblings.json

function say {
    echo "migration-tempest-plugin: $*"
}

function check_tempest_conf {
    if [[ ! -f "${MIGRATION_TEMPEST_CONF:?MIGRATION_TEMPEST_CONF is not set}" ]]; then
        say "no tempest.conf at $MIGRATION_TEMPEST_CONF (MIGRATION_TEMPEST_CONF)" >&2
        exit 1
    fi
}

# The tempest command, with a virtualenv of its own unless one is given.
function tempest_command {
    if [[ -n "${MIGRATION_TEMPEST:-}" ]]; then
        echo "$MIGRATION_TEMPEST"
        return
    fi
    local venv=$MIGRATION_WORK_DIR/venv
    if [[ ! -x $venv/bin/tempest ]]; then
        say "installing tempest and the plugin in $venv" >&2
        local constraints=$MIGRATION_CONSTRAINTS
        if [[ -d $MIGRATION_TEMPEST_SOURCE ]]; then
            # A checkout of Tempest has a version of its own: unpin
            # Tempest, as DevStack does for its Tempest venv.
            constraints=$MIGRATION_WORK_DIR/constraints.txt
            grep -v '^tempest[=<>!~]' "$MIGRATION_CONSTRAINTS" >"$constraints"
        fi
        python3 -m venv "$venv" >&2
        "$venv/bin/pip" install --quiet -c "$constraints" \
            "$MIGRATION_TEMPEST_SOURCE" "$PLUGIN_DIR" >&2
    fi
    echo "$venv/bin/tempest"
}

# Run the tests of one phase with a copy of tempest.conf set for it.
function run_phase {
    local phase=$1
    local class=$2
    local conf=$MIGRATION_WORK_DIR/tempest-$phase.conf
    check_tempest_conf
    python3 - "$MIGRATION_TEMPEST_CONF" "$conf" "$phase" "$STATE_FILE" <<'PYTHON'
import configparser
import os
import sys

source, target, phase, state_file = sys.argv[1:]
parser = configparser.RawConfigParser(strict=False)
parser.optionxform = str
parser.read(source)
if not parser.has_section('migration'):
    parser.add_section('migration')
parser.set('migration', 'upgrade_phase', phase)
parser.set('migration', 'upgrade_state_file', state_file)
# The copy holds the admin password: only its owner may read it.
with open(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600),
          'w') as f:
    parser.write(f)
os.chmod(target, 0o600)
PYTHON
    local tempest
    tempest=$(tempest_command)
    local regex="$TESTS$class\."
    local run_dir=$MIGRATION_WORK_DIR/run
    # tempest run makes its .stestr.conf in the directory it runs in; a
    # fresh stestr repository holds this phase's run only.
    mkdir -p "$run_dir"
    rm -rf "$run_dir/.stestr"
    say "$phase phase: $tempest run --config-file $conf"
    local status=0
    (cd "$run_dir" &&
        "$tempest" run --config-file "$conf" --regex "$regex" \
            --concurrency 1) || status=$?
    judge_phase "$tempest" "$conf" "$regex" "$run_dir/$phase.subunit"
    return $status
}

# The plugin's verdict on the phase's run: exit status 1 unless every test
# the phase's tempest.conf says must run passed.
function judge_phase {
    local tempest=$1
    local conf=$2
    local regex=$3
    local stream=$4
    local bin
    bin=$(dirname "$tempest")
    (cd "$(dirname "$stream")" && "$bin/stestr" last --subunit >"$stream")
    "$bin/python" -m migration_tempest_plugin.verdict --config-file "$conf" \
        --regex "$regex" "$stream"
}

function recorded_count {
    python3 - "$STATE_FILE" <<'PYTHON'
import json
import sys

with open(sys.argv[1]) as f:
    groups = json.load(f)['groups']
print(sum(len(group['servers']) for group in groups.values()))
PYTHON
}

function create {
    mkdir -p "$MIGRATION_WORK_DIR"
    run_phase create SiblingsBeforeUpgradeTest
    if [[ ! -f $STATE_FILE ]]; then
        say "the create phase recorded nothing in $STATE_FILE" >&2
        exit 1
    fi
    say "recorded $(recorded_count) siblings in $STATE_FILE"
}

function verify {
    local when=${1:-post-upgrade}
    if [[ ! -f $STATE_FILE ]]; then
        say "no state file $STATE_FILE: run the create phase first" >&2
        exit 1
    fi
    if [[ $when == pre-upgrade ]]; then
        # The create phase checked them; they are moved after the upgrade.
        say "$(recorded_count) siblings recorded in $STATE_FILE"
        return
    fi
    run_phase verify SiblingsAfterUpgradeTest
}

function destroy {
    if [[ ! -f $STATE_FILE ]]; then
        say "nothing to delete: no state file $STATE_FILE"
        return
    fi
    run_phase destroy RecordedSiblingsCleanupTest
}

case ${1:-} in
    create)
        create
        ;;
    verify)
        verify "${2:-post-upgrade}"
        ;;
    verify_noapi)
        say "nothing to check without the APIs"
        ;;
    destroy)
        destroy
        ;;
    *)
        say "unknown phase '${1:-}': create, verify [pre-upgrade|post-upgrade], verify_noapi or destroy" >&2
        exit 1
        ;;
esac
