#!/usr/bin/env bash
# Inference on the packaged jar (embedded Postgres, API and worker in one process), issue 17's targets
# in one run on one model:
#   1. trains a small model through the API (2000 28x28 PNGs in 10 class folders, cnn-small,
#      rotation pretraining 1 epoch, finetune 2 epochs) and waits for the registry to list it;
#   2. memory: the server's resident memory (VmRSS) after its first 1,000 inference requests
#      (32 clients, one raw uint8 image each);
#   3. HTTP, closed loops of 32 clients (bench/LeanLoad.java, see INFERENCE_CLIENT) on /classifications:
#      (a) one base64 PNG per request (3000 after 200 warm-up), (b) 32 base64 PNGs per request and
#      (c) 32 raw uint8 images per request (application/octet-stream, shape=32,C,H,W), 800 after
#      50 warm-up each, and (d) one raw uint8 image per request (3000 after 200): images/s, p50, p99;
#   4. HTTP, open loops of (a)'s requests at 0.5x, 1x and 3x (a)'s rate for 10 s each: p50/p99
#      of the 200s and the counts of 200/429/503/other;
#   5. memory again once the server has had 100,000 inference requests in all (the rest as in 2);
#      For each load, the server's CPU time per request (from /proc, the load's warm-up included).
#   6. in-process: TrainedModel.probabilities on one thread at batch 1, 8, 32 (bench/InferenceBench.java),
#      and the ratios HTTP images/s / in-process images/s at batch 32.
# Server settings: max-batch-size 32, max-delay 5ms, queue-capacity 32, timeout 2s.
# Prints a table and writes bench/out/inference.json.   Usage: bash bench/inference.sh
# BENCH_PORT / BENCH_PGPORT (default 18092 / 15440); INFERENCE_MEMORY_REQUESTS (default 100000).
# The server runs as the chart's API pods do, with a fixed, pre-touched heap and two malloc arenas:
# INFERENCE_JAVA_OPTS (default "-Xms512m -Xmx512m -XX:+AlwaysPreTouch"; set it empty for the JVM's
# defaults) and INFERENCE_MALLOC_ARENAS (default 2; glibc's default is 8 per core).
# INFERENCE_CLIENT: the load generator, lean (default: bench/LeanLoad.java, one thread of non-blocking
# keep-alive connections) or httpclient (bench/InferenceLoad.java, Java's HttpClient, which costs about
# as much CPU per request as the server on the same 2 cores); each load's line has the client's CPU.
#
# Profile mode (bash bench/inference.sh profile): after step 1, per-process CPU per one-image request
# (PNG and uint8, PROFILE_REQUESTS each, default 6000) and a JFR profile of each, summed by stage.
#
# Overload mode (bash bench/inference.sh overload [SECONDS], default 60): after step 1, measures the
# capacity with a short closed loop (32 clients, 1000 requests), then an open loop at 3x that rate
# for SECONDS; prints p50/p99/max of the 200s and the counts of 200/429/503/other, checks
# p99 <= timeout + one (mean) forward-pass time, and writes bench/out/inference-overload.json.
# The server inherits the environment: compare with connections refused at connect time by running
# it again with PRETEXT_HTTP_MAX_CONNECTIONS=400 PRETEXT_HTTP_ACCEPT_COUNT=50.
#
# SIGTERM mode (bash bench/inference.sh sigterm): after step 1, SIGTERM to the server while 32
# clients send one-PNG requests; counts 200 / 503 / refused at connect / lost without an answer,
# the time to exit, and writes bench/out/inference-sigterm.json; exits non-zero when a request is lost.
set -euo pipefail
cd "$(dirname "$0")/.."
MODE="${1:-full}"
OVERLOAD_SECONDS="${2:-60}"
TIMEOUT_MS=2000
PORT="${BENCH_PORT:-18092}"
PGPORT="${BENCH_PGPORT:-15440}"
KEY=ptx_bench-admin-key-0123456789
OUT=bench/out
case "${INFERENCE_CLIENT:-lean}" in
  lean) LOADER=bench/LeanLoad.java ;;
  httpclient) LOADER=bench/InferenceLoad.java ;;
  *) echo "INFERENCE_CLIENT must be lean or httpclient" >&2; exit 2 ;;
