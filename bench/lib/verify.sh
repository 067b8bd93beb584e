# Verify under the conditions issues 12 and 20 name (sourced by bench/run.sh): a flood of forged keys (with and
# without the answers to guesses held), memory with
# 100,000 keys, an instance cut off from the store, and a warm start. Each function appends one JSON line to
# $results; report.sh turns them into figures and targets.
# Needs: $bench, $work, $results, $connections, $threads, $duration, $service_dll; $pg_dir and $pg_port for PostgreSQL.

# store_transactions: transactions PostgreSQL counted for the registry database so far (statistics are flushed by
# the backends about once a second, so callers wait a little before reading).
store_transactions() {
  psql -X -At -h "$pg_dir" -p "$pg_port" -U postgres -d registry \
    -c "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = 'registry'"
}

# metric_value URL NAME: the sum of a metric's samples in the service's /metrics scrape (0 when it has none).
metric_value() {
  curl -fsS "$1/metrics" | awk -v name="$2" '$1 == name || index($1, name "{") == 1 { sum += $NF } END { printf "%.3f\n", sum + 0 }'
}

# wrk_json CONNECTIONS SECONDS URL SCRIPT [ARGS...]: one wrk run's JSON figures.
wrk_json() {
  local c="$1" seconds="$2" url="$3" script="$4"
  shift 4
  wrk -t "$threads" -c "$c" -d "${seconds}s" --timeout 5s -s "$bench/wrk/$script" "$url" -- "$@" | grep '^{'
}

# memory_with_keys STORE NAME URL: peak RSS of service NAME now that 100,000 distinct keys were verified.
memory_with_keys() {
  local store="$1" name="$2" url="$3" cached
  cached="$(metric_value "$url" tenant_registry_verdict_cache_entries)"
  jq -c --arg store "$store" --argjson cached "$cached" '{memory_100k: $store, cached_keys: $cached} + .' <<<"$(service_memory_json "$name")" >>"$results"
}

# verify_flood STORE URL VALID_KEYS FORGED_KEYS: every forged key (well-formed, valid checksum, in no store) once at
# full speed on half the connections, while valid keys are verified on the other half; the same valid load alone
# before and after. Figures: the flood's store reads (the service's own counter, and on PostgreSQL the database's
# transaction count), and valid throughput during the flood against alone.
verify_flood() {
  local store="$1" url="$2" valid_keys="$3" forged_keys="$4"
  local half=$((connections / 2)) done_dir="$work/flood-$store"
  mkdir -p "$done_dir"
  echo "== verify flood ($store): $(wc -l <"$forged_keys") forged keys on $half connections, valid keys on $half" >&2
  local alone_before alone_after during flood reads_before reads_after tx_before="" tx_after=""
  alone_before="$(wrk_json "$half" "$duration" "$url" verify.lua "$valid_keys")"
  reads_before="$(metric_value "$url" tenant_registry_verify_store_reads_total)"
  [[ "$store" == postgres ]] && sleep 2 && tx_before="$(store_transactions)"
  wrk -t "$threads" -c "$half" -d 600s --timeout 5s -s "$bench/wrk/verify-every-key.lua" "$url" -- \
    "$forged_keys" "$threads" "$done_dir" >"$done_dir/flood.out" &
  local flood_pid=$!
  wrk -t "$threads" -c "$half" -d 600s --timeout 5s -s "$bench/wrk/verify.lua" "$url" -- "$valid_keys" >"$done_dir/valid.out" &
  local valid_pid=$!
  until (($(find "$done_dir" -name 'thread-*' | wc -l) == threads)); do
    kill -0 "$flood_pid" 2>/dev/null || break
    sleep 0.2
  done
  kill -INT "$flood_pid" "$valid_pid" 2>/dev/null || true
  wait "$flood_pid" "$valid_pid" || true
  flood="$(grep '^{' "$done_dir/flood.out")"
  during="$(grep '^{' "$done_dir/valid.out")"
  [[ "$store" == postgres ]] && sleep 2 && tx_after="$(store_transactions)"
  reads_after="$(metric_value "$url" tenant_registry_verify_store_reads_total)"
  alone_after="$(wrk_json "$half" "$duration" "$url" verify.lua "$valid_keys")"
  local figures
  figures="$(jq -nc --arg store "$store" --argjson flood "$flood" --argjson during "$during" --argjson before "$alone_before" \
    --argjson after "$alone_after" --argjson reads "$(jq -n "$reads_after - $reads_before")" \
    --argjson transactions "${tx_after:-null}" --argjson transactions_before "${tx_before:-null}" '
    {verify_flood: $store, forged_requests: $flood.requests, forged_rps: $flood.rps, forged_errors: ($flood.status_errors + $flood.socket_errors),
     store_reads: $reads,
     store_transactions: (if $transactions then $transactions - $transactions_before - 1 else null end),
     valid_rps_during: $during.rps, valid_p99_ms_during: $during.p99_ms,
     valid_rps_alone: (($before.rps + $after.rps) / 2), valid_rps_alone_before: $before.rps, valid_rps_alone_after: $after.rps}
    | . + {store_reads_per_request: (.store_reads / .forged_requests), valid_during_over_alone: (.valid_rps_during / .valid_rps_alone * 100 | round / 100)}
    | with_entries(select(.value != null))')"
  echo "   $figures" >&2
  echo "$figures" >>"$results"
}

