#!/usr/bin/env bash
# Headless Chromium for the browser tests of js/capspec-form: installs Debian's `chromium`
# package when /usr/bin/chromium is missing, and fonts for the Chinese text and emoji the
# tests type (so that screenshots show them, not boxes), with apt-get (through sudo when not
# root); then prints the browser's path on stdout. Idempotent: nothing is installed twice, and
# apt-get is not run when everything is there. Works from any directory.
#
#   bash scripts/browser-env.sh            # prints /usr/bin/chromium
#   CHROMIUM="$(bash scripts/browser-env.sh)" npm test --prefix js/capspec-form
set -euo pipefail

chromium="/usr/bin/chromium"
fonts=(fonts-wqy-zenhei fonts-noto-color-emoji)

installed() {
  [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

wanted=()
[[ -x "$chromium" ]] || wanted+=(chromium)
if command -v dpkg-query >/dev/null 2>&1; then
  for font in "${fonts[@]}"; do
    installed "$font" || wanted+=("$font")
  done
fi

if ((${#wanted[@]} > 0)); then
  if ! command -v apt-get >/dev/null 2>&1; then
    if [[ -x "$chromium" ]]; then
      echo "browser-env.sh: apt-get is not available; screenshots may lack fonts (${wanted[*]})" >&2
      wanted=()
    else
      echo "browser-env.sh: $chromium is missing and apt-get is not available; install Chromium and set CHROMIUM" >&2
      exit 1
    fi
  fi
fi

if ((${#wanted[@]} > 0)); then
  sudo=()
  if [[ "$(id -u)" -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      echo "browser-env.sh: installing ${wanted[*]} needs root, and sudo is not available" >&2
      exit 1
    fi
  fi
  echo "browser-env.sh: installing ${wanted[*]}" >&2
  # apt's output goes to stderr: stdout is the browser's path alone.
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${wanted[@]}" >&2
  if [[ ! -x "$chromium" ]]; then
    echo "browser-env.sh: installed the chromium package, but $chromium is not there" >&2
    exit 1
  fi
fi

# The version for the logs (Debian's wrapper script may complain on stderr; that is harmless).
version="$("$chromium" --version 2>/dev/null || true)"
echo "browser-env.sh: ${version:-chromium at $chromium}" >&2
printf '%s\n' "$chromium"
