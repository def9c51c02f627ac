#!/usr/bin/env bash
# Packages a platform-specific .vsix with the agentls binary inside (as the
# ruff and typos extensions do): the extension then needs no separate
# install. Usage:
#
#   scripts/package-platform.sh VSCODE_TARGET BINARY [OUT.vsix]
#
# VSCODE_TARGET: linux-x64, linux-arm64, darwin-x64, darwin-arm64, win32-x64
# (`vsce package --target` names). BINARY: agentls built for that target.
# OUT defaults to editors/vscode/agentls-VSCODE_TARGET.vsix. Needs `npm ci`
# done in editors/vscode (vsce runs the bundle step itself, vscode:prepublish).
set -euo pipefail

if [[ $# -lt 2 || $# -gt 3 ]]; then
  echo "usage: $0 VSCODE_TARGET BINARY [OUT.vsix]" >&2
  exit 2
fi
target="$1"
binary="$2"
EXT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${3:-$EXT_DIR/agentls-$target.vsix}"
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac

case "$target" in
  linux-x64 | linux-arm64 | darwin-x64 | darwin-arm64) exe=agentls ;;
  win32-x64 | win32-arm64) exe=agentls.exe ;;
  *) echo "error: unsupported target '$target'" >&2; exit 2 ;;
esac
[[ -f "$binary" ]] || { echo "error: no binary at $binary" >&2; exit 2; }

# bin/ holds only this package's binary, and goes away afterwards so that a
# later universal `npm run package` ships none.
cleanup() { rm -rf "$EXT_DIR/bin"; }
trap cleanup EXIT
cleanup
mkdir -p "$EXT_DIR/bin"
cp "$binary" "$EXT_DIR/bin/$exe"
chmod 755 "$EXT_DIR/bin/$exe"

cd "$EXT_DIR"
rm -f "$out"
./node_modules/.bin/vsce package --no-dependencies --allow-missing-repository --skip-license \
  --target "$target" -o "$out"
[[ -s "$out" ]] || { echo "error: $out was not produced" >&2; exit 1; }
# The binary must be in the package, executable (the zip keeps the mode).
listing="$(python3 -c 'import sys, zipfile
for i in zipfile.ZipFile(sys.argv[1]).infolist():
    print(oct(i.external_attr >> 16), i.filename)' "$out")"
grep -q " extension/bin/$exe\$" <<<"$listing" || {
  echo "error: extension/bin/$exe is not in $out" >&2
  exit 1
}
if [[ "$exe" == agentls ]] && ! grep -Eq "^0o1007[0-7]{2} extension/bin/$exe\$" <<<"$listing"; then
  echo "error: extension/bin/$exe is not executable in $out:" >&2
  grep "extension/bin/" <<<"$listing" >&2
  exit 1
fi
echo "packaged $out ($target, $(du -h "$out" | cut -f1))"
