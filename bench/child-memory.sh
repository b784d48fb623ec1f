#!/usr/bin/env bash
# Resident memory of a training child over 20 epochs (issue 18, item 6): two real children started
# side by side on the same job (SimCLR, cnn-small, batch 128, strong augmentation, a Fashion-MNIST
# slice), one with the launcher's settings (-Xms = -Xmx = pretext.worker.child-heap, MALLOC_ARENA_MAX
# = pretext.worker.child-malloc-arenas) and one as children were started before (-Xmx only, glibc's
# default arenas). VmRSS from /proc/<pid>/status at each epoch's end; growth from epoch 5 to the last.
# Needs dataset-fashion-mnist. Prints a table and writes bench/out/child-memory.json.
# Usage: bash bench/child-memory.sh [images, default 1024] [epochs, default 20] ["extra JVM options"]
# (with the options, a third child runs with the launcher's settings plus them, e.g. -XX:+AlwaysPreTouch)
set -euo pipefail
cd "$(dirname "$0")/.."
IMAGES=${1:-1024}
EPOCHS=${2:-20}
OUT=bench/out
mkdir -p "$OUT"
./mvnw -B -q -o test-compile 2>/dev/null || ./mvnw -B -q test-compile
./mvnw -B -q -o dependency:build-classpath -Dmdep.outputFile="$OUT/classpath.txt" >/dev/null 2>&1 \
  || ./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$OUT/classpath.txt" >/dev/null
CP="target/test-classes:target/classes:$(cat "$OUT/classpath.txt")"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
EXTRA=${3:-}
result=$(java -Xmx512m -Dai.djl.offline=true -cp "$CP" io.pretext.job.ChildMemoryBenchmark "$IMAGES" "$EPOCHS" "$WORK" \
  ${EXTRA:+"$EXTRA"} 2>"$OUT/child-memory.log" | tail -1)
cat "$WORK"/*-child.log >> "$OUT/child-memory.log" 2>/dev/null || true
printf '{"machine": "%s cores, %s, %s GiB", "date": "%s", "result": %s}\n' "$(nproc)" \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" \
  "$(awk '/MemTotal/ {printf "%.0f", $2 / 1048576}' /proc/meminfo)" "$(date -u +%F)" "$result" > "$OUT/child-memory.json"
python3 - "$OUT/child-memory.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
res = r["result"]
arms = [("before", "before: -Xmx only, default arenas"), ("launcher", "launcher: fixed heap, MALLOC_ARENA_MAX")]
if "extra" in res:
    arms.append(("extra", "launcher + " + " ".join(o for o in res["extra"]["jvmOptions"] if o not in ("-Xms2g", "-Xmx2g"))))
print("%s; %s images, %s epochs; %s" % (r["machine"], res["images"], res["epochs"], r["date"]))
print("%-40s %8s %8s %8s %8s %10s %s" % ("child", "ep 1", "ep 5", "ep 10", "ep 20", "5 -> 20", "exit"))
for key, label in arms:
    a = res[key]
    rss = a["rssKbPerEpoch"]
    mb = lambda i: "%.0f" % (rss[i] / 1024) if len(rss) > i else "-"
    growth = a.get("growthEpoch5ToLast")
    print("%-40s %8s %8s %8s %8s %10s %s" % (label, mb(0), mb(4), mb(9), mb(len(rss) - 1),
          "%+.1f%%" % (growth * 100) if growth is not None else "-", a["exitCode"]))
b, l = res["before"], res["launcher"]
if "growthEpoch5ToLast" in b and "growthEpoch5ToLast" in l:
    print("RSS at the last epoch, launcher / before: %.2f; target growth 5 -> 20 < 5%%: %s"
          % (l["rssKbPerEpoch"][-1] / b["rssKbPerEpoch"][-1], "met" if l["growthEpoch5ToLast"] < 0.05 else "missed"))
print("RSS MB per epoch, before:   " + " ".join("%.0f" % (v / 1024) for v in b["rssKbPerEpoch"]))
for key, label in arms[1:]:
    print("RSS MB per epoch, %-9s " % (key + ":") + " ".join("%.0f" % (v / 1024) for v in res[key]["rssKbPerEpoch"]))
PY
