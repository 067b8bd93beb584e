#!/usr/bin/env bash
# The Bench target: measures the service as its users load it, each figure next to a ceiling measured in the same
# run on the same machine (docs/performance.md). ./build.sh --target=Bench publishes and runs it; by hand:
#   bench/run.sh PUBLISH_DIR      PUBLISH_DIR/service: the published service, PUBLISH_DIR/keygen: bench/KeyGen
#   PUBLISH_DIR/tokengen: bench/TokenGen, the stand-in realm whose tokens the bearer-token scenarios send
# Writes bench/results/latest.json and latest.md and prints the table. Exits non-zero only when the tooling fails,
# never because of a figure. Settings: BENCH_WARMUP and BENCH_DURATION (seconds per scenario), BENCH_CONNECTIONS,
# BENCH_AUDIT_EVENTS (default 10,000,000: seeding them takes about ten minutes here);
# BENCH_ONLY=verify runs only verify's figures (flood, memory, warm start, cut-off; a few minutes) and writes them to
# bench/results/verify.json and verify.md instead of latest.* and docs/performance.md; BENCH_ONLY=idempotency runs
# only POST audit without and with an Idempotency-Key, alternating, on both stores (about 3 minutes; BENCH_ROUNDS
# repeats the four runs) and writes bench/results/idempotency.json and idempotency.md; BENCH_ONLY=hot runs only the
# hot paths on PostgreSQL with their CPU per request against /healthz's and verify at a fixed rate (20,000 keys,
# 100,000 audit events; about 7 minutes) and writes bench/results/hot.json and hot.md; BENCH_ONLY=telemetry runs
# only telemetry on vs off (verify and GET tenant on PostgreSQL, 10,000 keys; about 3 minutes a round, BENCH_ROUNDS of them) and writes
# bench/results/telemetry.json and telemetry.md; BENCH_ONLY=warm-start runs only the warm start on PostgreSQL,
# alternating without and with the start-up rehearsal (Rehearsal__Enabled), and writes bench/results/warm-start.json
# and warm-start.md (about 6 minutes; BENCH_ROUNDS repeats the four starts).
set -euo pipefail

bench="$(cd "$(dirname "$0")" && pwd)"
publish="$(cd "$1" && pwd)"
service_dll="$publish/service/TenantRegistry.dll"
keygen_dll="$publish/keygen/KeyGen.dll"
tokengen_dll="$publish/tokengen/TokenGen.dll"

tenants=10000
keys=100000
events="${BENCH_AUDIT_EVENTS:-10000000}"
# The seeded events are spread over 600 days from 2025-01-01, so the log ends before today and new events follow it.
audit_step_us=$((600 * 86400 * 1000000 / events))
sqlite_keys=100000
telemetry_keys=10000
deep_cursor=1000
connections="${BENCH_CONNECTIONS:-16}"
threads=2
warmup="${BENCH_WARMUP:-5}"
duration="${BENCH_DURATION:-15}"
only="${BENCH_ONLY:-}"
[[ -z "$only" || "$only" =~ ^(verify|idempotency|telemetry|hot|warm-start)$ ]] ||
  { echo "BENCH_ONLY is empty, verify, idempotency, telemetry, hot or warm-start, not $only" >&2; exit 2; }
[[ "$only" == telemetry ]] && keys=$telemetry_keys
# full: true unless only some figures are asked for; hot: only the hot paths (issue 15's CPU per request).
full() { [[ -z "$only" ]]; }
hot() { [[ "$only" == hot ]]; }
if hot; then
  keys=20000
  events="${BENCH_AUDIT_EVENTS:-100000}"
  audit_step_us=$((600 * 86400 * 1000000 / events))
fi

source "$bench/lib/postgres.sh"
source "$bench/lib/tools.sh"
source "$bench/lib/service.sh"
source "$bench/lib/load.sh"
source "$bench/lib/telemetry.sh"
source "$bench/lib/verify.sh"
source "$bench/lib/idempotency.sh"
require_tools

