# Runs one scenario, warm-up first, and appends its figures as a JSON line to $results (sourced by bench/run.sh).
# Needs: $bench, $results, $connections, $threads, $warmup, $duration; $work for pgbench's logs.

# wrk_scenario NAME STORE CEILING URL SCRIPT [SCRIPT ARGS...]: CEILING names the scenario whose throughput this one
# is compared with ("" for none). wrk keeps $connections connections busy for $duration seconds. The service
# process named STORE is charged with the CPU it used over the measured run: cpu_us_per_request.
wrk_scenario() {
  local name="$1" store="$2" ceiling="$3" url="$4" script="$5"
  shift 5
  echo "== $name ($store): ${warmup}s warm-up, ${duration}s measured, $connections connections" >&2
  wrk -t "$threads" -c "$connections" -d "${warmup}s" --timeout 5s -s "$bench/wrk/$script" "$url" -- "$@" >/dev/null
  local figures before after
  before="$(service_cpu_ticks "$store")"
  figures=$(wrk -t "$threads" -c "$connections" -d "${duration}s" --timeout 5s -s "$bench/wrk/$script" "$url" -- "$@" | grep '^{')
  after="$(service_cpu_ticks "$store")"
  figures="$(jq -c --argjson ticks $((after - before)) --argjson hz "$(getconf CLK_TCK)" \
    '. + {cpu_us_per_request: ($ticks / $hz * 1e6 / .requests * 10 | round / 10)}' <<<"$figures")"
  echo "   $figures" >&2
  jq -c --arg name "$name" --arg store "$store" --arg ceiling "$ceiling" \
    '{name: $name, tool: "wrk", store: $store, ceiling: (if $ceiling == "" then null else $ceiling end)} + .' \
    <<<"$figures" >>"$results"
}

# verify_every_key STORE URL KEYS_FILE [TOKEN_FILE]: verifies each key once (fills the verdict cache); reported like a scenario,
# without warm-up: its figures are those of verify when the store must be asked. wrk runs for a fixed time, so it
# is stopped with SIGINT (it then reports) once every thread has left its done file.
verify_every_key() {
  local store="$1" url="$2" keys_file="$3" token_file=("${@:4}")
  local done_dir="$work/verify-every-key-$store"
  mkdir -p "$done_dir"
  echo "== verify-cold-cache ($store): each of $(wc -l <"$keys_file") keys once, $connections connections" >&2
  wrk -t "$threads" -c "$connections" -d 600s --timeout 5s -s "$bench/wrk/verify-every-key.lua" "$url" -- \
    "$keys_file" "$threads" "$done_dir" "${token_file[@]}" >"$done_dir/out" &
  local wrk_pid=$!
  until (($(find "$done_dir" -name 'thread-*' | wc -l) == threads)); do
    kill -0 "$wrk_pid" 2>/dev/null || break
    sleep 0.2
  done
  kill -INT "$wrk_pid" 2>/dev/null || true
  wait "$wrk_pid" || true
  local figures
  figures=$(grep '^{' "$done_dir/out")
  echo "   $figures" >&2
  jq -c --arg store "$store" '{name: "verify-cold-cache", tool: "wrk", store: $store, ceiling: null} + .' <<<"$figures" >>"$results"
}

# pgbench_scenario NAME SCRIPT [-D VAR=VALUE...]: the database alone running the service's SQL for a scenario,
# with as many clients as wrk has connections, each statement prepared once per connection as Npgsql's automatic
# preparation sends it (Store/StoreRegistration.cs). Latency percentiles come from the per-transaction log.
pgbench_scenario() {
  local name="$1" script="$2"
  shift 2
  echo "== $name (pgbench): ${warmup}s warm-up, ${duration}s measured, $connections clients" >&2
  local args=(-h 127.0.0.1 -p "$pg_port" -U postgres -n -M prepared -c "$connections" -j "$threads"
    -f "$bench/pgbench/$script" -D "tenants=$tenants" "$@" registry)
  pgbench "${args[@]}" -T "$warmup" >/dev/null 2>&1
  local logs="$work/pgbench-$name"
  mkdir -p "$logs"
  local out
  out=$(cd "$logs" && pgbench "${args[@]}" -T "$duration" -l --log-prefix=tx 2>&1) || { echo "$out" >&2; return 1; }
  local tps failed
  tps=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)$/\1/p' <<<"$out")
  failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' <<<"$out")
  # Log columns: client, transaction number, latency in µs, script, time (pgbench docs, "Per-Transaction Logging").
  local figures
  figures=$(cat "$logs"/tx* | awk '{ print $3 }' | sort -n | awk -v tps="$tps" -v failed="${failed:-0}" '
    { t[NR] = $1 }
    END {
      printf "{\"requests\":%d,\"rps\":%.1f,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"failed\":%d}\n",
        NR, tps, t[int((NR - 1) * 0.50) + 1] / 1000, t[int((NR - 1) * 0.99) + 1] / 1000, failed
    }')
  rm -rf "$logs"
  echo "   $figures" >&2
  jq -c --arg name "$name" '{name: $name, tool: "pgbench", store: "postgres", ceiling: null} + .' <<<"$figures" >>"$results"
}

# wrk_fixed_rate NAME STORE SATURATED KEYS_FILE URL: verify at half the rate the scenario named SATURATED reached
# (already in $results), instead of at saturation, where latency mostly measures the queue in front of the
# service. 128 connections each wait a whole number of milliseconds before every request (bench/wrk/verify-paced.lua),
# so the rate reached is within a few percent of half. Appends {fixed_rate, store, target_rps, rps, p50/p99/p999_ms,
# cpu_us_per_request}.
wrk_fixed_rate() {
  local name="$1" store="$2" saturated="$3" keys_file="$4" url="$5"
  local paced_connections=128 max_rps target delay_ms
  max_rps="$(jq -rs --arg name "$saturated" --arg store "$store" \
    'map(select(.name == $name and .store == $store and .tool == "wrk")) | last | .rps' "$results")"
  target="$(jq -n --argjson max "$max_rps" '$max / 2 | round')"
  delay_ms="$(jq -n --argjson target "$target" --argjson c "$paced_connections" '[1, ($c * 1000 / $target | round)] | max')"
  echo "== $name ($store): about $target req/s (half of $saturated's $max_rps), $paced_connections connections, ${delay_ms} ms apart" >&2
  wrk -t "$threads" -c "$paced_connections" -d "${warmup}s" --timeout 5s -s "$bench/wrk/verify-paced.lua" "$url" -- "$keys_file" "$delay_ms" >/dev/null
  local figures before after
  before="$(service_cpu_ticks "$store")"
  figures=$(wrk -t "$threads" -c "$paced_connections" -d "${duration}s" --timeout 5s -s "$bench/wrk/verify-paced.lua" "$url" -- \
    "$keys_file" "$delay_ms" | grep '^{')
  after="$(service_cpu_ticks "$store")"
  figures="$(jq -c --arg name "$name" --arg store "$store" --argjson target "$target" --argjson ticks $((after - before)) \
    --argjson hz "$(getconf CLK_TCK)" \
    '{fixed_rate: $name, store: $store, target_rps: $target} + . + {cpu_us_per_request: ($ticks / $hz * 1e6 / .requests * 10 | round / 10)}' \
    <<<"$figures")"
  echo "   $figures" >&2
  echo "$figures" >>"$results"
}
