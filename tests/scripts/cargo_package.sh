#!/usr/bin/env bash
# The crates as crates.io would get them: `cargo package --workspace` packs
# agentls-core, then agentls against it (a local registry overlay), and
# builds each from its .crate alone, so a file read from outside a package
# (an include_str! of ../..) fails here. Then what is inside: the licenses,
# the catalog, no tests, editors or examples. Usage:
#
#   bash tests/scripts/cargo_package.sh
#
# --allow-dirty: a developer's uncommitted edits are what gets checked.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"
target="${CARGO_TARGET_DIR:-$PWD/target}"
rm -f "$target/package/agentls-$version.crate" "$target/package/agentls-core-$version.crate"
# Cargo unpacks the overlay's agentls-core once per version and reuses that
# copy on the next run, stale after any edit of the core: drop our copies
# (only agentls-core's; nothing from crates.io is touched),
# and cargo takes a registry crate's build as final for its version, so the
# last run's build of it is dropped too (the workspace's core is rebuilt
# with it, in seconds).
rm -rf "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/agentls-core-"$version" \
  "$target"/debug/.fingerprint/agentls-core-* "$target"/debug/deps/libagentls_core-*
# Cargo says it leaves out each test and bench target (their files are not
# shipped): expected, one line per target, dropped here.
cargo package --workspace --locked --allow-dirty \
  2> >(grep -v '^warning: ignoring \(test\|benchmark\) `' >&2)

fail() {
  echo "cargo package: FAILED: $*" >&2
  exit 1
}
list() { tar tzf "$target/package/$1-$version.crate" | sed "s|^$1-$version/||"; }
has() {
  local crate="$1"
  shift
  for f in "$@"; do
    grep -qx "$f" <<<"$(list "$crate")" || fail "$crate: $f is not in the package"
  done
}

has agentls-core LICENSE-MIT LICENSE-APACHE Cargo.toml src/lib.rs catalog/claude-code.toml
has agentls LICENSE-MIT LICENSE-APACHE README.md Cargo.toml server/src/main.rs server/src/lib.rs
if list agentls | grep -E '^(tests|editors|examples|\.github|server/core|server/benches)/'; then
  fail "agentls: files from outside the crate's sources (above)"
fi
# The core's licenses are links to the workspace's: the package holds the text.
for f in LICENSE-MIT LICENSE-APACHE; do
  tar xzOf "$target/package/agentls-core-$version.crate" "agentls-core-$version/$f" | cmp -s - "$f" ||
    fail "agentls-core: $f differs from the workspace's $f"
done
echo "cargo package: ok (agentls-core $version, agentls $version)"