work="$(mktemp -d "${TMPDIR:-/tmp}/tenant-registry-bench.XXXXXX")"
chmod 755 "$work" # the postgres user reads the key file from here
pg_dir="$work/pg"
results="$work/results.jsonl"
realm_pid=""
sealer_holder_pid=""
cleanup() {
  local name
  for name in "${!service_pids[@]}"; do service_stop "$name"; done
  [[ -z "$realm_pid" ]] || kill "$realm_pid" 2>/dev/null || true
  [[ -z "$sealer_holder_pid" ]] || kill "$sealer_holder_pid" 2>/dev/null || true
  pg_stop "$pg_dir"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# wrk is one caller sending far more than verify's default per-caller rate limit, and (verify-invalid, the flood) far
# more made-up keys than its guess budget: the figures measure the service. verify_flood_held measures the flood as
# shipped, with an instance of its own.
unlimited_verify=("ApiKeys__VerifyRateLimit=0" "ApiKeys__UnknownKeyRate=0")

started=$SECONDS
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
step() { printf '\n### %s (%ds)\n' "$1" $((SECONDS - started)) >&2; }

jq -nc --argjson connections "$connections" --argjson threads "$threads" --argjson warmup "$warmup" --argjson duration "$duration" \
  --argjson tenants "$tenants" --argjson keys "$keys" --argjson events "$events" --argjson sqlite_keys "$sqlite_keys" \
  --argjson deep_cursor "$deep_cursor" \
  '{settings: {connections: $connections, wrk_threads: $threads, warmup_s: $warmup, duration_s: $duration, tenants: $tenants,
    api_keys: $keys, audit_events: $events, sqlite_api_keys: $sqlite_keys, deep_cursor: $deep_cursor}}' >"$results"

step "PostgreSQL 15 and the service on it"
pg_port="$(free_port)"
pg_start "$pg_dir" "$pg_port"
psql_registry=(psql -X -q -h "$pg_dir" -p "$pg_port" -U postgres -d registry -v ON_ERROR_STOP=1)
psql -X -q -h "$pg_dir" -p "$pg_port" -U postgres -c "CREATE DATABASE registry"
# No instance seals while the Bench measures: a session of its own holds the sealer's advisory lock, as another
# instance would (Audit/Evidence/SealLocks.cs), so every pass ends at its try-lock. Left to run, the sealer would spend
# the scenarios sealing the seeded events (about 9,000 a second: 18 minutes for 10 M), which is neither a request's
# cost nor steady state. Its cost per append in steady state is bench/audit-evidence.sh's figure (docs/audit.md).
sealer_key=6076010404189581361 # SealLocks.SealerKey
PGAPPNAME=bench-sealer-holder "${psql_registry[@]}" -c "SELECT pg_advisory_lock($sealer_key), pg_sleep(86400)" >/dev/null 2>&1 &
sealer_holder_pid=$!
until [[ "$("${psql_registry[@]}" -At -c "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted
                                            AND objid = ($sealer_key & 4294967295)::oid")" != 0 ]]; do
  kill -0 "$sealer_holder_pid" 2>/dev/null || { echo "the session holding the sealer lock ended" >&2; exit 1; }
  sleep 0.1
done
pg_url="http://127.0.0.1:$(free_port)"
service_start postgres "$service_dll" "${pg_url##*:}" "$work/service-postgres.log" \
  "ConnectionStrings__Registry=Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=registry" "${unlimited_verify[@]}"

if [[ "$only" == idempotency ]]; then
  "${psql_registry[@]}" -v tenants="$tenants" -f "$bench/seed/tenants.sql" >"$work/seed.log"
  "${psql_registry[@]}" -At -c "SELECT id FROM tenants ORDER BY id" >"$work/tenants.txt"
  step "POST /v1/audit without and with an Idempotency-Key on PostgreSQL"
  idempotency_cost postgres "$pg_url" "$work/tenants.txt"
  service_stop postgres
  step "POST /v1/audit without and with an Idempotency-Key on SQLite"
  sqlite_url="http://127.0.0.1:$(free_port)"
  mkdir -p "$work/sqlite"
  service_start sqlite "$service_dll" "${sqlite_url##*:}" "$work/service-sqlite.log" "Store__SqlitePath=$work/sqlite/registry.db"
  idempotency_cost sqlite "$sqlite_url" "$work/tenants.txt"
  service_stop sqlite
  mkdir -p "$bench/results"
  report_idempotency "$results" "$load_before" $((SECONDS - started)) >"$bench/results/idempotency.json"
  table_idempotency "$bench/results/idempotency.json" >"$bench/results/idempotency.md"
  cat "$bench/results/idempotency.md"
  exit 0
fi

