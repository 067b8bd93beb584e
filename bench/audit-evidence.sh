#!/usr/bin/env bash
# Audit evidence figures (docs/audit.md "Measured"): POST /v1/audit throughput with the sealer running vs stopped,
# the sealing lag at that append rate, and the export of 1,000,000 events (time, peak RSS) with its offline check.
#   ./build.sh --target=BenchAuditEvidence   publishes the service and runs this script on it, or
#   bench/audit-evidence.sh PUBLISH_DIR      PUBLISH_DIR/service: the published service (./build.sh --target=Bench)
# "Stopped" holds the sealer's advisory lock from another session, as a second instance would: the service's sealer
# then skips every pass, while appends still pay the commit-time check of M0008. Rounds alternate so that noise
# from other work on the machine falls on both. Prints one JSON object per figure. Settings: EVIDENCE_DURATION (s
# per round), EVIDENCE_ROUNDS, EVIDENCE_EVENTS.
set -euo pipefail

bench="$(cd "$(dirname "$0")" && pwd)"
publish="$(cd "$1" && pwd)"
service_dll="$publish/service/TenantRegistry.dll"
duration="${EVIDENCE_DURATION:-10}"
rounds="${EVIDENCE_ROUNDS:-2}"
events="${EVIDENCE_EVENTS:-1000000}"
connections=16
threads=2
sealer_key=6076010404189581361 # SealLocks.SealerKey

source "$bench/lib/postgres.sh"
source "$bench/lib/tools.sh"
source "$bench/lib/service.sh"
require_tools

