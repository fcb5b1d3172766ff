#!/usr/bin/env bash
# `npm ci` when node_modules is missing or older than the lockfile; then build the core.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "npm: installing dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi
npm run build --silent