esac
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
  MALLOC_ARENA_MAX="${INFERENCE_MALLOC_ARENAS:-2}" java ${INFERENCE_JAVA_OPTS--Xms512m -Xmx512m -XX:+AlwaysPreTouch} \
  -jar "$JAR" --server.port="$PORT" >> "$OUT/inference-server.log" 2>&1 &
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
field() { echo "$1" | sed -E "s/.*$2=([0-9.]+).*/\1/"; }
ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }  # the server's CPU time so far (user + system)
hz=$(getconf CLK_TCK)
if [[ "$MODE" == overload ]]; then
  capacity=$(java "$LOADER" closed "$URL" "$KEY" "$WORK/body.json" 32 1000 100 \
    | sed -E 's/.*rps=([0-9.]+).*/\1/')
  java "$LOADER" overload "$URL" "$KEY" "$WORK/body.json" "$capacity" "$OVERLOAD_SECONDS" \
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
if [[ "$MODE" == profile ]]; then
  # Where a one-image request's CPU goes: per-process CPU (server from /proc, load generator from
  # /usr/bin/time, its JVM start included) and a JFR profile of the server, for one base64 PNG and
  # one raw uint8 image per request; bench/jfr-breakdown.py sums the samples by stage.
  SHAPE=$(curl -fsS "${auth[@]}" "$API/v2/models/bench" | sed -E 's/.*"inputs":\[\{[^]]*"shape":\[-1,([0-9]+),([0-9]+),([0-9]+)\].*/\1,\2,\3/')
  head -c "$(echo "$SHAPE" | awk -F, '{print $1 * $2 * $3}')" /dev/urandom > "$WORK/bin1.u8"
  BIN1_URL="$API/v1/models/bench/classifications/tensor?shape=1,$SHAPE&dtype=uint8&topK=3"
  COUNT="${PROFILE_REQUESTS:-6000}"
  java "$LOADER" closed "$BIN1_URL" "$KEY" "$WORK/bin1.u8" 32 2000 0 > /dev/null  # JIT warm-up
  for name in png uint8; do
    if [[ $name == png ]]; then url="$URL"; body="$WORK/body.json"; else url="$BIN1_URL"; body="$WORK/bin1.u8"; fi
    jcmd "$PID" JFR.start name="$name" settings=profile filename="$OUT/inference-profile-$name.jfr" > /dev/null
    before=$(ticks)
    line=$(/usr/bin/time -f '%U %S' -o "$WORK/client.time" java "$LOADER" closed "$url" "$KEY" "$body" 32 "$COUNT" 0)
    after=$(ticks)
    jcmd "$PID" JFR.stop name="$name" > /dev/null
    client=$(awk '{print $1 + $2}' "$WORK/client.time")
    echo "$name: $line"
    awk -v s="$((after - before))" -v hz="$hz" -v c="$client" -v n="$COUNT" -v r="$(field "$line" rps)" 'BEGIN {
      printf "  server CPU %.2f ms/request (%.2f cores), load generator %.2f ms/request (JVM start included)\n",
        1000 * s / hz / n, s / hz * r / n, 1000 * c / n }'
    python3 bench/jfr-breakdown.py "$OUT/inference-profile-$name.jfr"
  done
  exit 0
