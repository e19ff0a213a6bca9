#!/usr/bin/env bash
# Stops the local cluster started by infra/local/start.sh: the Gateway, the silos, Azurite, then Redis,
# each by its pid file (TERM, then KILL after a bound). Safe to run again: what is not running is skipped.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib.sh"

usage() {
  cat <<USAGE
usage: infra/local/stop.sh [--dir DIR] [--timeout SECONDS]
  --dir DIR          the cluster folder given to start.sh (default: .cluster)
  --timeout SECONDS  how long each process has to exit after TERM before it is killed (default: 30)
USAGE
}

cluster_dir="$infra_root/.cluster"
bound=30
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) cluster_dir="$2"; shift 2 ;;
    --timeout) bound="$2"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "error: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
[[ "$bound" =~ ^[0-9]+$ ]] || { echo "error: --timeout '$bound' is not a number of seconds" >&2; exit 2; }

if [ ! -d "$cluster_dir/run" ]; then
  echo "No local cluster in $cluster_dir."
  exit 0
fi

stopped_any=0
while read -r name; do
  [ -n "$name" ] || continue
  if running_pid "$cluster_dir" "$name" >/dev/null; then stopped_any=1; fi
  stop_process "$cluster_dir" "$name" "$bound"
done < <(process_names "$cluster_dir")

if [ "$stopped_any" -eq 1 ]; then
  echo "The local cluster in $cluster_dir is stopped; its logs are in $cluster_dir/logs."
else
  echo "Nothing of the local cluster in $cluster_dir was running."
fi