step "Seeding through the store: $tenants tenants, $keys API keys, $events audit events"
dotnet "$keygen_dll" "$keys" "$work/keys.txt" "$work/keys.csv"
# Well-formed keys with valid checksums that no store holds: what a forger makes (the checksum is public).
hot || dotnet "$keygen_dll" "$keys" "$work/forged.txt" /dev/null
chmod 644 "$work/keys.csv"
"${psql_registry[@]}" -v tenants="$tenants" -f "$bench/seed/tenants.sql" >"$work/seed.log"
"${psql_registry[@]}" -v tenants="$tenants" -v stored_csv="$work/keys.csv" -f "$bench/seed/api-keys.sql" >>"$work/seed.log"
{ full || hot; } && "${psql_registry[@]}" -v rows="$events" -v step_us="$audit_step_us" -f "$bench/seed/audit-events.sql" >>"$work/seed.log"
"${psql_registry[@]}" -At -c "SELECT id FROM tenants ORDER BY id" >"$work/tenants.txt"
hot || "${psql_registry[@]}" -At -v keys="$sqlite_keys" -f "$bench/seed/sqlite-from-postgres.sql" >"$work/sqlite-seed.sql"
head -n "$sqlite_keys" "$work/keys.txt" >"$work/sqlite-keys.txt"
head -n "$telemetry_keys" "$work/keys.txt" >"$work/telemetry-keys.txt"

# A seeded key must verify, or every verify figure would measure refusals.
check_key_verifies() {
  local answer
  answer="$(curl -fsS -H 'Content-Type: application/json' -d "{\"key\":\"$(head -n 1 "$2")\"}" "$1/v1/internal/api-keys/verify")"
  [[ "$(jq -r .valid <<<"$answer")" == true ]] || { echo "a seeded key does not verify: $answer" >&2; return 1; }
}
check_key_verifies "$pg_url" "$work/keys.txt"

if [[ "$only" == warm-start ]]; then
  # Off, on, on, off (and again for each further round): both settings see the machine's load alike.
  for round in $(seq "${BENCH_ROUNDS:-1}"); do
    for rehearsal in false true true false; do
      step "Warm start on PostgreSQL, round $round, Rehearsal__Enabled=$rehearsal"
      service_stop postgres
      warm_start postgres postgres "${pg_url##*:}" "$work/service-postgres.log" "$work/keys.txt" \
        "ConnectionStrings__Registry=Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=registry" "${unlimited_verify[@]}" \
        "Rehearsal__Enabled=$rehearsal"
      tail -n 1 "$results" | jq -c --argjson rehearsal "$rehearsal" '{rehearsal: $rehearsal} + .' >>"$work/warm-start.jsonl"
    done
  done
  service_stop postgres
  mkdir -p "$bench/results"
  jq -s --arg at "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --arg before "$load_before" --arg after "$(cut -d' ' -f1-3 /proc/loadavg)" \
    --argjson seconds $((SECONDS - started)) --argjson cores "$(nproc)" \
    '{measured_at: $at, cores: $cores, load_before: $before, load_after: $after, seconds: $seconds, starts: .}' \
    "$work/warm-start.jsonl" >"$bench/results/warm-start.json"
  jq -r '"Measured \(.measured_at) on \(.cores) cores; load average \(.load_before) before, \(.load_after) after; \(.seconds) s.\n",
    "| Rehearsal | start to ready s | peak RSS MB at ready | first 10 s verify/s | steady verify/s | first / steady | first 10 s p99 ms | store reads in first 10 s |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    (.starts[] | "| \(if .rehearsal then "on" else "off" end) | \(.start_to_ready_s) | \(.peak_rss_mb_at_ready) | \(.first_10s_rps) | \(.steady_rps) | \(.first_over_steady)x | \(.first_10s_p99_ms) | \(.first_10s_store_reads) |")' \
    "$bench/results/warm-start.json" >"$bench/results/warm-start.md"
  cat "$bench/results/warm-start.md"
  exit 0
fi

if [[ "$only" == telemetry ]]; then
  service_stop postgres
  step "Telemetry on vs off: verify and GET tenant, two services on the same PostgreSQL"
  telemetry_cost "$work/telemetry-keys.txt" "$work/tenants.txt"
  step "Report"
  mkdir -p "$bench/results"
  "$bench/report.sh" "$results" "$load_before" $((SECONDS - started)) >"$work/report.json"
  telemetry_only_report "$work/report.json" >"$bench/results/telemetry.json"
  telemetry_only_table "$bench/results/telemetry.json" >"$bench/results/telemetry.md"
  cat "$bench/results/telemetry.md"
  exit 0
fi

if full || hot; then
  step "Filling the verdict cache: every key verified once"
  verify_every_key postgres "$pg_url" "$work/keys.txt"
