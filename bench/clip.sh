#!/usr/bin/env bash
# The CLIP benchmark: zero-shot Fashion-MNIST from captions only beside a 10-labels-per-class probe
# of the same image tower (and the pixels / scratch baselines), and icon <-> summary retrieval on
# held-out AppStream applications. Builds the pair corpora with bench/clip-corpus.sh when missing,
# starts the packaged jar (API + worker, embedded defaults, a fresh data folder) and drives it over
# HTTP with bench/clip.py. Settings: CLIP_* variables (see clip.py). Prints a table and writes
# bench/out/clip.json.   Usage: bash bench/clip.sh
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS="${CLIP_DATA:-bench/data/clip}"
if [[ ! -f "$CORPUS/fashion-captions.zip" || ! -f "$CORPUS/appstream-heldout.zip" ]]; then
  bash bench/clip-corpus.sh --out "$CORPUS"
fi
PORT="${BENCH_PORT:-18093}"
source bench/server.sh
start_server "${CLIP_LOG:-clip-server.log}" "${BENCH_PGPORT:-15441}" PRETEXT_WORKER_CHILDHEAP=3g
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%F)"
CLIP_DATA="$CORPUS" python3 bench/clip.py "$API" "$KEY"
