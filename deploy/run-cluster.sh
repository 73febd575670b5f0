#!/usr/bin/env bash
# A whole distributed EmotionGrid cluster on one machine, without Docker: PostgreSQL (Debian's) for the catalog,
# Azurite (npm) for the bucket and Orleans' membership/reminder tables, and N silo processes.
#
#   deploy/run-cluster.sh [start] [--silos N] [--dir DIR] [--no-build] [--detach] [port options]
#   deploy/run-cluster.sh stop   [--dir DIR]
#   deploy/run-cluster.sh status [--dir DIR]
#
# start (the default) runs in the foreground until Ctrl-C, then stops the silos, Azurite and PostgreSQL in that
# order; with --detach it returns once every silo is ready and `stop` ends the cluster later.
# Everything lives under DIR (default: data/cluster in the repository): postgres/ (data, log, password),
# azurite/, silo-<i>/ (each silo's data root and JSON logs), logs/ (console output), run/ (pids, settings).
# Details: docs/deployment.md.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly repo
readonly silo_dll_rel=Silo/bin/Release/net10.0/EmotionGrid.Silo.dll
# Azurite's well-known development account (public, not a secret).
readonly azurite_account=devstoreaccount1
readonly azurite_key='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

usage() {
  cat <<'EOF'
usage: deploy/run-cluster.sh [start] [options]     run a cluster (foreground; Ctrl-C stops it)
       deploy/run-cluster.sh stop [--dir DIR]      stop a cluster started with --detach
       deploy/run-cluster.sh status [--dir DIR]    show what is running

options:
  --silos N            silo processes (default 2)
  --dir DIR            state, data and logs (default <repo>/data/cluster)
  --no-build           use the existing Release build instead of `dotnet build Silo -c Release`
  --detach             return once the cluster is ready; stop it with `stop --dir DIR`
  --pg-port P          PostgreSQL on 127.0.0.1:P (default 55432)
  --azurite-port P     Azurite blob on P, queue on P+1, table on P+2 (default 10000)
  --api-port P         silo i serves the REST API on P+i (default 5080)
  --silo-port P        silo i's Orleans silo port is P+i (default 11111)
  --gateway-port P     silo i's Orleans gateway port is P+i (default 30000)
  --cluster-id ID      Orleans ClusterId (default emotiongrid-cluster)
  --wait-seconds S     how long each silo may take to become ready (default 180)

environment:
  EMOTIONGRID_AZURITE  the azurite executable to use (default: the one deploy/install-servers.sh installs)
  EMOTIONGRID_PG_BIN   PostgreSQL's bin folder (default: the newest /usr/lib/postgresql/*/bin)
  EmotionGrid__...     any other silo setting; the providers and connection strings set here are defaults
                       that such variables override (the per-silo ports, DataRoot and address are always set)
EOF
}

log() { printf 'run-cluster: %s\n' "$*"; }
die() { printf 'run-cluster: error: %s\n' "$*" >&2; exit 1; }

# --- arguments ----------------------------------------------------------------------------------
command=start
case "${1:-}" in
  start | stop | status) command=$1; shift ;;
  -h | --help) usage; exit 0 ;;
esac

silos=2
dir=$repo/data/cluster
build=true
detach=false
pg_port=55432
azurite_port=10000
api_port=5080
silo_port=11111
gateway_port=30000
cluster_id=emotiongrid-cluster
cluster_id_given=false
service_id=emotiongrid
wait_seconds=180

while [ $# -gt 0 ]; do
  arg=$1
  shift
  value=
  case $arg in
    --*=*) value=${arg#*=}; arg=${arg%%=*} ;;
    --silos | --dir | --pg-port | --azurite-port | --api-port | --silo-port | --gateway-port | --cluster-id | --wait-seconds)
      [ $# -gt 0 ] || die "$arg needs a value"
      value=$1
      shift
      ;;
  esac
  case $arg in
    --silos) silos=$value ;;
    --dir) dir=$value ;;
    --pg-port) pg_port=$value ;;
    --azurite-port) azurite_port=$value ;;
    --api-port) api_port=$value ;;
    --silo-port) silo_port=$value ;;
    --gateway-port) gateway_port=$value ;;
    --cluster-id) cluster_id=$value; cluster_id_given=true ;;
    --wait-seconds) wait_seconds=$value ;;
    --no-build) build=false ;;
    --detach) detach=true ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $arg" ;;
  esac