# verify_flood_held STORE NAME PORT LOG VALID_KEYS FORGED_KEYS [VAR=VALUE...]: the flood against an instance of its own
# that holds the answers to guessed keys as shipped (ApiKeys/GuessThrottle; the Bench's other services turn holding
# off, since all of wrk is one caller). Valid keys on half the connections alone, then for as long again while forged
# keys (random lines of FORGED_KEYS) are verified on the other half, then alone again. Figures: the forged answers a
# second, the answers held, and valid throughput during the flood against alone.
verify_flood_held() {
  local store="$1" name="$2" port="$3" log="$4" valid_keys="$5" forged_keys="$6"
  shift 6
  local url="http://127.0.0.1:$port" half=$((connections / 2)) flood_out="$work/flood-held-$store.json"
  echo "== verify flood, guesses held ($store): forged keys on $half connections, valid keys on $half" >&2
  service_start "$name" "$service_dll" "$port" "$log" "$@"
  service_ready "$name" "$port" "$log"
  local alone_before alone_after during flood held_before held_after
  alone_before="$(wrk_json "$half" "$duration" "$url" verify.lua "$valid_keys")"
  held_before="$(metric_value "$url" tenant_registry_key_guesses_held_total)"
  wrk_json "$half" "$duration" "$url" verify.lua "$forged_keys" >"$flood_out" &
  local flood_pid=$!
  during="$(wrk_json "$half" "$duration" "$url" verify.lua "$valid_keys")"
  wait "$flood_pid"
  flood="$(cat "$flood_out")"
  held_after="$(metric_value "$url" tenant_registry_key_guesses_held_total)"
  alone_after="$(wrk_json "$half" "$duration" "$url" verify.lua "$valid_keys")"
  service_stop "$name"
  local figures
  figures="$(jq -nc --arg store "$store" --argjson flood "$flood" --argjson during "$during" --argjson before "$alone_before" \
    --argjson after "$alone_after" --argjson held "$(jq -n "$held_after - $held_before")" '
    {verify_flood_held: $store, forged_requests: $flood.requests, forged_rps: $flood.rps, held: $held,
     valid_rps_during: $during.rps, valid_p99_ms_during: $during.p99_ms,
     valid_rps_alone: (($before.rps + $after.rps) / 2), valid_rps_alone_before: $before.rps, valid_rps_alone_after: $after.rps}
    | . + {valid_during_over_alone: (.valid_rps_during / .valid_rps_alone * 100 | round / 100)}')"
  echo "   $figures" >&2
  echo "$figures" >>"$results"
}

# warm_start STORE NAME PORT LOG KEYS_FILE [VAR=VALUE...]: starts service NAME on a store already holding 100,000 keys and
# measures the time from process start to /readyz 200 (it says 503 "warming" until its verdict cache is loaded), the
# peak RSS then, the verify rate in the first 10 s after ready against the steady rate right after, and (PostgreSQL)
# the store reads verify made in those first 10 s (none, if the warm-up loaded every key), and (PostgreSQL) the
# transactions the database counted from start until those 10 s were over: the warm-up's two reads plus the start's
# own (migration check, issuer secret, sweeper lock, listener, heartbeats every 2 s, usage writes).
warm_start() {
  local store="$1" name="$2" port="$3" log="$4" keys_file="$5"
  shift 5
  local url="http://127.0.0.1:$port" tx_before="" tx_after=""
  echo "== warm start ($store)" >&2
  [[ "$store" == postgres ]] && sleep 2 && tx_before="$(store_transactions)"
  local started_ns
  started_ns="$(date +%s%N)"
  service_start "$name" "$service_dll" "$port" "$log" "$@"
  service_ready "$name" "$port" "$log"
  local ready_ns memory first steady warm_keys warm_seconds first_reads
  ready_ns="$(date +%s%N)"
  memory="$(service_memory_json "$name")"
  first="$(wrk_json "$connections" 10 "$url" verify.lua "$keys_file")"
  first_reads="$(metric_value "$url" tenant_registry_verify_store_reads_total)"
  [[ "$store" == postgres ]] && tx_after="$(store_transactions)"
  steady="$(wrk_json "$connections" "$duration" "$url" verify.lua "$keys_file")"
  warm_keys="$(metric_value "$url" tenant_registry_verdict_cache_warmup_keys)"
  warm_seconds="$(metric_value "$url" tenant_registry_verdict_cache_warmup_duration_seconds)"
  local figures
  figures="$(jq -nc --arg store "$store" --argjson memory "$memory" --argjson first "$first" --argjson steady "$steady" \
    --argjson to_ready "$(((ready_ns - started_ns) / 1000000))" --argjson keys "$warm_keys" --argjson seconds "$warm_seconds" --argjson first_reads "$first_reads" \
    --argjson transactions "${tx_after:-null}" --argjson transactions_before "${tx_before:-null}" '
    {warm_start: $store, start_to_ready_s: ($to_ready / 1000), warmup_keys: $keys, warmup_s: $seconds,
     peak_rss_mb_at_ready: $memory.peak_rss_mb,
     store_transactions_until_10s_after_ready: (if $transactions then $transactions - $transactions_before - 1 else null end),
     first_10s_store_reads: $first_reads, first_10s_rps: $first.rps, first_10s_p99_ms: $first.p99_ms, first_10s_errors: ($first.status_errors + $first.socket_errors),
     steady_rps: $steady.rps}
    | . + {first_over_steady: (.first_10s_rps / .steady_rps * 100 | round / 100)} | with_entries(select(.value != null))')"
  echo "   $figures" >&2
  echo "$figures" >>"$results"
}

