#!/usr/bin/env bash
# Dataset ingest over HTTP on the packaged jar (embedded defaults):
#   - Fashion-MNIST train IDX (gzip, 60,000 images) and a 10,000-image PNG zip: MB/s and images/s,
#     next to `sha256sum` of the same file as a same-run baseline (ratio = ingest / sha256sum time);
#   - a 1 GiB raw IDX upload with the server's heap capped at -Xmx256m: it must succeed, and the
#     peak heap used (sampled from /actuator/metrics every 100 ms) is reported.
# Prints a table and writes bench/out/ingest.json.   Usage: bash bench/ingest.sh [idx-megabytes]
set -euo pipefail
cd "$(dirname "$0")/.."
BIG_MB="${1:-1024}"
PORT="${BENCH_PORT:-18090}"
KEY=ptx_bench-admin-key-0123456789
FMNIST=/usr/share/datasets/fashion-mnist
OUT=bench/out
mkdir -p "$OUT"
JAR="$(ls target/pretext-*.jar 2>/dev/null | grep -v original | head -1 || true)"
[[ -n "$JAR" ]] || { ./mvnw -B -q -DskipTests package; JAR="$(ls target/pretext-*.jar | grep -v original | head -1)"; }
[[ -d "$FMNIST" ]] || { echo "install dataset-fashion-mnist first" >&2; exit 1; }
WORK="$(mktemp -d)"
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT

echo "generating inputs in $WORK ..."
java bench/GenerateData.java zip "$WORK/pngs.zip" 10000 32
java bench/GenerateData.java idx "$WORK/big.idx" "$BIG_MB"

PRETEXT_DATA_DIR="$WORK/data" PRETEXT_BOOTSTRAP_KEY=$KEY PRETEXT_MAX_UPLOAD_SIZE=4GB \
  java -Xmx256m -jar "$JAR" --server.port="$PORT" > "$OUT/ingest-server.log" 2>&1 &
PID=$!
for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$PORT/actuator/health/readiness" >/dev/null 2>&1 && break; sleep 0.1; done

upload() { # name, then curl -F arguments; prints seconds
  curl -fsS -o "$WORK/resp.json" -w '%{time_total}' -H "Authorization: Bearer $KEY" -F "name=$1" "${@:2}" \
    "http://127.0.0.1:$PORT/v1/datasets"
}
hash_seconds() { local s e; s=$(date +%s.%N); sha256sum "$@" > /dev/null; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
heap_used() {
  curl -fs -H "Authorization: Bearer $KEY" "http://127.0.0.1:$PORT/actuator/metrics/jvm.memory.used?tag=area:heap" \
    | sed -E 's/.*"value":([0-9.E+]+).*/\1/'
}

fm_bytes=$(( $(stat -c %s $FMNIST/train-images-idx3-ubyte.gz) + $(stat -c %s $FMNIST/train-labels-idx1-ubyte.gz) ))
fm_s=$(upload fmnist -F file=@$FMNIST/train-images-idx3-ubyte.gz -F labels=@$FMNIST/train-labels-idx1-ubyte.gz)
fm_n=$(sed -E 's/.*"numSamples":([0-9]+).*/\1/' "$WORK/resp.json")
fm_base=$(hash_seconds $FMNIST/train-images-idx3-ubyte.gz $FMNIST/train-labels-idx1-ubyte.gz)

zip_bytes=$(stat -c %s "$WORK/pngs.zip")
zip_s=$(upload pngs -F file=@"$WORK/pngs.zip")
zip_n=$(sed -E 's/.*"numSamples":([0-9]+).*/\1/' "$WORK/resp.json")
zip_base=$(hash_seconds "$WORK/pngs.zip")

peak=0
( while kill -0 $PID 2>/dev/null; do h=$(heap_used || echo 0); echo "$h"; sleep 0.1; done ) > "$WORK/heap.txt" &
SAMPLER=$!
big_bytes=$(stat -c %s "$WORK/big.idx")
big_s=$(upload big -F file=@"$WORK/big.idx")
big_n=$(sed -E 's/.*"numSamples":([0-9]+).*/\1/' "$WORK/resp.json")
kill $SAMPLER 2>/dev/null || true
peak=$(sort -g "$WORK/heap.txt" | tail -1)
big_base=$(hash_seconds "$WORK/big.idx")

row() { # name bytes seconds samples baseline
  awk -v n="$1" -v b="$2" -v s="$3" -v c="$4" -v base="$5" 'BEGIN {
    printf "%-22s %10.1f %8.2f %10.1f %12.0f %10.2f\n", n, b/1048576, s, b/1048576/s, c/s, s/base }'
}
printf '%-22s %10s %8s %10s %12s %10s\n' input MB seconds MB/s images/s "x sha256"
row fashion-mnist-idx.gz "$fm_bytes" "$fm_s" "$fm_n" "$fm_base"
row png-zip-10k-32px "$zip_bytes" "$zip_s" "$zip_n" "$zip_base"
row raw-idx-1GiB "$big_bytes" "$big_s" "$big_n" "$big_base"
peak_mib=$(awk -v p="$peak" 'BEGIN { printf "%.0f", p/1048576 }')
echo "peak heap used during the ${BIG_MB} MiB upload: ${peak_mib} MiB (server -Xmx256m; target < 256 MiB)"

cat > "$OUT/ingest.json" <<JSON
{"benchmark":"dataset-ingest","date":"$(date -u +%FT%TZ)","cpus":$(nproc),"serverXmx":"256m",
 "runs":[
  {"input":"fashion-mnist-idx.gz","bytes":$fm_bytes,"seconds":$fm_s,"samples":$fm_n,"sha256sumSeconds":$fm_base},
  {"input":"png-zip-10k-32px","bytes":$zip_bytes,"seconds":$zip_s,"samples":$zip_n,"sha256sumSeconds":$zip_base},
  {"input":"raw-idx","bytes":$big_bytes,"seconds":$big_s,"samples":$big_n,"sha256sumSeconds":$big_base}],
 "peakHeapUsedBytes":$peak}
JSON
echo "wrote $OUT/ingest.json"
