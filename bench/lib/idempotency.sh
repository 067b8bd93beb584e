# The cost of an Idempotency-Key on POST /v1/audit (sourced by bench/run.sh; BENCH_ONLY=idempotency runs only this):
# the Bench's own scenario pair, audit-append and audit-append-idempotent (bench/wrk/audit-append.lua, every request
# with a key of its own), against one service. Rounds alternate without, with, with, without (BENCH_ROUNDS times),
# so drift of the shared machine's load falls on both sides. Each run adds a JSON line {idempotency, store, key,
# round, requests, seconds, rps, p50_ms, p99_ms, cpu_us_per_request} to $results; report_idempotency adds them up.
# Needs: $bench, $results, $connections, $threads, $warmup, $duration, service_pids and process_cpu_ticks (telemetry.sh).

# idempotency_run STORE URL KEY ROUND TENANTS_FILE: one measured run, with CPU per request of the service process.
idempotency_run() {
  local store="$1" url="$2" key="$3" round="$4" tenants_file="$5"
  local pid="${service_pids[$store]}" before after figures args=("$tenants_file")
  [[ "$key" == without ]] || args+=(idempotent)
  echo "== POST /v1/audit $key an Idempotency-Key ($store, round $round): ${duration}s measured, $connections connections" >&2
  before="$(process_cpu_ticks "$pid")"
  figures=$(wrk -t "$threads" -c "$connections" -d "${duration}s" --timeout 5s -s "$bench/wrk/audit-append.lua" "$url" -- "${args[@]}" | grep '^{')
  after="$(process_cpu_ticks "$pid")"
  figures="$(jq -c --arg store "$store" --arg key "$key" --argjson round "$round" --argjson ticks $((after - before)) --argjson hz "$(getconf CLK_TCK)" \
    '{idempotency: true, store: $store, key: $key, round: $round} + . + {cpu_us_per_request: ($ticks / $hz * 1e6 / .requests * 10 | round / 10)}' <<<"$figures")"
  echo "   $figures" >&2
  echo "$figures" >>"$results"
}

# idempotency_cost STORE URL TENANTS_FILE: a warm-up of each side, then the alternating rounds.
idempotency_cost() {
  local store="$1" url="$2" tenants_file="$3" round key
  wrk -t "$threads" -c "$connections" -d "${warmup}s" --timeout 5s -s "$bench/wrk/audit-append.lua" "$url" -- "$tenants_file" >/dev/null
  wrk -t "$threads" -c "$connections" -d "${warmup}s" --timeout 5s -s "$bench/wrk/audit-append.lua" "$url" -- "$tenants_file" idempotent >/dev/null
  for ((round = 1; round <= ${BENCH_ROUNDS:-1}; round++)); do
    for key in without with with without; do
      idempotency_run "$store" "$url" "$key" "$round" "$tenants_file"
    done
  done
}

# report_idempotency RESULTS_JSONL LOAD_BEFORE RUNTIME_SECONDS: the runs of each side added up per store (so each
# ratio weighs every round), as JSON on stdout.
report_idempotency() {
  jq -s --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --arg cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)" \
    --argjson cores "$(nproc)" --arg load_before "$2" --arg load_after "$(cut -d' ' -f1-3 /proc/loadavg)" --argjson runtime "$3" '
    def round2: . * 100 | round / 100;
    (map(select(.settings)) | first | .settings) as $settings
    | map(select(.idempotency)) as $runs
    | def side($store; $key): $runs | map(select(.store == $store and .key == $key)) | {
        requests: (map(.requests) | add), rps: ((map(.requests) | add) / (map(.seconds) | add) | round),
        p50_ms: (map(.p50_ms) | max), p99_ms: (map(.p99_ms) | max),
        errors: (map(.status_errors + .socket_errors) | add),
        cpu_us_per_request: ((map(.cpu_us_per_request * .requests) | add) / (map(.requests) | add) | round2)};
    ($runs | map(.store) | unique | map(. as $store | {key: $store, value: (side($store; "without") as $without | side($store; "with") as $with
      | {without: $without, with: $with, throughput_ratio: ($with.rps / $without.rps | round2),
         cpu_ratio: ($with.cpu_us_per_request / $without.cpu_us_per_request | round2)})}) | from_entries) as $stores
    | {date: $date, machine: {cores: $cores, cpu: $cpu, load_before: $load_before, load_after: $load_after},
       settings: $settings, runtime_s: $runtime, runs: $runs, stores: $stores,
       targets: [$stores | to_entries[] | select(.key == "postgres") | {target: "POST audit with an Idempotency-Key >= 0.8x without",
         value: "\(.value.throughput_ratio)x", met: (.value.throughput_ratio >= 0.8)}]}' "$1"
}

# table_idempotency JSON: the Markdown of bench/results/idempotency.md.
table_idempotency() {
  jq -r '
    def thousands: tostring | until(test("^[0-9]{1,3}(,|$|\\.)"); sub("(?<a>[0-9])(?<b>[0-9]{3})(?<c>,|$|\\.)"; "\(.a),\(.b)\(.c)"));
    "Measured \(.date) on \(.machine.cores) cores (\(.machine.cpu)); load average \(.machine.load_before) before, \(.machine.load_after) after.",
    "\(.settings.connections) connections, \(.settings.warmup_s) s warm-up per side, \(.settings.duration_s) s per measured run, rounds without, with, with, without; the whole run took \(.runtime_s) s.",
    "",
    "| Store | Run | Idempotency-Key | req/s | p50 ms | p99 ms | CPU µs/request |",
    "| --- | ---: | --- | ---: | ---: | ---: | ---: |",
    (.runs | to_entries[] | "| \(.value.store) | \(.key + 1) | \(.value.key) | \(.value.rps | round | thousands) | \(.value.p50_ms) | \(.value.p99_ms) | \(.value.cpu_us_per_request) |"),
    "",
    "| Store | req/s without | req/s with | Throughput with/without | CPU µs/request without | with | CPU with/without | Errors |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    (.stores | to_entries[] | "| \(.key) | \(.value.without.rps | thousands) | \(.value.with.rps | thousands) | \(.value.throughput_ratio)x | \(.value.without.cpu_us_per_request) | \(.value.with.cpu_us_per_request) | \(.value.cpu_ratio)x | \(.value.without.errors + .value.with.errors) |"),
    "",
    "| Target | Measured | Met |",
    "| --- | --- | --- |",
    (.targets[] | "| \(.target) | \(.value) | \(if .met then "yes" else "**no**" end) |")' "$1"
}
