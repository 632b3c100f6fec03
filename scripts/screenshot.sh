#!/usr/bin/env bash
# Screenshots for the README.
#   scripts/screenshot.sh console                                   the task console (docs/console-overview.png, docs/console-task.png),
#                                                                   taken by its browser test against a fresh embedded Aaba with known tasks
#   scripts/screenshot.sh [http://localhost:5080] [out-dir]         the Orleans dashboard and the API reference of a running Aaba
# Needs Debian's chromium (apt-get install chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v chromium >/dev/null || { echo "chromium is not installed: apt-get install chromium" >&2; exit 1; }

if [ "${1:-}" = "console" ]; then
  dotnet build tests/Aaba.IntegrationTests -nologo -v quiet
  AABA_UPDATE_SCREENSHOTS=1 dotnet test --project tests/Aaba.IntegrationTests --no-build -- \
    --filter-method "*The_overview_counts_and_charts_the_last_hour_and_a_lead_task_shows_its_leads_and_conversation" >/dev/null
  echo "wrote docs/console-overview.png"
  echo "wrote docs/console-task.png"
  exit 0
fi

url=${1:-http://localhost:5080}
out=${2:-docs}
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