fi
if [[ "$MODE" == sigterm ]]; then
  # SIGTERM under inference load (issue 18): 32 clients keep sending one-PNG requests; after
  # SIGTERM_AFTER seconds (default 3) the server gets SIGTERM. Every request the server had accepted
  # must end in a 200 or a 503; requests sent after it closed its socket are refused at connect time
  # (ConnectException). Any other client failure (a connection closed without an answer) is lost work.
  java "$LOADER" closed "$URL" "$KEY" "$WORK/body.json" 32 1000 100 > /dev/null
  java "$LOADER" closed "$URL" "$KEY" "$WORK/body.json" 32 "${SIGTERM_REQUESTS:-20000}" 0 \
    > "$WORK/sigterm.txt" &
  LOAD_PID=$!
  sleep "${SIGTERM_AFTER:-3}"
  kill -0 "$LOAD_PID" 2>/dev/null || { echo "FAIL: the load ended before the SIGTERM; raise SIGTERM_REQUESTS"; exit 1; }
  t0=$(date +%s%N)
  kill -TERM "$PID"
  rc=0; wait "$PID" || rc=$?
  exit_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  PID=""
  wait "$LOAD_PID"
  line=$(cat "$WORK/sigterm.txt")
  echo "server exited with $rc, $exit_ms ms after SIGTERM; load: $line"
  lost=$(echo "$line" | sed -E 's/.*failures=\{(.*)\}.*/\1/' | tr ',' '\n' \
    | awk -F= '!/ConnectException/ && NF == 2 {s += $2} END {print s + 0}')
  shutdown_log=$(grep -cE 'Commencing graceful shutdown|Graceful shutdown complete' "$OUT/inference-server.log" || true)
  printf '{"benchmark":"inference-sigterm","date":"%s","cpus":%s,"commit":"%s","exitCode":%s,"exitMs":%s,"ok":%s,"status503":%s,"lostInFlight":%s,"gracefulShutdownLogLines":%s,"load":"%s"}\n' \
    "$(date -u +%FT%TZ)" "$(nproc)" "$(git rev-parse --short HEAD)" "$rc" "$exit_ms" "$(field "$line" ok)" \
    "$(field "$line" status503)" "$lost" "$shutdown_log" "$line" > "$OUT/inference-sigterm.json"
  cat "$OUT/inference-sigterm.json"
  (( lost == 0 )) || { echo "FAIL: $lost requests lost without an answer"; exit 1; }
  exit 0
fi
# Bodies for the full run: 32 different PNGs in one request, and random raw pixels of the model's shape.
SHAPE=$(curl -fsS "${auth[@]}" "$API/v2/models/bench" | sed -E 's/.*"inputs":\[\{[^]]*"shape":\[-1,([0-9]+),([0-9]+),([0-9]+)\].*/\1,\2,\3/')
PIXELS=$(echo "$SHAPE" | awk -F, '{print $1 * $2 * $3}')
{ printf '{"images": ['
  sep=""
  for i in $(seq 0 31); do printf '%s"%s"' "$sep" "$(unzip -p "$WORK/pets.zip" "class$((i % 10))/$i.png" | base64 -w0)"; sep=,; done
  printf ']}'; } > "$WORK/png32.json"
head -c "$((32 * PIXELS))" /dev/urandom > "$WORK/bin32.u8"
head -c "$PIXELS" /dev/urandom > "$WORK/bin1.u8"
BIN1_URL="$API/v1/models/bench/classifications/tensor?shape=1,$SHAPE&dtype=uint8&topK=3"
BIN32_URL="$API/v1/models/bench/classifications/tensor?shape=32,$SHAPE&dtype=uint8&topK=3"
MEMORY_REQUESTS="${INFERENCE_MEMORY_REQUESTS:-100000}"
served=0
load() {  # load VAR MODE URL BODY ARGS...: runs the load generator into VAR (prefixed with the server's CPU
          # milliseconds per request sent, warm-up included), adds the requests it sent to $served
  local line before after sent
  before=$(ticks)
  line=$(java "$LOADER" "$2" "$3" "$KEY" "$4" "${@:5}")
  after=$(ticks)
  if [[ "$2" == closed ]]; then sent=$(($6 + ${7:-100})); else sent=$(field "$line" sent); fi
  served=$((served + sent))
  printf -v "$1" 'serverCpuMs=%s %s' "$(awk -v t="$((after - before))" -v hz="$hz" -v n="$sent" \
    'BEGIN {printf "%.2f", 1000 * t / hz / n}')" "$line"
}
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$PID/status"; }
memory=""
memory_point() {  # appends "requests:RSS MiB:committed heap MiB:threads:JIT code MiB" to $memory
  local heap code threads
  heap=$(jcmd "$PID" GC.heap_info 2>/dev/null | sed -nE 's/.* total ([0-9]+)K.*/\1/p' | head -1 || true)
  heap=$(( ${heap:-0} / 1024 ))
  code=$(jcmd "$PID" Compiler.codecache 2>/dev/null | sed -nE 's/.* used=([0-9]+)Kb.*/\1/p' | awk '{s+=$1} END {print int(s/1024)}' || true)
  threads=$(awk '/^Threads/ {print $2}' "/proc/$PID/status")
  memory="$memory $served:$(( $(rss_kb) / 1024 )):$heap:$threads:${code:-0}"
}
load_avg() { cut -d' ' -f1-3 /proc/loadavg; }
load_start=$(load_avg)

