#!/usr/bin/env bash
# `npm start`: builds everything and serves the demo — real VS Code (code-server) and real
# JupyterLab, both with Cellguard installed, on the examples/ folder — and prints the URLs.
# Works on a fresh clone: installs what is missing first. Ctrl+C stops both servers and this
# script. A port already in use is an error (set CELLGUARD_VSCODE_PORT / CELLGUARD_JUPYTER_PORT),
# never mistaken for a running editor.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VSCODE_PORT="${CELLGUARD_VSCODE_PORT:-8080}"
JUPYTER_PORT="${CELLGUARD_JUPYTER_PORT:-8888}"
DEMO_DIR="$ROOT/.tmp/demo"

# Something already listening on a port would answer the readiness check below: fail now instead.
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for spec in "VS Code:$VSCODE_PORT:CELLGUARD_VSCODE_PORT" "JupyterLab:$JUPYTER_PORT:CELLGUARD_JUPYTER_PORT"; do
  IFS=: read -r name port var <<<"$spec"
  if port_busy "$port"; then
    echo "error: port $port (for $name) is already in use by another program." >&2
    echo "       Stop it, or choose another port: $var=<port> npm start" >&2
    exit 1
  fi
done

bash scripts/install-system-deps.sh || echo "warning: system packages missing; the editors may not start" >&2
bash scripts/ensure-node-deps.sh || exit 1

echo
echo "== Cellguard CLI on examples/ (the same rules the editors run)"
node shared/bin/cellguard.js scan examples --fail-on none

# Each editor gets its own copy, so the demo never edits the committed examples.
rm -rf "$DEMO_DIR"; mkdir -p "$DEMO_DIR"
cp -r examples "$DEMO_DIR/vscode"; cp -r examples "$DEMO_DIR/jupyterlab"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null; done
  pids=()
}
# Ctrl+C (or kill) stops the servers *and* this script.
trap cleanup EXIT
trap 'echo; echo "Stopping the editors."; cleanup; exit 130' INT TERM

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

wait_for() { # url name log pid
  for _ in $(seq 1 600); do
    # The port was free when we started, so an answer comes from our server — unless it died.
    if ! kill -0 "$4" 2>/dev/null; then
      echo "  $2 failed to start; the last lines of $3:"
      tail -15 "$3" | sed 's/^/    /'
      return 1
    fi
    if curl -s -o /dev/null "$1"; then echo "  $2: $1"; return 0; fi
    sleep 1
  done
  echo "  $2 did not answer within 10 minutes; see $3"
  return 1
}
echo
echo "== Starting the editors (first run builds the extensions; this can take a few minutes)"
waiters=()
i=0
if [ -f vscode-ext/scripts/demo.sh ]; then
  wait_for "http://127.0.0.1:$VSCODE_PORT/?folder=$DEMO_DIR/vscode" "VS Code (code-server)" "$ROOT/.tmp/demo-vscode.log" "${pids[$i]}" &
  waiters+=($!); i=$((i + 1))
fi
if [ -f jupyter-ext/scripts/demo.sh ]; then
  wait_for "http://127.0.0.1:$JUPYTER_PORT/lab" "JupyterLab          " "$ROOT/.tmp/demo-jupyterlab.log" "${pids[$i]}" &
  waiters+=($!)
fi
failed=0
for w in "${waiters[@]}"; do wait "$w" || failed=1; done
if [ "$failed" -ne 0 ]; then
  echo "An editor did not start; stopping." >&2
  exit 1
fi
echo
echo "Ports: VS Code $VSCODE_PORT, JupyterLab $JUPYTER_PORT (127.0.0.1). Logs: .tmp/demo-*.log."
echo "To stop: press Ctrl+C here (or: kill $$)."
# Waiting on the servers (not on a long sleep) lets Ctrl+C act at once; if one server exits,
# say so and stop the other.
wait -n "${pids[@]}"
echo "An editor server exited; see .tmp/demo-*.log. Stopping." >&2
exit 1
