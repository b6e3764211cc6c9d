#!/usr/bin/env bash
# Runs every test of Verifier. The tests start two programs of the machine's own: redis-server (the cache, job
# and rate-limit tests run their own instance) and Chromium (the web page tests drive it headless through
# Playwright; no browser is downloaded). Each is taken from its variable (REDIS_SERVER, CHROMIUM_PATH) or the
# PATH; only when one is missing does this script install it with apt-get (as root, or through sudo). On a
# machine without apt it says what is missing and how to provide it, and stops.
set -euo pipefail
cd "$(dirname "$0")"

# A variable set by the user must name a program: it is never silently replaced by another one.
for variable in REDIS_SERVER CHROMIUM_PATH; do
  if [ -n "${!variable:-}" ] && [ ! -x "${!variable}" ]; then
    echo "test.sh: $variable=${!variable} is not an executable file: point it at the program, or unset it." >&2
    exit 1
  fi
done

# find VARIABLE NAME...: the path in $VARIABLE when set, else the first NAME on the PATH; nothing when neither.
find_program() {
  local variable=$1 name
  shift
  if [ -n "${!variable:-}" ]; then
    echo "${!variable}"
    return
  fi
  for name in "$@"; do
    if command -v "$name" >/dev/null 2>&1; then
      command -v "$name"
      return
    fi
  done
}

locate() {
  REDIS_SERVER=$(find_program REDIS_SERVER redis-server)
  CHROMIUM_PATH=$(find_program CHROMIUM_PATH chromium chromium-browser google-chrome google-chrome-stable)
}

locate
missing=()      # Debian package names
[ -n "$REDIS_SERVER" ] || missing+=(redis-server)
[ -n "$CHROMIUM_PATH" ] || missing+=(chromium)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then SUDO=(); elif command -v sudo >/dev/null 2>&1; then SUDO=(sudo); else SUDO=(none); fi
  if command -v apt-get >/dev/null 2>&1 && [ "${SUDO[0]:-}" != none ]; then
    echo "Installing: ${missing[*]}"
    "${SUDO[@]}" apt-get update -qq
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    locate
  else
    {
      echo "test.sh: the tests need programs this machine does not have, and apt-get (as root or through sudo) is not available to install them:"
      if [ -z "$REDIS_SERVER" ]; then
        echo "  redis-server: install Redis (brew install redis, dnf install redis, …) so that redis-server is on the PATH, or set REDIS_SERVER=/path/to/redis-server"
      fi
      if [ -z "$CHROMIUM_PATH" ]; then
        echo "  chromium: install Chromium or Google Chrome so that chromium (or google-chrome) is on the PATH, or set CHROMIUM_PATH=/path/to/chromium"
      fi
    } >&2
    exit 1
  fi
fi

if [ -z "$REDIS_SERVER" ] || [ -z "$CHROMIUM_PATH" ]; then
  echo "test.sh: apt-get finished but redis-server or chromium is still not on the PATH." >&2
  exit 1
fi

# The tests use exactly the programs found here.
export REDIS_SERVER CHROMIUM_PATH

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test Verifier.sln -c Release "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One closing line for the whole solution, summed over the test projects.
awk '
  /(Passed|Failed)! *- *Failed: / {
    for (i = 1; i <= NF; i++) {
      if ($i == "Failed:") { gsub(",", "", $(i+1)); failed += $(i+1) }
      if ($i == "Passed:") { gsub(",", "", $(i+1)); passed += $(i+1) }
      if ($i == "Skipped:") { gsub(",", "", $(i+1)); skipped += $(i+1) }
    }
  }
  END { printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped }
' "$log"
exit "$status"
