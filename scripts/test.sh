#!/usr/bin/env bash
# The one test command (README and .ci/run): builds the solution and runs every test project.
# Tests start what they need themselves (embedded Garnet, in-process silos, Kestrel on free ports).
set -uo pipefail
cd "$(dirname "$0")/.."

log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet test --solution Aaba.sln "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

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
