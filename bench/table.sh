#!/usr/bin/env bash
# Prints bench/results/latest.json as the Markdown that goes into docs/performance.md.
#   bench/table.sh LATEST_JSON
set -euo pipefail

jq -r '
  def title: {
      "healthz": "GET /healthz (HTTP ceiling)",
      "verify-cold-cache": "verify, every key once (cache filling)",
      "verify": "verify, valid key",
      "verify-invalid": "verify, invalid key (bad checksum)",
      "tenant-get": "GET /v1/tenants/{id}",
      "entitlements-get": "GET /v1/entitlements",
      "audit-first-page": "GET /v1/audit, first page",
      "audit-deep-page": "GET /v1/audit, cursor near the oldest",
      "audit-append": "POST /v1/audit",
      "audit-append-idempotent": "POST /v1/audit with an Idempotency-Key",
      "api-key-create": "POST /v1/api-keys"
    }[.] // (if startswith("db:") then "pgbench: " + .[3:] else . end);
  def ms: . * 100 | round / 100 | tostring;
  def ceiling_title: if . == null then "" elif . == "healthz" then "/healthz" elif startswith("db:") then "pgbench " + .[3:] else title end;
  def thousands: tostring | until(test("^[0-9]{1,3}(,|$|\\.)"); sub("(?<a>[0-9])(?<b>[0-9]{3})(?<c>,|$|\\.)"; "\(.a),\(.b)\(.c)"));
  "Measured \(.date) on \(.machine.cores) cores (\(.machine.cpu)); load average \(.machine.load_before) before, \(.machine.load_after) after.",
  "\(.settings.connections) connections (pgbench: clients), \(.settings.warmup_s) s warm-up and \(.settings.duration_s) s measured per scenario; the whole run took \(.runtime_s) s.",
  "",
  "| Scenario | Store | req/s | p50 ms | p99 ms | Errors | Ceiling | Ratio | CPU µs/request | CPU vs /healthz |",
  "| --- | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |",
  (.scenarios[] | "| \(.name | title) | \(if .tool == "pgbench" then "database alone" elif .store == "postgres" then "PostgreSQL" elif .store == "postgres-token" then "PostgreSQL, bearer token" else "SQLite" end) | \(.rps | round | thousands) | \(.p50_ms | ms) | \(.p99_ms | ms) | \(.errors) | \(.ceiling | ceiling_title) | \(if .ratio then "\(.ratio)x" else "" end) | \(.cpu_us_per_request // "") | \(if .cpu_over_healthz then "\(.cpu_over_healthz)x" else "" end) |"),
  "",
  (if .deep_over_first_p50 then "Deep-cursor page p50 / first page p50: **\(.deep_over_first_p50)x**. " else "" end) + "Service memory (VmHWM / VmRSS at the end): " +
    ([.memory | to_entries[] | "\(.key) \(.value.peak_rss_mb) MB peak, \(.value.rss_after_mb) MB after"] | join("; ")) + ".",
  "",
  (if (.telemetry | length) > 0 then
    "Telemetry on (metrics scraped, every request traced and exported over OTLP, a log line per request) vs off (`Telemetry__Enabled=false`, no request log line), two rounds each:",
    "",
    "| Scenario | req/s off | req/s on | Throughput on/off | CPU µs/request off | CPU µs/request on | CPU on/off |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    (.telemetry | to_entries[] | "| \(.key | title) | \(.value.off.rps | thousands) | \(.value.on.rps | thousands) | \(.value.throughput_ratio)x | \(.value.off.cpu_us_per_request) | \(.value.on.cpu_us_per_request) | \(.value.cpu_ratio)x |"),
    ""
  else empty end),
  (if (.verify_flood | length) > 0 then
    "Verify under a flood of forged keys (each distinct, well-formed, valid checksum, in no store; once each at full speed on half the connections while valid keys are verified on the other half):",
    "",
    "| Store | forged keys | forged req/s | store reads (verify counter) | DB transactions meanwhile | valid req/s alone | valid req/s during | during/alone |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    (.verify_flood | to_entries[] | "| \(.key) | \(.value.forged_requests | thousands) | \(.value.forged_rps | round | thousands) | \(.value.store_reads) | \(.value.store_transactions // "n/a") | \(.value.valid_rps_alone | round | thousands) | \(.value.valid_rps_during | round | thousands) | \(.value.valid_during_over_alone)x |"),
    ""
  else empty end),
  (if (.verify_flood_held // {} | length) > 0 then
    "The same flood as shipped, on an instance of its own that holds the answers to guessed keys (ApiKeys:UnknownKeyRate 100 a second per caller, then each held 250 ms; the table above turns holding off): random forged keys on half the connections while valid keys are verified on the other half, for the same time as valid keys alone before and after:",
    "",
    "| Store | forged answers | forged req/s | answers held | valid req/s alone | valid req/s during | during/alone |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    (.verify_flood_held | to_entries[] | "| \(.key) | \(.value.forged_requests | thousands) | \(.value.forged_rps | round | thousands) | \(.value.held) | \(.value.valid_rps_alone | round | thousands) | \(.value.valid_rps_during | round | thousands) | \(.value.valid_during_over_alone)x |"),
    ""
  else empty end),
  (if (.memory_with_100k_keys | length) > 0 then
    "Memory with 100,000 distinct keys verified (VmHWM right after): " +
      ([.memory_with_100k_keys | to_entries[] | "\(.key) \(.value.peak_rss_mb) MB peak (\(.value.cached_keys) keys cached)"] | join("; ")) + ".",
    ""
  else empty end),
  (if (.warm_start | length) > 0 then
    "Warm start (a new instance on a store with the keys; /readyz says 503 warming until its verdict cache is loaded):",
    "",
    "| Store | start to ready s | keys loaded | warm-up s | peak RSS at ready MB | verify store reads, first 10 s | DB transactions, start to 10 s after ready | verify req/s first 10 s | steady | first/steady |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    (.warm_start | to_entries[] | "| \(.key) | \(.value.start_to_ready_s) | \(.value.warmup_keys | round | thousands) | \(.value.warmup_s * 100 | round / 100) | \(.value.peak_rss_mb_at_ready) | \(.value.first_10s_store_reads) | \(.value.store_transactions_until_10s_after_ready // "n/a") | \(.value.first_10s_rps | round | thousands) | \(.value.steady_rps | round | thousands) | \(.value.first_over_steady)x |"),
    ""
  else empty end),
  (if .cut_off then "Cut off from the store (PostgreSQL through a proxy that went silent, a held key revoked on the database at the cut): it kept answering `valid` for **\(.cut_off.valid_after_cut_s) s** after the cut; then \(if .cut_off.first_refusal_status == 0 then "a verify got no answer within 30 s" else "it answered \(.cut_off.first_refusal_status) `\(.cut_off.first_refusal_body)`" end). The slowest of its \(.cut_off.polls) verifies (one every 100 ms) took \(.cut_off.slowest_poll_s) s." else empty end),
  "",
  (if (.fixed_rate | length) > 0 then
    "Latency at a fixed rate, half of the saturated rate (`wrk` with paced connections, bench/wrk/verify-paced.lua):",
    "",
    "| Scenario | Store | target req/s | req/s | p50 ms | p99 ms | p99.9 ms | CPU µs/request |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    (.fixed_rate[] | "| \(.fixed_rate | title) | \(.store) | \(.target_rps | thousands) | \(.rps | round | thousands) | \(.p50_ms | ms) | \(.p99_ms | ms) | \(.p999_ms | ms) | \(.cpu_us_per_request) |"),
    ""
  else empty end),
  (if (.audit_windows | length) > 0 then
    "Audit first pages at \(.settings.audit_events | thousands) events (`bench/audit-windows.sh`: the database time is EXPLAIN ANALYZE of the service'"'"'s SQL, median of 3; HTTP is the median of 15 sequential requests):",
    "",
    "| Query | Plan | Rows | DB ms | DB / first page | HTTP p50 ms | HTTP / first page |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    (.audit_windows[] | "| \(.audit_window) (`\(.query)`) | \(.plan) | \(.rows) | \(.db_ms) | \(.db_over_first)x | \(.http_p50_ms) | \(.http_over_first)x |"),
    ""
  else empty end),
  "| Target | Measured | Met |",
  "| --- | --- | --- |",
  (.targets[] | "| \(.target) | \(.value) | \(if .met then "yes" else "**no**" end) |")
' "$1"
