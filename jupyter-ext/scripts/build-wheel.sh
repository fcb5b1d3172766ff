#!/bin/bash
# Builds the Python wheel (Debian's hatchling, no PyPI) from the already built labextension.
# Output: jupyter-ext/dist/cellguard_jupyterlab-<version>-py3-none-any.whl
# On a fresh machine without hatchling it installs Debian's python3-hatchling through
# scripts/install-system-deps.sh (set CELLGUARD_NO_INSTALL=1 to only name what is missing).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-/usr/bin/python3}
has_hatchling() { $PYTHON -c 'import hatchling' >/dev/null 2>&1; }
if ! has_hatchling; then
  if [ "${CELLGUARD_NO_INSTALL:-0}" != "1" ]; then
    echo "build-wheel: hatchling is missing; installing Debian's python3-hatchling" >&2
    bash ../scripts/install-system-deps.sh >&2 || true
  fi
  if ! has_hatchling; then
    echo "build-wheel: No module named hatchling: install it with 'apt-get install python3-hatchling' (Debian) or 'pip install hatchling'" >&2
    exit 1
  fi
fi
if [ ! -f cellguard_jupyterlab/labextension/package.json ]; then
  echo "build-wheel: cellguard_jupyterlab/labextension is missing; run 'npm run build -w jupyter-ext' first" >&2
  exit 1
fi
rm -rf dist
timeout 300 $PYTHON -m hatchling build -t wheel
ls -l dist/*.whl
