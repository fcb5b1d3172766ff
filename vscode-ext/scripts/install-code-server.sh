#!/usr/bin/env bash
# Installs code-server (real VS Code workbench + Node extension host, from npm) into a cache dir
# outside the repository's dependency tree, idempotently. Prints the binary's path.
#   CELLGUARD_CACHE (default ~/.cache/cellguard) → $CELLGUARD_CACHE/code-server
set -euo pipefail
CACHE=${CELLGUARD_CACHE:-$HOME/.cache/cellguard}
CS_DIR="$CACHE/code-server"
CS_VERSION=4.100.3
BIN="$CS_DIR/node_modules/.bin/code-server"

# @vscode/ripgrep's postinstall downloads from GitHub: seed its cache from Debian's rg.
RG_CACHE="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-1.15.11"
mkdir -p "$RG_CACHE"
[ -f "$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" ] \
  || tar czf "$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$(dirname "$(command -v rg)")" rg

if ! [ -x "$BIN" ] || ! grep -q "\"version\": \"$CS_VERSION\"" "$CS_DIR/node_modules/code-server/package.json" 2>/dev/null \
   || ! [ -d "$CS_DIR/node_modules/code-server/lib/vscode/node_modules" ]; then
  mkdir -p "$CS_DIR"
  # allowScripts: npm 11 skips dependency install scripts unless approved, and code-server's
  # postinstall installs VS Code's own modules. yes=true: node-pty's postinstall calls npx.
  # --unsafe-perm: the postinstall refuses to run as root otherwise (older npm).
  cat > "$CS_DIR/package.json" <<JSON
{
  "name": "cellguard-code-server-cache",
  "private": true,
  "dependencies": { "code-server": "$CS_VERSION" },
  "allowScripts": { "code-server": true, "argon2": true }
}
JSON
  (cd "$CS_DIR" && npm_config_yes=true timeout 1200 npm install --unsafe-perm --no-audit --no-fund >&2)
fi
timeout 60 "$BIN" --version >/dev/null
echo "$BIN"
