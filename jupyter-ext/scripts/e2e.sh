#!/bin/bash
# Cellguard for JupyterLab — full check, CI-safe and idempotent:
#   apt deps (if missing) → npm deps (if missing) → singleton dupes check → core + extension build
#   → wheel → venv with the wheel → host JupyterLab 4.6.4 app → jest → server → browser suite.
# Reporting contract: writes ${CELLGUARD_RESULTS_DIR:-/work/main/.tmp/results}/jupyterlab.json as
# {"passed": N, "failed": M} (jest + browser tests) and exits non-zero on any failure.
set -uo pipefail
EXT="$(cd "$(dirname "$0")/.." && pwd)"
ROOT="$(cd "$EXT/.." && pwd)"
RESULTS_DIR="${CELLGUARD_RESULTS_DIR:-$ROOT/.tmp/results}"
ARTIFACTS="${CELLGUARD_ARTIFACTS:-$ROOT/.tmp/artifacts}"
mkdir -p "$RESULTS_DIR" "$ARTIFACTS"
RESULT_FILE="$RESULTS_DIR/jupyterlab.json"
rm -f "$RESULT_FILE" "$ARTIFACTS"/jupyterlab-*  # no stale screenshots or results from an earlier run

WORK="$(mktemp -d "${TMPDIR:-/tmp}/cellguard-jlab-XXXXXX")"
mkdir -p "$WORK"/{runtime,data,tmp,state,root}
export JUPYTER_RUNTIME_DIR="$WORK/runtime" JUPYTER_DATA_DIR="$WORK/data" TMPDIR="$WORK/tmp"
export PYDEVD_DISABLE_FILE_VALIDATION=1 CI="${CI:-true}"

JEST_PASSED=0 JEST_FAILED=0 E2E_PASSED=0 E2E_FAILED=0 SETUP_FAILED=0
SERVER_PID=""
T0=$(date +%s)
step() { echo "### [$(( $(date +%s) - T0 ))s] $*"; }

report() {
  local passed=$((JEST_PASSED + E2E_PASSED)) failed=$((JEST_FAILED + E2E_FAILED + SETUP_FAILED))
  printf '{"passed": %d, "failed": %d}\n' "$passed" "$failed" > "$RESULT_FILE"
  echo "jupyterlab: jest $JEST_PASSED passed, $JEST_FAILED failed; browser $E2E_PASSED passed, $E2E_FAILED failed; setup failures $SETUP_FAILED"
  echo "$passed passed, $failed failed"
}
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
# A failed setup step still produces the reporting file, then exits non-zero.
fail() { echo "FAILED: $*" >&2; SETUP_FAILED=$((SETUP_FAILED + 1)); report; exit 1; }

