#!/usr/bin/env bash
# Times GET /v1/audit end to end against a running service (default http://127.0.0.1:8090): the first page and a
# page behind a deep cursor, each N times in sequence; prints the median and 95th percentile in milliseconds.
#   bench/audit-pages.sh [base-url] [requests-per-query] [deep-cursor]
set -euo pipefail
base="${1:-http://127.0.0.1:8090}"
count="${2:-200}"
deep="${3:-1000}"

measure() {
  local label="$1" query="$2"
  curl -fsS -o /dev/null "$base/v1/audit?$query"   # warm-up
  for _ in $(seq "$count"); do
    curl -fsS -o /dev/null -w '%{time_total}\n' "$base/v1/audit?$query"
  done | sort -n | awk -v label="$label" '{ t[NR] = $1 * 1000 } END {
    printf "%-34s median %6.2f ms   p95 %6.2f ms   (%d requests)\n", label, t[int(NR * 0.5)], t[int(NR * 0.95)], NR }'
}

measure "first page (limit 50)" "limit=50"
measure "deep cursor $deep (limit 50)" "limit=50&cursor=$deep"
measure "first page (limit 500)" "limit=500"
measure "deep cursor $deep (limit 500)" "limit=500&cursor=$deep"
