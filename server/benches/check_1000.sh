#!/usr/bin/env bash
# Wall time of `agentls check` over 1,000 agent files (the target: < 0.3 s).
#
# Generates .claude/agents/ in a temp dir from the seed fixtures (renamed,
# plus broken variants), then times the release binary: with hyperfine when
# installed, else a loop over `date +%s%N`. Prints the median; always exits 0
# unless the binary cannot be built.
set -euo pipefail
cd "$(dirname "$0")/../.."

RUNS=${RUNS:-15}
# AGENTLS_BIN times another build (e.g. the previous one, side by side).
if [ -n "${AGENTLS_BIN:-}" ]; then
    bin=$(realpath "$AGENTLS_BIN")
else
    cargo build --release --quiet
    bin=$PWD/target/release/agentls
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
agents="$work/.claude/agents"
mkdir -p "$agents"

seeds=(tests/fixtures/seeds/*.md)
for i in $(seq 0 999); do
    seed=${seeds[$((i % ${#seeds[@]}))]}
    out=$(printf '%s/agent-%04d.md' "$agents" "$i")
    case $((i % 10)) in
        # Unindented continuation line in the front matter: does not load.
        7) sed '2a\
continuation: line\
not indented at all' "$seed" >"$out" ;;
        # Unknown tool and colour, capitalised key.
        8) sed -e 's/^name:/Name:/' -e 's/^color: .*/color: magenta/' "$seed" >"$out"
           printf 'tools: Read, MultiEdit, LS\n' >>"$out" ;;
        # Front matter never closed.
        9) grep -v -- '^---$' "$seed" | sed '1i\
---' >"$out" ;;
        *) sed "s/^name: .*/name: agent-$i/" "$seed" >"$out" ;;
    esac
done
echo "generated $(ls "$agents" | wc -l) files ($(du -sh "$agents" | cut -f1)) in $agents"

# Warm the page cache and show what a run reports.
"$bin" check "$work" | tail -n 1 || true

if command -v hyperfine >/dev/null; then
    hyperfine --warmup 2 --runs "$RUNS" --ignore-failure \
        --export-json "$work/h.json" "$bin check $work >/dev/null" >/dev/null
    median=$(python3 -c 'import json,sys; print("%.4f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$work/h.json")
else
    times=()
    for _ in $(seq "$RUNS"); do
        start=$(date +%s%N)
        "$bin" check "$work" >/dev/null 2>&1 || true
        end=$(date +%s%N)
        times+=($((end - start)))
    done
    median_ns=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")
    median=$(awk -v ns="$median_ns" 'BEGIN { printf "%.4f", ns / 1e9 }')
fi
echo "check of 1000 files: median ${median} s over $RUNS runs (target < 0.3 s)"
