#!/usr/bin/env bash
# The standard benchmark set, embedded and clustered; rewrites BENCHMARKS.md.
#   scripts/bench.sh            full set (about 12 minutes on 2 cores)
#   QUICK=1 scripts/bench.sh    shorter runs, for a smoke check
# Needs only the .NET SDK for the embedded part; the cluster part needs Debian's redis-server (scripts/cluster.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
run="$root/.run/bench"
mkdir -p "$run"
results="$run/results.txt"
# PART=cluster reruns only the cluster half, keeping the embedded results of the last full run.
part=${PART:-all}
if [ "$part" = cluster ]; then
  # Keep the embedded lines of the last full run; drop its cluster lines, which this run replaces.
  sed -i -e '/"label":"cluster /d' -e '/^cluster /d' -e '/^STORAGE cluster/d' -e '/^CPU cluster/d' "$results"
else
  : >"$results"
fi

duration=${QUICK:+5}; duration=${duration:-15}
e2e_tasks=${QUICK:+5000}; e2e_tasks=${e2e_tasks:-20000}
memory_tasks=${QUICK:+20000}; memory_tasks=${memory_tasks:-100000}
collect_wait=${QUICK:+10}; collect_wait=${collect_wait:-200}
concurrency=64

echo "Building (Release)..."
dotnet build src/Aaba.Api -c Release -v quiet -nologo >/dev/null
dotnet build bench/Aaba.Bench -c Release -v quiet -nologo >/dev/null
bench() { dotnet bench/Aaba.Bench/bin/Release/net10.0/Aaba.Bench.dll "$@" | tee -a "$results"; }
record() { echo "$*" | tee -a "$results"; }
metric() { curl -s "$1/metrics" | awk -v name="$2" '$1 ~ "^"name"[{ ]" || $1 == name {s += $NF} END {print s + 0}'; }
rss_mb() { echo $(( $(ps -o rss= -p "$1") / 1024 )); }

wait_ready() {
  for _ in $(seq 1 120); do curl -fs "$1/readyz" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "not ready: $1" >&2; return 1
}

# ---------------------------------------------------------------- embedded
if [ "$part" != cluster ]; then
data=$(mktemp -d)
Logging__LogLevel__Default=Warning AABA_DATA_DIR="$data" ASPNETCORE_URLS=http://127.0.0.1:5090 \
  dotnet src/Aaba.Api/bin/Release/net10.0/Aaba.Api.dll >"$run/embedded.log" 2>&1 &
api=$!
trap 'kill $api 2>/dev/null || true' EXIT
url=http://127.0.0.1:5090
wait_ready $url
bench --mode ceiling --url $url --concurrency $concurrency --duration "$duration" --warmup 5 --label "embedded ceiling (GET /healthz)"
# Submit runs the whole pipeline; 15 s of warm-up lets tiered compilation finish (a cold profile spent 17% in the JIT).
bench --mode submit --url $url --concurrency $concurrency --duration "$duration" --warmup 15 --label "embedded submit (add)"
bench --mode status --url $url --concurrency $concurrency --duration "$duration" --warmup 5 --label "embedded status"
bench --mode e2e --url $url --concurrency $concurrency --tasks "$e2e_tasks" --label "embedded e2e (add)"
bench --mode e2e --url $url --concurrency $concurrency --tasks "$e2e_tasks" --agent lead --label "embedded e2e (offline lead)"
bench --mode e2e --url $url --concurrency 128 --tasks "$memory_tasks" --label "embedded e2e (add, memory run)"
record "MEMORY embedded after $memory_tasks more finished tasks: RSS $(rss_mb $api) MB, activations $(metric $url orleans_catalog_activations)"
echo "Waiting $collect_wait s for idle task activations to be collected (collection age 2 min)..."
sleep "$collect_wait"
record "MEMORY embedded $collect_wait s later: RSS $(rss_mb $api) MB, activations $(metric $url orleans_catalog_activations)"
kill -TERM $api; wait $api 2>/dev/null || true
trap - EXIT
rm -rf "$data"
# In-process: the bench hosts its own embedded silo and calls grains directly (no HTTP), the API being stopped.
bench --mode inproc --concurrency $concurrency --tasks "$e2e_tasks" --label "embedded inproc e2e (add, no HTTP)"
fi

