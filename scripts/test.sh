#!/usr/bin/env bash
# `npm test`: every suite — lint, rule checks, core unit tests, real VS Code (code-server) and
# real JupyterLab end-to-end — then one closing line "N passed, N failed, N skipped" over all of them.
# A suite that ran no tests, or whose result file is missing or malformed, counts as a failure.
# Works on a fresh clone: installs what is missing first.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export CELLGUARD_RESULTS_DIR="${CELLGUARD_RESULTS_DIR:-$ROOT/.tmp/results}"
export CELLGUARD_ARTIFACTS="${CELLGUARD_ARTIFACTS:-$ROOT/.tmp/artifacts}"
rm -rf "$CELLGUARD_RESULTS_DIR"; mkdir -p "$CELLGUARD_RESULTS_DIR" "$CELLGUARD_ARTIFACTS"

passed=0
failed=0
skipped=0
suites=()
record() { # name passed failed [skipped]
  local s=${4:-0}
  passed=$((passed + $2)); failed=$((failed + $3)); skipped=$((skipped + s))
  suites+=("$(printf '%-22s %4d passed, %d failed, %d skipped' "$1" "$2" "$3" "$s")")
}
# "passed failed skipped" of one result file; see scripts/suite-result.mjs.
record_file() { # name kind file status
  local counts p f s
  counts=$(node scripts/suite-result.mjs "$2" "$3")
  read -r p f s <<<"$counts"
  [ "$4" -ne 0 ] && [ "$f" -eq 0 ] && f=1
  record "$1" "$p" "$f" "$s"
}
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "system packages"
bash scripts/install-system-deps.sh || { record "system packages" 0 1; }

step "npm dependencies and build"
if ! bash scripts/ensure-node-deps.sh; then
  record "install+build" 0 1
  printf '\n%s\n' "${suites[@]}"; echo "$passed passed, $failed failed, $skipped skipped"; exit 1
fi

step "lint (eslint, regex safety, core import rules)"
if npx eslint . ; then record "lint" 1 0; else record "lint" 0 1; fi

step "format (prettier --check)"
if npx prettier --check . ; then record "format" 1 0; else record "format" 0 1; fi

step "check:rules (every rule has doc, test table, fixture)"
if npm run --silent check:rules; then record "check:rules" 1 0; else record "check:rules" 0 1; fi

step "core unit tests (node:test)"
# Compiled tests of deleted sources must not keep running: always compile into an empty test/dist.
rm -rf test/dist
if npx tsc -p test; then
  node --test --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$CELLGUARD_RESULTS_DIR/unit.tap" test/dist/
  record_file "core unit" tap "$CELLGUARD_RESULTS_DIR/unit.tap" $?
else
  record "core unit (tsc)" 0 1
fi

run_e2e() { # name script
  local name=$1 script=$2
  step "$name"
  if [ ! -f "$script" ]; then echo "missing $script"; record "$name" 0 1; return; fi
  bash "$script"
  record_file "$name" json "$CELLGUARD_RESULTS_DIR/$name.json" $?
}
if [ "${CELLGUARD_SKIP_E2E:-0}" = "1" ]; then
  # A skip is visible in the totals, and CI never skips.
  if [ "${CI:-}" = "true" ]; then
    echo "CELLGUARD_SKIP_E2E=1 is not allowed in CI"; record "e2e (skipped in CI)" 0 1
  else
    echo "CELLGUARD_SKIP_E2E=1: end-to-end suites skipped"; record "e2e suites" 0 0 2
  fi
else
  run_e2e vscode vscode-ext/scripts/e2e.sh
  run_e2e jupyterlab jupyter-ext/scripts/e2e.sh
fi

printf '\n\033[1m== summary\033[0m\n'
printf '%s\n' "${suites[@]}"
echo "$passed passed, $failed failed, $skipped skipped" | tee "$CELLGUARD_RESULTS_DIR/summary.txt"
[ "$failed" -eq 0 ]
