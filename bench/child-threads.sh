#!/usr/bin/env bash
# How fast the worker's training children train when they share the machine's cores: the same
# FixMatch experiment (Fashion-MNIST, 10 labels per class, batch 32, mu 3) in three configurations,
# one after another on the same jar (bench/child-threads.py measures each from the jobs' progress):
#   two slots, a thread per core each (what PyTorch does by itself, and the worker did before)
#   two slots, cores/slots each (the default)
#   one slot,  every core       (the default for one slot)
# Needs dataset-fashion-mnist. Prints a table and writes bench/out/child-threads.json.
# Usage: bash bench/child-threads.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${BENCH_PORT:-18095}"
source bench/server.sh
RESULTS="$OUT/child-threads.jsonl"
: > "$RESULTS"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%F)"
run() { # name slots devices threads
  DATA="$WORK/data-$1"
  start_server "child-threads-$1.log" "${BENCH_PGPORT:-15443}" PRETEXT_WORKER_DEVICES="$3" \
    PRETEXT_WORKER_CHILDTHREADS="$4" PRETEXT_WORKER_HEARTBEATINTERVAL=2s
  python3 bench/child-threads.py "$API" "$KEY" "$RESULTS" "$1" "$2"
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
}
run "2-slots-all-cores-each" 2 cpu,cpu "$(nproc)"
run "2-slots-default" 2 cpu,cpu 0
run "1-slot-default" 1 cpu 0
python3 - "$RESULTS" > "$OUT/child-threads.json" <<'PY'
import json, sys
print(json.dumps([json.loads(line) for line in open(sys.argv[1])], indent=2))
PY
