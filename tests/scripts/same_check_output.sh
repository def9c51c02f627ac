#!/usr/bin/env bash
# Differential check of two agentls builds: `check --format json` must print
# the same bytes on the shipped examples, the test fixtures and a generated
# tree of agent files with nested projects (tests/scripts/gen_agents.py).
#
# usage: tests/scripts/same_check_output.sh OLD_BINARY NEW_BINARY [COUNT]
# Exit 0 when every output is identical; prints the first differences if not.
set -u
old=$(realpath "${1:?old binary}"); new=$(realpath "${2:?new binary}"); count=${3:-1000}
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p "$work/home"
python3 "$repo/tests/scripts/gen_agents.py" "$work/tree" "$count"
status=0
compare() { # label dir args...
    local label=$1 dir=$2; shift 2
    (cd "$dir" && AGENTLS_HOME="$work/home" "$old" check --format json "$@" > "$work/old.json" 2> "$work/old.err")
    (cd "$dir" && AGENTLS_HOME="$work/home" "$new" check --format json "$@" > "$work/new.json" 2> "$work/new.err")
    if cmp -s "$work/old.json" "$work/new.json" && cmp -s "$work/old.err" "$work/new.err"; then
        echo "same: $label ($(wc -c < "$work/new.json") bytes)"
    else
        echo "DIFFERENT: $label"
        diff <(python3 -m json.tool "$work/old.json") <(python3 -m json.tool "$work/new.json") | head -40
        diff "$work/old.err" "$work/new.err" | head -10
        status=1
    fi
}
compare "examples/" "$repo" examples/
compare "tests/fixtures/" "$repo" tests/fixtures/
compare "generated tree, no paths" "$work/tree"
compare "generated tree, as a directory" "$work" tree
exit $status