else
  step "Warm start on PostgreSQL: the service restarted on the $keys keys, ready once its verdict cache is loaded"
  service_stop postgres
  warm_start postgres postgres "${pg_url##*:}" "$work/service-postgres.log" "$work/keys.txt" \
    "ConnectionStrings__Registry=Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=registry" "${unlimited_verify[@]}"
  verify_every_key postgres "$pg_url" "$work/keys.txt"
fi

step "Scenarios on PostgreSQL, each database ceiling right before its HTTP scenario"
wrk_scenario healthz postgres "" "$pg_url/healthz" common.lua
wrk_scenario verify postgres healthz "$pg_url" verify.lua "$work/keys.txt"
{ full || hot; } && wrk_fixed_rate verify postgres verify "$work/keys.txt" "$pg_url"
if ! hot; then
  wrk_scenario verify-invalid postgres healthz "$pg_url" verify-invalid.lua
  memory_with_keys postgres postgres "$pg_url"
  verify_flood postgres "$pg_url" "$work/keys.txt" "$work/forged.txt"
  verify_flood_held postgres postgres-held "$(free_port)" "$work/service-postgres-held.log" "$work/keys.txt" "$work/forged.txt" \
    "ConnectionStrings__Registry=Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=registry" "ApiKeys__VerifyRateLimit=0"
fi
if full || hot; then
pgbench_scenario db:tenant-get tenant-get.sql
wrk_scenario tenant-get postgres db:tenant-get "$pg_url" tenant-get.lua "/v1/tenants/%s" "$work/tenants.txt"
pgbench_scenario db:entitlements-get entitlements-get.sql
wrk_scenario entitlements-get postgres db:entitlements-get "$pg_url" tenant-get.lua "/v1/entitlements?tenant_id=%s" "$work/tenants.txt"
pgbench_scenario db:audit-first-page audit-first-page.sql -D limit=51
wrk_scenario audit-first-page postgres db:audit-first-page "$pg_url/v1/audit?limit=50" common.lua
pgbench_scenario db:audit-deep-page audit-deep-page.sql -D limit=51 -D cursor="$deep_cursor"
wrk_scenario audit-deep-page postgres db:audit-deep-page "$pg_url/v1/audit?limit=50&cursor=$deep_cursor" common.lua
pgbench_scenario db:audit-append audit-append.sql
wrk_scenario audit-append postgres db:audit-append "$pg_url" audit-append.lua "$work/tenants.txt"
wrk_scenario audit-append-idempotent postgres audit-append "$pg_url" audit-append.lua "$work/tenants.txt" idempotent
pgbench_scenario db:api-key-create api-key-create.sql
wrk_scenario api-key-create postgres db:api-key-create "$pg_url" api-key-create.lua "$work/tenants.txt"
fi
jq -c '{memory: "postgres"} + .' <<<"$(service_memory_json postgres)" >>"$results"

if full; then
  step "Audit windows at $events events: first pages in the database and over HTTP"
  mkdir -p "$bench/results"
  AUDIT_PLANS="$bench/results/audit-plans.txt" "$bench/audit-windows.sh" "$pg_url" -h "$pg_dir" -p "$pg_port" -U postgres -d registry | tee -a "$results" >&2
fi
service_stop postgres

if full; then
  step "Bearer tokens: verify and GET tenant on PostgreSQL with every call carrying a token (bench/TokenGen's realm)"
  realm_start "$tokengen_dll" "$work/token.txt" "$work/realm.log"
  token_url="http://127.0.0.1:$(free_port)"
  service_start postgres-token "$service_dll" "${token_url##*:}" "$work/service-postgres-token.log" \
    "ConnectionStrings__Registry=Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=registry" "${unlimited_verify[@]}" \
    "Auth__Authority=http://127.0.0.1:$realm_port/realms/bench" "Auth__RequireHttpsMetadata=false"
  [[ "$(curl -s -o /dev/null -w '%{http_code}' "$token_url/v1/tenants/$(head -n 1 "$work/tenants.txt")")" == 401 ]] ||
    { echo "the bearer-token service answers without a token" >&2; exit 1; }
  # The verdict cache of this process is filled like the first one's, so verify measures the same path plus the token.
  verify_every_key postgres-token "$token_url" "$work/keys.txt" "$work/token.txt"
  wrk_scenario healthz postgres-token "" "$token_url/healthz" common.lua
  wrk_scenario verify postgres-token healthz "$token_url" verify-with-token.lua "$work/keys.txt" "$work/token.txt"
  wrk_scenario tenant-get postgres-token db:tenant-get "$token_url" tenant-get.lua "/v1/tenants/%s" "$work/tenants.txt" "$work/token.txt"
  service_stop postgres-token
  kill "$realm_pid" 2>/dev/null || true
  wait "$realm_pid" 2>/dev/null || true
  realm_pid=""

  step "Warm start on PostgreSQL: a new instance on the $keys keys, ready once its verdict cache is loaded"
  warm_start postgres warm "$(free_port)" "$work/service-warm.log" "$work/keys.txt" \
    "ConnectionStrings__Registry=Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=registry" "${unlimited_verify[@]}"
  service_stop warm

  step "Telemetry on vs off: verify and GET tenant, two services on the same PostgreSQL"
  telemetry_cost "$work/telemetry-keys.txt" "$work/tenants.txt"
