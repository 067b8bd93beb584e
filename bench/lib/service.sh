# The service as a real process (sourced by bench/run.sh): start, wait until it serves and until it is ready, read its
# memory, stop.

# service_start NAME DLL PORT LOG [VAR=VALUE...]: starts the service in the background with the given environment,
# in its own directory (its content root: appsettings.json is read from there); sets service_pids[NAME]; waits until
# /healthz answers (migrations run before the service listens).
declare -A service_pids=()
service_start() {
  local name="$1" dll="$2" port="$3" log="$4"
  shift 4
  (cd "$(dirname "$dll")" && exec env "$@" dotnet "$(basename "$dll")" --urls "http://127.0.0.1:$port") >"$log" 2>&1 &
  service_pids[$name]=$!
  service_await "$name" "$log" start 0.5 service_says_ok "http://127.0.0.1:$port/healthz"
}

# service_ready NAME PORT LOG: waits until the started service NAME says ready (/readyz 200: its verdict cache is
# loaded and its start-up rehearsal done), polling every 50 ms so that the moment is measured closely; fails with its
# log when the process died or two minutes passed.
service_ready() {
  service_await "$1" "$3" "become ready" 0.05 service_says_ok "http://127.0.0.1:$2/readyz"
}

# service_says_ok URL: whether URL answers 200.
service_says_ok() {
  [[ "$(curl -s -o /dev/null -w '%{http_code}' "$1")" == 200 ]]
}

# service_await NAME LOG WHAT INTERVAL COMMAND...: runs COMMAND every INTERVAL seconds until it succeeds; fails
# with the last lines of LOG ("service NAME did not WHAT") when the process died or two minutes passed.
service_await() {
  local name="$1" log="$2" what="$3" interval="$4" deadline=$((SECONDS + 120))
  shift 4
  until "$@"; do
    if ! kill -0 "${service_pids[$name]}" 2>/dev/null || ((SECONDS > deadline)); then
      echo "service $name did not $what; its log:" >&2
      tail -n 40 "$log" >&2
      return 1
    fi
    sleep "$interval"
  done
}

# service_memory_json NAME: peak and current resident memory of the process, in MB, as a JSON object.
service_memory_json() {
  awk '/^VmHWM:/ { peak = $2 } /^VmRSS:/ { rss = $2 }
       END { printf "{\"peak_rss_mb\":%.1f,\"rss_after_mb\":%.1f}\n", peak / 1024, rss / 1024 }' \
    "/proc/${service_pids[$1]}/status"
}

# service_cpu_ticks NAME: user + system CPU time of the process so far, in clock ticks (/proc/PID/stat fields 14
# and 15). Taken before and after a measured run and divided by the requests served, it is the service's CPU per
# request: on two cores shared by the service, PostgreSQL and the load generator, that is what bounds throughput,
# and its ratio to /healthz's stays steady when the machine's load makes req/s swing.
service_cpu_ticks() {
  awk '{ print $14 + $15 }' "/proc/${service_pids[$1]}/stat"
}

# service_stop NAME: asks the process to stop (it flushes key usage on the way out) and waits for it.
service_stop() {
  local pid="${service_pids[$1]:-}"
  [[ -n "$pid" ]] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  unset "service_pids[$1]"
}
