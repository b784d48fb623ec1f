#!/usr/bin/env bash
# The headline benchmark: does SSL pretraining on Fashion-MNIST's 60,000 unlabeled training images
# beat training from scratch with 1% and 10% of the labels? Starts the packaged jar (API + worker,
# embedded defaults, a fresh data folder), then drives it over HTTP with bench/headline.py.
# Needs the Debian package dataset-fashion-mnist. Settings: HEADLINE_* variables (see headline.py).
# Prints a table and writes bench/out/headline.json.   Usage: bash bench/headline.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${BENCH_PORT:-18093}"
source bench/server.sh
start_server headline-server.log "${BENCH_PGPORT:-15441}" PRETEXT_WORKER_CHILDHEAP=3g
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%F)"
python3 bench/headline.py "$API" "$KEY"
