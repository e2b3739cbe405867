#!/usr/bin/env bash
# Runs one natter-bench scenario against a fresh release `natter serve`: builds both in release, starts the
# server on a temporary data directory (on disk, not tmpfs: fsyncs are real), creates the app, runs the
# scenario with the server's pid (for RSS), stops the server. BENCHMARKS.md lists the exact commands.
#
#   scripts/bench.sh idle  --connections 10000
#   scripts/bench.sh pairs --pairs 50 --window 16 --duration 10
#   scripts/bench.sh group --members 500 --senders 5 --rate 1000
#   scripts/bench.sh room  --members 500 --senders 5 --rate 1000
#   scripts/bench.sh rest  --concurrency 64 --duration 10
#
# Environment:
#   NATTER_BENCH_DATA=DIR   keep the server's data in DIR (reused across runs: idle's users are created once)
#   NATTER_BENCH_NO_BUILD=1 use the binaries already built
#   NATTER_BENCH_PERF=FILE  record the server with `perf record -e cpu-clock` into FILE while the scenario runs
#                           (NATTER_BENCH_PERF_FREQ=999, NATTER_BENCH_PERF_CALLGRAPH=fp; dwarf,16384 unwinds
#                           the release binary, which has no frame pointers)
#   NATTER_* (any)          passed to the server, e.g. NATTER_MSYNC__MAX_DEVICES=100, NATTER_LOG=info
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -lt 1 ]; then
    sed -n '2,19p' "$0" >&2
    exit 2
fi
scenario="$1"
shift

TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
if [ "${NATTER_BENCH_NO_BUILD:-0}" != "1" ]; then
    cargo build --release --locked -p natter -p natter-bench >&2
fi
NATTER="$TARGET_DIR/release/natter"
BENCH="$TARGET_DIR/release/natter-bench"

# Tens of thousands of sockets on each side: raise the open-files limit (root may raise the hard one).
ulimit -Hn 1048576 2>/dev/null || true
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

if [ -n "${NATTER_BENCH_DATA:-}" ]; then
    DATA="$NATTER_BENCH_DATA"
    mkdir -p "$DATA"
    KEEP=1
else
    # Under the target directory rather than /tmp, which may be a tmpfs where fsync costs nothing.
    mkdir -p "$TARGET_DIR/bench-data"
    DATA="$(mktemp -d "$TARGET_DIR/bench-data/run.XXXXXX")"
    KEEP=0
fi

app_json() {
    if "$NATTER" app list --data-dir "$DATA" --json 2>/dev/null | python3 -c '
import json, sys
apps = [a for a in json.load(sys.stdin) if a["app_key"] == "bench#load"]
if not apps: sys.exit(1)
print(json.dumps(apps[0]))'; then
        return
    fi
    "$NATTER" app create --org bench --app load --data-dir "$DATA" --json
}
APP="$(app_json)"
field() { python3 -c 'import json, sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$APP" "$1"; }
CLIENT_ID="$(field client_id)"
CLIENT_SECRET="$(field client_secret)"

# The bench settings (BENCHMARKS.md): no per-app REST quotas, group and room send rates above the offered
# load, warnings-only logs (info logs a line per connection and per token). Any NATTER_* set by the caller wins.
export NATTER_RATE_LIMITS__ENABLED="${NATTER_RATE_LIMITS__ENABLED:-false}"
export NATTER_MESSAGES__GROUP_MESSAGES_PER_SEC="${NATTER_MESSAGES__GROUP_MESSAGES_PER_SEC:-1000000}"
export NATTER_MESSAGES__ROOM_MESSAGES_PER_SEC="${NATTER_MESSAGES__ROOM_MESSAGES_PER_SEC:-1000000}"
export NATTER_LOG="${NATTER_LOG:-warn}"

LOG="$DATA/server.log"
"$NATTER" serve --listen 127.0.0.1:0 --data-dir "$DATA" >"$DATA/server.out" 2>"$LOG" &
SERVER_PID=$!
PERF_PID=""
cleanup() {
    if [ -n "$PERF_PID" ]; then kill -INT "$PERF_PID" 2>/dev/null || true; wait "$PERF_PID" 2>/dev/null || true; fi
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    if [ "$KEEP" = "0" ]; then rm -rf "$DATA"; fi
}
trap cleanup EXIT

URL=""
for _ in $(seq 1 300); do
    URL="$(sed -n 's/^natter listening on //p' "$DATA/server.out" 2>/dev/null | head -n1)"
    [ -n "$URL" ] && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$LOG" >&2; exit 1; }
    sleep 0.1
done
[ -n "$URL" ] || { echo "natter did not start" >&2; cat "$LOG" >&2; exit 1; }
echo "natter $SERVER_PID on $URL, data in $DATA" >&2

if [ -n "${NATTER_BENCH_PERF:-}" ]; then
    perf record -e cpu-clock -F "${NATTER_BENCH_PERF_FREQ:-999}" --call-graph "${NATTER_BENCH_PERF_CALLGRAPH:-fp}" -p "$SERVER_PID" -o "$NATTER_BENCH_PERF" >/dev/null 2>&1 &
    PERF_PID=$!
fi

"$BENCH" "$scenario" --url "$URL" --app-key bench#load --client-id "$CLIENT_ID" \
    --client-secret "$CLIENT_SECRET" --server-pid "$SERVER_PID" "$@"
