#!/usr/bin/env bash
# Inference on the packaged jar (embedded Postgres, API and worker in one process):
#   1. trains a small model through the API (2000 28x28 PNGs in 10 class folders, cnn-small,
#      rotation pretraining 1 epoch, finetune 2 epochs) and waits for the registry to list it;
#   2. HTTP, closed loop: 32 clients of bench/InferenceLoad.java POST one base64 PNG each to
#      /classifications, 3000 requests after 200 warm-up ones: requests/s (= images/s), p50, p99;
#   3. HTTP, open loop at 3x the measured rate for 10 s: 429s (queue full), 503s, p50/p99 of 200s;
#   4. in-process: TrainedModel.probabilities on one thread at batch 1, 8, 32 (bench/InferenceBench.java).
# Server settings: max-batch-size 32, max-delay 5ms, queue-capacity 32, timeout 2s.
# Prints a table and writes bench/out/inference.json.   Usage: bash bench/inference.sh
#
# Overload mode (bash bench/inference.sh overload [SECONDS], default 60): after step 1, measures the
# capacity with a short closed loop (32 clients, 1000 requests), then an open loop at 3x that rate
# for SECONDS; prints p50/p99/max of the 200s and the counts of 200/429/503/other, checks
# p99 <= timeout + one (mean) forward-pass time, and writes bench/out/inference-overload.json.
# The server inherits the environment: compare with connections refused at connect time by running
# it again with PRETEXT_HTTP_MAX_CONNECTIONS=400 PRETEXT_HTTP_ACCEPT_COUNT=50.
set -euo pipefail
cd "$(dirname "$0")/.."
MODE="${1:-full}"
OVERLOAD_SECONDS="${2:-60}"
TIMEOUT_MS=2000
PORT="${BENCH_PORT:-18092}"
PGPORT="${BENCH_PGPORT:-15440}"
KEY=ptx_bench-admin-key-0123456789
OUT=bench/out
mkdir -p "$OUT"
JAR="$(ls target/pretext-*.jar 2>/dev/null | grep -v original | head -1 || true)"
[[ -n "$JAR" ]] || { ./mvnw -B -q -o -DskipTests package; JAR="$(ls target/pretext-*.jar | grep -v original | head -1)"; }
[[ -s target/classpath.txt ]] || ./mvnw -B -q -o dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
WORK="$(mktemp -d)"
PID=""
cleanup() { [[ -n "$PID" ]] && { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; }; rm -rf "$WORK"; }
trap cleanup EXIT
API="http://127.0.0.1:$PORT"
auth=(-H "Authorization: Bearer $KEY")

: > "$OUT/inference-server.log"
PRETEXT_DATA_DIR="$WORK/data" PRETEXT_BOOTSTRAP_KEY=$KEY PRETEXT_ROLES=api,worker PRETEXT_DATABASE_EMBEDDED_PORT=$PGPORT \
  PRETEXT_WORKER_POLLINTERVAL=200ms PRETEXT_MODELS_SWEEPINTERVAL=1s PRETEXT_INFERENCE_MAXBATCHSIZE=32 \
  PRETEXT_INFERENCE_MAXDELAY=5ms PRETEXT_INFERENCE_QUEUECAPACITY=32 PRETEXT_INFERENCE_TIMEOUT=${TIMEOUT_MS}ms \
  java -jar "$JAR" --server.port="$PORT" >> "$OUT/inference-server.log" 2>&1 &
PID=$!
for _ in $(seq 1 600); do curl -fs "$API/actuator/health/readiness" >/dev/null 2>&1 && break; sleep 0.1; done

java bench/GenerateData.java zip "$WORK/pets.zip" 2000 28
DS=$(curl -fsS "${auth[@]}" -F name=pets -F file=@"$WORK/pets.zip" -F imageSize=28 "$API/v1/datasets" \
  | sed -E 's/.*"id":"([^"]+)".*/\1/')
curl -fsS -o /dev/null "${auth[@]}" -H 'Content-Type: application/json' -d '{"name": "bench", "seed": 1,
  "pretrain": {"dataset": "'$DS'", "method": "rotation", "epochs": 1, "batchSize": 128},
  "finetune": {"dataset": "'$DS'", "labelFraction": 0.5, "epochs": 2, "batchSize": 64}}' "$API/v1/experiments"
for _ in $(seq 1 900); do curl -fs -o /dev/null "${auth[@]}" "$API/v1/models/bench" && break; sleep 1; done
PREFIX=$(curl -fsS "${auth[@]}" "$API/v1/models/bench" | sed -E 's/.*"checkpoint":"([^"]+)".*/\1/')

