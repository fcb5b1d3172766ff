#!/usr/bin/env bash
# Builds the production bundles and packages cellguard-<version>.vsix (node_modules stay out:
# everything the extension needs is bundled by webpack, see .vscodeignore).
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
ROOT=$(cd "$HERE/.." && pwd)
cd "$ROOT"
npm run build -w shared >/dev/null
cd "$HERE"
VERSION=$(node -p 'require("./package.json").version')
OUT="$HERE/cellguard-$VERSION.vsix"
rm -f "$OUT"
# vsce runs `vscode:prepublish` (webpack --mode production) itself. --no-dependencies: the
# bundle carries its dependencies; vsce must not walk the workspace's node_modules.
npx --no-install vsce package --no-dependencies --out "$OUT"
# Guard: the package must not carry node_modules or sources.
if unzip -l "$OUT" | grep -E 'node_modules/|/src/' >/dev/null; then
  echo "package.sh: unexpected files in $OUT" >&2
  unzip -l "$OUT" >&2
  exit 1
fi
unzip -l "$OUT" | tail -n +1
echo "$OUT"
