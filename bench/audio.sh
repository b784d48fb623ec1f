#!/usr/bin/env bash
# The audio benchmark (issue 19): SSL pretraining on unlabeled spoken commands vs tuned scratch and the
# log-mel pixels floor at 10 labels per class, scored on voices held out of training. Starts the
# packaged jar (API + worker, embedded defaults, a fresh data folder), then submits one study over
# HTTP with bench/audio.py. Needs the corpus: bash bench/audio-corpus.sh (espeak-ng).
# Settings: AUDIO_* variables (see audio.py). Prints a table and writes bench/out/audio.json.
# Usage: bash bench/audio.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f bench/data/audio/test-heldout.zip ]] || { echo "no corpus: run bash bench/audio-corpus.sh first" >&2; exit 1; }
PORT="${BENCH_PORT:-18094}"
source bench/server.sh
start_server audio-server.log "${BENCH_PGPORT:-15442}"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%F), commit $(git rev-parse --short HEAD)"
python3 bench/audio.py "$API" "$KEY"
