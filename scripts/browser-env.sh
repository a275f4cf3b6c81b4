#!/usr/bin/env bash
# Headless Chromium for the browser tests of js/capspec-form: installs Debian's `chromium`
# package when /usr/bin/chromium is missing (apt-get, through sudo when not root), then prints
# the browser's path. Idempotent; works from any directory.
#
#   bash scripts/browser-env.sh            # prints /usr/bin/chromium
#   CHROMIUM="$(bash scripts/browser-env.sh)" npm test --prefix js/capspec-form
set -euo pipefail

chromium="/usr/bin/chromium"

if [[ ! -x "$chromium" ]]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "browser-env.sh: $chromium is missing and apt-get is not available; install Chromium and set CHROMIUM" >&2
    exit 1
  fi
  sudo=()
  if [[ "$(id -u)" -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      echo "browser-env.sh: $chromium is missing; installing it needs root, and sudo is not available" >&2
      exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  # Progress and apt's chatter go to stderr: stdout is the browser's path alone.
  "${sudo[@]}" apt-get update -qq >&2
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends chromium >&2
  if [[ ! -x "$chromium" ]]; then
    echo "browser-env.sh: installed the chromium package, but $chromium is not there" >&2
    exit 1
  fi
fi

"$chromium" --version >&2
printf '%s\n' "$chromium"
