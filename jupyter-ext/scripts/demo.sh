#!/bin/bash
# Serve JupyterLab 4.6.4 (the host app) with Cellguard installed from its wheel, in the
# foreground, token-less on 127.0.0.1:PORT, with WORKSPACE as the root folder (for `npm start`).
# Builds what is missing first. Usage: demo.sh WORKSPACE PORT
set -euo pipefail
WORKSPACE="$(cd "${1:?usage: demo.sh WORKSPACE PORT}" && pwd)"
PORT="${2:?usage: demo.sh WORKSPACE PORT}"
EXT="$(cd "$(dirname "$0")/.." && pwd)"
ROOT="$(cd "$EXT/.." && pwd)"
HOST="$EXT/ui-tests/host"
VENV="$EXT/.venv"
STATE="$ROOT/.tmp/demo-jupyterlab-state"

cd "$ROOT"
if [ ! -d node_modules/@jupyterlab/builder ]; then
  timeout 900 flock /tmp/cellguard-npm.lock npm ci --no-audit --no-fund
fi
# Rebuild the extension and wheel when a source is newer than the wheel.
wheel="$(ls "$EXT"/dist/*.whl 2>/dev/null | head -1 || true)"
if [ -z "$wheel" ] || [ -n "$(find "$EXT/src" "$EXT/style" "$EXT/schema" "$ROOT/shared/src" -newer "$wheel" -type f 2>/dev/null | head -1)" ]; then
  echo "demo: building the core, the extension and the wheel"
  timeout 300 npm run build -w shared >/dev/null
  (cd "$EXT" && timeout 300 npx tsc -b && timeout 600 node scripts/build-labextension.mjs >/dev/null && timeout 300 bash scripts/build-wheel.sh)
fi
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import jupyter_server, jupyterlab_server" 2>/dev/null; then
  rm -rf "$VENV"
  /usr/bin/python3 -m venv --system-site-packages "$VENV"
fi
"$VENV/bin/pip" install -q --no-index --no-deps --force-reinstall "$EXT"/dist/*.whl
if [ ! -f "$HOST/build/bundle.js" ]; then
  echo "demo: building the JupyterLab host app (a minute or two)"
  (cd "$HOST" && timeout 900 node build.cjs)
fi

RUNTIME="$(mktemp -d "${TMPDIR:-/tmp}/cellguard-demo-XXXXXX")"
mkdir -p "$RUNTIME"/{runtime,data} "$STATE"
export JUPYTER_RUNTIME_DIR="$RUNTIME/runtime" JUPYTER_DATA_DIR="$RUNTIME/data" PYDEVD_DISABLE_FILE_VALIDATION=1
export CELLGUARD_STATE="$STATE" CELLGUARD_HOST_BUILD="$HOST/build" CELLGUARD_LABEXTENSIONS=default
echo "demo: JupyterLab with Cellguard on http://127.0.0.1:$PORT/lab (no token), folder $WORKSPACE"
cd "$WORKSPACE"
exec "$VENV/bin/python" "$HOST/main.py" --ServerApp.ip=127.0.0.1 --ServerApp.port="$PORT" --ServerApp.port_retries=0 \
  --ServerApp.token= --ServerApp.password= --ServerApp.open_browser=False --ServerApp.allow_root=True \
  --ServerApp.root_dir="$WORKSPACE" --FileContentsManager.delete_to_trash=False \
  --ContentsManager.allow_hidden=True  # lets Cellguard read .cellguard.json through the Contents API
