#!/usr/bin/env bash
# A Python virtualenv of the client tests, made from a pinned requirements file (default: the
# OpenAI Python SDK, tests/clients/requirements.txt). Idempotent: an up-to-date venv is left as
# it is. Prints the venv's python.
# Usage: scripts/python-env.sh [VENV_DIR [REQUIREMENTS]]  (default: target/python-venv)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${1:-$root/target/python-venv}"
requirements="${2:-$root/tests/clients/requirements.txt}"

if ! command -v python3 >/dev/null || ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
    sudo=""
    if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then sudo=sudo; fi
    $sudo apt-get update -qq >&2
    $sudo apt-get install -y -qq python3 python3-venv >&2
fi

stamp="$venv/.requirements"
if [ -x "$venv/bin/python" ] && cmp -s "$requirements" "$stamp"; then
    echo "$venv/bin/python"
    exit 0
fi
rm -rf "$venv"
python3 -m venv "$venv" >&2
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements" >&2
cp "$requirements" "$stamp"
echo "$venv/bin/python"
