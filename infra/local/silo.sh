#!/usr/bin/env bash
# (Re)starts one process of the local cluster by name, as start.sh started it (same ports, same
# settings), and waits until it is ready. Meant for silos (silo-1, silo-2, …) after a kill -9:
#   kill -9 "$(cat .cluster/pids/silo-1.pid)"; infra/local/silo.sh silo-1
# A process still running is stopped first (TERM, then KILL after a bound). Runs the built program as it
# is: nothing is built.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib.sh"

usage() {
  cat <<USAGE
usage: infra/local/silo.sh NAME [--dir DIR] [--timeout SECONDS]
  NAME               a process of the cluster: silo-1, silo-2, … (also gateway, redis, azurite)
  --dir DIR          the cluster folder given to start.sh (default: .cluster)
  --timeout SECONDS  how long to wait for it to stop and then to be ready (default: 120)
USAGE
}

cluster_dir="$infra_root/.cluster"
timeout_seconds=120
name=""
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) cluster_dir="$2"; shift 2 ;;
    --timeout) timeout_seconds="$2"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    -*) echo "error: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    *) [ -z "$name" ] || { usage >&2; exit 2; }; name="$1"; shift ;;
  esac
done
[ -n "$name" ] || { usage >&2; exit 2; }
[[ "$timeout_seconds" =~ ^[1-9][0-9]*$ ]] || { echo "error: --timeout '$timeout_seconds' is not a number of seconds" >&2; exit 2; }
if [ ! -f "$cluster_dir/run/$name.env" ]; then
  known="$(process_names "$cluster_dir" 2>/dev/null | tr '\n' ' ')"
  echo "error: no process '$name' in $cluster_dir (start.sh writes run/NAME.env); known: ${known:-none}" >&2
  exit 1
fi

stop_process "$cluster_dir" "$name" "$timeout_seconds"
echo "   starting $name"
launch "$cluster_dir" "$name"
await_ready "$cluster_dir" "$name" $(($(date +%s) + timeout_seconds))
echo "   $name is ready (pid $(cat "$cluster_dir/pids/$name.pid"))"
