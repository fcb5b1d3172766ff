#!/usr/bin/env bash
# Installs the Debian packages the tests and the demo need. Idempotent: does nothing when all are
# present. Needs root (or sudo) and Debian's apt; says clearly what to do when it cannot.
set -uo pipefail

PACKAGES=(
  chromium            # headless browser for the real VS Code (code-server) and JupyterLab tests
  ripgrep             # seeds @vscode/ripgrep, which code-server needs (its postinstall would download)
  libkrb5-dev         # native build of code-server's kerberos dependency
  python3-jupyter-server python3-jupyterlab-server python3-ipykernel python3-nbformat
  python3-hatchling python3-venv   # the JupyterLab extension's wheel, installed into a venv
  pre-commit          # the hook test runs the real pre-commit against this repository's hooks
  fonts-liberation    # readable screenshots
  curl
  python3-numpy python3-sklearn python3-pandas python3-joblib   # real model-file fixtures (test/model-fixtures.py)
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi

echo "system packages: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "error: need root to install ${missing[*]} (run: apt-get install -y ${missing[*]})" >&2
    exit 1
  fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: apt-get not found; this script supports Debian 12. Install: ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >/tmp/cellguard-apt.log 2>&1; then
  # Package lists may be missing or stale on a fresh machine: update once, then retry.
  $SUDO apt-get update -q >>/tmp/cellguard-apt.log 2>&1
  if ! $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >>/tmp/cellguard-apt.log 2>&1; then
    echo "error: apt-get could not install ${missing[*]}; see /tmp/cellguard-apt.log" >&2
    tail -5 /tmp/cellguard-apt.log >&2
    exit 1
  fi
fi
echo "system packages: installed"
