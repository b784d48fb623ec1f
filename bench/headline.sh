#!/usr/bin/env bash
# The headline benchmark: does SSL pretraining on Fashion-MNIST's 60,000 unlabeled training images
# beat training from scratch with 1% and 10% of the labels? Starts the packaged jar (API + worker,
# embedded defaults, a fresh data folder), then drives it over HTTP with bench/headline.py.
# Needs the Debian package dataset-fashion-mnist. Settings: HEADLINE_* variables (see headline.py).
# Prints a table and writes bench/out/headline.json.   Usage: bash bench/headline.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${BENCH_PORT:-18093}"
KEY=ptx_bench-admin-key-0123456789
OUT=bench/out
mkdir -p "$OUT"
JAR="$(ls target/pretext-*.jar 2>/dev/null | grep -v original | head -1 || true)"
[[ -n "$JAR" ]] || { ./mvnw -B -q -DskipTests package; JAR="$(ls target/pretext-*.jar | grep -v original | head -1)"; }
WORK="$(mktemp -d)"
PID=""
cleanup() { [[ -n "$PID" ]] && { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; }; rm -rf "$WORK"; }
trap cleanup EXIT
API="http://127.0.0.1:$PORT"
PRETEXT_DATA_DIR="$WORK/data" PRETEXT_BOOTSTRAP_KEY=$KEY PRETEXT_ROLES=api,worker \
  PRETEXT_DATABASE_EMBEDDED_PORT="${BENCH_PGPORT:-15441}" PRETEXT_WORKER_CHILDHEAP=3g \
  java -jar "$JAR" --server.port="$PORT" > "$OUT/headline-server.log" 2>&1 &
PID=$!
for _ in $(seq 1 600); do curl -fs "$API/actuator/health/readiness" >/dev/null 2>&1 && break; sleep 0.1; done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%F)"
python3 bench/headline.py "$API" "$KEY"
