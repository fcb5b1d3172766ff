#!/usr/bin/env bash
# End-to-end proof in a real VS Code (code-server 4.100.3 = VS Code 1.100.3), CI-safe and
# idempotent. Needs only the npm registry and apt.
#   1. system packages (chromium, ripgrep, libkrb5-dev), @vscode/ripgrep cache seeded from Debian's rg
#   2. code-server in a cache dir outside the repository's dependency tree
#   3. build the extension, run the mocha suite inside the extension host (dev path)
#   4. package the .vsix, install it into a fresh extensions dir, run the SAME suite against it
#   5. UI script: screenshots of squiggles, hover, Problems panel, output finding; then the
#      browser bundle alone in the web worker extension host (squiggles must appear)
# Writes ${CELLGUARD_RESULTS_DIR}/vscode.json = {"passed": N, "failed": M} (sum over the
# runs) and exits non-zero on any failure.
set -uo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
ROOT=$(cd "$HERE/.." && pwd)
CACHE=${CELLGUARD_CACHE:-$HOME/.cache/cellguard}
CS_DIR="$CACHE/code-server"
CS_VERSION=4.100.3
RESULTS_DIR=${CELLGUARD_RESULTS_DIR:-$ROOT/.tmp/results}
ARTIFACTS=${CELLGUARD_ARTIFACTS:-$ROOT/.tmp/artifacts}
RUN_DIR="$ROOT/.tmp/vscode-e2e"
export CELLGUARD_RESULTS_DIR="$RESULTS_DIR" CELLGUARD_ARTIFACTS="$ARTIFACTS" CELLGUARD_TMP="$RUN_DIR"
export CODE_SERVER_BIN="$CS_DIR/node_modules/.bin/code-server"
mkdir -p "$RESULTS_DIR" "$ARTIFACTS" "$RUN_DIR"
STAGES="$RUN_DIR/stages"
rm -rf "$STAGES"; mkdir -p "$STAGES"

T0=$SECONDS
step() { printf '\n=== [vscode-e2e %ss] %s\n' "$((SECONDS - T0))" "$*"; }

# Sum the stage results into vscode.json; a stage that did not report counts as one failure.
finish() {
  local status=$?
  node - "$STAGES" "$RESULTS_DIR/vscode.json" <<'EOF'
const fs = require('fs'), path = require('path');
const [dir, out] = process.argv.slice(2);
const expected = ['dev', 'vsix', 'ui', 'ui-web'];
let passed = 0, failed = 0; const stages = {};
for (const name of expected) {
  const file = path.join(dir, `${name}.json`);
  if (!fs.existsSync(file)) { failed += 1; stages[name] = 'did not run'; continue; }
  const r = JSON.parse(fs.readFileSync(file, 'utf8'));
  passed += r.passed | 0; failed += r.failed | 0; stages[name] = `${r.passed | 0} passed, ${r.failed | 0} failed`;
}
for (const f of fs.readdirSync(dir)) if (f.startsWith('setup-failed')) failed += 1;
fs.writeFileSync(out, JSON.stringify({ passed, failed }) + '\n');
console.log(`vscode: ${passed} passed, ${failed} failed ${JSON.stringify(stages)} -> ${out}`);
process.exitCode = failed === 0 ? 0 : 1;
EOF
  local summary=$?
  [ $status -eq 0 ] && status=$summary
  exit $status
}
trap finish EXIT
fail_setup() { echo "vscode-e2e: $*" >&2; : > "$STAGES/setup-failed-$(date +%s%N)"; exit 1; }

step "system packages (chromium ripgrep libkrb5-dev)"
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v rg >/dev/null 2>&1 || need+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends "${need[@]}" \
    || { apt-get update && apt-get install -y --no-install-recommends "${need[@]}"; } \
    || fail_setup "apt-get install ${need[*]} failed"
fi

step "code-server $CS_VERSION in $CS_DIR (ripgrep cache seeded from Debian's rg)"
CODE_SERVER_BIN=$(bash "$HERE/scripts/install-code-server.sh") || fail_setup "code-server install failed"
export CODE_SERVER_BIN
"$CODE_SERVER_BIN" --version | head -1

step "npm dependencies"
npm_needed=0
[ -d "$ROOT/node_modules/playwright-core" ] || npm_needed=1
[ -e "$HERE/node_modules/.bin/webpack-cli" ] || [ -e "$ROOT/node_modules/.bin/webpack-cli" ] || npm_needed=1
[ -d "$HERE/node_modules/mocha" ] || [ -d "$ROOT/node_modules/mocha" ] || npm_needed=1
if [ $npm_needed -eq 1 ]; then
  (cd "$ROOT" && flock /tmp/cellguard-npm.lock npm install --no-audit --no-fund) || fail_setup "npm install failed"
fi

step "build: core, extension bundles (development), tests"
(cd "$ROOT" && npm run build -w shared) || fail_setup "core build failed"
(cd "$HERE" && npx --no-install webpack-cli --mode development && npx --no-install tsc -p tsconfig.test.json) \
  || fail_setup "extension build failed"

step "suite in code-server's extension host (dev path)"
(cd "$HERE" && timeout -k 10 900 node scripts/run-web-tests.mjs --label dev --result "$STAGES/dev.json")
dev_status=$?

step "package the .vsix"
(cd "$HERE" && timeout -k 10 900 bash scripts/package.sh) || fail_setup "packaging failed"
VSIX="$HERE/cellguard-$(node -p "require('$HERE/package.json').version").vsix"

step "install the .vsix into a fresh extensions dir and run the same suite against it"
VSIX_RUN=$(mktemp -d -p "$RUN_DIR" vsix-install-XXXXXX)
printf 'auth: none\n' > "$VSIX_RUN/config.yaml"
timeout -k 10 300 "$CODE_SERVER_BIN" --config "$VSIX_RUN/config.yaml" --user-data-dir "$VSIX_RUN/ud" \
  --extensions-dir "$VSIX_RUN/ext" --install-extension "$VSIX" || fail_setup "--install-extension failed"
ls "$VSIX_RUN/ext" | grep -q '^cellguard\.cellguard-' || fail_setup "the .vsix did not install"
# An empty extension as extensionDevelopmentPath: the code under test is the installed VSIX.
TESTHOST="$VSIX_RUN/testhost"
mkdir -p "$TESTHOST"
cat > "$TESTHOST/package.json" <<'EOF'
{ "name": "cellguard-testhost", "publisher": "cellguard", "version": "0.0.0", "engines": { "vscode": "^1.99.0" } }
EOF
(cd "$HERE" && timeout -k 10 900 node scripts/run-web-tests.mjs --label vsix --dev-path "$TESTHOST" \
  --extensions-dir "$VSIX_RUN/ext" --result "$STAGES/vsix.json")
vsix_status=$?

step "UI: screenshots of the installed extension into $ARTIFACTS"
(cd "$HERE" && timeout -k 10 400 node scripts/ui-screenshots.mjs --extensions-dir "$VSIX_RUN/ext" --result "$STAGES/ui.json")
ui_status=$?

step "UI: the shipped browser bundle in the web worker extension host"
(cd "$HERE" && timeout -k 10 300 node scripts/ui-screenshots.mjs --web-only --result "$STAGES/ui-web.json")
web_status=$?

step "done (dev=$dev_status vsix=$vsix_status ui=$ui_status web=$web_status)"
[ $dev_status -eq 0 ] && [ $vsix_status -eq 0 ] && [ $ui_status -eq 0 ] && [ $web_status -eq 0 ]
