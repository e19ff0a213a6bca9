#!/usr/bin/env bash
# Starts a SparseVila cluster on this machine, on loopback, each part its own process: redis-server
# (membership and reminders), Azurite (blob storage), N gpu-role silos and one Gateway that is a pure
# cluster client. Builds once (Release), runs the built programs, waits until every /readyz answers 200
# and prints the addresses. Stop it with infra/local/stop.sh; restart one silo with infra/local/silo.sh.
#
# Data (Redis's append-only file, Azurite's blobs) stays in the cluster folder between runs; --fresh
# starts empty. Each start is a new Orleans cluster id over the same service id, so grain state and
# reminders carry over while no membership entry of an earlier run is waited on.
# Any other setting reaches every silo and the Gateway from the environment, e.g.
#   Inference__ModelFolder=/models/my-checkpoint infra/local/start.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib.sh"
root="$infra_root"

usage() {
  cat <<EOF
usage: infra/local/start.sh [options]
  --dir DIR            cluster folder: logs, pids, recipes, data (default: .cluster)
  --gpu-silos N        gpu-role silos to start (default: 2)
  --gateway-port PORT  the Gateway's HTTP port on 127.0.0.1 (default: 8080)
  --redis-port PORT    redis-server's port (default: the first free from 6379)
  --azurite-port PORT  Azurite's blob port (default: the first free from 10000)
  --timeout SECONDS    how long to wait for every part to be ready (default: 180)
  --fresh              delete the data of earlier runs (Redis, Azurite, Gateway scratch) first
  --no-build           run what was built last
  --dry-run            write the recipes (run/NAME.env) and cluster.env, print them, start nothing
EOF
}

cluster_dir="$root/.cluster"
gpu_silos=2
gateway_port=8080
redis_port=""
azurite_port=""
timeout_seconds=180
fresh=0
build=1
dry_run=0
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) cluster_dir="$2"; shift 2 ;;
    --gpu-silos) gpu_silos="$2"; shift 2 ;;
    --gateway-port) gateway_port="$2"; shift 2 ;;
    --redis-port) redis_port="$2"; shift 2 ;;
    --azurite-port) azurite_port="$2"; shift 2 ;;
    --timeout) timeout_seconds="$2"; shift 2 ;;
    --fresh) fresh=1; shift ;;
    --no-build) build=0; shift ;;
    --dry-run) dry_run=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "error: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
for number in "$gpu_silos" "$gateway_port" "$timeout_seconds" ${redis_port:+"$redis_port"} ${azurite_port:+"$azurite_port"}; do
  [[ "$number" =~ ^[1-9][0-9]*$ ]] || { echo "error: '$number' is not a positive number" >&2; exit 2; }
done
mkdir -p "$cluster_dir"
cluster_dir="$(cd "$cluster_dir" && pwd)"

if [ -d "$cluster_dir/run" ]; then
  while read -r name; do
    if [ -n "$name" ] && pid="$(running_pid "$cluster_dir" "$name")"; then
      echo "error: a cluster already runs from $cluster_dir ($name is pid $pid); stop it first: infra/local/stop.sh --dir $cluster_dir" >&2
      exit 1
    fi
  done < <(process_names "$cluster_dir")
fi

if [ "$dry_run" -eq 0 ]; then
  source "$root/scripts/prerequisites.sh"
  require_dotnet
  require_ffmpeg
  require_redis
  require_azurite
  command -v curl >/dev/null || apt_install curl
else
  say() { :; }
fi

if [ "$fresh" -eq 1 ]; then
  say "Deleting the data of earlier runs in $cluster_dir"
  rm -rf "$cluster_dir/redis" "$cluster_dir/azurite" "$cluster_dir/gateway"
fi
rm -rf "$cluster_dir/run" "$cluster_dir/pids"
mkdir -p "$cluster_dir"/{run,pids,logs,redis,azurite,gateway}

