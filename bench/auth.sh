#!/usr/bin/env bash
# The cost of token validation on the verify path: verify req/s and service CPU per request, unauthenticated and
# with a bearer token (RS256, validated against a realm's JWKS), alternating A B A B in one run so both see the same
# machine. ./build.sh --target=BenchAuth publishes and runs it; by hand:
#   bench/auth.sh PUBLISH_DIR     PUBLISH_DIR/service: the published service, PUBLISH_DIR/tokengen: bench/TokenGen
# Writes bench/results/auth.json and prints a table. Settings: BENCH_WARMUP, BENCH_DURATION, BENCH_CONNECTIONS.
set -euo pipefail

bench="$(cd "$(dirname "$0")" && pwd)"
publish="$(cd "$1" && pwd)"
service_dll="$publish/service/TenantRegistry.dll"
tokengen_dll="$publish/tokengen/TokenGen.dll"
connections="${BENCH_CONNECTIONS:-16}"
threads=2
warmup="${BENCH_WARMUP:-5}"
duration="${BENCH_DURATION:-15}"
keys=200

source "$bench/lib/postgres.sh"
source "$bench/lib/tools.sh"
source "$bench/lib/service.sh"
require_tools

work="$(mktemp -d "${TMPDIR:-/tmp}/tenant-registry-bench-auth.XXXXXX")"
realm_pid=""
cleanup() {
  local name
  for name in "${!service_pids[@]}"; do service_stop "$name"; done
  [[ -z "$realm_pid" ]] || kill "$realm_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

realm_start "$tokengen_dll" "$work/token.txt" "$work/realm.log"
token="$(cat "$work/token.txt")"

# start MODE PORT: the service unauthenticated ("anonymous") or against the realm ("token"), each on its own SQLite
# file with one tenant and $keys keys created over HTTP; the keys' plaintexts land in $work/MODE-keys.txt.
start() {
  local mode="$1" port="$2" auth=()
  [[ "$mode" == anonymous ]] || auth=("Auth__Authority=http://127.0.0.1:$realm_port/realms/bench" "Auth__RequireHttpsMetadata=false")
  mkdir -p "$work/$mode"
  service_start "$mode" "$service_dll" "$port" "$work/service-$mode.log" "Store__SqlitePath=$work/$mode/registry.db" "${auth[@]}"
  local url="http://127.0.0.1:$port" header=(-H "Authorization: Bearer $token") tenant i
  tenant="$(curl -fsS "${header[@]}" -H 'Content-Type: application/json' -d "{\"slug\":\"bench-$mode\",\"name\":\"Bench\"}" "$url/v1/tenants" | jq -r .id)"
  : >"$work/$mode-keys.txt"
  for ((i = 0; i < keys; i++)); do
    curl -fsS "${header[@]}" -H 'Content-Type: application/json' -d "{\"tenant_id\":\"$tenant\",\"name\":\"k$i\"}" "$url/v1/api-keys" |
      jq -r .plaintext >>"$work/$mode-keys.txt"
  done
}

# cpu_ticks PID: user + system CPU time of the process so far, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# measure MODE PORT ROUND: one warm-up and one measured wrk run; appends the figures with CPU per request.
measure() {
  local mode="$1" port="$2" round="$3" script=verify.lua args=("$work/$1-keys.txt")
  [[ "$mode" == anonymous ]] || { script=verify-with-token.lua; args+=("$work/token.txt"); }
  wrk -t "$threads" -c "$connections" -d "${warmup}s" --timeout 5s -s "$bench/wrk/$script" "http://127.0.0.1:$port" -- "${args[@]}" >/dev/null
  local pid="${service_pids[$mode]}" before after figures
  before="$(cpu_ticks "$pid")"
  figures=$(wrk -t "$threads" -c "$connections" -d "${duration}s" --timeout 5s -s "$bench/wrk/$script" "http://127.0.0.1:$port" -- "${args[@]}" | grep '^{')
  after="$(cpu_ticks "$pid")"
  jq -c --arg mode "$mode" --argjson round "$round" --argjson ticks $((after - before)) --argjson hz "$(getconf CLK_TCK)" \
    '{mode: $mode, round: $round} + . + {cpu_ms_per_request: ($ticks / $hz * 1000 / .requests)}' <<<"$figures" | tee -a "$work/results.jsonl" >&2
}

anonymous_port="$(free_port)"
token_port="$(free_port)"
start anonymous "$anonymous_port"
start token "$token_port"
[[ "$(curl -fsS -H 'Content-Type: application/json' -d "{\"key\":\"$(head -n 1 "$work/token-keys.txt")\"}" -H "Authorization: Bearer $token" \
  "http://127.0.0.1:$token_port/v1/internal/api-keys/verify" | jq -r .valid)" == true ]] || { echo "a key does not verify with the token" >&2; exit 1; }
[[ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d '{"key":"x"}' \
  "http://127.0.0.1:$token_port/v1/internal/api-keys/verify")" == 401 ]] || { echo "the token service answers verify without a token" >&2; exit 1; }

for round in 1 2; do
  measure anonymous "$anonymous_port" "$round"
  measure token "$token_port" "$round"
done

mkdir -p "$bench/results"
jq -s --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" --argjson connections "$connections" --argjson duration "$duration" '
  def mean(f): (map(f) | add / length);
  (map(select(.mode == "anonymous"))) as $a | (map(select(.mode == "token"))) as $t |
  {settings: {connections: $connections, duration_s: $duration, load_after: $load}, runs: .,
   anonymous: {rps: ($a | mean(.rps)), cpu_ms_per_request: ($a | mean(.cpu_ms_per_request)), p99_ms: ($a | mean(.p99_ms))},
   token: {rps: ($t | mean(.rps)), cpu_ms_per_request: ($t | mean(.cpu_ms_per_request)), p99_ms: ($t | mean(.p99_ms))}}
  | . + {token_vs_anonymous: {rps: (.token.rps / .anonymous.rps), cpu_per_request: (.token.cpu_ms_per_request / .anonymous.cpu_ms_per_request)}}
' "$work/results.jsonl" >"$bench/results/auth.json"
jq -r '"| verify | req/s | CPU ms/request | p99 ms |\n| --- | ---: | ---: | ---: |",
  "| unauthenticated | \(.anonymous.rps | floor) | \(.anonymous.cpu_ms_per_request * 1000 | round / 1000) | \(.anonymous.p99_ms) |",
  "| with a bearer token | \(.token.rps | floor) | \(.token.cpu_ms_per_request * 1000 | round / 1000) | \(.token.p99_ms) |",
  "| token / unauthenticated | \(.token_vs_anonymous.rps * 100 | round / 100) | \(.token_vs_anonymous.cpu_per_request * 100 | round / 100) | |"' \
  "$bench/results/auth.json"
