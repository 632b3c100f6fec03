#!/usr/bin/env bash
# The one test command (README and .ci/run): builds the solution and runs every test project.
# Tests start what they need themselves (embedded Garnet, in-process silos, Kestrel on free ports).
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

measurements=.run/test-measurements.txt
rm -f "$measurements"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet test --solution Aaba.sln "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

if [ -f "$measurements" ]; then
  echo "Measured by the tests:"
  cat "$measurements"
fi

# One plain closing line that any CI can read, summed over the test projects.
passed=$(awk '/^[[:space:]]*succeeded:/ {s += $2} END {print s + 0}' "$log")
failed=$(awk '/^[[:space:]]*failed:/ {s += $2} END {print s + 0}' "$log")
skipped=$(awk '/^[[:space:]]*skipped:/ {s += $2} END {print s + 0}' "$log")
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "No test ran: treating as a failure." >&2
  exit 1
fi
exit "$status"
