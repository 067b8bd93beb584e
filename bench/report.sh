#!/usr/bin/env bash
# Turns the JSON lines bench/run.sh collected into bench/results/latest.json (on stdout): every scenario with its
# ratio to its ceiling, the service's memory, the machine, and the targets, met or not.
#   bench/report.sh RESULTS_JSONL LOAD_BEFORE RUNTIME_SECONDS
set -euo pipefail
results="$1" load_before="$2" runtime="$3"

jq -s \
  --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  --arg cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)" \
  --argjson cores "$(nproc)" \
  --arg load_before "$load_before" \
  --arg load_after "$(cut -d' ' -f1-3 /proc/loadavg)" \
  --argjson runtime "$runtime" '
  (map(select(.settings)) | first | .settings) as $settings
  | map(select(.name)) as $runs
  | def round2: . * 100 | round / 100;
    (reduce $runs[] as $run ({}; .[$run.name + "@" + $run.store] = $run)) as $by
  | def run($name; $store): $by[$name + "@" + $store];
    # Every ceiling is measured on PostgreSQL: /healthz of the PostgreSQL-backed process (the same HTTP stack) and pgbench.
    def ceiling_of($run): if $run.ceiling then run($run.ceiling; "postgres") else null end;
    # CPU per request is compared with /healthz of the same process (of the PostgreSQL-backed one where a process had
    # none measured), the floor of any HTTP request.
    def floor_cpu($run): (run("healthz"; $run.store) // run("healthz"; "postgres")).cpu_us_per_request;
  [ $runs[] | . as $run | ceiling_of($run) as $ceiling | floor_cpu($run) as $floor_cpu
    | {name, store, tool, requests, rps, p50_ms, p99_ms,
       errors: ((.status_errors // 0) + (.socket_errors // 0) + (.failed // 0)),
       status_errors, socket_errors, failed,
       ceiling, ceiling_rps: $ceiling.rps,
       ratio: (if $ceiling then ($run.rps / $ceiling.rps | round2) else null end),
       cpu_us_per_request,
       cpu_over_healthz: (if $run.cpu_us_per_request and $floor_cpu then ($run.cpu_us_per_request / $floor_cpu | round2) else null end)}
    | with_entries(select(.value != null)) ] as $scenarios
  # Telemetry on vs off: the runs of each side added up, so each ratio weighs both rounds.
  | (map(select(.telemetry)) | group_by(.scenario) | map(
      . as $runs | def side($t): $runs | map(select(.telemetry == $t)) | {
          requests: (map(.requests) | add), rps: ((map(.requests) | add) / (map(.seconds) | add) | round),
          p99_ms: (map(.p99_ms) | max), cpu_us_per_request: ((map(.cpu_us_per_request * .requests) | add) / (map(.requests) | add) | round2)};
      {key: $runs[0].scenario, value: (side("off") as $off | side("on") as $on
        | {off: $off, on: $on, throughput_ratio: ($on.rps / $off.rps | round2),
           cpu_ratio: ($on.cpu_us_per_request / $off.cpu_us_per_request | round2)})}) | from_entries) as $telemetry
  # Audit windows: each first page against the unfiltered first page, in the database and end to end.
  | (map(select(.audit_window)) | (map(select(.audit_window == "first page")) | first) as $first
      | map(. + {db_over_first: (.db_ms / $first.db_ms | round2), http_over_first: (.http_p50_ms / $first.http_p50_ms | round2)})) as $windows
  | map(select(.fixed_rate)) as $fixed_rate
  | map(select(.memory)) as $memory
  | (reduce $memory[] as $m ({}; .[$m.memory] = ($m | del(.memory)))) as $memory
  | def by_store($kind): map(select(.[$kind])) | map({key: .[$kind], value: del(.[$kind])}) | from_entries;
    by_store("verify_flood") as $flood
  | by_store("verify_flood_held") as $held_flood
  | by_store("memory_100k") as $memory_100k
  | by_store("warm_start") as $warm_start
  | (map(select(.cut_off)) | first | if . then del(.cut_off) else null end) as $cut_off
  # Absent when only the verify figures ran (BENCH_ONLY=verify), like every scenario that did not run.
  | (if run("audit-deep-page"; "postgres") and run("audit-first-page"; "postgres")
     then run("audit-deep-page"; "postgres").p50_ms / run("audit-first-page"; "postgres").p50_ms | round2 else null end) as $deep_over_first
  | def scenario($name; $store): $scenarios | map(select(.name == $name and .store == $store)) | first;
    def target($what; $value; $met): {target: $what, value: $value, met: $met};
  {
    date: $date,
    machine: {cores: $cores, cpu: $cpu, load_before: $load_before, load_after: $load_after},
    settings: $settings,
    runtime_s: $runtime,
    scenarios: $scenarios,
    deep_over_first_p50: $deep_over_first,
    memory: $memory,
    telemetry: $telemetry,
    audit_windows: $windows,
    fixed_rate: $fixed_rate,
    verify_flood: $flood,
    verify_flood_held: $held_flood,
    memory_with_100k_keys: $memory_100k,
    warm_start: $warm_start,
    cut_off: $cut_off,
    targets: [
      # Issue 15: CPU per request against that of /healthz, same run, PostgreSQL store.
      ({"verify": 1.3, "tenant-get": 2.5, "entitlements-get": 3, "audit-append": 3.5, "audit-first-page": 5, "api-key-create": 5}
        | to_entries[] | .key as $name | .value as $bound | scenario($name; "postgres") as $s
        | target("\($name) CPU/request <= \($bound)x /healthz'"'"'s"; "\($s.cpu_over_healthz)x"; $s.cpu_over_healthz <= $bound)),
      (scenario("verify"; "postgres") as $v
        | target("verify >= 0.5x /healthz throughput"; "\($v.ratio)x"; $v.ratio >= 0.5),
          target("verify p99 < 5 ms"; "\($v.p99_ms // 0 | round2) ms"; $v.p99_ms < 5)),
      ($fixed_rate[] | select(.fixed_rate == "verify" and .store == "postgres")
        | target("verify p99 < 2 ms at half its maximum rate (\(.rps | round) req/s)"; "\(.p99_ms | round2) ms"; .p99_ms < 2)),
      (scenario("tenant-get"; "postgres") as $t | target("GET tenant >= 0.6x its pgbench ceiling"; "\($t.ratio)x"; $t.ratio >= 0.6)),
      (scenario("audit-append"; "postgres") as $a | target("POST audit >= 0.6x its pgbench ceiling"; "\($a.ratio)x"; $a.ratio >= 0.6)),
      (scenario("audit-append-idempotent"; "postgres") as $i | target("POST audit with an Idempotency-Key >= 0.8x without"; "\($i.ratio)x"; $i.ratio >= 0.8)),
      target("deep-cursor page p50 <= 1.5x first page p50"; "\($deep_over_first)x"; $deep_over_first <= 1.5),
      ($telemetry | to_entries[] | target("\(.key) with telemetry on >= 0.9x off (throughput)"; "\(.value.throughput_ratio)x"; .value.throughput_ratio >= 0.9)),
      ($telemetry | to_entries[] | target("\(.key) with telemetry on >= 0.9x off (CPU per request, off/on)";
        "\(1 / .value.cpu_ratio | round2)x"; .value.cpu_ratio <= 1 / 0.9)),
      ($windows | map(select(.audit_window | test("^(day|month|empty|since|until)"))) | max_by(.http_over_first) as $worst
        | target("every audit window first page <= 2x the unfiltered first page (HTTP p50; worst: \($worst.audit_window))"; "\($worst.http_over_first)x"; $worst.http_over_first <= 2)),
      ($memory | to_entries[] | target("peak RSS < 300 MB (\(.key) store)"; "\(.value.peak_rss_mb) MB"; .value.peak_rss_mb < 300)),
      ($flood | to_entries[] | target("forged-key flood: store reads < 1 % of its requests (\(.key))";
        "\(.value.store_reads) of \(.value.forged_requests)"; .value.store_reads_per_request < 0.01)),
      ($held_flood | to_entries[] | target("valid verify during the flood >= 0.8x without (\(.key), guesses held as shipped)";
        "\(.value.valid_during_over_alone)x"; .value.valid_during_over_alone >= 0.8)),
      ($memory_100k | to_entries[] | target("peak RSS < 200 MB with 100,000 keys verified (\(.key))";
        "\(.value.peak_rss_mb) MB"; .value.peak_rss_mb < 200)),
      ($warm_start | to_entries[] | target("verify in the first 10 s after ready >= 0.9x steady (\(.key))";
        "\(.value.first_over_steady)x"; .value.first_over_steady >= 0.9))
    ] | map(select(.value | contains("null") | not))
  }' "$results"
