#!/usr/bin/env bash
# Storage faults through the real processes (issue 18, item 5): object storage (S3Proxy behind a
# relay this bench cuts) unreachable during an upload and during a checkpoint write, and the artifact
# folder full (a small tmpfs; needs root to mount) during an upload and a checkpoint write. See
# bench/storage-faults.py for what is checked. Needs the Debian package dataset-fashion-mnist and
# the S3Proxy jar in ~/.m2 (./mvnw test-compile puts it there). Settings: FAULTS_* variables.
# Prints a summary and writes bench/out/storage-faults.json; exits non-zero when a check fails.
#   Usage: bash bench/storage-faults.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${BENCH_PORT:-18097}"
source bench/server.sh
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%F), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
python3 bench/storage-faults.py "$JAR" "$WORK" "$PORT" "${BENCH_PGPORT:-15447}" "$KEY"