# cut_off KEYS_FILE: an instance whose every store connection (listener included) goes through a proxy that goes
# silent, as a lost route does. Right when it is ready it is cut off, and a key it holds is revoked on the database
# directly (the rest of the fleet would see that at once); the key is then verified on the cut-off instance every
# 100 ms. Figures: how long it kept answering valid after the cut (bound: ApiKeys:ServeStaleFor after the key was
# last confirmed by the store, which for a warm-loaded key is the warm-up), and what it answered after.
cut_off() {
  local keys_file="$1" proxy_port port url key
  proxy_port="$(free_port)"
  python3 "$bench/lib/silent-proxy.py" "$proxy_port" 127.0.0.1 "$pg_port" &
  local proxy_pid=$!
  port="$(free_port)"
  url="http://127.0.0.1:$port"
  echo "== cut off from the store (postgres)" >&2
  service_start cutoff "$service_dll" "$port" "$work/service-cutoff.log" \
    "ConnectionStrings__Registry=Host=127.0.0.1;Port=$proxy_port;Username=postgres;Database=registry" "${unlimited_verify[@]}"
  service_ready cutoff "$port" "$work/service-cutoff.log"
  key="$(sed -n 7p "$keys_file")"
  check_key_verifies "$url" <(echo "$key")
  local cut_ns last_valid_ns=0 answer status body polls=0 slowest_ms=0 sent_ns took_ms
  kill -USR1 "$proxy_pid"
  cut_ns="$(date +%s%N)"
  "${psql_registry[@]}" -c "UPDATE api_keys SET revoked_at = now() WHERE prefix = '${key:0:16}'"
  local deadline=$((SECONDS + 180))
  while ((SECONDS < deadline)); do
    sent_ns="$(date +%s%N)"
    # A verify may wait for the store's timeouts while cut off: curl gives it 30 s and says 000 if that passes.
    answer="$(curl -s -m 30 -w '\n%{http_code}' -H 'Content-Type: application/json' -d "{\"key\":\"$key\"}" "$url/v1/internal/api-keys/verify" || true)"
    took_ms=$((($(date +%s%N) - sent_ns) / 1000000))
    ((took_ms > slowest_ms)) && slowest_ms=$took_ms
    polls=$((polls + 1))
    status="${answer##*$'\n'}"
    body="${answer%$'\n'*}"
    if [[ "$status" == 200 && "$(jq -r .valid <<<"$body")" == true ]]; then
      last_valid_ns="$(date +%s%N)"
    else
      break
    fi
    sleep 0.1
  done
  local after_ns
  after_ns="$(date +%s%N)"
  local figures
  figures="$(jq -nc --argjson valid_for "$(((last_valid_ns - cut_ns) / 1000000))" --argjson until_refused "$(((after_ns - cut_ns) / 1000000))" \
    --arg status "$status" --arg body "$body" --argjson polls "$polls" --argjson slowest "$slowest_ms" \
    '{cut_off: "postgres", valid_after_cut_s: ($valid_for / 1000), first_refusal_after_cut_s: ($until_refused / 1000),
      first_refusal_status: ($status | tonumber? // $status), first_refusal_body: $body, polls: $polls, slowest_poll_s: ($slowest / 1000)}')"
  echo "   $figures" >&2
  echo "$figures" >>"$results"
  # The link comes back as broken, not silent, so the instance stops promptly; the key is as it was for what follows.
  kill "$proxy_pid" 2>/dev/null || true
  wait "$proxy_pid" 2>/dev/null || true
  service_stop cutoff
  "${psql_registry[@]}" -c "UPDATE api_keys SET revoked_at = NULL WHERE prefix = '${key:0:16}'"
}
