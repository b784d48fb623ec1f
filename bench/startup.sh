#!/usr/bin/env bash
# Time from launching the packaged jar to /actuator/health/readiness = UP, on embedded defaults.
# Run 1 is a cold start (empty data directory: initdb + migrations + bootstrap key); runs 2..N
# restart on the same directory. Prints a table and writes bench/out/startup.json.
#
#   bash bench/startup.sh [runs]      (default 4; builds the jar first if it is missing)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-4}"
PORT="${BENCH_PORT:-18080}"
JAR="$(ls target/pretext-*.jar 2>/dev/null | grep -v original | head -1 || true)"
if [[ -z "$JAR" ]]; then
  ./mvnw -B -q -DskipTests package
  JAR="$(ls target/pretext-*.jar | grep -v original | head -1)"
fi
DATA="$(mktemp -d)"
OUT=bench/out
mkdir -p "$OUT"
trap 'rm -rf "$DATA"' EXIT

now_ms() { date +%s%3N; }
results=()
for i in $(seq 1 "$RUNS"); do
  start=$(now_ms)
  PRETEXT_DATA_DIR="$DATA" PRETEXT_BOOTSTRAP_KEY=ptx_bench-admin-key-0123456789 \
    java -jar "$JAR" --server.port="$PORT" > "$OUT/startup-run$i.log" 2>&1 &
  pid=$!
  ready=""
  for _ in $(seq 1 600); do
    if curl -fs "http://127.0.0.1:$PORT/actuator/health/readiness" 2>/dev/null | grep -q '"status":"UP"'; then
      ready=$(now_ms); break
    fi
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.05
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
  if [[ -z "$ready" ]]; then echo "run $i never became ready; see $OUT/startup-run$i.log" >&2; exit 1; fi
  ms=$((ready - start))
  kind=$([[ $i -eq 1 ]] && echo cold || echo warm)
  results+=("$i $kind $ms")
done

printf '%-4s %-5s %12s\n' run kind ready_ms
json="["
for r in "${results[@]}"; do
  set -- $r
  printf '%-4s %-5s %12s\n' "$1" "$2" "$3"
  json+="{\"run\":$1,\"kind\":\"$2\",\"readyMs\":$3},"
done
json="${json%,}]"
cat > "$OUT/startup.json" <<JSON
{"benchmark":"startup-to-ready","date":"$(date -u +%FT%TZ)","cpus":$(nproc),"java":"$(java -version 2>&1 | head -1 | sed 's/"/\\"/g')","runs":$json}
JSON
echo "wrote $OUT/startup.json"