load first closed "$BIN1_URL" "$WORK/bin1.u8" 32 1000 0
rss_1k=$(rss_kb); served_1k=$served; memory_point
load png1 closed "$URL" "$WORK/body.json" 32 3000 200
rps=$(field "$png1" rps)
load png32 closed "$URL" "$WORK/png32.json" 32 800 50
load bin32 closed "$BIN32_URL" "$WORK/bin32.u8" 32 800 50
load bin1 closed "$BIN1_URL" "$WORK/bin1.u8" 32 3000 200
load half open "$URL" "$WORK/body.json" "$(awk -v r="$rps" 'BEGIN {print 0.5 * r}')" 10
load full open "$URL" "$WORK/body.json" "$rps" 10
load over open "$URL" "$WORK/body.json" "$(awk -v r="$rps" 'BEGIN {print 3 * r}')" 10
metrics=$(curl -fsS "${auth[@]}" "$API/actuator/prometheus")
batch=$(echo "$metrics" | grep -E '^pretext_inference_batch_size_(sum|count)' \
  | awk '/_sum/ {s+=$2} /_count/ {c+=$2} END {printf "%.1f", c ? s/c : 0}')
batch_ms=$(echo "$metrics" | grep -E '^pretext_inference_batch_time_seconds_(sum|count)' \
  | awk '/_sum/ {s+=$2} /_count/ {c+=$2} END {printf "%.1f", c ? 1000*s/c : 0}')
memory_point
# The rest of the memory run in quarters, to see whether resident memory levels off or keeps growing.
for quarter in 2 3 4; do
  rest=$((MEMORY_REQUESTS * quarter / 4 - served))
  if (( rest > 0 )); then load last closed "$BIN1_URL" "$WORK/bin1.u8" 32 "$rest" 0; memory_point; fi
done
rss_end=$(rss_kb); served_end=$served
kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""

inproc=$(java -Dai.djl.offline=true -cp "target/classes:$(cat target/classpath.txt)" bench/InferenceBench.java \
  "$WORK/data" "$PREFIX" 5 2>/dev/null | grep '^batch=')
load_end=$(load_avg)
in1=$(field "$(echo "$inproc" | grep '^batch=1 ')" imagesPerSecond)
in32=$(field "$(echo "$inproc" | grep '^batch=32 ')" imagesPerSecond)
images() { awk -v r="$(field "$1" rps)" -v n="$2" 'BEGIN {printf "%.0f", r * n}'; }
ratio() { awk -v a="$1" -v b="$in32" 'BEGIN {printf "%.2f", b ? a / b : 0}'; }
png1_ips=$(images "$png1" 1); png32_ips=$(images "$png32" 32); bin32_ips=$(images "$bin32" 32); bin1_ips=$(images "$bin1" 1)
growth=$(awk -v a="$rss_1k" -v b="$rss_end" 'BEGIN {printf "%.1f", 100 * (b - a) / a}')
within=$(awk -v p="$(field "$over" p99ms)" -v t="$TIMEOUT_MS" -v b="$batch_ms" 'BEGIN {print (p <= t + b) ? "yes" : "no"}')

