#!/usr/bin/env bash
# The pre-commit hook (.pre-commit-hooks.yaml) as a user meets it:
# `pre-commit try-repo` on this repository (it `cargo install`s agentls from
# it, language: rust) in a fixture repository holding a clean agent, an agent
# Claude Code will not load, and broken markdown the hook must not pass on
# (a note, a file in a skill's folder). Usage:
#
#   bash tests/scripts/pre_commit_try_repo.sh
#
# pre-commit comes from PATH, or from PRE_COMMIT_PYTHONPATH (a `pip install
# --target` folder, as .ci/run makes). try-repo builds agentls afresh in its
# own store; to compile only agentls's own two crates, point CARGO_TARGET_DIR
# at a target folder holding a release build and set CARGO_NET_OFFLINE=true
# (`cargo install` ignores Cargo.lock: offline, it takes the versions already
# downloaded, which are the lock's, instead of newer ones).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
if [[ -n "${PRE_COMMIT_PYTHONPATH:-}" ]]; then
  pre_commit() { PYTHONPATH="$PRE_COMMIT_PYTHONPATH" python3 -m pre_commit "$@"; }
else
  pre_commit() { command pre-commit "$@"; }
fi
pre_commit --version

fixture="$(mktemp -d -t agentls-pre-commit.XXXXXX)"
out="$(mktemp -t agentls-pre-commit-out.XXXXXX)"
trap 'rm -rf "$fixture" "$out"' EXIT
cd "$fixture"
git init -q .
git config user.email ci@example.invalid
git config user.name ci
mkdir -p .claude/agents .claude/skills/notes/agents docs
cp "$REPO_ROOT/examples/code-reviewer.md" .claude/agents/good.md
# An unindented continuation line: AG010, Claude Code skips the agent.
cp "$REPO_ROOT/examples/test-runner.md" .claude/agents/broken.md
# The same broken text where no agent is read: never passed to the hook.
cp "$REPO_ROOT/examples/test-runner.md" docs/notes.md
cp "$REPO_ROOT/examples/test-runner.md" .claude/skills/notes/agents/draft.md
git add -A
git commit -qm fixture

run() {
  local code=0
  # try-repo prints the hook's output (and git noise on stderr) on failure.
  pre_commit try-repo "$REPO_ROOT" agentls --verbose "$@" >"$out" 2>&1 || code=$?
  cat "$out"
  return "$code"
}
fail() {
  echo "pre-commit try-repo: FAILED: $*" >&2
  exit 1
}

# One try-repo: each builds agentls afresh in a new store (minutes), so the
# one run carries both verdicts: the broken agent fails the hook, the clean
# one is passed too and reported clean, the rest is never passed.
start=$(date +%s)
echo "==> try-repo --all-files"
code=0
run --all-files || code=$?
[[ $code -eq 1 ]] || fail "expected exit 1 from the hook on the broken agent, got $code"
grep -q 'error\[AG010\]' "$out" || fail "no AG010 in the hook's output"
grep -q '\.claude/agents/broken\.md:4:1' "$out" || fail "the broken agent is not named"
# Exactly the two agent files were passed, and only the broken one failed.
grep -q '2 files checked: 1 error; 1 file does not load' "$out" ||
  fail "expected '2 files checked: 1 error; 1 file does not load'"
if grep -q 'good\.md' "$out"; then
  fail "the clean agent has findings"
fi
if grep -Eq 'docs/notes\.md|skills/notes' "$out"; then
  fail "a file that is not an agent was passed to the hook"
fi
echo "<== $(($(date +%s) - start))s"
echo "pre-commit try-repo: ok"
