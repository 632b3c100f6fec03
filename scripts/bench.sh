#!/usr/bin/env bash
# Measures Aaba against the stack it replaces (FastAPI + Celery + Redis, run from ../shared/peers/celery-seed) in
# the same run, on the same machine, with the same load generator and the same warm-up, and rewrites BENCHMARKS.md
# (a QUICK, partial or diagnostic run writes .run/bench/BENCHMARKS.md instead).
#
#   scripts/bench.sh                 everything (about 15 minutes on 2 cores)
#   QUICK=1 scripts/bench.sh         short rounds and windows, for a smoke check (about 4 minutes)
#   PART="compare first" scripts/bench.sh   only some parts: compare (old stack vs Aaba), first (a fresh Aaba
#                                    process from its first request), cluster (2 silos + API + redis-server)
#
# Knobs (environment):
#   ROUND_TASKS=10000   tasks per e2e round          MAX_ROUNDS=8   rounds until two agree (then the better of the two)
#   AGREE=0.10          how close two rounds must be FIRST_ROUNDS=5 rounds reported for a fresh process
#   PAIRS=2             times the comparison is made (old-Aaba, then Aaba-old, ...), each with fresh processes
#   DURATION=10         seconds of submit / status   WARMUP=3       unmeasured seconds before each of those
#   CONCURRENCY=64      POLL_MS=20 (status read interval for the e2e rows)
#   AABA_START=release  `dotnet src/Aaba.Api/bin/Release/net10.0/Aaba.Api.dll` run from src/Aaba.Api, the README's
#                       defaults (embedded Garnet, durable data folder) with a fresh folder per process;
#                       AABA_START=run uses the README's own `dotnet run --project src/Aaba.Api` (a Debug build).
#   AABA_EXTRA_ENV      diagnostics only: extra VAR=value words for Aaba's environment (e.g. DOTNET_TieredPGO=0);
#                       named in BENCHMARKS.md, since such a run no longer measures the README's defaults
#   SEED_DIR            the old stack (default: ../shared/peers/celery-seed beside the repository)
#   AABA_PORT=5190 SEED_API_PORT=8190 SEED_REDIS_PORT=6490 CLUSTER_REDIS_PORT=6580 CLUSTER_PORT_OFFSET=200
#
# Server CPU is utime + stime (+ reaped children) from /proc/<pid>/stat of every server process and all its
# descendants (threads included), read by the generator right before and after each measured window. The
# generator's own CPU is read the same way and printed apart; it is never in the server figures.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

quick=${QUICK:+1}
round_tasks=${ROUND_TASKS:-${quick:+2000}}; round_tasks=${round_tasks:-10000}
max_rounds=${MAX_ROUNDS:-${quick:+4}}; max_rounds=${max_rounds:-8}
first_rounds=${FIRST_ROUNDS:-${quick:+3}}; first_rounds=${first_rounds:-5}
pairs=${PAIRS:-${quick:+1}}; pairs=${pairs:-2}
duration=${DURATION:-${quick:+4}}; duration=${duration:-10}
warmup=${WARMUP:-${quick:+2}}; warmup=${warmup:-3}
agree=${AGREE:-0.10}
concurrency=${CONCURRENCY:-64}
poll_ms=${POLL_MS:-20}
aaba_start=${AABA_START:-release}
read -r -a aaba_extra_env <<<"${AABA_EXTRA_ENV:-}"
seed=${SEED_DIR:-$root/../shared/peers/celery-seed}
aaba_port=${AABA_PORT:-5190}
seed_api_port=${SEED_API_PORT:-8190}
seed_redis_port=${SEED_REDIS_PORT:-6490}
cluster_redis_port=${CLUSTER_REDIS_PORT:-6580}
cluster_offset=${CLUSTER_PORT_OFFSET:-200}
parts=${PART:-compare first cluster}

run="$root/.run/bench"
logs="$run/logs"
results="$run/results.txt"
commands="$run/commands.txt"
rm -rf "$logs" "$run/seed" "$run/data"
mkdir -p "$logs" "$run/data"
: >"$results"
: >"$commands"

die() { echo "bench.sh: $*" >&2; exit 1; }
has_part() { [[ " $parts " == *" $1 "* ]]; }
for p in $parts; do case $p in compare | first | cluster) ;; *) die "unknown PART '$p' (compare, first, cluster)" ;; esac; done
case $aaba_start in release | run) ;; *) die "AABA_START is 'release' or 'run', not '$aaba_start'" ;; esac

