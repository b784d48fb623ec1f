#!/usr/bin/env bash
# Text batches cut by length on jemalloc against fixed-width batches on glibc's malloc, through the
# API: the same MLM pretraining (one epoch of Debian's unlabeled package descriptions, batch 32,
# 128 tokens) on two fresh servers of the same jar, one after the other, the first with the
# worker's default child allocator (jemalloc where installed: the child batches texts by length),
# the second with PRETEXT_WORKER_CHILDALLOCATOR=system (fixed-width batches). bench/text_batching.py
# reads the epoch's time and loss from the API and samples the child's resident memory from /proc.
# Needs libjemalloc2 and bench/data/debian (bench/debian-corpus.sh). Prints a table and writes
# bench/out/text-batching.json. Usage: bash bench/text-batching.sh   (BATCHING_EPOCHS, BATCHING_TEXTS,
# BATCHING_ONLY=by-length-jemalloc or fixed-width-glibc for one of the two)
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -s bench/data/debian/unlabeled.jsonl ]] || bash bench/debian-corpus.sh
PORT="${BENCH_PORT:-18095}"
source bench/server.sh
RESULTS="$OUT/text-batching.jsonl"
: > "$RESULTS"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%F)"
run() { # name allocator
  [[ -n "${BATCHING_ONLY:-}" && "$BATCHING_ONLY" != "$1" ]] && return
  DATA="$WORK/data-$1"
  start_server "text-batching-$1.log" "${BENCH_PGPORT:-15443}" PRETEXT_WORKER_CHILDALLOCATOR="$2" \
    PRETEXT_WORKER_CHILDHEAP=2g
  python3 bench/text_batching.py "$API" "$KEY" "$RESULTS" "$1"
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
}
run "by-length-jemalloc" auto
run "fixed-width-glibc" system
python3 - "$RESULTS" > "$OUT/text-batching.json" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
print(json.dumps(rows, indent=2))
fmt = "%-22s %10s %12s %10s %14s %14s %14s"
print(fmt % ("configuration", "epochs", "texts/s", "last loss", "RSS 1st quart.", "RSS last", "RSS peak"), file=sys.stderr)
for r in rows:
    print(fmt % (r["name"], r["epochs"], "%.1f" % r["textsPerSecond"], "%.3f" % r["loss"][-1],
                 "%.2f GB" % r["rssFirstQuarterGb"], "%.2f GB" % r["rssLastGb"], "%.2f GB" % r["rssPeakGb"]),
          file=sys.stderr)
if len(rows) == 2:
    print("speed ratio (by length / fixed width): %.2f" % (rows[0]["textsPerSecond"] / rows[1]["textsPerSecond"]),
          file=sys.stderr)
PY
