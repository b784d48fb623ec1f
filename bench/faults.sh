#!/usr/bin/env bash
# Fault injection through the real processes (issue 18): kill -9s of training children and of the
# server during a multi-job experiment, a SIGTERM during training (FAULTS_SCENARIOS=kills,sigterm by
# default), the embedded database stopped during training (outage) and two worker JVMs draining tiny
# jobs (workers); see bench/faults.py and bench/faults_database.py for what is checked. Needs the
# Debian package dataset-fashion-mnist. Settings: FAULTS_* variables.
# Prints a summary and writes bench/out/faults.json; exits non-zero when a check fails.
#   Usage: bash bench/faults.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${BENCH_PORT:-18095}"
source bench/server.sh
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%F), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
python3 bench/faults.py "$JAR" "$WORK" "$PORT" "${BENCH_PGPORT:-15445}" "$KEY"