# Ports: a given one must be free; otherwise the first free one from a default, never two alike.
taken=" "
picked=""
pick_port() {
  local what="$1" given="$2" from="$3" port
  if [ -n "$given" ]; then
    port_free "$given" || { echo "error: port $given ($what) is in use" >&2; exit 1; }
    port="$given"
  else
    port="$from"
    while ! port_free "$port" || [[ "$taken" == *" $port "* ]]; do port=$((port + 1)); done
  fi
  taken+="$port "
  picked="$port"
}

# A recipe: how silo.sh and start.sh launch NAME and know it is ready.
write_recipe() {
  local name="$1" launch_dir="$2" ready="$3" env_array="$4"
  shift 4
  local -n env_list="$env_array"
  {
    echo "# $name, written by infra/local/start.sh; infra/local/silo.sh $name starts it again from this."
    printf 'launch_dir=%q\n' "$launch_dir"
    printf 'launch_cmd=('; printf ' %q' "$@"; printf ' )\n'
    printf 'launch_env=('; [ "${#env_list[@]}" -eq 0 ] || printf ' %q' "${env_list[@]}"; printf ' )\n'
    if [[ "$ready" == http* ]]; then printf 'ready_url=%q\n' "$ready"; else printf 'ready_port=%q\n' "$ready"; fi
  } >"$cluster_dir/run/$name.env"
}

pick_port "Redis" "$redis_port" 6379; redis_port="$picked"
pick_port "Azurite" "$azurite_port" 10000; azurite_port="$picked"
pick_port "the Gateway" "$gateway_port" "$gateway_port"; gateway_port="$picked"

# Azurite's well-known development account (public, documented by Microsoft; not a secret).
account_key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
blobs="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$account_key;BlobEndpoint=http://127.0.0.1:$azurite_port/devstoreaccount1;"
cluster_id="local-$(date +%Y%m%d%H%M%S)"

no_env=()
write_recipe redis "$cluster_dir/redis" "$redis_port" no_env \
  redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$cluster_dir/redis" \
  --save "" --appendonly yes --daemonize no --logfile ""
write_recipe azurite "$cluster_dir/azurite" "$azurite_port" no_env \
  azurite-blob --blobHost 127.0.0.1 --blobPort "$azurite_port" --location "$cluster_dir/azurite" \
  --skipApiVersionCheck --loose --silent

# What every silo and the Gateway share: Redis clustering, Azure blob storage, one cluster.
cluster_env=(
  "Orleans__Clustering=Redis"
  "ConnectionStrings__Redis=127.0.0.1:$redis_port"
  "Orleans__ClusterId=$cluster_id"
  "Storage__Provider=AzureBlob"
  "ConnectionStrings__Blobs=$blobs"
)

silo_bin="$root/Silo/bin/Release/net10.0"
gateway_bin="$root/Gateway/bin/Release/net10.0"
silo_names=()
silo_urls=()
for i in $(seq 1 "$gpu_silos"); do
  pick_port "silo-$i silo-to-silo" "" 11111; silo_port="$picked"
  pick_port "silo-$i gateway" "" 30000; orleans_gateway_port="$picked"
  pick_port "silo-$i HTTP" "" 8081; http_port="$picked"
  silo_env=("${cluster_env[@]}"
    "Silo__Role=gpu"
    "Orleans__SiloPort=$silo_port"
    "Orleans__GatewayPort=$orleans_gateway_port"
    "Orleans__AdvertisedIPAddress=127.0.0.1"
    "Urls=http://127.0.0.1:$http_port")
  # The built program's folder is its content root: its appsettings.json is read from there.
  write_recipe "silo-$i" "$silo_bin" "http://127.0.0.1:$http_port/readyz" silo_env dotnet SparseVila.Silo.dll
  silo_names+=("silo-$i")
  silo_urls+=("http://127.0.0.1:$http_port")
done