# ---------------------------------------------------------------- cluster
if command -v redis-server >/dev/null; then
  scripts/cluster.sh down >/dev/null 2>&1 || true
  rm -rf .run/cluster/redis
  # Open: the load generator sends no key, and per-key rate limits would measure the limiter, not the cluster.
  scripts/cluster.sh up --silos 2 --apis 1 --open
  url=http://localhost:5080
  before=$(redis-cli -p 6380 info memory | awk -F: '/^used_memory:/ {print $2}' | tr -d '\r')
  bench --mode submit --url $url --concurrency $concurrency --duration "$duration" --warmup 15 --label "cluster submit (add)"
  bench --mode status --url $url --concurrency $concurrency --duration "$duration" --warmup 5 --label "cluster status"
  # Where the time goes: CPU seconds each process spent during the cluster e2e run (utime + stime from /proc).
  cpu_ticks() { awk '{print $14 + $15}' "/proc/$(cat ".run/cluster/$1.pid")/stat"; }
  declare -A cpu_before
  for p in redis silo-1 silo-2 api-1; do cpu_before[$p]=$(cpu_ticks $p); done
  e2e_started=$(date +%s.%N)
  bench --mode e2e --url $url --concurrency $concurrency --tasks "$e2e_tasks" --label "cluster e2e (add)"
  cpu_line="CPU cluster e2e: $(awk -v a="$e2e_started" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}') s wall on $(nproc) cores;"
  for p in redis silo-1 silo-2 api-1; do
    cpu_line="$cpu_line $p $(awk -v a="${cpu_before[$p]}" -v b="$(cpu_ticks $p)" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f", (b - a) / hz}') s,"
  done
  record "${cpu_line%,} (CPU seconds; the load generator has the rest)"
  AABA_REDIS=127.0.0.1:6380 bench --mode inproc --concurrency $concurrency --tasks "$e2e_tasks" --label "cluster inproc e2e (add, client, no HTTP)"
  after=$(redis-cli -p 6380 info memory | awk -F: '/^used_memory:/ {print $2}' | tr -d '\r')
  keys=$(redis-cli -p 6380 dbsize | tr -d '\r')
  tasks=$(redis-cli -p 6380 zcard aaba/aaba/tasks/all | tr -d '\r')
  record "STORAGE cluster: $tasks tasks, $keys keys, redis used_memory grew $(( (after - before) / 1024 / 1024 )) MB = $(( (after - before) / (tasks > 0 ? tasks : 1) )) bytes per task (state, index entries)"
  scripts/cluster.sh down >/dev/null
else
  record "cluster: skipped (redis-server is not installed: apt-get install redis-server)"
fi

# ---------------------------------------------------------------- report
commit=$(git rev-parse --short HEAD)
{
  echo "# Benchmarks"
  echo
  echo "Written by \`scripts/bench.sh\` on $(date -u +%Y-%m-%d) at commit \`$commit\`$([ "$part" = cluster ] && echo " (cluster rows; the embedded rows are from the previous full run)")."
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB RAM; the load generator runs on the same cores."
  echo
  echo "Commands: \`scripts/bench.sh\` (each row's own command is \`dotnet bench/Aaba.Bench/bin/Release/net10.0/Aaba.Bench.dll --mode M --url U --concurrency C ...\`, see the script)."
  echo "Embedded: one \`Aaba.Api\` process with its in-process Garnet (AOF on). Cluster: \`scripts/cluster.sh up --silos 2 --apis 1\` on Debian's redis-server (AOF on)."
  echo "Every task is durable: persisted before its 202, every transition written, indexed for recovery and listing. A task that runs once costs two Redis round trips: one script creates its record already handed to the agent (queued and running) with its index entries, one finishes it and moves its index entries; a new task is not read first."
  echo
  echo "| run | count | per second | p50 ms | p90 ms | p99 ms | max ms | errors | lost |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |"
  python3 - "$results" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    if not line.startswith("JSON "):
        continue
    r = json.loads(line[5:])
    errors = ", ".join(f"{k}: {v}" for k, v in r["errors"].items()) or "none"
    lost = "" if r["lost"] is None else r["lost"]
    print(f"| {r['label']} | {r['count']} | {r['per_second']:.0f} | {r['p50_ms']:.1f} | {r['p90_ms']:.1f} | {r['p99_ms']:.1f} | {r['max_ms']:.1f} | {errors} | {lost} |")
PY
  echo
  grep -E '^(MEMORY|STORAGE|CPU|cluster:)' "$results" | sed 's/^/- /'
  echo
  echo "Figures on this shared 2-core VM vary by up to ±30% between runs of the same build; compare rows of one run."
  echo
  echo "Concurrency $concurrency unless the label says otherwise. e2e = submit over HTTP, then long-poll the status (\`?wait_s=10\`) until terminal; per second = finished tasks per second from the first submit to the last terminal read."
} >BENCHMARKS.md
echo "Wrote BENCHMARKS.md"
