#!/usr/bin/env bash
# Times the first page of GET /v1/audit for time windows, alone and with tenant and action filters, in the database
# (EXPLAIN ANALYZE of the SQL the service sends, median of 3) and end to end (curl, median of 15 sequential requests),
# against the seeded log (bench/seed/audit-events.sql). Prints one JSON line per query; bench/run.sh keeps them.
# With AUDIT_PLANS=FILE, each query's full plan (EXPLAIN ANALYZE, BUFFERS, warm) is written to FILE as well.
#   bench/audit-windows.sh SERVICE_URL PSQL_ARGS...     e.g. http://127.0.0.1:8090 -h /tmp/pg -p 5432 -U postgres -d registry
set -euo pipefail
url="$1"
shift
psql_registry=(psql -X -q -At -v ON_ERROR_STOP=1 "$@")
plans="${AUDIT_PLANS:-/dev/null}"
: >"$plans"

first="$("${psql_registry[@]}" -c "SELECT to_char(min(created_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD') FROM audit_events")"
tenant="00000000-0000-4000-8000-0000000001f4"
action="action.3"
day_since="$(date -u -d "$first + 30 days" +%Y-%m-%dT00:00:00Z)"
day_until="$(date -u -d "$first + 31 days" +%Y-%m-%dT00:00:00Z)"
month_since="$(date -u -d "$first + 31 days" +%Y-%m-%dT00:00:00Z)"
month_until="$(date -u -d "$first + 61 days" +%Y-%m-%dT00:00:00Z)"
empty_since="$(date -u -d "$first - 60 days" +%Y-%m-%dT00:00:00Z)"
empty_until="$(date -u -d "$first - 30 days" +%Y-%m-%dT00:00:00Z)"

# sql SINCE UNTIL TENANT ACTION [CURSOR]: the statement AuditLog.ListAsync has linq2db send for a first page of 50.
sql() {
  local since="$1" until="$2" tenant="$3" action="$4" cursor="${5:-}" where=()
  [[ -z "$tenant" ]] || where+=("e.tenant_id = '$tenant'")
  [[ -z "$action" ]] || where+=("e.\"action\" = '$action'")
  if [[ -n "$since" ]]; then
    where+=("e.id >= (SELECT x.id FROM audit_events x WHERE x.created_at >= '$since' ORDER BY x.created_at, x.id LIMIT 1)")
  fi
  if [[ -n "$until" ]]; then
    where+=("e.id <= (SELECT x.id FROM audit_events x WHERE x.created_at < '$until' ORDER BY x.created_at DESC, x.id DESC LIMIT 1)")
  fi
  [[ -z "$cursor" ]] || where+=("e.id < $cursor")
  local clause=""
  ((${#where[@]} == 0)) || clause="WHERE $(printf '%s AND ' "${where[@]}")"
  echo "SELECT e.id, e.tenant_id, e.project_id, e.actor_id, e.actor_name, e.actor_type, e.\"action\", e.target_id, e.target_type,
    e.target_name, e.product, e.metadata, e.source_ip, e.user_agent, e.created_at FROM audit_events e ${clause% AND } ORDER BY e.id DESC LIMIT 51"
}

median() { sort -n | awk '{ t[NR] = $1 } END { printf "%.3f", t[int((NR + 1) / 2)] }'; }

# measure NAME SINCE UNTIL TENANT ACTION [CURSOR]
measure() {
  local name="$1" since="$2" until="$3" tenant="$4" action="$5" cursor="${6:-}" query="limit=50" statement db http rows plan
  [[ -z "$since" ]] || query+="&since=$since"
  [[ -z "$until" ]] || query+="&until=$until"
  [[ -z "$tenant" ]] || query+="&tenant_id=$tenant"
  [[ -z "$action" ]] || query+="&action=$action"
  [[ -z "$cursor" ]] || query+="&cursor=$cursor"
  statement="$(sql "$since" "$until" "$tenant" "$action" "$cursor")"
  db="$(for _ in 1 2 3; do "${psql_registry[@]}" -c "EXPLAIN (ANALYZE) $statement" | sed -n 's/^Execution Time: \([0-9.]*\) ms$/\1/p'; done | median)"
  printf -- '-- %s: GET /v1/audit?%s\n' "$name" "$query" >>"$plans"
  "${psql_registry[@]}" -c "EXPLAIN (ANALYZE, BUFFERS) $statement" >>"$plans"
  echo >>"$plans"
  plan="$("${psql_registry[@]}" -c "EXPLAIN $statement" | grep -o -m1 -E '(Index|Bitmap Index|Seq) Scan( Backward)? (using [a-z_]+ )?on audit_events e' || true)"
  curl -fsS -o /dev/null "$url/v1/audit?$query"
  rows="$(curl -fsS "$url/v1/audit?$query" | jq '.items | length')"
  http="$(for _ in $(seq 15); do curl -fsS -o /dev/null -w '%{time_total}\n' "$url/v1/audit?$query"; done | awk '{ print $1 * 1000 }' | median)"
  jq -nc --arg name "$name" --arg query "$query" --arg plan "$plan" --argjson rows "$rows" --argjson db "$db" --argjson http "$http" \
    '{audit_window: $name, query: $query, rows: $rows, plan: $plan, db_ms: $db, http_p50_ms: $http}'
}

measure "first page" "" "" "" ""
measure "cursor 1000" "" "" "" "" 1000
measure "tenant" "" "" "$tenant" ""
measure "action" "" "" "" "$action"
for window in day month empty; do
  since_var="${window}_since" until_var="${window}_until"
  since="${!since_var}" until="${!until_var}"
  measure "$window" "$since" "$until" "" ""
  measure "$window + tenant" "$since" "$until" "$tenant" ""
  measure "$window + action" "$since" "$until" "" "$action"
  measure "$window + tenant + action" "$since" "$until" "$tenant" "$action"
done
measure "since only (a month in)" "$month_since" "" "" ""
measure "until only (a month in)" "" "$month_since" "" ""