gateway_env=("${cluster_env[@]}"
  "Gateway__Silo=None"
  "Gateway__ScratchPath=$cluster_dir/gateway"
  "Urls=http://127.0.0.1:$gateway_port")
write_recipe gateway "$gateway_bin" "http://127.0.0.1:$gateway_port/readyz" gateway_env dotnet SparseVila.Gateway.dll

{
  echo "# The local cluster started from this folder (infra/local/start.sh); source it for its addresses."
  printf 'CLUSTER_DIR=%q\n' "$cluster_dir"
  printf 'CLUSTER_ID=%q\n' "$cluster_id"
  printf 'GATEWAY_URL=%q\n' "http://127.0.0.1:$gateway_port"
  printf 'SILO_NAMES=(%s)\n' "${silo_names[*]}"
  printf 'SILO_URLS=(%s)\n' "${silo_urls[*]}"
  printf 'REDIS_ENDPOINT=%q\n' "127.0.0.1:$redis_port"
  printf 'BLOBS_CONNECTION_STRING=%q\n' "$blobs"
} >"$cluster_dir/cluster.env"

if [ "$dry_run" -eq 1 ]; then
  for recipe in "$cluster_dir"/run/*.env; do cat "$recipe"; done
  cat "$cluster_dir/cluster.env"
  exit 0
fi

if [ "$build" -eq 1 ]; then
  say "Building the Silo and the Gateway (Release)"
  dotnet build "$root/Silo/SparseVila.Silo.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly
  dotnet build "$root/Gateway/SparseVila.Gateway.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly
fi
for program in "$silo_bin/SparseVila.Silo.dll" "$gateway_bin/SparseVila.Gateway.dll"; do
  [ -f "$program" ] || { echo "error: $program is missing; run without --no-build" >&2; exit 1; }
done

# Any failure from here stops what was started; the logs stay.
started_ok=0
on_exit() {
  if [ "$started_ok" -eq 0 ]; then
    echo "Stopping what was started; logs are in $cluster_dir/logs" >&2
    "$here/stop.sh" --dir "$cluster_dir" >&2 || true
  fi
}
trap on_exit EXIT

for name in redis azurite "${silo_names[@]}" gateway; do : >"$cluster_dir/logs/$name.log"; done
deadline=$(($(date +%s) + timeout_seconds))

say "Starting redis-server on 127.0.0.1:$redis_port and Azurite on 127.0.0.1:$azurite_port"
launch "$cluster_dir" redis
launch "$cluster_dir" azurite
await_ready "$cluster_dir" redis "$deadline"
await_ready "$cluster_dir" azurite "$deadline"

say "Starting ${#silo_names[@]} gpu silo(s): ${silo_names[*]} (cluster $cluster_id)"
for name in "${silo_names[@]}"; do launch "$cluster_dir" "$name"; done
for name in "${silo_names[@]}"; do await_ready "$cluster_dir" "$name" "$deadline"; done

say "Starting the Gateway (a cluster client) on http://127.0.0.1:$gateway_port"
launch "$cluster_dir" gateway
await_ready "$cluster_dir" gateway "$deadline"
started_ok=1

say "The cluster is ready"
printf '  %-10s %s\n' "gateway" "http://127.0.0.1:$gateway_port  (API reference: /api-reference)"
for i in "${!silo_names[@]}"; do printf '  %-10s %s\n' "${silo_names[$i]}" "${silo_urls[$i]}/readyz"; done
printf '  %-10s %s\n' "redis" "127.0.0.1:$redis_port" "azurite" "http://127.0.0.1:$azurite_port/devstoreaccount1"
printf '  %-10s %s\n' "logs" "$cluster_dir/logs" "addresses" "$cluster_dir/cluster.env"
if [ "$cluster_dir" = "$root/.cluster" ]; then
  echo "Stop it with: infra/local/stop.sh"
else
  echo "Stop it with: infra/local/stop.sh --dir $cluster_dir"
fi
