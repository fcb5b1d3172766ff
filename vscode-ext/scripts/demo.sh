#!/usr/bin/env bash
# Serves a workspace in a real VS Code (code-server) with Cellguard installed from the built
# .vsix, in the foreground, on 127.0.0.1:PORT.   Usage: demo.sh WORKSPACE PORT
# Builds and packages first when the .vsix is missing or older than the sources.
set -euo pipefail
WORKSPACE=${1:?usage: demo.sh WORKSPACE PORT}
PORT=${2:?usage: demo.sh WORKSPACE PORT}
HERE=$(cd "$(dirname "$0")/.." && pwd)
ROOT=$(cd "$HERE/.." && pwd)
CACHE=${CELLGUARD_CACHE:-$HOME/.cache/cellguard}
CODE_SERVER_BIN=${CODE_SERVER_BIN:-$CACHE/code-server/node_modules/.bin/code-server}
DEMO="$ROOT/.tmp/vscode-demo"
WORKSPACE=$(cd "$WORKSPACE" && pwd)

if [ ! -x "$CODE_SERVER_BIN" ]; then
  echo "installing code-server into $CACHE (once)"
  CODE_SERVER_BIN=$(bash "$HERE/scripts/install-code-server.sh")
fi

VSIX="$HERE/cellguard-$(node -p "require('$HERE/package.json').version").vsix"
if [ ! -f "$VSIX" ] || [ -n "$(find "$HERE/src" "$ROOT/shared/src" "$HERE/package.json" -newer "$VSIX" -print -quit 2>/dev/null)" ]; then
  echo "building $VSIX"
  bash "$HERE/scripts/package.sh" >/dev/null
fi

mkdir -p "$DEMO"
printf 'auth: none\n' > "$DEMO/config.yaml"
rm -rf "$DEMO/ext"
"$CODE_SERVER_BIN" --config "$DEMO/config.yaml" --user-data-dir "$DEMO/ud" --extensions-dir "$DEMO/ext" \
  --install-extension "$VSIX" >/dev/null
mkdir -p "$DEMO/ud/User"
[ -f "$DEMO/ud/User/settings.json" ] || printf '{ "git.openRepositoryInParentFolders": "never", "workbench.startupEditor": "none" }\n' > "$DEMO/ud/User/settings.json"

echo "Cellguard demo: http://127.0.0.1:$PORT/?folder=$WORKSPACE"
export EXTENSIONS_GALLERY='{}'
exec "$CODE_SERVER_BIN" --config "$DEMO/config.yaml" --auth none --bind-addr "127.0.0.1:$PORT" \
  --disable-telemetry --disable-update-check --disable-workspace-trust --disable-getting-started-override \
  --user-data-dir "$DEMO/ud" --extensions-dir "$DEMO/ext" "$WORKSPACE"