done

is_uint() { case $1 in '' | *[!0-9]*) return 1 ;; *) return 0 ;; esac; }
for pair in "silos:$silos" "pg-port:$pg_port" "azurite-port:$azurite_port" "api-port:$api_port" \
  "silo-port:$silo_port" "gateway-port:$gateway_port" "wait-seconds:$wait_seconds"; do
  is_uint "${pair#*:}" || die "--${pair%%:*} must be a whole number, not '${pair#*:}'"
done
if [ "$silos" -lt 1 ] || [ "$silos" -gt 50 ]; then die "--silos must be between 1 and 50"; fi
case $cluster_id in '' | *[!A-Za-z0-9._-]*) die "--cluster-id may contain letters, digits, '.', '_' and '-' only" ;; esac

if [ "$command" = start ]; then
  mkdir -p "$dir"
elif [ ! -d "$dir" ]; then
  die "no cluster in $dir"
fi
dir=$(cd "$dir" && pwd)
readonly run_dir=$dir/run logs_dir=$dir/logs pg_dir=$dir/postgres
readonly pg_data=$pg_dir/data

# --- helpers ------------------------------------------------------------------------------------
is_root() { [ "$(id -u)" -eq 0 ]; }

pg_bin() {
  if [ -n "${EMOTIONGRID_PG_BIN:-}" ]; then
    printf '%s\n' "$EMOTIONGRID_PG_BIN"
    return
  fi
  local initdb
  initdb=$(compgen -G '/usr/lib/postgresql/*/bin/initdb' | sort -V | tail -n 1 || true)
  [ -n "$initdb" ] && dirname "$initdb"
}

find_azurite() {
  if [ -n "${EMOTIONGRID_AZURITE:-}" ]; then
    printf '%s\n' "$EMOTIONGRID_AZURITE"
    return
  fi
  local cache=${XDG_CACHE_HOME:-${HOME:-/nonexistent}/.cache}
  if [ -x "$cache/emotiongrid/azurite/node_modules/.bin/azurite" ]; then
    printf '%s\n' "$cache/emotiongrid/azurite/node_modules/.bin/azurite"
  fi
}

# Runs a command as the postgres user when we are root (PostgreSQL refuses to run as root).
as_pg() {
  if is_root; then
    local cmd
    printf -v cmd '%q ' "$@"
    su postgres -s /bin/bash -c "$cmd"
  else
    "$@"
  fi
}

# Servers and silos run in their own session, so a Ctrl-C in the terminal reaches only this script, which then
# stops everything in order (silos first, while the servers they need are still up). Never forks here: a child
# of this script is not a process group leader, so setsid execs the command in the same process.
setsid_cmd=()
if command -v setsid >/dev/null 2>&1; then setsid_cmd=(setsid); fi

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Prints the HTTP status code of GET http://127.0.0.1:PORT/PATH, or nothing.
http_status() {
  (
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1:%s\r\n\r\n' "$2" "$1" >&3
    IFS=' ' read -r -t 5 _ code _ <&3 || exit 1
    printf '%s' "$code"
  ) 2>/dev/null || true
}

# The pid in FILE when that process is alive and its command line contains PATTERN (guards against reused pids).
live_pid() {
  local file=$1 pattern=$2 pid
  [ -f "$file" ] || return 1
  pid=$(cat "$file" 2>/dev/null || true)
  is_uint "$pid" || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$pattern" || return 1
  printf '%s\n' "$pid"
}