work="$(mktemp -d "${TMPDIR:-/tmp}/tenant-registry-evidence.XXXXXX")"
chmod 755 "$work"
holder_pid=""
# A killed psql leaves its backend sleeping with the lock; the backend itself must go.
release_sealer_lock() {
  "${sql[@]}" -c "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objid = ($sealer_key & 4294967295)::oid AND pid <> pg_backend_pid()" >/dev/null
  kill "$holder_pid" 2>/dev/null || true
  wait "$holder_pid" 2>/dev/null || true
  holder_pid=""
}
cleanup() {
  [[ -n "$holder_pid" ]] && kill "$holder_pid" 2>/dev/null
  local name
  for name in "${!service_pids[@]}"; do service_stop "$name"; done
  pg_stop "$work/pg"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pg_port="$(free_port)"
pg_start "$work/pg" "$pg_port"
psql -X -q -h "$work/pg" -p "$pg_port" -U postgres -c "CREATE DATABASE registry"
sql=(psql -X -q -At -h "$work/pg" -p "$pg_port" -U postgres -d registry -v ON_ERROR_STOP=1)
url="http://127.0.0.1:$(free_port)"
service_start evidence "$service_dll" "${url##*:}" "$work/service.log" \
  "ConnectionStrings__Registry=Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=registry" \
  "Store__SqlitePath=$work/data/registry.db" "Logging__LogLevel__Default=Warning"
for _ in $(seq 100); do cat /proc/sys/kernel/random/uuid; done >"$work/tenants.txt"

unsealed() { "${sql[@]}" -c "SELECT count(*) FROM audit_events WHERE id > (SELECT coalesce(max(event_id), 0) FROM audit_seals)"; }
wait_sealed() { until [[ "$(unsealed)" == 0 ]]; do sleep 0.2; done; }
lag_now() {
  "${sql[@]}" -c "SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0) FROM audit_events
                  WHERE id > (SELECT coalesce(max(event_id), 0) FROM audit_seals)"
}

# append ROUND MODE: one wrk round; with the sealer running, the lag is sampled every 0.5 s meanwhile.
append() {
  local round="$1" mode="$2" lags="$work/lags-$1-$2"
  : >"$lags"
  if [[ "$mode" == stopped ]]; then
    PGAPPNAME=sealer-holder "${sql[@]}" -c "SELECT pg_advisory_lock($sealer_key), pg_sleep(3600)" >/dev/null 2>&1 &
    holder_pid=$!
    # Granted to the holder itself: the service's sealer holds the same lock for the length of each pass.
    until [[ "$("${sql[@]}" -c "SELECT count(*) FROM pg_locks JOIN pg_stat_activity USING (pid)
                               WHERE locktype = 'advisory' AND granted AND objid = ($sealer_key & 4294967295)::oid
                                 AND application_name = 'sealer-holder'")" != 0 ]]; do sleep 0.1; done
  fi
  (while :; do lag_now >>"$lags"; sleep 0.5; done) &
  local sampler=$!
  local figures service_before pg_before service_after pg_after
  service_before="$(process_cpu_ticks "${service_pids[evidence]}")"
  pg_before="$(pg_cpu_ticks "$work/pg")"
  figures=$(wrk -t "$threads" -c "$connections" -d "${duration}s" --timeout 5s -s "$bench/wrk/audit-append.lua" "$url" -- "$work/tenants.txt" | grep '^{')
  # CPU over the round itself: on two shared cores the CPU an append costs the service and PostgreSQL together is
  # what limits throughput, and it is steady where req/s swings with the neighbours. "Running" pays its sealing here;
  # "stopped" seals its backlog after the round, outside the window, as the instance not holding the lock would.
  service_after="$(process_cpu_ticks "${service_pids[evidence]}")"
  pg_after="$(pg_cpu_ticks "$work/pg")"
  kill "$sampler"; wait "$sampler" 2>/dev/null || true
  if [[ "$mode" == stopped ]]; then
    release_sealer_lock
    local backlog; backlog="$(unsealed)"; local t0=$SECONDS
    wait_sealed
    jq -nc --argjson round "$round" --argjson backlog "$backlog" --argjson s $((SECONDS - t0)) \
      '{figure: "backlog-sealed", round: $round, events: $backlog, seconds_at_most: ($s + 1)}'
  fi
  jq -c --argjson round "$round" --arg mode "$mode" --slurpfile lags <(sort -g "$lags" | jq -s .) \
    --argjson service_ticks $((service_after - service_before)) --argjson pg_ticks $((pg_after - pg_before)) --argjson hz "$(getconf CLK_TCK)" \
    '{figure: "append", round: $round, sealer: $mode} + . +
     {service_cpu_us_per_append: ($service_ticks / $hz * 1e6 / .requests | round),
      postgres_cpu_us_per_append: ($pg_ticks / $hz * 1e6 / .requests | round)} +
     (if $mode == "running" then {lag_max_s: ($lags[0] | max), lag_median_s: ($lags[0] | sort | .[length / 2 | floor])} else {} end)' \
    <<<"$figures"
  wait_sealed
}

wrk -t "$threads" -c "$connections" -d 5s -s "$bench/wrk/audit-append.lua" "$url" -- "$work/tenants.txt" >/dev/null
wait_sealed
for round in $(seq "$rounds"); do
  append "$round" stopped
  append "$round" running
done

# The export: seed the events straight into the store, let the sealer catch up, then stream them all.
"${sql[@]}" -c "SELECT pg_advisory_lock($sealer_key), pg_sleep(3600)" >/dev/null 2>&1 &
holder_pid=$!
sleep 1
# The seed is set-up, not a measured append: its session skips the per-row commit check of M0008 (1,000,000 deferred
# trigger calls in one transaction), which is safe because the held lock keeps the sealer from passing any gap.
"${sql[@]}" -v rows="$events" -c "SET session_replication_role = replica" -f "$bench/seed/audit-events.sql" >/dev/null
release_sealer_lock
t0=$(date +%s.%N)
wait_sealed
jq -nc --argjson events "$events" --argjson s "$(echo "$(date +%s.%N) - $t0" | bc)" '{figure: "seal-backlog", events: $events, seconds: $s}'

pid="${service_pids[evidence]}"
rss_before=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status")
(peak=0; while :; do r=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status"); ((r > peak)) && peak=$r && echo "$peak" >"$work/peak"; sleep 0.1; done) &
sampler=$!
curl -fsS -o "$work/export.ndjson" -w '%{time_total} %{size_download}\n' "$url/v1/audit/export" >"$work/curl"
kill "$sampler"; wait "$sampler" 2>/dev/null || true
read -r seconds bytes <"$work/curl"
jq -nc --argjson lines "$(wc -l <"$work/export.ndjson")" --argjson s "$seconds" --argjson bytes "$bytes" \
  --argjson before "$rss_before" --argjson peak "$(cat "$work/peak")" \
  '{figure: "export", lines: $lines, seconds: $s, mb: ($bytes / 1048576 | floor), rss_before_mb: ($before / 1024 | floor), peak_rss_during_mb: ($peak / 1024 | floor)}'

curl -fsS "$url/v1/audit/signing-keys" | jq -r '.items[0].pem' >"$work/key.pem"
t0=$(date +%s.%N)
verdict=$(dotnet "$service_dll" verify-audit --file "$work/export.ndjson" --public-key "$work/key.pem" || true)
jq -nc --arg verdict "$verdict" --argjson s "$(echo "$(date +%s.%N) - $t0" | bc)" '{figure: "verify-file", seconds: $s, verdict: $verdict}'
