# Shared by start.sh, stop.sh and silo.sh (sourced, not run): where a local cluster keeps its files,
# and how one of its processes is started from its recipe, awaited and stopped.
#
# A cluster folder (default .cluster/) holds, for each process NAME:
#   run/NAME.env    its recipe, written by start.sh: launch_dir, launch_cmd, launch_env, ready_url or ready_port
#   logs/NAME.log   its standard output and error (appended to across restarts)
#   pids/NAME.pid   its process id, one line (kill -9 "$(cat .cluster/pids/silo-1.pid)" is safe)
#   pids/NAME.start its start time in clock ticks, so that a reused pid is never taken for it
# and cluster.env, the addresses of the whole cluster in shell syntax.

infra_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# The order processes are stopped in: the Gateway first, storage last.
process_names() {
  local dir="$1" f names=()
  for f in "$dir"/run/*.env; do
    [ -e "$f" ] || continue
    names+=("$(basename "$f" .env)")
  done
  printf '%s\n' "${names[@]}" | awk '
    /^gateway/ { print "0 " $0; next } /^silo/ { print "1 " $0; next }
    /^azurite/ { print "2 " $0; next } { print "3 " $0 }' | sort -k1,1n -k2,2V | cut -d' ' -f2-
}

# The start time of a live process (field 22 of /proc/PID/stat, read after the command name, which may
# hold spaces); status 1 when there is no such process or it has exited and awaits its parent (a zombie).
process_start_time() {
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  # After "pid (comm) " come the state (field 3) and 18 more fields before the start time (field 22).
  # shellcheck disable=SC2086
  set -- $stat
  [ "$1" != Z ] || return 1
  echo "${20}"
}

# The pid of NAME if that very process still runs, else nothing (and status 1).
running_pid() {
  local dir="$1" name="$2" pid started
  [ -f "$dir/pids/$name.pid" ] || return 1
  pid="$(cat "$dir/pids/$name.pid")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  started="$(process_start_time "$pid")" || return 1
  [ "$started" = "$(cat "$dir/pids/$name.start" 2>/dev/null)" ] || return 1
  echo "$pid"
}

# Starts NAME from its recipe in the background; its pid goes to pids/NAME.pid.
launch() {
  local dir="$1" name="$2" launch_dir launch_cmd launch_env ready_url ready_port pid
  # shellcheck source=/dev/null
  source "$dir/run/$name.env"
  mkdir -p "$dir/logs" "$dir/pids"
  printf '\n===== %s: starting %s =====\n' "$(date -Is)" "$name" >>"$dir/logs/$name.log"
  (cd "$launch_dir" && exec env "${launch_env[@]}" "${launch_cmd[@]}") </dev/null >>"$dir/logs/$name.log" 2>&1 &
  pid=$!
  echo "$pid" >"$dir/pids/$name.pid"
  process_start_time "$pid" >"$dir/pids/$name.start" || true
}

# Waits until NAME answers (its /readyz with 200, or its TCP port), failing at once if it exits, or
# after the deadline (seconds since the epoch). On failure the end of its log is shown.
await_ready() {
  local dir="$1" name="$2" deadline="$3" launch_dir launch_cmd launch_env ready_url="" ready_port=""
  # shellcheck source=/dev/null
  source "$dir/run/$name.env"
  while :; do
    if ! running_pid "$dir" "$name" >/dev/null; then
      echo "error: $name exited while starting; the end of $dir/logs/$name.log:" >&2
      tail -n 40 "$dir/logs/$name.log" >&2
      return 1
    fi
    if [ -n "$ready_url" ]; then
      curl -fsS -o /dev/null --max-time 3 "$ready_url" 2>/dev/null && return 0
    elif (exec 3<>"/dev/tcp/127.0.0.1/$ready_port") 2>/dev/null; then
      return 0
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "error: $name is not ready (${ready_url:-port $ready_port}) in time; the end of $dir/logs/$name.log:" >&2
      tail -n 40 "$dir/logs/$name.log" >&2
      [ -z "$ready_url" ] || curl -sS --max-time 3 "$ready_url" >&2 || true
      return 1
    fi
    sleep 1
  done
}

# Stops NAME: TERM, then KILL if it still runs after the bound (seconds). Does nothing if it is not running.
stop_process() {
  local dir="$1" name="$2" bound="$3" pid waited=0
  if pid="$(running_pid "$dir" "$name")"; then
    kill -TERM "$pid" 2>/dev/null || true
    while running_pid "$dir" "$name" >/dev/null && [ "$waited" -lt $((bound * 4)) ]; do
      sleep 0.25
      waited=$((waited + 1))
    done
    if running_pid "$dir" "$name" >/dev/null; then
      echo "   $name (pid $pid) did not stop within ${bound}s of TERM; sending KILL"
      kill -KILL "$pid" 2>/dev/null || true
      while running_pid "$dir" "$name" >/dev/null; do sleep 0.1; done
    fi
    echo "   stopped $name (pid $pid)"
  fi
  rm -f "$dir/pids/$name.pid" "$dir/pids/$name.start"
}

# True when nothing on this machine listens on the TCP port.
port_free() {
  if command -v ss >/dev/null; then
    [ -z "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]
  else
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
  fi
}
