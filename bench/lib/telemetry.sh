# The cost of telemetry on the hot path (sourced by bench/run.sh): verify and GET tenant against two services on
# the same PostgreSQL, one with telemetry as it ships plus spans exported over OTLP for every request (the
# worst case: a parent-based always-on sampler and no caller that samples less) and its /metrics scraped, one with
# Telemetry__Enabled=false and the per-request log line turned off. The runs alternate off, on, on, off (BENCH_ROUNDS
# times; report.sh adds up every round), so drift of the machine's load falls on both. Each run adds a JSON line {telemetry, scenario, requests, seconds, rps,
# p50_ms, p99_ms, cpu_us_per_request} to $results; report.sh adds them up. BENCH_TELEMETRY_SAMPLER=NAME[:ARG] (e.g.
# parentbased_traceidratio:0.1) gives the "on" service that OTEL_TRACES_SAMPLER instead, to measure a sampled fleet.
# Needs: $bench, $work, $results, $unlimited_verify, $connections, $threads, $warmup, $duration, $service_dll, $pg_port.

# telemetry_run SERVICE TELEMETRY SCENARIO URL SCRIPT [SCRIPT ARGS...]
telemetry_run() {
  local name="$1" telemetry="$2" scenario="$3" url="$4" script="$5"
  shift 5
  local before after figures
  echo "== $scenario, telemetry $telemetry: ${duration}s measured, $connections connections" >&2
  before="$(service_cpu_ticks "$name")"
  figures=$(wrk -t "$threads" -c "$connections" -d "${duration}s" --timeout 5s -s "$bench/wrk/$script" "$url" -- "$@" | grep '^{')
  after="$(service_cpu_ticks "$name")"
  figures="$(jq -c --arg telemetry "$telemetry" --arg scenario "$scenario" --argjson ticks $((after - before)) --argjson hz "$(getconf CLK_TCK)" \
    '{telemetry: $telemetry, scenario: $scenario} + . + {cpu_us_per_request: ($ticks / $hz * 1e6 / .requests * 10 | round / 10)}' <<<"$figures")"
  echo "   $figures" >&2
  echo "$figures" >>"$results"
}

# telemetry_cost KEYS_FILE TENANTS_FILE
telemetry_cost() {
  local keys_file="$1" tenants_file="$2"
  command -v python3 >/dev/null || { echo "python3 is missing (it serves the OTLP sink of the telemetry step)" >&2; return 1; }
  local sink_port off_url on_url sampler="${BENCH_TELEMETRY_SAMPLER:-parentbased_always_on}"
  sink_port="$(free_port)"
  python3 "$bench/lib/otlp-sink.py" "$sink_port" &
  local sink_pid=$!
  local store="ConnectionStrings__Registry=Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=registry"
  off_url="http://127.0.0.1:$(free_port)"
  on_url="http://127.0.0.1:$(free_port)"
  service_start telemetry-off "$service_dll" "${off_url##*:}" "$work/service-telemetry-off.log" "$store" "${unlimited_verify[@]}" \
    Telemetry__Enabled=false Logging__LogLevel__TenantRegistry.Telemetry.RequestLog=Warning
  service_start telemetry-on "$service_dll" "${on_url##*:}" "$work/service-telemetry-on.log" "$store" "${unlimited_verify[@]}" \
    "OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$sink_port" OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf \
    "OTEL_TRACES_SAMPLER=${sampler%%:*}" "OTEL_TRACES_SAMPLER_ARG=$([[ $sampler == *:* ]] && echo "${sampler#*:}")"
  # Prometheus' default scrape interval is a minute; every 5 s is generous.
  (while sleep 5; do curl -fsS -o /dev/null "$on_url/metrics" || true; done) &
  local scraper_pid=$!

  local url
  for url in "$off_url" "$on_url"; do
    # Two warm-ups fill each service's verdict cache for the 10,000 keys (about 95 % of them) and JIT the paths.
    wrk -t "$threads" -c "$connections" -d "$((2 * warmup))s" --timeout 5s -s "$bench/wrk/verify.lua" "$url" -- "$keys_file" >/dev/null
    wrk -t "$threads" -c "$connections" -d "${warmup}s" --timeout 5s -s "$bench/wrk/tenant-get.lua" "$url" -- "/v1/tenants/%s" "$tenants_file" >/dev/null
  done

  local telemetry round
  for ((round = 1; round <= ${BENCH_ROUNDS:-1}; round++)); do
    for telemetry in off on on off; do
      telemetry_run "telemetry-$telemetry" "$telemetry" verify "$([[ $telemetry == on ]] && echo "$on_url" || echo "$off_url")" verify.lua "$keys_file"
    done
    for telemetry in off on on off; do
      telemetry_run "telemetry-$telemetry" "$telemetry" tenant-get "$([[ $telemetry == on ]] && echo "$on_url" || echo "$off_url")" \
        tenant-get.lua "/v1/tenants/%s" "$tenants_file"
    done
  done

  kill "$scraper_pid" "$sink_pid" 2>/dev/null || true
  wait "$scraper_pid" "$sink_pid" 2>/dev/null || true
  service_stop telemetry-on
  service_stop telemetry-off
}

# telemetry_only_report REPORT_JSON: the telemetry part of report.sh's JSON (BENCH_ONLY=telemetry).
telemetry_only_report() {
  jq '{date, machine, runtime_s, settings: (.settings | {connections, wrk_threads, warmup_s, duration_s, tenants, api_keys}),
    sampler: (env.BENCH_TELEMETRY_SAMPLER // "parentbased_always_on"), telemetry,
    targets: [.targets[] | select(.target | contains("telemetry"))]}' "$1"
}

# telemetry_only_table JSON: bench/results/telemetry.md.
telemetry_only_table() {
  jq -r '
    def thousands: tostring | until(test("^[0-9]{1,3}(,|$|\\.)"); sub("(?<a>[0-9])(?<b>[0-9]{3})(?<c>,|$|\\.)"; "\(.a),\(.b)\(.c)"));
    def title: {"verify": "verify, valid key", "tenant-get": "GET /v1/tenants/{id}"}[.] // .;
    "Measured \(.date) on \(.machine.cores) cores (\(.machine.cpu)); load average \(.machine.load_before) before, \(.machine.load_after) after; \(.runtime_s) s.",
    "\(.settings.connections) connections, \(.settings.warmup_s) s warm-up and \(.settings.duration_s) s measured per run; runs alternate off, on, on, off, every round added up; on: OTEL_TRACES_SAMPLER \(.sampler).",
    "",
    "| Scenario | req/s off | req/s on | Throughput on/off | CPU µs/request off | CPU µs/request on | CPU on/off |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    (.telemetry | to_entries[] | "| \(.key | title) | \(.value.off.rps | thousands) | \(.value.on.rps | thousands) | \(.value.throughput_ratio)x | \(.value.off.cpu_us_per_request) | \(.value.on.cpu_us_per_request) | \(.value.cpu_ratio)x |"),
    "",
    "| Target | Measured | Met |",
    "| --- | --- | --- |",
    (.targets[] | "| \(.target) | \(.value) | \(if .met then "yes" else "**no**" end) |")
  ' "$1"
}