# Sends TERM, waits up to SECONDS, then KILL.
stop_pid() {
  local pid=$1 name=$2 seconds=$3 waited=0
  kill -TERM "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$waited" -ge $((seconds * 5)) ]; then
      log "$name did not stop within ${seconds}s: killing it"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
    waited=$((waited + 1))
  done
  wait "$pid" 2>/dev/null || true
}

pg_running() {
  local bin
  bin=$(pg_bin) || return 1
  [ -f "$pg_data/PG_VERSION" ] && as_pg "$bin/pg_ctl" -D "$pg_data" status >/dev/null 2>&1
}

stop_silos() {
  local file pid pids=() names=()
  for file in "$run_dir"/silo-*.pid; do
    [ -e "$file" ] || continue
    if pid=$(live_pid "$file" EmotionGrid.Silo.dll); then
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid")
      names+=("$(basename "$file" .pid)")
    fi
    rm -f "$file"
  done
  [ ${#pids[@]} -gt 0 ] || return 0
  log "stopping ${names[*]} (graceful Orleans shutdown)"
  local i
  for i in "${!pids[@]}"; do stop_pid "${pids[$i]}" "${names[$i]}" 45; done
}

stop_azurite() {
  local pid port waited=0
  if pid=$(live_pid "$run_dir/azurite.pid" azurite); then
    log "stopping Azurite"
    port=$(setting AZURITE_PORT || true)
    is_uint "$port" || port=$azurite_port
    kill -TERM "$pid" 2>/dev/null || true
    # On TERM Azurite closes its services (saving its data) but its process stays: end it once the ports close.
    while kill -0 "$pid" 2>/dev/null && { port_in_use "$port" || port_in_use $((port + 2)); } && [ "$waited" -lt 100 ]; do
      sleep 0.2
      waited=$((waited + 1))
    done
    sleep 0.5
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -f "$run_dir/azurite.pid"
}

stop_postgres() {
  if pg_running; then
    log "stopping PostgreSQL"
    as_pg "$(pg_bin)/pg_ctl" -D "$pg_data" -m fast -w -t 60 stop >/dev/null || log "pg_ctl stop failed (see $pg_dir/postgres.log)"
  fi
}

stop_all() {
  stop_silos
  stop_azurite
  stop_postgres
}

setting() { # KEY: a value recorded by `start` in run/cluster.env
  [ -f "$run_dir/cluster.env" ] && sed -n "s/^$1=//p" "$run_dir/cluster.env" | head -n 1
}

# --- stop / status ------------------------------------------------------------------------------
if [ "$command" = stop ]; then
  [ -d "$run_dir" ] || [ -f "$pg_data/PG_VERSION" ] || die "no cluster in $dir"
  stop_all
  log "stopped ($dir)"
  exit 0
fi

if [ "$command" = status ]; then
  running=0
  for file in "$run_dir"/silo-*.pid; do
    [ -e "$file" ] || continue
    name=$(basename "$file" .pid)
    index=${name#silo-}
    port=$(setting API_PORT || true)
    if pid=$(live_pid "$file" EmotionGrid.Silo.dll); then
      running=$((running + 1))
      url=
      if is_uint "$port"; then url="http://127.0.0.1:$((port + index))/ (readyz: $(http_status $((port + index)) /readyz))"; fi
      log "$name: running, pid $pid $url"
    else
      log "$name: not running"
    fi
  done
  if pid=$(live_pid "$run_dir/azurite.pid" azurite); then
    log "azurite: running, pid $pid, blob port $(setting AZURITE_PORT || true)"
    running=$((running + 1))
  else
    log "azurite: not running"
  fi
  if pg_running; then
    log "postgresql: running, port $(setting PG_PORT || true)"
    running=$((running + 1))
  else
    log "postgresql: not running"
  fi
  [ "$running" -gt 0 ] || exit 1
  exit 0
fi

# --- start --------------------------------------------------------------------------------------
for file in "$run_dir"/silo-*.pid "$run_dir/azurite.pid"; do
  [ -e "$file" ] || continue
  if live_pid "$file" EmotionGrid.Silo.dll >/dev/null || live_pid "$file" azurite >/dev/null; then
    die "a cluster is already running in $dir (deploy/run-cluster.sh stop --dir $dir)"
  fi
done

# Servers: install what is missing (PostgreSQL from Debian, Azurite from npm, cached).
if [ -z "$(pg_bin || true)" ] || [ -z "$(find_azurite || true)" ]; then
  log "installing the servers (deploy/install-servers.sh)"
  "$repo/deploy/install-servers.sh"
fi
pg=$(pg_bin || true)
[ -x "${pg:-/nonexistent}/initdb" ] || die "PostgreSQL's initdb not found (set EMOTIONGRID_PG_BIN to its bin folder)"
azurite=$(find_azurite || true)
[ -x "${azurite:-/nonexistent}" ] || die "azurite not found (run deploy/install-servers.sh, or set EMOTIONGRID_AZURITE)"
command -v dotnet >/dev/null 2>&1 || die "dotnet not found: the .NET 10 SDK is needed"

pg_running && die "PostgreSQL is already running on $pg_data (deploy/run-cluster.sh stop --dir $dir)"

# Every port must be free before anything starts.
check_port() { if port_in_use "$1"; then die "port $1 ($2) is in use: choose another with $3"; fi; }
check_port "$pg_port" PostgreSQL --pg-port
for offset in 0 1 2; do check_port $((azurite_port + offset)) Azurite --azurite-port; done
for ((i = 0; i < silos; i++)); do
  check_port $((api_port + i)) "silo-$i API" --api-port
  check_port $((silo_port + i)) "silo-$i silo port" --silo-port
  check_port $((gateway_port + i)) "silo-$i gateway" --gateway-port
done

if [ "$build" = true ]; then
  log "building the silo (dotnet build Silo -c Release)"
  (cd "$repo" && dotnet build Silo -c Release -nologo -v quiet) || die "the build failed"
fi
silo_dll=$repo/$silo_dll_rel
[ -f "$silo_dll" ] || die "$silo_dll not found (build it: dotnet build Silo -c Release)"

mkdir -p "$run_dir" "$logs_dir" "$pg_dir" "$dir/azurite"
rm -f "$run_dir"/silo-*.pid "$run_dir/azurite.pid"

# From here on, leaving for any reason stops what was started; `exit` inside the traps runs the EXIT trap.
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  trap '' PIPE # the terminal or pipe may be gone: stopping must go on regardless
  set +e
  stop_all
  log "stopped"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- PostgreSQL ---------------------------------------------------------------------------------
if is_root; then
  chown postgres:postgres "$pg_dir"
  chmod 700 "$pg_dir"
  su postgres -s /bin/bash -c "test -w $(printf '%q' "$pg_dir")" ||
    die "the postgres user cannot write $pg_dir (a parent folder is closed to it): use --dir under /tmp or /var/tmp"
fi
if [ ! -f "$pg_dir/password" ]; then
  (umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=\n' >"$pg_dir/password")
  if is_root; then chown postgres:postgres "$pg_dir/password"; fi
fi
pg_password=$(cat "$pg_dir/password")
if [ ! -f "$pg_data/PG_VERSION" ]; then
  log "initdb $pg_data"
  as_pg "$pg/initdb" -D "$pg_data" -U emotiongrid --pwfile="$pg_dir/password" --auth-local=trust \
    --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$pg_dir/initdb.log" 2>&1 ||
    die "initdb failed: $(tail -n 5 "$pg_dir/initdb.log")"
fi
log "starting PostgreSQL on 127.0.0.1:$pg_port"
# TCP on 127.0.0.1 only, no Unix socket (its path would depend on DIR's length).
pg_start=("$pg/pg_ctl" -D "$pg_data" -l "$pg_dir/postgres.log" -w -t 60
  -o "-c listen_addresses=127.0.0.1 -p $pg_port -c unix_socket_directories=''" start)
if is_root; then
  printf -v pg_start_cmd '%q ' "${pg_start[@]}"
  pg_start=(su postgres -s /bin/bash -c "$pg_start_cmd")
fi
"${setsid_cmd[@]}" "${pg_start[@]}" >/dev/null ||
  die "PostgreSQL did not start: $(tail -n 5 "$pg_dir/postgres.log" 2>/dev/null)"
export PGPASSWORD=$pg_password
exists=$("$pg/psql" -X -h 127.0.0.1 -p "$pg_port" -U emotiongrid -d postgres -tAc \
  "SELECT 1 FROM pg_database WHERE datname = 'emotiongrid'") || die "cannot connect to PostgreSQL"
if [ "$exists" != 1 ]; then
  log "creating database emotiongrid"
  "$pg/createdb" -h 127.0.0.1 -p "$pg_port" -U emotiongrid emotiongrid
fi
unset PGPASSWORD

# --- Azurite ------------------------------------------------------------------------------------
log "starting Azurite on 127.0.0.1:$azurite_port-$((azurite_port + 2)) ($azurite)"
(
  exec "${setsid_cmd[@]}" "$azurite" --blobHost 127.0.0.1 --blobPort "$azurite_port" \
    --queueHost 127.0.0.1 --queuePort $((azurite_port + 1)) \
    --tableHost 127.0.0.1 --tablePort $((azurite_port + 2)) \
    --location "$dir/azurite" --skipApiVersionCheck --loose --silent
) >"$logs_dir/azurite.log" 2>&1 </dev/null &
azurite_pid=$!
echo "$azurite_pid" >"$run_dir/azurite.pid"
for ((waited = 0; ; waited++)); do
  if port_in_use "$azurite_port" && port_in_use $((azurite_port + 2)); then break; fi
  kill -0 "$azurite_pid" 2>/dev/null || die "Azurite exited: $(tail -n 5 "$logs_dir/azurite.log")"
  [ "$waited" -lt 300 ] || die "Azurite did not open its ports within 60 s (see $logs_dir/azurite.log)"
  sleep 0.2
done

# --- silos --------------------------------------------------------------------------------------
storage_cs="DefaultEndpointsProtocol=http;AccountName=$azurite_account;AccountKey=$azurite_key"
storage_cs+=";BlobEndpoint=http://127.0.0.1:$azurite_port/$azurite_account"
storage_cs+=";QueueEndpoint=http://127.0.0.1:$((azurite_port + 1))/$azurite_account"
storage_cs+=";TableEndpoint=http://127.0.0.1:$((azurite_port + 2))/$azurite_account;"
catalog_cs="Host=127.0.0.1;Port=$pg_port;Username=emotiongrid;Password=$pg_password;Database=emotiongrid"

# Defaults that the caller's own EmotionGrid__ variables override (an explicit --cluster-id wins over both).
if [ "$cluster_id_given" = true ]; then export EmotionGrid__Cluster__ClusterId=$cluster_id; fi
export EmotionGrid__Cluster__Provider="${EmotionGrid__Cluster__Provider:-AzureStorage}"
export EmotionGrid__Cluster__ClusterId="${EmotionGrid__Cluster__ClusterId:-$cluster_id}"
export EmotionGrid__Cluster__ServiceId="${EmotionGrid__Cluster__ServiceId:-$service_id}"
export EmotionGrid__Storage__Provider="${EmotionGrid__Storage__Provider:-AzureBlob}"
export EmotionGrid__Storage__ConnectionString="${EmotionGrid__Storage__ConnectionString:-$storage_cs}"
export EmotionGrid__Storage__Container="${EmotionGrid__Storage__Container:-emotiongrid}"
export EmotionGrid__Storage__ServiceVersion="${EmotionGrid__Storage__ServiceVersion:-2026-06-06}"
export EmotionGrid__Catalog__Provider="${EmotionGrid__Catalog__Provider:-Postgres}"
export EmotionGrid__Catalog__ConnectionString="${EmotionGrid__Catalog__ConnectionString:-$catalog_cs}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

{
  echo "SILOS=$silos"
  echo "PG_PORT=$pg_port"
  echo "AZURITE_PORT=$azurite_port"
  echo "API_PORT=$api_port"
  echo "SILO_PORT=$silo_port"
  echo "GATEWAY_PORT=$gateway_port"
  echo "CLUSTER_ID=$EmotionGrid__Cluster__ClusterId"
} >"$run_dir/cluster.env"

# Silo I's process (run in the background: the subshell becomes the silo through exec, so $! is the silo's pid).
run_silo() {
  local i=$1
  cd "$dir/silo-$i"
  exec env \
    EmotionGrid__DataRoot="$dir/silo-$i" \
    EmotionGrid__Cluster__SiloPort=$((silo_port + i)) \
    EmotionGrid__Cluster__GatewayPort=$((gateway_port + i)) \
    EmotionGrid__Cluster__AdvertisedAddress=127.0.0.1 \
    "${setsid_cmd[@]}" dotnet "$silo_dll" --urls "http://127.0.0.1:$((api_port + i))"
}

silo_pids=()
for ((i = 0; i < silos; i++)); do
  mkdir -p "$dir/silo-$i"
  log "starting silo-$i: API 127.0.0.1:$((api_port + i)), silo port $((silo_port + i)), gateway $((gateway_port + i))"
  run_silo "$i" >"$logs_dir/silo-$i.log" 2>&1 </dev/null &
  silo_pids[i]=$!
  echo "${silo_pids[i]}" >"$run_dir/silo-$i.pid"
done

# Ready = /readyz answers 200. A silo that exits first (bad configuration: exit code 2) ends the run.
for ((i = 0; i < silos; i++)); do
  deadline=$((SECONDS + wait_seconds))
  while :; do
    if ! kill -0 "${silo_pids[i]}" 2>/dev/null; then
      status=0
      wait "${silo_pids[i]}" 2>/dev/null || status=$?
      printf '%s\n' "--- last lines of $logs_dir/silo-$i.log ---" >&2
      tail -n 15 "$logs_dir/silo-$i.log" >&2 || true
      die "silo-$i exited with code $status before it was ready"
    fi
    [ "$(http_status $((api_port + i)) /readyz)" = 200 ] && break
    [ "$SECONDS" -lt "$deadline" ] ||
      die "silo-$i not ready after ${wait_seconds}s (GET /readyz says $(http_status $((api_port + i)) /readyz); see $logs_dir/silo-$i.log)"
    sleep 1
  done
  log "silo-$i ready"
done

log "cluster '$EmotionGrid__Cluster__ClusterId' is up ($silos silos), state in $dir"
for ((i = 0; i < silos; i++)); do
  port=$((api_port + i))
  log "  silo-$i  http://127.0.0.1:$port/  (/orleans, /metrics, /readyz)  log: $logs_dir/silo-$i.log"
done
log "  PostgreSQL  Host=127.0.0.1;Port=$pg_port;Username=emotiongrid;Database=emotiongrid (password: $pg_dir/password)"
log "  Azurite     blob http://127.0.0.1:$azurite_port/$azurite_account, table http://127.0.0.1:$((azurite_port + 2))/$azurite_account"

if [ "$detach" = true ]; then
  trap - EXIT INT TERM
  log "detached: stop it with deploy/run-cluster.sh stop --dir $dir"
  exit 0
fi

log "Ctrl-C stops the cluster"
reported=()
while :; do
  alive=0
  for ((i = 0; i < silos; i++)); do
    if kill -0 "${silo_pids[i]}" 2>/dev/null; then
      alive=$((alive + 1))
    elif [ -z "${reported[i]:-}" ]; then
      reported[i]=1
      status=0
      wait "${silo_pids[i]}" 2>/dev/null || status=$?
      log "silo-$i exited with code $status (see $logs_dir/silo-$i.log)"
    fi
  done
  if [ "$alive" -eq 0 ]; then
    log "every silo has exited"
    exit 1
  fi
  # In the background, so a TERM or INT runs its trap at once.
  sleep 1 &
  wait $! || true
done
