#!/usr/bin/env bash
# Instructions executed by `agentls check --format json` over a generated
# tree of agent files (tests/scripts/gen_agents.py), counted by valgrind's
# callgrind: unlike wall time on a shared machine, the same binary and input
# give the same count, so two builds compare exactly.
#
# usage: server/benches/instructions.sh BINARY [BINARY...]   (COUNT=1000)
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 2; }
count=${COUNT:-1000}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
python3 tests/scripts/gen_agents.py "$work/tree" "$count"
for bin in "$@"; do
    bin=$(realpath "$bin")
    (cd "$work/tree" && AGENTLS_HOME="$work/nohome" valgrind --tool=callgrind \
        --callgrind-out-file="$work/cg.out" "$bin" check --format json >/dev/null 2>"$work/vg.err") || true
    n=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$work/vg.err")
    printf '%s: %s instructions (check of %s generated agents)\n' "$bin" "$n" "$count"
done
