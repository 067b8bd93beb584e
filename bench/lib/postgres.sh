# A throwaway PostgreSQL 15 cluster for the benchmark (sourced by bench/run.sh).
# As root the server runs as the postgres user, as the contract tests do (docs/development.md).

pg_bin="${PG_BIN:-/usr/lib/postgresql/15/bin}"

as_postgres() {
  if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# pg_start DIR PORT: initdb into DIR/data and start the server on 127.0.0.1:PORT with its socket in DIR.
pg_start() {
  local dir="$1" port="$2"
  mkdir -p "$dir"
  [[ $EUID -eq 0 ]] && chown postgres "$dir"
  as_postgres "$pg_bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
  # Big enough to hold the seeded tables and indexes (about 600 MB), as a production server would.
  as_postgres "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c shared_buffers=1GB -c max_connections=200" >/dev/null
}

# pg_stop DIR: stops the server if it runs; never fails.
pg_stop() {
  local dir="$1"
  [[ -f "$dir/data/postmaster.pid" ]] && as_postgres "$pg_bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1
  return 0
}

# pg_cpu_ticks DIR: user + system CPU time of the whole server started in DIR so far, in clock ticks: the postmaster,
# its live children, and (through the postmaster's cutime/cstime) every child that has already exited.
pg_cpu_ticks() {
  local postmaster
  postmaster="$(head -n 1 "$1/data/postmaster.pid")"
  { awk '{ print $14 + $15 + $16 + $17 }' "/proc/$postmaster/stat"
    # A child may exit between the listing and the read: its time is then in the postmaster's cutime/cstime.
    pgrep -P "$postmaster" | while read -r child; do awk '{ print $14 + $15 }' "/proc/$child/stat" 2>/dev/null || true; done
  } | awk '{ total += $1 } END { print total }'
}