fi

if hot; then
  step "Report"
  mkdir -p "$bench/results"
  "$bench/report.sh" "$results" "$load_before" $((SECONDS - started)) >"$bench/results/hot.json"
  "$bench/table.sh" "$bench/results/hot.json" >"$bench/results/hot.md"
  cat "$bench/results/hot.md"
  exit 0
fi

step "An instance cut off from the store: how long it keeps saying valid about a key revoked meanwhile"
cut_off "$work/keys.txt"

step "The embedded SQLite store: $tenants tenants, $sqlite_keys API keys"
sqlite_url="http://127.0.0.1:$(free_port)"
mkdir -p "$work/sqlite"
service_start sqlite "$service_dll" "${sqlite_url##*:}" "$work/service-sqlite.log" "Store__SqlitePath=$work/sqlite/registry.db" "${unlimited_verify[@]}"
# The service may be writing meanwhile (its rehearsal, the usage writer): wait for its lock instead of failing.
sqlite3 -cmd ".timeout 30000" "$work/sqlite/registry.db" <"$work/sqlite-seed.sql"
# The seeded keys carry no issuer tag and were written behind the service's back, which SQLite cannot announce: a
# restart loads them (docs/api-keys.md#forged-keys-no-store-stampede), and warms the verdict cache with them.
service_stop sqlite
warm_start sqlite sqlite "${sqlite_url##*:}" "$work/service-sqlite.log" "$work/sqlite-keys.txt" "Store__SqlitePath=$work/sqlite/registry.db" "${unlimited_verify[@]}"
check_key_verifies "$sqlite_url" "$work/sqlite-keys.txt"
verify_every_key sqlite "$sqlite_url" "$work/sqlite-keys.txt"
memory_with_keys sqlite sqlite "$sqlite_url"
verify_flood sqlite "$sqlite_url" "$work/sqlite-keys.txt" "$work/forged.txt"
wrk_scenario verify sqlite healthz "$sqlite_url" verify.lua "$work/sqlite-keys.txt"
full && wrk_scenario tenant-get sqlite "" "$sqlite_url" tenant-get.lua "/v1/tenants/%s" "$work/tenants.txt"
jq -c '{memory: "sqlite"} + .' <<<"$(service_memory_json sqlite)" >>"$results"
service_stop sqlite
verify_flood_held sqlite sqlite-held "$(free_port)" "$work/service-sqlite-held.log" "$work/sqlite-keys.txt" "$work/forged.txt" \
  "Store__SqlitePath=$work/sqlite/registry.db" "ApiKeys__VerifyRateLimit=0"

step "Report"
mkdir -p "$bench/results"
if ! full; then
  "$bench/report.sh" "$results" "$load_before" $((SECONDS - started)) >"$bench/results/verify.json"
  "$bench/table.sh" "$bench/results/verify.json" >"$bench/results/verify.md"
  cat "$bench/results/verify.md"
  exit 0
fi
"$bench/report.sh" "$results" "$load_before" $((SECONDS - started)) >"$bench/results/latest.json"
"$bench/table.sh" "$bench/results/latest.json" >"$bench/results/latest.md"
# The table also replaces the one between the markers of docs/performance.md.
docs="$bench/../docs/performance.md"
awk -v table="$bench/results/latest.md" '
  /<!-- bench:latest:end -->/ { inside = 0 }
  !inside { print }
  /<!-- bench:latest:begin -->/ { while ((getline line < table) > 0) print line; inside = 1 }
' "$docs" >"$work/performance.md"
cp "$work/performance.md" "$docs"
cat "$bench/results/latest.md"
