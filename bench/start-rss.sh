#!/usr/bin/env bash
# RSS of an idle `npm start` (embedded Postgres in a temp DATA_DIR, polling off, 20 s after it
# listens), run three ways: the tsx CLI (two node processes), node --import tsx, and the compiled
# JavaScript `npm start` runs. Postgres is not counted (its own session). Linux only (/proc).
# usage: bash bench/start-rss.sh [runs]
set -uo pipefail
cd "$(dirname "$0")/.."
node scripts/build.js

measure() {
  local label=$1; shift
  local d; d=$(mktemp -d /tmp/sw-rss-XXXX); chmod 755 "$d"
  local port=$((40000 + RANDOM % 10000)) pgport=$((30000 + RANDOM % 9000))
  env PORT=$port HOST=127.0.0.1 DATA_DIR="$d" EMBEDDED_PG_PORT=$pgport POLLING_ENABLED=false LOG_LEVEL=info setsid "$@" 2>"$d/err" >/dev/null &
  local pid=$!
  for _ in $(seq 1 180); do grep -q "statuswatch listening" "$d/err" && break; sleep 1; done
  sleep 20
  local total=0 parts=""
  for p in $(pgrep -s "$pid"); do
    local r; r=$(awk '/VmRSS/{print $2}' "/proc/$p/status" 2>/dev/null) || continue
    total=$((total + r)); parts="$parts $((r / 1024))"
  done
  printf '%-28s %4d MB  (per process:%s MB)\n' "$label" $((total / 1024)) "$parts"
  kill -INT -- -"$pid"; wait "$pid"
  rm -rf "$d"
}

for _ in $(seq 1 "${1:-1}"); do
  measure "tsx src/cli/start.ts" node_modules/.bin/tsx src/cli/start.ts
  measure "node --import tsx" node --import tsx src/cli/start.ts
  measure "node dist/src/cli/start.js" node dist/src/cli/start.js
done
