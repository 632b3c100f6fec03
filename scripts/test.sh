#!/usr/bin/env bash
# The one test command (README and .ci/run): builds the solution, then runs the three test projects in turn:
#   unit         no cluster, no network: the task state machine, input rules, parsers (milliseconds each)
#   integration  one shared in-process cluster and embedded APIs on real Kestrel
#   process      real OS processes: embedded hosts killed and restarted, redis-server, silos, API processes
# In turn, not together: the process tests time recoveries and restarts, which a busy machine would blur.
# Tests start what they need themselves; redis-server and chromium come from Debian's packages.
set -uo pipefail
cd "$(dirname "$0")/.."

# The cluster tests run Debian's redis-server as a real separate process.
if ! command -v redis-server >/dev/null; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "Installing redis-server (Debian package) for the cluster tests..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server) >/dev/null \
      || echo "Could not install redis-server: the cluster tests will fail." >&2
  else
    echo "redis-server is missing (apt-get install redis-server): the cluster tests will fail." >&2
  fi
fi

# The console's browser tests drive Debian's chromium through Playwright (browsers cannot be downloaded here).
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "Installing chromium (Debian package) for the console's browser tests..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null \
      || echo "Could not install chromium: the console's browser tests will fail." >&2
  else
    echo "/usr/bin/chromium is missing (apt-get install chromium): the console's browser tests will fail." >&2
  fi
fi

measurements=.run/test-measurements.txt
rm -f "$measurements"
dotnet build Aaba.sln -nologo -v quiet "$@" || exit 1

status=0
summary=()
total_passed=0 total_failed=0 total_skipped=0
for kind in unit integration process; do
  case $kind in
    unit) project=tests/Aaba.UnitTests ;;
    integration) project=tests/Aaba.IntegrationTests ;;
    process) project=tests/Aaba.ProcessTests ;;
  esac
  log=$(mktemp)
  started=$(date +%s)
  dotnet test --project "$project" --no-build "$@" 2>&1 | tee "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  seconds=$(( $(date +%s) - started ))
  passed=$(awk '/^[[:space:]]*succeeded:/ {s += $2} END {print s + 0}' "$log")
  failed=$(awk '/^[[:space:]]*failed:/ {s += $2} END {print s + 0}' "$log")
  skipped=$(awk '/^[[:space:]]*skipped:/ {s += $2} END {print s + 0}' "$log")
  rm -f "$log"
  summary+=("$(printf '%-12s %4d passed, %d failed, %d skipped in %d s' "$kind" "$passed" "$failed" "$skipped" "$seconds")")
  total_passed=$((total_passed + passed)) total_failed=$((total_failed + failed)) total_skipped=$((total_skipped + skipped))
done

if [ -f "$measurements" ]; then
  echo "Measured by the tests:"
  cat "$measurements"
fi
printf '%s\n' "${summary[@]}"
# One plain closing line that any CI can read.
echo "${total_passed} passed, ${total_failed} failed, ${total_skipped} skipped"
if [ "$status" -eq 0 ] && [ "$total_passed" -eq 0 ]; then
  echo "No test ran: treating as a failure." >&2
  exit 1
fi
exit "$status"
