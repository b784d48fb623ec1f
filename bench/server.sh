# Sourced by benchmark scripts that drive a packaged Pretext (API + worker) over HTTP: builds the
# jar if missing or older than the sources, gives a fresh data folder and the bench admin key, and stops the server on exit.
#   start_server LOG PGPORT [ENV=VALUE ...]   starts it on $PORT and waits for readiness
# BENCH_DATA_DIR=folder: the server's data folder instead of a fresh one, kept after the run, so a later
# run can start on what an earlier one trained (e.g. HEADLINE_PRETRAINED in bench/headline.py).
KEY=ptx_bench-admin-key-0123456789
OUT=bench/out
mkdir -p "$OUT"
JAR="$(ls target/pretext-*.jar 2>/dev/null | grep -v original | head -1 || true)"
# A jar older than the sources would measure old code: rebuild then.
if [[ -z "$JAR" || -n "$(find src pom.xml -newer "$JAR" -print -quit)" ]]; then
  ./mvnw -B -q -DskipTests package
  JAR="$(ls target/pretext-*.jar | grep -v original | head -1)"
fi
WORK="$(mktemp -d)"
DATA="${BENCH_DATA_DIR:-$WORK/data}"
PID=""
cleanup() { [[ -n "$PID" ]] && { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; }; rm -rf "$WORK"; }
trap cleanup EXIT
API="http://127.0.0.1:$PORT"

start_server() {
  local log="$1" pgport="$2"
  shift 2
  env PRETEXT_DATA_DIR="$DATA" PRETEXT_BOOTSTRAP_KEY=$KEY PRETEXT_ROLES=api,worker \
    PRETEXT_DATABASE_EMBEDDED_PORT="$pgport" "$@" java -jar "$JAR" --server.port="$PORT" > "$OUT/$log" 2>&1 &
  PID=$!
  for _ in $(seq 1 600); do curl -fs "$API/actuator/health/readiness" >/dev/null 2>&1 && return; sleep 0.1; done
  echo "server did not start; see $OUT/$log" >&2
  exit 1
}
