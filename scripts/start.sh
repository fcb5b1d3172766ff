#!/usr/bin/env bash
# `npm start`: builds everything and serves the demo — real VS Code (code-server) and real
# JupyterLab, both with Cellguard installed, on the examples/ folder — and prints the URLs.
# Works on a fresh clone: installs what is missing first. Ctrl+C stops both servers.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VSCODE_PORT="${CELLGUARD_VSCODE_PORT:-8080}"
JUPYTER_PORT="${CELLGUARD_JUPYTER_PORT:-8888}"
DEMO_DIR="$ROOT/.tmp/demo"

bash scripts/install-system-deps.sh || echo "warning: system packages missing; the editors may not start" >&2
bash scripts/ensure-node-deps.sh || exit 1

echo
echo "== Cellguard CLI on examples/ (the same rules the editors run)"
node shared/bin/cellguard.js scan examples --fail-on none

# Each editor gets its own copy, so the demo never edits the committed examples.
rm -rf "$DEMO_DIR"; mkdir -p "$DEMO_DIR"
cp -r examples "$DEMO_DIR/vscode"; cp -r examples "$DEMO_DIR/jupyterlab"

pids=()
cleanup() { for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null; done; }
trap cleanup EXIT INT TERM

if [ -f vscode-ext/scripts/demo.sh ]; then
  setsid bash vscode-ext/scripts/demo.sh "$DEMO_DIR/vscode" "$VSCODE_PORT" >"$ROOT/.tmp/demo-vscode.log" 2>&1 &
  pids+=($!)
fi
if [ -f jupyter-ext/scripts/demo.sh ]; then
  setsid bash jupyter-ext/scripts/demo.sh "$DEMO_DIR/jupyterlab" "$JUPYTER_PORT" >"$ROOT/.tmp/demo-jupyterlab.log" 2>&1 &
  pids+=($!)
fi
if [ ${#pids[@]} -eq 0 ]; then
  echo "The editor extensions are not built in this checkout; the CLI report above is the demo."
  exit 0
fi

wait_for() { # url name log
  for _ in $(seq 1 600); do
    if curl -s -o /dev/null "$1"; then echo "  $2: $1"; return 0; fi
    sleep 1
  done
  echo "  $2 did not start; see $3"
}
echo
echo "== Starting the editors (first run builds the extensions; this can take a few minutes)"
waiters=()
if [ -f vscode-ext/scripts/demo.sh ]; then
  wait_for "http://127.0.0.1:$VSCODE_PORT/?folder=$DEMO_DIR/vscode" "VS Code (code-server)" "$ROOT/.tmp/demo-vscode.log" &
  waiters+=($!)
fi
if [ -f jupyter-ext/scripts/demo.sh ]; then
  wait_for "http://127.0.0.1:$JUPYTER_PORT/lab" "JupyterLab          " "$ROOT/.tmp/demo-jupyterlab.log" &
  waiters+=($!)
fi
wait "${waiters[@]}"
echo
echo "Open the URLs above. Logs: .tmp/demo-*.log. Press Ctrl+C to stop."
while true; do sleep 3600; done
