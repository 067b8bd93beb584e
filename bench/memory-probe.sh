#!/usr/bin/env bash
# Where an instance's memory goes before any key is cached (docs/performance.md#memory): starts the published service
# on an empty SQLite store with the given environment (runtime knobs such as DOTNET_gcServer=0), reads its memory
# once /readyz says ready and again after 10 s of bad-checksum verifies on 16 connections, and prints one line each:
# VmHWM/VmRSS and the RSS split into anonymous (GC heap, JIT code, native), file-backed (mapped assemblies) and
# shared memory (the /memfd:doublemapper of W^X), plus the JIT's method count. Not part of Bench; by hand:
#   bench/memory-probe.sh PUBLISH_DIR/service LABEL [VAR=VALUE...]
set -euo pipefail
bench="$(cd "$(dirname "$0")" && pwd)"
threads=2
source "$bench/lib/postgres.sh"
source "$bench/lib/tools.sh"
source "$bench/lib/service.sh"
require_tools
service_dir="$(cd "$1" && pwd)"
label="$2"
shift 2
work="$(mktemp -d "${TMPDIR:-/tmp}/tenant-registry-memory.XXXXXX")"
trap 'service_stop probe; rm -rf "$work"' EXIT
port="$(free_port)"
url="http://127.0.0.1:$port"
service_start probe "$service_dir/TenantRegistry.dll" "$port" "$work/service.log" "Store__SqlitePath=$work/registry.db" \
  ApiKeys__VerifyRateLimit=0 ApiKeys__UnknownKeyRate=0 "$@"
until [[ "$(curl -s -o /dev/null -w '%{http_code}' "$url/readyz")" == 200 ]]; do sleep 0.1; done
sleep 2
pid="${service_pids[probe]}"
memory_row() {
  printf '%-16s %-6s %s doublemapper=%d MB jit_methods=%s\n' "$label" "$1" \
    "$(awk '/^(VmHWM|VmRSS|RssAnon|RssFile|RssShmem):/ { printf "%s%d MB ", $1, $2 / 1024 }' "/proc/$pid/status")" \
    "$(awk '/doublemapper/ { inside = 1 } inside && /^Rss:/ { kb += $2; inside = 0 } END { print int(kb / 1024) }' "/proc/$pid/smaps")" \
    "$(curl -fsS "$url/metrics" | awk '/^dotnet_jit_compiled_methods_total/ { print $NF }')"
}
memory_row ready
wrk -t "$threads" -c 16 -d 10s -s "$bench/wrk/verify-invalid.lua" "$url" >/dev/null
memory_row load
