#!/usr/bin/env bash
# The text benchmark on Debian's package descriptions (bench/debian-corpus.sh builds them offline
# from apt's lists; run `apt-get -o Acquire::Languages=en update` once for the long descriptions):
#   1. throughput: texts/s of Pretext's MLM loop, with texts batched by length (as pretraining
#      does) and in shuffled batches, against a bare DJL Trainer loop on the same transformer-mini,
#      head and batches (masked beforehand), 3 alternating rounds
#      (io.pretext.training.TextBenchmark);
#   2. does MLM pretraining on the unlabeled half beat the same encoder trained from scratch with
#      1% and 10% of the labeled half's labels? Starts the packaged jar (API + worker, embedded
#      defaults, a fresh data folder) and drives it over HTTP with bench/text.py: macro-F1 on a
#      held-out test split. Settings: TEXT_* variables (see text.py).
# Prints tables and writes bench/out/text-throughput.json and bench/out/text.json.
# Usage: bash bench/text.sh [throughput|f1|all]   (default all)
set -euo pipefail
cd "$(dirname "$0")/.."
WHAT="${1:-all}"
[[ -s bench/data/debian/labeled.jsonl ]] || bash bench/debian-corpus.sh
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%F)"
if [[ "$WHAT" == all || "$WHAT" == throughput ]]; then
  mkdir -p bench/out
  ./mvnw -B -q -o test-compile 2>/dev/null || ./mvnw -B -q test-compile
  ./mvnw -B -q -o dependency:build-classpath -Dmdep.outputFile=bench/out/classpath.txt >/dev/null 2>&1 \
    || ./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=bench/out/classpath.txt >/dev/null
  java -Xmx3g -Dai.djl.offline=true -cp "target/test-classes:target/classes:$(cat bench/out/classpath.txt)" \
    io.pretext.training.TextBenchmark bench/data/debian/unlabeled.jsonl "${TEXT_THROUGHPUT_STEPS:-30}" \
    2>bench/out/text-throughput.log | tail -1 > bench/out/text-throughput.json
  python3 - bench/out/text-throughput.json <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print("%-50s %s" % ("measure", "value"))
print("%-50s %d texts, batch %d, %d tokens, vocabulary %d" % ("setting", r["texts"], r["batch"], r["maxLength"], r["vocabSize"]))
print("%-50s %.0f%% (%.0f%% of texts truncated)" % ("real (non-padding) tokens", r["realTokenFraction"] * 100, r["truncatedFraction"] * 100))
print("%-50s %s" % ("Pretext MLM loop, batched by length, texts/s", ", ".join("%.1f" % v for v in r["groupedTextsPerSecond"])))
print("%-50s %s" % ("Pretext MLM loop, shuffled batches, texts/s", ", ".join("%.1f" % v for v in r["pretextTextsPerSecond"])))
print("%-50s %s" % ("bare DJL Trainer loop texts/s (3 rounds)", ", ".join("%.1f" % v for v in r["bareTextsPerSecond"])))
print("%-50s %.3f" % ("batched by length / shuffled (best / best)", r["groupedOverUngrouped"]))
print("%-50s %.3f" % ("shuffled / bare DJL (best / best)", r["ratioOfBest"]))
PY
fi
if [[ "$WHAT" == all || "$WHAT" == f1 ]]; then
  PORT="${BENCH_PORT:-18094}"
  source bench/server.sh
  start_server text-server.log "${BENCH_PGPORT:-15442}" PRETEXT_WORKER_CHILDHEAP=3g
  python3 bench/text.py "$API" "$KEY"
fi
