#!/usr/bin/env bash
# Runs the README's "First ten minutes" against a freshly started service, so the README cannot rot.
#
# Every ```sh block of that section runs, in order, in one shell (so TENANT_ID and friends carry over), inside a
# scratch directory, with `localhost:8090` pointed at the service this script started. A ```sh block followed by a
# ```json or ```text block must print exactly that block; a ```sh block followed by anything else must print
# nothing. Values that differ on every run (uuids, timestamps, key material, curl's version) are compared by shape.
#
# Usage: tests/walkthrough/readme-walkthrough.sh [path/to/TenantRegistry.dll]   (default: the Release build)
# --print shows what each block printed instead of comparing, for writing the README.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
print=false
if [[ ${1:-} == --print ]]; then
  print=true
  shift
fi
service=${1:-$root/src/Implementation/bin/Release/net10.0/TenantRegistry.dll}
readme=$root/README.md
section="## First ten minutes"

require() {
  local tool=$1
  command -v "$tool" >/dev/null && return
  if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "Installing $tool (Debian package)..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool" >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool" >/dev/null; }
  else
    echo "the README walkthrough needs $tool: install it (Debian: apt-get install $tool) and run again" >&2
    exit 1
  fi
}
require curl
require jq

[[ -f $service ]] || { echo "no service build at $service: run ./build.sh --target=Build first" >&2; exit 1; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=$((20000 + RANDOM % 40000))
until port_free "$port"; do port=$((20000 + RANDOM % 40000)); done
address=127.0.0.1:$port

scratch=$(mktemp -d)
service_pid=
cleanup() {
  if [[ -n $service_pid ]]; then
    kill "$service_pid" 2>/dev/null || true
    wait "$service_pid" 2>/dev/null || true
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT

# A fresh store, as a newcomer has on first start.
Store__SqlitePath=$scratch/registry.db dotnet "$service" --urls "http://$address" >"$scratch/service.log" 2>&1 &
service_pid=$!
for _ in $(seq 1 600); do
  curl -sf "http://$address/readyz" >/dev/null 2>&1 && break
  kill -0 "$service_pid" 2>/dev/null || { echo "the service exited during start:" >&2; cat "$scratch/service.log" >&2; exit 1; }
  sleep 0.1
done
curl -sf "http://$address/readyz" >/dev/null || { echo "the service did not become ready:" >&2; cat "$scratch/service.log" >&2; exit 1; }

# The section's fenced blocks, one file each: NNN.LANG, numbered in order.
blocks=$scratch/blocks
mkdir "$blocks"
awk -v section="$section" -v dir="$blocks" '
  /^## / { inside = ($0 == section); next }
  !inside { next }
  /^```/ {
    if (file) { close(file); file = "" }
    else { count++; lang = substr($0, 4); if (lang == "") lang = "none"; file = sprintf("%s/%03d.%s", dir, count, lang); printf "" > file }
    next
  }
  file { print > file }
' "$readme"
compgen -G "$blocks/*.sh" >/dev/null || { echo "README.md has no sh blocks under '$section'" >&2; exit 1; }

shape() {
  sed -E \
    -e 's/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/<uuid>/g' \
    -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z/<timestamp>/g' \
    -e 's/trk_[0-9A-Za-z]{40}/<api key>/g' \
    -e 's/trk_[0-9A-Za-z]{12}/<key prefix>/g' \
    -e 's#curl/[0-9][0-9.]*#curl/<version>#g' \
    -e 's/^(Date|date): .*/\1: <date>/' \
    -e 's/\r$//'
}

cd "$scratch"
failures=0
steps=0
files=("$blocks"/*)
for index in "${!files[@]}"; do
  block=${files[$index]}
  [[ $block == *.sh ]] || continue
  steps=$((steps + 1))
  next=${files[$((index + 1))]:-}
  command=$(sed "s/localhost:8090/$address/g" "$block")
  set +e
  eval "$command" >"$scratch/actual" 2>&1
  status=$?
  set -e
  if $print; then
    printf '$ %s\n' "$(cat "$block")"
    cat "$scratch/actual"
    echo
    continue
  fi
  if [[ $next == *.json || $next == *.text ]]; then
    expected=$next
  else
    expected=/dev/null
  fi
  if [[ $status -ne 0 ]] || ! diff -u --label "README ($(basename "$expected"))" --label "service" <(shape <"$expected") <(sed "s/$address/localhost:8090/g" "$scratch/actual" | shape) >"$scratch/diff"; then
    failures=$((failures + 1))
    echo "README step $steps failed (exit status $status):" >&2
    sed 's/^/    /' "$block" >&2
    cat "$scratch/diff" >&2
  fi
done

if ((failures)); then
  echo "README walkthrough: $failures of $steps steps differ from the running service (log: below)" >&2
  tail -n 40 "$scratch/service.log" >&2
  exit 1
fi
$print || echo "README walkthrough: all $steps steps answered as the README shows"
