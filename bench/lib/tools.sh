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

# realm_start TOKENGEN_DLL TOKEN_FILE LOG: bench/TokenGen's stand-in realm on a free port, returned once it serves its
# discovery document and has written a token. Sets realm_port and realm_pid (the caller stops it).
realm_start() {
  local tokengen_dll="$1" token_file="$2" log="$3"
  realm_port="$(free_port)"
  dotnet "$tokengen_dll" "$realm_port" "$token_file" >"$log" 2>&1 &
  realm_pid=$!
  until [[ -s "$token_file" ]] && curl -fsS -o /dev/null "http://127.0.0.1:$realm_port/realms/bench/.well-known/openid-configuration"; do
    kill -0 "$realm_pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.2
  done
}
