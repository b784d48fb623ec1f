#!/usr/bin/env bash
# Issue 6's and 17's acceptance on real data: train a Fashion-MNIST classifier through the API
# (cnn-small from scratch on 10% of the labels, 3 epochs), let the registry pick it up, then
# bench/classify.py classifies the 10,000 test images over HTTP three ways (base64 PNG, raw uint8
# octet-stream, the v2 protocol's UINT8 tensor) and compares each accuracy with the one the
# experiment's evaluation job reported (exit 1 if one differs). Needs dataset-fashion-mnist.
#   Usage: bash bench/classify.sh   (BENCH_PORT / BENCH_PGPORT, default 18094 / 15442)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${BENCH_PORT:-18094}"
source bench/server.sh
start_server classify-server.log "${BENCH_PGPORT:-15442}"
F=/usr/share/datasets/fashion-mnist
up() { curl -fsS -H "Authorization: Bearer $KEY" -F name="$1" -F file=@"$F/$2" -F labels=@"$F/$3" "$API/v1/datasets" \
  | sed -E 's/.*"id":"([^"]+)".*/\1/'; }
TRAIN=$(up fmnist-train train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz)
TEST=$(up fmnist-test t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz)
curl -fsS -o /dev/null -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' -d '{
  "name": "fmnist-classifier", "seed": 1,
  "finetune": {"dataset": "'$TRAIN'", "labelFraction": 0.1, "strategy": "full", "epochs": 3,
               "lr": {"head": 0.002, "encoder": 0.002}},
  "evaluate": {"datasets": ["'$TEST'"]}, "baseline": "none"}' "$API/v1/experiments"
for _ in $(seq 1 900); do
  curl -fs -H "Authorization: Bearer $KEY" "$API/v1/models/fmnist-classifier" >/dev/null 2>&1 && break; sleep 2
done
python3 bench/classify.py "$API" "$KEY" fmnist-classifier
