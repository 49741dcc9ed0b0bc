#!/bin/bash
# Regenerate pinned versions from a fresh venv: pip install the top-level
# requirements (latest releases unless the target says otherwise), require
# `pip check` to pass, and write `pip freeze` under the file's header.
#
#   tools/update-constraints.sh          upper-constraints.txt: what the
#                                        plugin's tox environments install
#                                        (requirements, test and doc
#                                        requirements, the tools package)
#   tools/update-constraints.sh server   tools/minicloud/constraints.txt:
#                                        the embedded cloud's server venv
#
# tools/minicloud/constraints-previous.txt (the upgrade run's previous
# release) is not made here: its header says how (a dated install).
# Review the diff and run tox (and tox -e upgrade for the server pins)
# before committing it.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
target=${1:-plugin}
python=${PYTHON:-python3}
venv=$(mktemp -d)
trap 'rm -rf "$venv"' EXIT

case "$target" in
plugin)
    output=$root/upper-constraints.txt
    header='# Versions the plugin'"'"'s tox environments install together (pip check clean).
# Regenerate with: tools/update-constraints.sh'
    install=(-r "$root/requirements.txt" -r "$root/test-requirements.txt"
             -r "$root/doc/requirements.txt" "$root/tools")
    # The project itself and the tools package are not pins.
    skip='^(migration-tempest-plugin|migration_tempest_plugin|migration-tempest-plugin-tools|migration_tempest_plugin_tools)[=@ ]'
    ;;
server)
    output=$root/tools/minicloud/constraints.txt
    packages=$(PYTHONPATH=$root/tools "$python" -c \
        'from minicloud import config; print(" ".join(config.SERVER_PACKAGES))')
    header="# Server venv of tools/minicloud: every package pinned (pip check clean).
# Top level: $packages.
# Regenerate with: tools/update-constraints.sh server"
    read -r -a install <<< "$packages"
    skip='^$'
    ;;
*)
    echo "usage: $0 [plugin|server]" >&2
    exit 2
    ;;
esac

"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet "${install[@]}"
"$venv/bin/python" -m pip check
{
    echo "$header"
    "$venv/bin/python" -m pip freeze --exclude-editable | grep -Ev "$skip"
} > "$output.new"
mv "$output.new" "$output"
echo "wrote $output ($(grep -vc '^#' "$output") pins)"