row() { printf '%-66s %16s\n' "$1" "$2"; }
statuses() { echo "$(field "$1" ok) / $(field "$1" status429) / $(field "$1" status503) / $(field "$1" other)"; }
row measure value
row "in-process, one thread, batch 1: images/s" "$in1"
row "in-process, one thread, batch 32: images/s" "$in32"
row "HTTP, 32 clients, 1 PNG per request: images/s (ratio to batch 32)" "$png1_ips ($(ratio "$png1_ips"))"
row "HTTP, 32 clients, 32 PNGs per request: images/s (ratio)" "$png32_ips ($(ratio "$png32_ips"))"
row "HTTP, 32 clients, 32 uint8 images per request: images/s (ratio)" "$bin32_ips ($(ratio "$bin32_ips"))"
row "HTTP, 32 clients, 1 uint8 image per request: images/s (ratio)" "$bin1_ips ($(ratio "$bin1_ips"))"
row "HTTP, 32 clients, p50 / p99 (ms): 1 PNG" "$(field "$png1" p50ms) / $(field "$png1" p99ms)"
row "HTTP, 32 clients, p50 / p99 (ms): 32 PNGs" "$(field "$png32" p50ms) / $(field "$png32" p99ms)"
row "HTTP, 32 clients, p50 / p99 (ms): 32 uint8" "$(field "$bin32" p50ms) / $(field "$bin32" p99ms)"
row "HTTP, 32 clients, p50 / p99 (ms): 1 uint8" "$(field "$bin1" p50ms) / $(field "$bin1" p99ms)"
row "server CPU ms per request: 1 PNG / 32 PNGs / 32 uint8 / 1 uint8" "$(field "$png1" serverCpuMs) / $(field "$png32" serverCpuMs) / $(field "$bin32" serverCpuMs) / $(field "$bin1" serverCpuMs)"
row "server CPU ms per request, open loops: 0.5x / 1x / 3x" "$(field "$half" serverCpuMs) / $(field "$full" serverCpuMs) / $(field "$over" serverCpuMs)"
row "load generator ($LOADER) CPU ms per request: 1 PNG / 32 PNGs / 32 uint8 / 1 uint8" "$(field "$png1" clientCpuMs) / $(field "$png32" clientCpuMs) / $(field "$bin32" clientCpuMs) / $(field "$bin1" clientCpuMs)"
row "load generator CPU ms per request, open loops: 0.5x / 1x / 3x" "$(field "$half" clientCpuMs) / $(field "$full" clientCpuMs) / $(field "$over" clientCpuMs)"
row "HTTP, 32 clients: 429s (1 PNG / 32 PNGs / 32 uint8 / 1 uint8)" "$(field "$png1" status429) / $(field "$png32" status429) / $(field "$bin32" status429) / $(field "$bin1" status429)"
for level in half full over; do
  name=$([[ $level == half ]] && echo "0.5x" || { [[ $level == full ]] && echo "1x" || echo "3x"; })
  row "open loop at $name of 1-PNG capacity: p50 / p99 of 200s (ms)" "$(field "${!level}" p50ms) / $(field "${!level}" p99ms)"
  row "open loop at $name: 200 / 429 / 503 / other" "$(statuses "${!level}")"
  [[ "$(field "${!level}" other)" == 0 ]] || row "  the others" "$(echo "${!level}" | sed -E 's/.*failures=//')"
done
row "3x: p99 of 200s <= timeout + mean batch time ($TIMEOUT_MS + $batch_ms ms)" "$within"
row "mean images per forward pass (whole run)" "$batch"
row "RSS after $served_1k requests (MiB)" "$((rss_1k / 1024))"
row "RSS after $served_end requests (MiB)" "$((rss_end / 1024))"
row "RSS growth (%)" "$growth"
row "requests:RSS MiB:heap MiB:threads:JIT code MiB along the run" "${memory# }"
row "load average at start / end" "$load_start / $load_end"
cat > "$OUT/inference.json" <<JSON
{"benchmark":"inference","date":"$(date -u +%FT%TZ)","cpus":$(nproc),"commit":"$(git rev-parse --short HEAD)","client":"$LOADER",
 "loadStart":"$load_start","loadEnd":"$load_end","inProcess":"$(echo $inproc)",
 "png1":"$png1","png32":"$png32","bin32":"$bin32","bin1":"$bin1",
 "imagesPerSecond":{"png1":$png1_ips,"png32":$png32_ips,"bin32":$bin32_ips,"bin1":$bin1_ips,"inProcess32":$in32,"inProcess1":$in1},
 "ratioToInProcess32":{"png1":$(ratio "$png1_ips"),"png32":$(ratio "$png32_ips"),"bin32":$(ratio "$bin32_ips"),"bin1":$(ratio "$bin1_ips")},
 "openLoopHalf":"$half","openLoopFull":"$full","openLoop3x":"$over","meanBatch":$batch,"meanBatchMs":$batch_ms,
 "p99Within3x":"$within","rss":{"requests":[$served_1k,$served_end],"kB":[$rss_1k,$rss_end],"growthPercent":$growth,
 "points":"${memory# }"}}
JSON
echo "wrote $OUT/inference.json"
