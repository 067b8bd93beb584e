# What the benchmark needs from the machine (sourced by bench/run.sh).

# require_tools: wrk is installed when missing and we are root; anything else missing stops the run with how to get it.
require_tools() {
  if ! command -v wrk >/dev/null; then
    if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null; then
      echo "Installing wrk (Debian package)..." >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1 ||
        { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
    else
      echo "wrk is missing: install it with 'sudo apt-get install wrk' (Debian/Ubuntu), then run the Bench target again." >&2
      return 1
    fi
  fi
  local tool missing=()
  for tool in psql pgbench jq sqlite3 curl ss "$pg_bin/initdb"; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
  if ((${#missing[@]})); then
    echo "missing: ${missing[*]} (Debian packages: postgresql-15, postgresql-client-15, jq, sqlite3, curl, iproute2)" >&2
    return 1
  fi
}

# free_port: a TCP port nothing listens on.
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 40000))
    if [[ -z "$(ss -Htln "sport = :$port")" ]]; then
      echo "$port"
      return
    fi
  done
}

# process_cpu_ticks PID: user + system CPU time of a process so far, in clock ticks.
process_cpu_ticks() {
  awk '{ print $14 + $15 }' "/proc/$1/stat"
}
