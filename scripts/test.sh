#!/usr/bin/env bash
# `npm test`: every suite — lint, rule checks, core unit tests, real VS Code (code-server) and
# real JupyterLab end-to-end — then one closing line "N passed, N failed" over all of them.
# Works on a fresh clone: installs what is missing first.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export CELLGUARD_RESULTS_DIR="${CELLGUARD_RESULTS_DIR:-$ROOT/.tmp/results}"
export CELLGUARD_ARTIFACTS="${CELLGUARD_ARTIFACTS:-$ROOT/.tmp/artifacts}"
rm -rf "$CELLGUARD_RESULTS_DIR"; mkdir -p "$CELLGUARD_RESULTS_DIR" "$CELLGUARD_ARTIFACTS"

passed=0
failed=0
suites=()
record() { # name passed failed
  passed=$((passed + $2)); failed=$((failed + $3)); suites+=("$(printf '%-22s %4d passed, %d failed' "$1" "$2" "$3")")
}
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "system packages"
bash scripts/install-system-deps.sh || { record "system packages" 0 1; }

step "npm dependencies and build"
if ! bash scripts/ensure-node-deps.sh; then
  record "install+build" 0 1
  printf '\n%s\n' "${suites[@]}"; echo "$passed passed, $failed failed"; exit 1
fi

step "lint (eslint, regex safety, core import rules)"
if npx eslint . ; then record "lint" 1 0; else record "lint" 0 1; fi

step "format (prettier --check)"
if npx prettier --check . ; then record "format" 1 0; else record "format" 0 1; fi

step "check:rules (every rule has doc, test table, fixture)"
if npm run --silent check:rules; then record "check:rules" 1 0; else record "check:rules" 0 1; fi

step "core unit tests (node:test)"
if npx tsc -p test; then
  node --test --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$CELLGUARD_RESULTS_DIR/unit.tap" test/dist/
  unit_status=$?
  up=$(grep -E '^# pass ' "$CELLGUARD_RESULTS_DIR/unit.tap" | tail -1 | awk '{print $3}')
  uf=$(grep -E '^# fail ' "$CELLGUARD_RESULTS_DIR/unit.tap" | tail -1 | awk '{print $3}')
  up=${up:-0}; uf=${uf:-0}
  [ "$unit_status" -ne 0 ] && [ "$uf" -eq 0 ] && uf=1
  record "core unit" "$up" "$uf"
else
  record "core unit (tsc)" 0 1
fi

run_e2e() { # name script
  local name=$1 script=$2
  step "$name"
  if [ ! -f "$script" ]; then echo "missing $script"; record "$name" 0 1; return; fi
  bash "$script"
  local status=$?
  local json="$CELLGUARD_RESULTS_DIR/$name.json"
  if [ -f "$json" ]; then
    local p f
    p=$(node -p "JSON.parse(require('fs').readFileSync('$json','utf8')).passed|0")
    f=$(node -p "JSON.parse(require('fs').readFileSync('$json','utf8')).failed|0")
    [ "$status" -ne 0 ] && [ "$f" -eq 0 ] && f=1
    record "$name" "$p" "$f"
  else
    record "$name" 0 1
  fi
}
if [ "${CELLGUARD_SKIP_E2E:-0}" = "1" ]; then
  echo "CELLGUARD_SKIP_E2E=1: end-to-end suites skipped"
else
  run_e2e vscode vscode-ext/scripts/e2e.sh
  run_e2e jupyterlab jupyter-ext/scripts/e2e.sh
fi

printf '\n\033[1m== summary\033[0m\n'
printf '%s\n' "${suites[@]}"
echo "$passed passed, $failed failed" | tee "$CELLGUARD_RESULTS_DIR/summary.txt"
[ "$failed" -eq 0 ]
