#!/usr/bin/env bash
# Headless Chromium screenshots of a running Aaba: the Orleans dashboard and the API reference.
#   scripts/screenshot.sh [http://localhost:5080] [out-dir]      (needs Debian's chromium: apt-get install chromium)
set -euo pipefail
url=${1:-http://localhost:5080}
out=${2:-docs}
command -v chromium >/dev/null || { echo "chromium is not installed: apt-get install chromium" >&2; exit 1; }
mkdir -p "$out"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
shot() { # path, file
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$profile" --hide-scrollbars \
    --window-size=1400,900 --virtual-time-budget=8000 --screenshot="$out/$2" "$url$1" >/dev/null 2>&1
  echo "wrote $out/$2"
}
shot /dashboard dashboard.png
shot /docs docs.png