echo "Logs: $logs (results: $results)"

# ---------------------------------------------------------------- process helpers
descendants() { local c; for c in $(pgrep -P "$1" 2>/dev/null); do echo "$c"; descendants "$c"; done; }

# Stops a process and everything under it: TERM, up to 15 s to finish, then KILL.
stop_tree() {
  local all p _
  all="$1 $(descendants "$1")"
  kill -TERM $all 2>/dev/null || true
  for _ in $(seq 1 60); do
    local alive=0
    for p in $all; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && return 0
    sleep 0.25
  done
  echo "bench.sh: pid $1 did not stop in 15 s; killing it" >&2
  kill -KILL $all 2>/dev/null || true
}

# CPU seconds a process tree has used so far (utime + stime + reaped children's).
tree_cpu() {
  local total=0 p
  for p in $1 $(descendants "$1"); do
    [ -r "/proc/$p/stat" ] || continue
    total=$((total + $(sed 's/.*) //' "/proc/$p/stat" | awk '{print $12 + $13 + $14 + $15}')))
  done
  awk -v t=$total -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.2f", t / hz}'
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
need_free_ports() { local p; for p in "$@"; do port_free "$p" || die "port $p is in use; set the port knobs (see the top of $0)"; done; }

# Polls url until it answers 2xx; fails (with the log's tail) if the process dies or 120 s pass.
wait_http() { # url, pid, log, name
  local started=$SECONDS
  until curl -fs -o /dev/null "$1"; do
    if ! kill -0 "$2" 2>/dev/null; then
      tail -n 30 "$3" >&2
      die "$4 exited before it was ready (log: $3)"
    fi
    if [ $((SECONDS - started)) -ge 120 ]; then
      tail -n 30 "$3" >&2
      die "$4 was not ready at $1 within 120 s (log: $3)"
    fi
    sleep 0.2
  done
}

fact() { echo "FACT $*" | tee -a "$results"; }

# ---------------------------------------------------------------- cleanup: stop everything this script started
aaba_pid=""
gen_pid=""
seed_started=0
cluster_started=0
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$gen_pid" ]; then stop_tree "$gen_pid"; fi
  if [ -n "$aaba_pid" ]; then stop_tree "$aaba_pid"; fi
  if [ $seed_started = 1 ]; then RUN_DIR="$run/seed" bash "$seed/stop.sh" >>"$logs/seed-stop.log" 2>&1 || true; fi
  if [ $cluster_started = 1 ]; then
    AABA_CLUSTER_REDIS_PORT=$cluster_redis_port AABA_CLUSTER_PORT_OFFSET=$cluster_offset scripts/cluster.sh down >>"$logs/cluster.log" 2>&1 || true
  fi
  rm -rf "$run/data"
  if [ $rc -ne 0 ]; then echo "bench.sh FAILED (exit $rc); logs in $logs" >&2; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- build
echo "Building (Release)..."
dotnet build bench/Aaba.Bench -c Release -v quiet -nologo >"$logs/build.log" 2>&1 || { tail -n 30 "$logs/build.log" >&2; die "build failed"; }
dotnet build src/Aaba.Api -c Release -v quiet -nologo >>"$logs/build.log" 2>&1 || { tail -n 30 "$logs/build.log" >&2; die "build failed"; }
if [ "$aaba_start" = run ]; then
  dotnet build src/Aaba.Api -v quiet -nologo >>"$logs/build.log" 2>&1 || { tail -n 30 "$logs/build.log" >&2; die "build failed"; }
fi
bench_dll="$root/bench/Aaba.Bench/bin/Release/net10.0/Aaba.Bench.dll"

# One generator for every stack; its JSON lines go to $results, its human lines to the terminal.
gen() {
  local arg
  {
    printf 'dotnet bench/Aaba.Bench/bin/Release/net10.0/Aaba.Bench.dll'
    for arg in "$@"; do
      if [[ $arg =~ ^[A-Za-z0-9_./:=,+-]+$ ]]; then printf ' %s' "$arg"; else printf " '%s'" "${arg//\'/\'\\\'\'}"; fi
    done
    echo
  } >>"$commands"
  # In the background and waited for, so that a TERM or INT reaches the cleanup at once, not after this run.
  (dotnet "$bench_dll" "$@" | tee -a "$results" | { grep --line-buffered -v '^JSON ' || true; }) &
  gen_pid=$!
  wait "$gen_pid" || die "the generator failed (exit $?): $*"
  gen_pid=""
}
common=(--concurrency "$concurrency" --agent lead)
e2e_rounds=(--mode e2e --poll "$poll_ms" --tasks "$round_tasks" --rounds stable --max-rounds "$max_rounds" --agree "$agree")

# ---------------------------------------------------------------- Aaba (embedded, as the README starts it)
# Starts a fresh Aaba process on a fresh data folder; sets aaba_pid and records how long it took to be ready.
start_aaba() { # name
  local data log started
  data=$(mktemp -d "$run/data/aaba-XXXX")
  log="$logs/$1.log"
  need_free_ports "$aaba_port"
  started=$(date +%s.%N)
  if [ "$aaba_start" = run ]; then
    # The README's command (built above, so that the build is not in the start-up figures).
    env -u AABA_REDIS -u OPENAI_API_KEY -u OPENAI_BASE_URL "${aaba_extra_env[@]}" AABA_DATA_DIR="$data" \
      ASPNETCORE_URLS="http://127.0.0.1:$aaba_port" dotnet run --no-build --project src/Aaba.Api >"$log" 2>&1 &
  else
    (cd src/Aaba.Api && exec env -u AABA_REDIS -u OPENAI_API_KEY -u OPENAI_BASE_URL "${aaba_extra_env[@]}" AABA_DATA_DIR="$data" \
      ASPNETCORE_URLS="http://127.0.0.1:$aaba_port" dotnet bin/Release/net10.0/Aaba.Api.dll) >"$log" 2>&1 &
  fi
  aaba_pid=$!
  wait_http "http://127.0.0.1:$aaba_port/readyz" "$aaba_pid" "$log" "Aaba ($1)"
  fact "{\"key\":\"$1 start\",\"ready_s\":$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}'),\"cpu_s\":$(tree_cpu "$aaba_pid"),\"pid\":$aaba_pid,\"start\":\"$aaba_start\"}"
}

stop_aaba() {
  [ -n "$aaba_pid" ] || return 0
  stop_tree "$aaba_pid"
  aaba_pid=""
}

# ---------------------------------------------------------------- the old stack
start_seed() {
  [ -x "$seed/start.sh" ] || die "the old stack is not at $seed (set SEED_DIR)"
  if ! /usr/bin/python3 -c 'import celery, fastapi, uvicorn, redis, uvloop, httptools' 2>/dev/null; then
    [ "$(id -u)" -eq 0 ] || die "the old stack's packages are missing; run $seed/setup.sh as root"
    echo "Installing the old stack's Debian packages ($seed/setup.sh)..."
    bash "$seed/setup.sh" >"$logs/seed-setup.log" 2>&1 || { tail -n 20 "$logs/seed-setup.log" >&2; die "setup.sh failed"; }
  fi
  need_free_ports "$seed_api_port" "$seed_redis_port"
  mkdir -p "$run/seed"
  seed_started=1
  # start.sh waits for Redis, a smoke task through the worker, and the API's /health.
  RUN_DIR="$run/seed" REDIS_PORT=$seed_redis_port API_PORT=$seed_api_port bash "$seed/start.sh" >"$logs/seed-start.log" 2>&1 \
    || { tail -n 20 "$logs/seed-start.log" "$run/seed/"*.log >&2; die "the old stack did not start (logs: $logs/seed-start.log, $run/seed/)"; }
  local pid
  for pid in $(awk '{print $2}' "$run/seed/pids"); do kill -0 "$pid" 2>/dev/null || die "the old stack's process $pid is not running (logs: $run/seed/)"; done
  wait_http "http://127.0.0.1:$seed_api_port/health" "$(awk '$1 == "api" {print $2}' "$run/seed/pids")" "$run/seed/api.log" "the old stack's API"
}

# name=pid for the generator: redis-server, the uvicorn master (its workers are its children), the Celery main
# process (its prefork children likewise).
seed_pids() { awk '{n = $1 == "api" ? "uvicorn" : $1 == "worker" ? "celery" : "redis"; printf "%s%s=%s", (NR > 1 ? "," : ""), n, $2}' "$run/seed/pids"; }

stop_seed() {
  local trees="" pid
  for pid in $(awk '{print $2}' "$run/seed/pids"); do trees="$trees $pid $(descendants "$pid")"; done
  RUN_DIR="$run/seed" bash "$seed/stop.sh" >>"$logs/seed-stop.log" 2>&1 || true
  seed_started=0
  for pid in $trees; do kill -0 "$pid" 2>/dev/null && { echo "bench.sh: old-stack process $pid outlived stop.sh; killing it" >&2; kill -KILL "$pid" 2>/dev/null || true; }; done
  return 0
}

fact "{\"key\":\"machine\",\"cores\":$(nproc),\"cpu\":\"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)\",\"ram_gib\":$(free -g | awk '/Mem:/ {print $2}'),\"load_at_start\":\"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
fact "{\"key\":\"settings\",\"round_tasks\":$round_tasks,\"max_rounds\":$max_rounds,\"first_rounds\":$first_rounds,\"pairs\":$pairs,\"agree\":$agree,\"duration_s\":$duration,\"warmup_s\":$warmup,\"concurrency\":$concurrency,\"poll_ms\":$poll_ms,\"aaba_start\":\"$aaba_start\",\"aaba_extra_env\":\"${AABA_EXTRA_ENV:-}\",\"parts\":\"$parts\",\"quick\":\"${quick:-}\"}"

# ---------------------------------------------------------------- compare: old stack, then Aaba, same load
# With PAIRS=2 (the default) this is done twice, old-Aaba then Aaba-old, each stack a fresh start every time, so that
# the machine's drift falls on both; BENCHMARKS.md gives each pair's ratio and the pooled one.
measure_old() { # label suffix
  echo "== The old stack (FastAPI + Celery + Redis from $seed), started by its start.sh$1"
  start_seed
  fact "{\"key\":\"seed versions\",\"text\":\"$(/usr/bin/python3 -c 'import celery, fastapi, uvicorn; print("celery", celery.__version__, "fastapi", fastapi.__version__, "uvicorn", uvicorn.__version__)'), $(redis-server --version | awk '{print $1, $2, $3}')\"}"
  local args=(--stack celery --url "http://127.0.0.1:$seed_api_port" --pids "$(seed_pids)" "${common[@]}")
  gen "${args[@]}" "${e2e_rounds[@]}" --label "old stack e2e lead$1"
  gen "${args[@]}" --mode submit --poll "$poll_ms" --duration "$duration" --warmup "$warmup" --label "old stack submit$1"
  gen "${args[@]}" --mode status --poll "$poll_ms" --duration "$duration" --warmup "$warmup" --label "old stack status$1"
  gen "${args[@]}" --mode ceiling --duration "$duration" --warmup "$warmup" --label "old stack ceiling (GET /health)$1"
  stop_seed
}

measure_aaba() { # label suffix, process name
  echo "== Aaba (embedded, durable; AABA_START=$aaba_start), a fresh process$1"
  start_aaba "$2"
  local url="http://127.0.0.1:$aaba_port"
  local args=(--stack aaba --url "$url" --pids "aaba=$aaba_pid" "${common[@]}")
  gen "${args[@]}" "${e2e_rounds[@]}" --label "Aaba e2e lead$1"
  gen "${args[@]}" --mode submit --poll "$poll_ms" --duration "$duration" --warmup "$warmup" --label "Aaba submit$1"
  gen "${args[@]}" --mode status --poll "$poll_ms" --duration "$duration" --warmup "$warmup" --label "Aaba status$1"
  gen "${args[@]}" --mode ceiling --duration "$duration" --warmup "$warmup" --label "Aaba ceiling (GET /healthz)$1"
  # Aaba's own way to follow a task (not in the ratios, which use the same method for both stacks).
  gen "${args[@]}" --mode e2e --poll long --tasks "$round_tasks" --label "Aaba e2e lead, long-poll$1"
  # What the lead agent answered (offline catalogue, no LLM), and the log lines the run left behind.
  curl -fs "$url/tasks?limit=1" >"$logs/$2-last-task.json" || true
  fact "{\"key\":\"aaba log\",\"lines\":$(wc -l <"$logs/$2.log"),\"polly_lines\":$(grep -c '^info: Polly' "$logs/$2.log" || true),\"tasks\":$(curl -fs "$url/metrics" | awk '$1 ~ /^aaba_tasks_submitted_total/ {s += $NF} END {print s + 0}')}"
  stop_aaba
}

if has_part compare; then
  for pair in $(seq 1 "$pairs"); do
    suffix=""
    [ "$pairs" -gt 1 ] && suffix=" [pair $pair]"
    if [ $((pair % 2)) = 1 ]; then
      measure_old "$suffix"
      measure_aaba "$suffix" "aaba-$pair"
    else
      measure_aaba "$suffix" "aaba-$pair"
      measure_old "$suffix"
    fi
  done
fi

# ---------------------------------------------------------------- first: a fresh process from its first request
if has_part first; then
  echo "== Aaba from its first request: a fresh process, $first_rounds rounds of $round_tasks e2e tasks"
  start_aaba aaba-fresh
  gen --stack aaba --url "http://127.0.0.1:$aaba_port" --pids "aaba=$aaba_pid" "${common[@]}" \
    --mode e2e --poll "$poll_ms" --tasks "$round_tasks" --rounds "$first_rounds" --agree "$agree" --label "Aaba fresh process e2e lead" \
    --runtime-metrics "http://127.0.0.1:$aaba_port/metrics"
  stop_aaba
fi

# ---------------------------------------------------------------- cluster: 2 silos + API + redis-server
if has_part cluster; then
  if command -v redis-server >/dev/null; then
    echo "== Cluster: scripts/cluster.sh up --open --silos 2 --apis 1 (redis-server AOF on)"
    cluster_env=(AABA_CLUSTER_REDIS_PORT=$cluster_redis_port AABA_CLUSTER_PORT_OFFSET=$cluster_offset)
    env "${cluster_env[@]}" scripts/cluster.sh down >/dev/null 2>&1 || true
    rm -rf .run/cluster/redis
    need_free_ports "$cluster_redis_port" $((5080 + cluster_offset)) $((11111 + cluster_offset)) $((11112 + cluster_offset)) \
      $((30001 + cluster_offset)) $((30002 + cluster_offset)) $((8081 + cluster_offset)) $((8082 + cluster_offset))
    cluster_started=1
    env "${cluster_env[@]}" scripts/cluster.sh up --open --silos 2 --apis 1 >"$logs/cluster.log" 2>&1 \
      || { tail -n 20 "$logs/cluster.log" >&2; die "the cluster did not come up (logs: $logs/cluster.log, $root/.run/cluster/)"; }
    cluster_url="http://127.0.0.1:$((5080 + cluster_offset))"
    cluster_pids=""
    for p in redis silo-1 silo-2 api-1; do cluster_pids="$cluster_pids${cluster_pids:+,}$p=$(cat ".run/cluster/$p.pid")"; done
    redis_memory() { redis-cli -p "$cluster_redis_port" info memory | awk -F: '/^used_memory:/ {print $2}' | tr -d '\r'; }
    memory_before=$(redis_memory)
    cluster_args=(--stack aaba --url "$cluster_url" --pids "$cluster_pids" "${common[@]}")
    gen "${cluster_args[@]}" "${e2e_rounds[@]}" --label "cluster e2e lead"
    gen "${cluster_args[@]}" --mode submit --poll "$poll_ms" --duration "$duration" --warmup "$warmup" --label "cluster submit"
    gen "${cluster_args[@]}" --mode status --poll "$poll_ms" --duration "$duration" --warmup "$warmup" --label "cluster status"
    memory_after=$(redis_memory)
    tasks=$(redis-cli -p "$cluster_redis_port" zcard aaba/aaba/tasks/all | tr -d '\r')
    fact "{\"key\":\"cluster storage\",\"tasks\":$tasks,\"keys\":$(redis-cli -p "$cluster_redis_port" dbsize | tr -d '\r'),\"grew_bytes\":$((memory_after - memory_before))}"
    env "${cluster_env[@]}" scripts/cluster.sh down >>"$logs/cluster.log" 2>&1
    cluster_started=0
  else
    fact '{"key":"cluster skipped","text":"redis-server is not installed (apt-get install redis-server)"}'
  fi
fi

# ---------------------------------------------------------------- report
commit=$(git rev-parse --short HEAD)
[ -z "$(git status --porcelain --untracked-files=no)" ] || commit="$commit (with uncommitted changes)"
# Only a full run with the defaults rewrites BENCHMARKS.md; a QUICK, partial or diagnostic run writes beside its logs.
report=BENCHMARKS.md
if [ -n "${quick:-}" ] || [ "$parts" != "compare first cluster" ] || [ "$pairs" != 2 ] || [ -n "${AABA_EXTRA_ENV:-}" ]; then report="$run/BENCHMARKS.md"; fi
python3 scripts/bench-report.py "$results" "$commands" "$commit" "$(dotnet --version)" >"$report"
echo
sed -n '1,/^## Absolute/p' "$report" | sed '$d'
echo "Wrote $report (logs: $logs)"