step "apt packages"
APT_PKGS="chromium python3-jupyter-server python3-jupyterlab-server python3-ipykernel python3-nbformat python3-hatchling python3-venv fonts-liberation"
need=""
for p in $APT_PKGS; do dpkg -s "$p" >/dev/null 2>&1 || need="$need $p"; done
if [ -n "$need" ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  timeout 600 $SUDO apt-get update -q || fail "apt-get update"
  DEBIAN_FRONTEND=noninteractive timeout 900 $SUDO apt-get install -y -q --no-install-recommends $need || fail "apt-get install$need"
fi

cd "$ROOT"
step "npm dependencies"
if [ ! -d node_modules/@jupyterlab/core-meta ] || [ ! -d node_modules/@jupyterlab/builder ] || [ ! -d node_modules/playwright-core ]; then
  timeout 900 flock /tmp/cellguard-npm.lock npm ci --no-audit --no-fund || fail "npm ci"
fi
timeout 120 node "$EXT/scripts/check-dupes.cjs" || fail "duplicated singleton packages"

step "build: core, extension (tsc + federated webpack), wheel"
timeout 300 npm run build -w shared >/dev/null || fail "core build"
(cd "$EXT" && timeout 300 npx tsc -b) || fail "extension tsc"
(cd "$EXT" && timeout 600 node scripts/build-labextension.mjs >"$WORK/labext.log" 2>&1) || { tail -40 "$WORK/labext.log"; fail "labextension build"; }
(cd "$EXT" && timeout 300 bash scripts/build-wheel.sh) || fail "wheel"

step "venv with the wheel (no PyPI: --system-site-packages, --no-index --no-deps)"
VENV="$EXT/.venv"
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import jupyter_server, jupyterlab_server" 2>/dev/null; then
  rm -rf "$VENV"
  timeout 300 /usr/bin/python3 -m venv --system-site-packages "$VENV" || fail "venv"
fi
timeout 300 "$VENV/bin/pip" install -q --no-index --no-deps --force-reinstall "$EXT"/dist/*.whl || fail "pip install wheel"
[ -f "$VENV/share/jupyter/labextensions/cellguard-jupyterlab/package.json" ] || fail "wheel did not install the labextension"

step "host app (JupyterLab 4.6.4 from npm packages)"
HOST="$EXT/ui-tests/host"
STAMP_NOW="$(cat "$ROOT/package-lock.json" "$HOST"/*.js "$HOST"/*.cjs "$HOST"/package.json | sha256sum | cut -c1-16)"
if [ ! -f "$HOST/build/bundle.js" ] || [ "$(cat "$HOST/build/.stamp" 2>/dev/null)" != "$STAMP_NOW" ]; then
  (cd "$HOST" && timeout 900 node build.cjs) || fail "host app build"
  echo "$STAMP_NOW" > "$HOST/build/.stamp"
fi

step "jest (@jupyterlab/testing)"
(cd "$EXT" && timeout 600 npx jest --ci --json --outputFile="$WORK/jest.json" 2>&1 | tail -40)
if [ -f "$WORK/jest.json" ]; then
  JEST_PASSED=$(node -e "console.log(require('$WORK/jest.json').numPassedTests)")
  JEST_FAILED=$(node -e "const r=require('$WORK/jest.json'); console.log(r.numFailedTests + (r.numRuntimeErrorTestSuites||0))")
else
  JEST_FAILED=1
fi

step "server (Debian's jupyter_server + the host app + the wheel-installed extension)"
PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
TOKEN="cellguard-e2e-$RANDOM$RANDOM"
(cd "$WORK/root" && CELLGUARD_STATE="$WORK/state" CELLGUARD_HOST_BUILD="$HOST/build" CELLGUARD_LABEXTENSIONS=default \
  exec timeout 1200 "$VENV/bin/python" "$HOST/main.py" --ServerApp.ip=127.0.0.1 --ServerApp.port="$PORT" \
  --ServerApp.port_retries=0 --ServerApp.token="$TOKEN" --ServerApp.open_browser=False --ServerApp.allow_root=True \
  --ServerApp.root_dir="$WORK/root" --FileContentsManager.delete_to_trash=False \
  --ContentsManager.allow_hidden=True >"$ARTIFACTS/jupyterlab-server.log" 2>&1) &
SERVER_PID=$!  # 'exec' makes this the server's own PID (via timeout), so cleanup really stops it
ready=0
for _ in $(seq 1 150); do
  if curl -sf -o /dev/null -H "Authorization: token $TOKEN" "http://127.0.0.1:$PORT/api/status"; then ready=1; break; fi
  kill -0 "$SERVER_PID" 2>/dev/null || break
  sleep 0.2
done
[ "$ready" = 1 ] || { tail -30 "$ARTIFACTS/jupyterlab-server.log"; fail "server did not start"; }

step "browser suite (playwright-core + /usr/bin/chromium)"
(cd "$EXT/ui-tests" && CELLGUARD_URL="http://127.0.0.1:$PORT" CELLGUARD_TOKEN="$TOKEN" CELLGUARD_ARTIFACTS="$ARTIFACTS" \
  CELLGUARD_E2E_RESULT="$WORK/e2e.json" timeout 900 node e2e.mjs)
if [ -f "$WORK/e2e.json" ]; then
  E2E_PASSED=$(node -e "console.log(require('$WORK/e2e.json').passed)")
  E2E_FAILED=$(node -e "console.log(require('$WORK/e2e.json').failed)")
  cp "$WORK/e2e.json" "$ARTIFACTS/jupyterlab-e2e.json"
else
  E2E_FAILED=1
fi

step "done"
report
[ $((JEST_FAILED + E2E_FAILED + SETUP_FAILED)) -eq 0 ]
