#!/usr/bin/env bash
# Audio training throughput (issue 19: the spectrogram front end and augmentations keep the training
# loop at >= 0.9x a bare loop fed precomputed spectrograms), in one run, as a ratio since the machine
# is shared: Pretext's audio SimCLR loop on raw clips (EpochLoop, audio-cnn, two strong views per step:
# shift, gain, mixing, noise, log-mel front end, SpecAugment) against a bare DJL Trainer loop on the
# same network and NT-Xent fed spectrogram view pairs made before timing; 3 alternating rounds of
# STEPS steps x BATCH synthetic 1 s 16 kHz clips, best of each. Also the time of each stage of one
# view of one batch alone (io.pretext.training.AudioTrainingBenchmark). Needs no corpus.
# Prints a table and writes bench/out/audio-training.json.
# Usage: bash bench/audio-training.sh [STEPS [BATCH]]   (default 8 steps of 128 clips)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=bench/out
mkdir -p "$OUT"
STEPS="${1:-8}"
BATCH="${2:-128}"
./mvnw -B -q -o test-compile 2>/dev/null || ./mvnw -B -q test-compile
./mvnw -B -q -o dependency:build-classpath -Dmdep.outputFile="$OUT/classpath.txt" >/dev/null 2>&1 \
  || ./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$OUT/classpath.txt" >/dev/null
CP="target/test-classes:target/classes:$(cat "$OUT/classpath.txt")"
result=$(java -Xmx2g -Dai.djl.offline=true -cp "$CP" io.pretext.training.AudioTrainingBenchmark "$STEPS" "$BATCH" \
  2>"$OUT/audio-training.log" | tail -1)
printf '{"machine": "%s cores, %s", "date": "%s", "loadAverage": "%s", "loop": %s}\n' "$(nproc)" \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" "$(date -u +%F)" \
  "$(cut -d' ' -f1-3 /proc/loadavg)" "$result" > "$OUT/audio-training.json"
python3 - "$OUT/audio-training.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
l = r["loop"]
print("%-56s %s" % ("measure", "value"))
print("%-56s %s; load average after: %s" % ("machine", r["machine"], r["loadAverage"]))
print("%-56s %d clips of %.0f s, %s log-mel, batch %d, %d steps" % ("setting", l["clips"], l["clipSeconds"],
      "x".join(map(str, l["spectrogram"])), l["batch"], l["steps"]))
print("%-56s %s" % ("Pretext audio loop samples/s, raw clips (3 rounds)", ", ".join("%.1f" % v for v in l["pretextSamplesPerSecond"])))
print("%-56s %s" % ("bare DJL loop samples/s, precomputed views (3 rounds)", ", ".join("%.1f" % v for v in l["bareSamplesPerSecond"])))
print("%-56s %.3f (target >= 0.9)" % ("ratio (best / best)", l["ratioOfBest"]))
stages = l["stageMillisPerBatch"]
print("%-56s %s" % ("ms per batch of %d, one view, each stage alone" % l["batch"],
      ", ".join("%s %.0f" % (k, v) for k, v in stages.items())))
step = 1000 * l["batch"] / max(l["bareSamplesPerSecond"])
print("%-56s %.0f ms bare step; two views %.0f ms (%.0f%%)" % ("views against a training step", step,
      2 * stages["wholeView"], 100 * 2 * stages["wholeView"] / step))
PY
