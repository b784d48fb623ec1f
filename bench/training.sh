#!/usr/bin/env bash
# Training throughput, in one run each (ratios, since the machine is shared):
#   1. Pretext's SimCLR pretraining loop (strong augmentation, data loading, per-step scopes)
#      against a bare DJL Trainer loop on the same model and batch with ready-made view tensors
#      (3 alternating rounds of 20 steps x 256 Fashion-MNIST images; best of each);
#   2. strong-augmentation views/s at 32 and 96 px on ONE thread (OMP_NUM_THREADS=1), to compare
#      with torchvision's SimCLR pipeline (1,090 and 645 views/s on one thread of this machine type);
#   3. resident memory after each of 20 SimCLR epochs (4,096 images; fixed 768 MB heap): growth from
#      epoch 2 to 20.
# Needs dataset-fashion-mnist. Prints a table and writes bench/out/training.json.
# Usage: bash bench/training.sh
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=bench/out
mkdir -p "$OUT"
./mvnw -B -q -o test-compile 2>/dev/null || ./mvnw -B -q test-compile
./mvnw -B -q -o dependency:build-classpath -Dmdep.outputFile="$OUT/classpath.txt" >/dev/null 2>&1 \
  || ./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$OUT/classpath.txt" >/dev/null
CP="target/test-classes:target/classes:$(cat "$OUT/classpath.txt")"
run() { java ${HEAP:--Xmx2g} -Dai.djl.offline=true -cp "$CP" io.pretext.training.TrainingBenchmark "$@" 2>>"$OUT/training.log" | tail -1; }
: > "$OUT/training.log"
loop=$(run loop 20)
augment=$(OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 run augment)
# A fixed, pre-touched heap: what grows is then native memory (PyTorch, allocator), not the Java heap.
memory=$(HEAP="-Xms768m -Xmx768m -XX:+AlwaysPreTouch" run memory 20)
printf '{"machine": "%s cores, %s", "date": "%s", "loop": %s, "augment": %s, "memory": %s}\n' "$(nproc)" \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" "$(date -u +%F)" "$loop" "$augment" "$memory" \
  > "$OUT/training.json"
python3 - "$OUT/training.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
l, a, m = r["loop"], r["augment"], r["memory"]
print("%-52s %s" % ("measure", "value"))
print("%-52s %s" % ("Pretext loop samples/s (3 rounds)", ", ".join("%.0f" % v for v in l["pretextSamplesPerSecond"])))
print("%-52s %s" % ("bare DJL loop samples/s, ready-made views (3 rounds)", ", ".join("%.0f" % v for v in l["bareSamplesPerSecond"])))
print("%-52s %.3f (target >= 0.95)" % ("ratio (best / best)", l["ratioOfBest"]))
print("%-52s %.0f (torchvision 1,090; x%.1f)" % ("strong views/s at 32 px, 1 thread", a["viewsPerSecond32"], a["viewsPerSecond32"] / 1090))
print("%-52s %.0f (torchvision 645; x%.1f)" % ("strong views/s at 96 px, 1 thread", a["viewsPerSecond96"], a["viewsPerSecond96"] / 645))
rss = m["rssKbPerEpoch"]
print("%-52s %+.2f%% (target < 5%%)" % ("RSS growth epoch 2 -> 20", m["growthEpoch2To20"] * 100))
print("%-52s %+.2f%%" % ("RSS growth epoch 10 -> 20", (rss[19] / rss[9] - 1) * 100))
print("%-52s %s" % ("RSS MB at epochs 1, 2, 5, 10, 15, 20", ", ".join("%.0f" % (rss[i] / 1024) for i in (0, 1, 4, 9, 14, 19))))
PY