unzip -p "$WORK/pets.zip" class3/3.png > "$WORK/one.png"
printf '{"images": ["%s"]}' "$(base64 -w0 "$WORK/one.png")" > "$WORK/body.json"
URL="$API/v1/models/bench/classifications?topK=3"
if [[ "$MODE" == overload ]]; then
  capacity=$(java bench/InferenceLoad.java closed "$URL" "$KEY" "$WORK/body.json" 32 1000 100 \
    | sed -E 's/.*rps=([0-9.]+).*/\1/')
  java bench/InferenceLoad.java overload "$URL" "$KEY" "$WORK/body.json" "$capacity" "$OVERLOAD_SECONDS" \
    "$WORK/overload.json" > /dev/null
  metrics=$(curl -fsS "${auth[@]}" "$API/actuator/prometheus")
  batch_ms=$(echo "$metrics" | grep -E '^pretext_inference_batch_time_seconds_(sum|count)' \
    | awk '/_sum/ {s+=$2} /_count/ {c+=$2} END {printf "%.1f", c ? 1000*s/c : 0}')
  overloaded=$(echo "$metrics" | grep -E '^pretext_inference_rejections_total.*reason="overloaded"' \
    | awk '{s+=$2} END {printf "%d", s}')
  p99=$(sed -E 's/.*"ok":\{"p50ms":[0-9.]+,"p99ms":([0-9.]+).*/\1/' "$WORK/overload.json")
  within=$(awk -v p="$p99" -v t="$TIMEOUT_MS" -v b="$batch_ms" 'BEGIN {print (p <= t + b) ? "true" : "false"}')
  { printf '{"benchmark":"inference-overload","date":"%s","cpus":%s,"commit":"%s","capacityPerSecond":%s,' \
      "$(date -u +%FT%TZ)" "$(nproc)" "$(git rev-parse --short HEAD)" "$capacity"
    printf '"timeoutMs":%s,"meanBatchMs":%s,"overloadedRejections":%s,"p99WithinTimeoutPlusBatch":%s,"load":' \
      "$TIMEOUT_MS" "$batch_ms" "${overloaded:-0}" "$within"
    cat "$WORK/overload.json"; echo '}'; } > "$OUT/inference-overload.json"
  cat "$OUT/inference-overload.json"
  exit 0
fi
closed=$(java bench/InferenceLoad.java closed "$URL" "$KEY" "$WORK/body.json" 32 3000 200)
rps=$(echo "$closed" | sed -E 's/.*rps=([0-9.]+).*/\1/')
over=$(java bench/InferenceLoad.java open "$URL" "$KEY" "$WORK/body.json" "$(awk -v r="$rps" 'BEGIN {print 3*r}')" 10)
batch=$(curl -fsS "${auth[@]}" "$API/actuator/prometheus" | grep -E '^pretext_inference_batch_size_(sum|count)' \
  | awk '/_sum/ {s+=$2} /_count/ {c+=$2} END {printf "%.1f", c ? s/c : 0}')
kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""

inproc=$(java -Dai.djl.offline=true -cp "target/classes:$(cat target/classpath.txt)" bench/InferenceBench.java \
  "$WORK/data" "$PREFIX" 5 2>/dev/null | grep '^batch=')

field() { echo "$1" | sed -E "s/.*$2=([0-9.]+).*/\1/"; }
printf '%-58s %12s\n' measure value
printf '%-58s %12s\n' "HTTP, 32 clients: images/s (1 image per request)" "$(field "$closed" rps)"
printf '%-58s %12s\n' "HTTP, 32 clients: p50 / p99 (ms)" "$(field "$closed" p50ms) / $(field "$closed" p99ms)"
printf '%-58s %12s\n' "HTTP, 32 clients: 429s" "$(field "$closed" status429)"
printf '%-58s %12s\n' "mean images per forward pass (whole run)" "$batch"
printf '%-58s %12s\n' "HTTP, open loop at 3x: requests sent" "$(field "$over" sent)"
printf '%-58s %12s\n' "HTTP, open loop at 3x: 200 / 429 / 503 / other" "$(field "$over" ok) / $(field "$over" status429) / $(field "$over" status503) / $(field "$over" other)"
printf '%-58s %12s\n' "HTTP, open loop at 3x: p50 / p99 of 200s (ms)" "$(field "$over" p50ms) / $(field "$over" p99ms)"
while read -r line; do
  printf '%-58s %12s\n' "in-process, one thread, batch $(field "$line" batch): images/s" "$(field "$line" imagesPerSecond)"
done <<< "$inproc"
cat > "$OUT/inference.json" <<JSON
{"benchmark":"inference","date":"$(date -u +%FT%TZ)","cpus":$(nproc),
 "closed32":"$closed","openLoop3x":"$over","meanBatch":$batch,"inProcess":"$(echo $inproc)"}
JSON
echo "wrote $OUT/inference.json"
