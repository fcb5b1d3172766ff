#!/bin/bash
# Builds the Python wheel (Debian's hatchling, no PyPI) from the already built labextension.
# Output: jupyter-ext/dist/cellguard_jupyterlab-<version>-py3-none-any.whl
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f cellguard_jupyterlab/labextension/package.json ]; then
  echo "build-wheel: cellguard_jupyterlab/labextension is missing; run 'npm run build -w jupyter-ext' first" >&2
  exit 1
fi
rm -rf dist
timeout 300 /usr/bin/python3 -m hatchling build -t wheel
ls -l dist/*.whl
