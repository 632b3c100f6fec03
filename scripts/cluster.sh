#!/usr/bin/env bash
# Runs the production topology (docker-compose.yml) as plain processes on this machine:
# Debian's redis-server (AOF on), N silos and M API processes, each with its own ports, pid file and log
# under .run/cluster/.
#
#   scripts/cluster.sh up [--silos N] [--apis M] [--open]
#                                                  build, start, wait until ready, print the API URL(s). The APIs
#                                                  require keys: the bootstrap admin key is made once and kept in
#                                                  .run/cluster/bootstrap-key; --open runs them without access control.
#   scripts/cluster.sh status                      list the processes and whether each is alive
#   scripts/cluster.sh down                        stop exactly the processes this script started
#
# Ports: redis 6380; silo i: silo 11110+i, gateway 30000+i, http (/healthz, /metrics) 8080+i; API j: 5079+j.
# AABA_CLUSTER_REDIS_PORT moves Redis; AABA_CLUSTER_PORT_OFFSET=N adds N to every other port (scripts/bench.sh uses
# it so that its cluster can run beside one started with the defaults).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
run="$root/.run/cluster"
redis_port=${AABA_CLUSTER_REDIS_PORT:-6380}
offset=${AABA_CLUSTER_PORT_OFFSET:-0}
configuration=Release

die() { echo "cluster.sh: $*" >&2; exit 1; }

redis_answers_pong() { [ "$(redis-cli -p "$1" ping 2>/dev/null)" = PONG ]; }

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_for() { # description, command...
  local what=$1; shift
  for _ in $(seq 1 120); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  die "$what did not become ready in 60 s (logs in $run)"
}

start() { # name, command... (environment passed by the caller)
  local name=$1; shift
  nohup "$@" >"$run/$name.log" 2>&1 &
  echo $! >"$run/$name.pid"
}

up() {
  local silos=2 apis=1 open=0
  while [ $# -gt 0 ]; do
    case $1 in
      --silos) silos=$2; shift 2 ;;
      --apis) apis=$2; shift 2 ;;
      --open) open=1; shift ;;
      *) die "unknown option $1 (use --silos N --apis M --open)" ;;
    esac
  done
  command -v redis-server >/dev/null || die "redis-server is not installed. Install it with: apt-get install redis-server"
  mkdir -p "$run/redis"
  for pid in "$run"/*.pid; do
    if alive "$pid"; then die "already running ($(basename "$pid" .pid)); run '$0 down' first"; fi
  done
  rm -f "$run"/*.pid

  echo "Building ($configuration)..."
  dotnet build "$root/src/Aaba.Silo" -c $configuration -v quiet -nologo >/dev/null
  dotnet build "$root/src/Aaba.Api" -c $configuration -v quiet -nologo >/dev/null
  local silo_dll="$root/src/Aaba.Silo/bin/$configuration/net10.0/Aaba.Silo.dll"
  local api_dll="$root/src/Aaba.Api/bin/$configuration/net10.0/Aaba.Api.dll"

  start redis redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$run/redis" --appendonly yes --appendfsync everysec \
    --maxmemory-policy noeviction --save ""
  # PONG, not just an answer: while Redis replays a large append-only file it answers LOADING (and redis-cli exits 0),
  # and a silo that starts then fails its membership table and exits.
  wait_for "redis" redis_answers_pong "$redis_port"
  local redis="127.0.0.1:$redis_port"

  for i in $(seq 1 "$silos"); do
    AABA_REDIS=$redis AABA_SILO_PORT=$((11110 + offset + i)) AABA_GATEWAY_PORT=$((30000 + offset + i)) \
      AABA_SILO_HTTP_PORT=$((8080 + offset + i)) start "silo-$i" dotnet "$silo_dll"
  done
  for i in $(seq 1 "$silos"); do
    wait_for "silo-$i" curl -fs "http://localhost:$((8080 + offset + i))/healthz"
  done
  local key_file="$run/bootstrap-key"
  if [ "$open" -eq 0 ] && [ ! -s "$key_file" ]; then
    (umask 077; echo "aaba_$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" >"$key_file")
  fi
  for j in $(seq 1 "$apis"); do
    if [ "$open" -eq 1 ]; then
      AABA_REDIS=$redis AABA_AUTH_MODE=Open ASPNETCORE_URLS="http://localhost:$((5079 + offset + j))" start "api-$j" dotnet "$api_dll"
    else
      AABA_REDIS=$redis AABA_BOOTSTRAP_KEY_FILE="$key_file" ASPNETCORE_URLS="http://localhost:$((5079 + offset + j))" start "api-$j" dotnet "$api_dll"
    fi
  done
  for j in $(seq 1 "$apis"); do
    wait_for "api-$j" curl -fs "http://localhost:$((5079 + offset + j))/readyz"
    echo "API ready: http://localhost:$((5079 + offset + j))"
  done
  if [ "$open" -eq 1 ]; then
    echo "OPEN: no API key is checked (--open)."
  else
    echo "Admin key (bootstrap): in $key_file; create other keys with POST /admin/keys."
  fi
  echo "Silos: $silos (metrics at http://localhost:$((8081 + offset))/metrics ...), redis at $redis. Logs and pids: $run"
}

status() {
  [ -d "$run" ] || { echo "not running"; return 0; }
  for pid in "$run"/*.pid; do
    [ -e "$pid" ] || { echo "not running"; return 0; }
    local name; name=$(basename "$pid" .pid)
    if alive "$pid"; then echo "$name pid $(cat "$pid") running"; else echo "$name pid $(cat "$pid") dead"; fi
  done
}

down() {
  [ -d "$run" ] || return 0
  # APIs first, then silos, then Redis, so nothing loses its store while still working.
  for pattern in 'api-*' 'silo-*' 'redis'; do
    for pid in "$run"/$pattern.pid; do
      [ -e "$pid" ] || continue
      if alive "$pid"; then kill -TERM "$(cat "$pid")" 2>/dev/null || true; fi
    done
    for pid in "$run"/$pattern.pid; do
      [ -e "$pid" ] || continue
      for _ in $(seq 1 40); do alive "$pid" || break; sleep 0.25; done
      if alive "$pid"; then kill -KILL "$(cat "$pid")" 2>/dev/null || true; fi
      echo "stopped $(basename "$pid" .pid)"
      rm -f "$pid"
    done
  done
}

case ${1:-} in
  up) shift; up "$@" ;;
  status) status ;;
  down) down ;;
  *) echo "usage: $0 up [--silos N] [--apis M] [--open] | status | down" >&2; exit 2 ;;
esac
