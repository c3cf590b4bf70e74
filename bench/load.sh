#!/usr/bin/env bash
# Load benchmark of chartgate on the embedded default (SQLite + in-process
# limiter), on 127.0.0.1 only, for a fixed time per case:
#   (a) GET /api/artist/206557 with one access token
#   (b) GET /healthz
#   (c) POST /api/token
# Prints requests/s for each and the ratio a/b.
#
# Usage: [ROUNDS=3] bench/load.sh [seconds per run, default 10] [connections, default 32]
# Needs wrk (apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-10}
CONNS=${2:-32}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }

cargo build --release -q -p chartgate
BIN=target/release/chartgate
WORK=$(mktemp -d)
DB="$WORK/bench.db"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
cleanup() { [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

"$BIN" --database "$DB" migrate >/dev/null
# A plan whose limits are high enough never to refuse: we measure the
# limiter's cost, not its refusals.
"$BIN" --database "$DB" plan set bench --rps 10000000 --mint-rps 10000000 >/dev/null
REFRESH=$("$BIN" --database "$DB" user add --name bench --plan bench --json | python3 -c 'import sys,json; print(json.load(sys.stdin)["refresh_token"])')
RUST_LOG=warn "$BIN" --database "$DB" serve --listen "127.0.0.1:$PORT" >"$WORK/serve.log" 2>&1 &
PID=$!
for _ in $(seq 1 100); do curl -sf "$BASE/healthz" >/dev/null && break; sleep 0.1; done
ACCESS=$(curl -sf -X POST "$BASE/api/token" -H 'Content-Type: application/json' \
  -d "{\"refreshtoken\":\"$REFRESH\"}" | python3 -c 'import sys,json; print(json.load(sys.stdin)["token"])')
curl -sf "$BASE/api/artist/206557" -H "Authorization: Bearer $ACCESS" >/dev/null

cat >"$WORK/mint.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"refreshtoken":"$REFRESH"}'
LUA

rps() { # wrk args... -> requests/s, failing on any non-2xx
  local out; out=$(wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency "$@")
  if grep -q "Non-2xx" <<<"$out"; then echo "non-2xx responses in: $*" >&2; echo "$out" >&2; exit 1; fi
  awk '/Requests\/sec/ {print $2}' <<<"$out"
}

median() { python3 -c 'import sys,statistics; print(f"{statistics.median(float(x) for x in sys.argv[1:]):.0f}")' "$@"; }
# (a) and (b) alternate, ROUNDS times each, so drift in the machine's load
# hits both alike; the ratio is of the medians.
ROUNDS=${ROUNDS:-3}
AS=(); BS=()
for _ in $(seq 1 "$ROUNDS"); do
  AS+=("$(rps -H "Authorization: Bearer $ACCESS" "$BASE/api/artist/206557")")
  BS+=("$(rps "$BASE/healthz")")
done
A=$(median "${AS[@]}")
B=$(median "${BS[@]}")
C=$(rps -s "$WORK/mint.lua" "$BASE/api/token")
RATIO=$(python3 -c "print(f'{$A/$B:.3f}')")
echo "cores: $(nproc), ${DURATION}s per run, $ROUNDS alternating rounds of (a) and (b), connections: $CONNS, wrk -t1"
echo "(a) GET /api/artist/206557 (auth + limiter + catalog): $A req/s  (runs: ${AS[*]})"
echo "(b) GET /healthz:                                    $B req/s  (runs: ${BS[*]})"
echo "(c) POST /api/token (mint):                          $C req/s"
echo "ratio a/b: $RATIO"
