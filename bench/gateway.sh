#!/usr/bin/env bash
# Gateway benchmark on 127.0.0.1 only: chartgate's gateway and haproxy (no
# auth) in front of the same tiny static upstream (bench/upstream.rs), driven
# by the same wrk invocation, in alternating rounds; prints each median and
# the ratio chartgate / haproxy (target >= 0.8). chartgate runs twice: with
# tokio's default worker threads (one per core) and with one
# (TOKIO_WORKER_THREADS=1), which on a 2-core machine shared with wrk and the
# upstream saves the cross-thread wake-ups. The upstream alone is measured
# too, to show how close either proxy comes to it.
#
# chartgate does its whole request path for each request: bearer check
# (cached), user view, rate limiter (a plan that never refuses), scope,
# forwarding on a pooled keep-alive connection, rate-limit headers, metrics.
#
# Usage: [ROUNDS=3] bench/gateway.sh [seconds per run, default 10] [connections, default 32]
# Needs wrk and haproxy (apt-get install -y wrk haproxy).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-10}
CONNS=${2:-32}
ROUNDS=${ROUNDS:-3}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
command -v haproxy >/dev/null || { echo "haproxy is not installed (apt-get install haproxy)" >&2; exit 1; }

cargo build --release -q -p chartgate
cargo build --release -q -p chartgate-server --features bench-upstream --bin bench_upstream
BIN=target/release/chartgate
UPSTREAM_BIN=target/release/bench_upstream
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() { for _ in $(seq 1 100); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done; echo "nothing answers at $1" >&2; exit 1; }

UP_PORT=$(free_port); HA_PORT=$(free_port); CG_PORT=$(free_port); CG1_PORT=$(free_port)
"$UPSTREAM_BIN" "$UP_PORT" & PIDS+=($!)
wait_for "http://127.0.0.1:$UP_PORT/"

cat >"$WORK/haproxy.cfg" <<CFG
global
  maxconn 4096
defaults
  mode http
  timeout connect 5s
  timeout client 30s
  timeout server 30s
  option http-keep-alive
frontend bench
  bind 127.0.0.1:$HA_PORT
  default_backend upstream
backend upstream
  http-reuse always
  server up 127.0.0.1:$UP_PORT
CFG
haproxy -f "$WORK/haproxy.cfg" -db >"$WORK/haproxy.log" 2>&1 & PIDS+=($!)
wait_for "http://127.0.0.1:$HA_PORT/"

DB="$WORK/bench.db"
"$BIN" --database "$DB" migrate >/dev/null
"$BIN" --database "$DB" plan set bench --rps 10000000 --mint-rps 10000000 >/dev/null
REFRESH=$("$BIN" --database "$DB" user add --name bench --plan bench --json \
  | python3 -c 'import sys,json; print(json.load(sys.stdin)["refresh_token"])')
RUST_LOG=warn "$BIN" --database "$DB" serve --listen "127.0.0.1:$CG_PORT" \
  --upstream "http://127.0.0.1:$UP_PORT" >"$WORK/chartgate.log" 2>&1 & PIDS+=($!)
TOKIO_WORKER_THREADS=1 RUST_LOG=warn "$BIN" --database "$DB" serve --listen "127.0.0.1:$CG1_PORT" \
  --upstream "http://127.0.0.1:$UP_PORT" >"$WORK/chartgate1.log" 2>&1 & PIDS+=($!)
wait_for "http://127.0.0.1:$CG_PORT/healthz"
wait_for "http://127.0.0.1:$CG1_PORT/healthz"
ACCESS=$(curl -sf -X POST "http://127.0.0.1:$CG_PORT/api/token" -H 'Content-Type: application/json' \
  -d "{\"refreshtoken\":\"$REFRESH\"}" | python3 -c 'import sys,json; print(json.load(sys.stdin)["token"])')
PATH_Q=/api/artist/206557
curl -sf "http://127.0.0.1:$CG_PORT$PATH_Q" -H "Authorization: Bearer $ACCESS" >/dev/null
curl -sf "http://127.0.0.1:$CG1_PORT$PATH_Q" -H "Authorization: Bearer $ACCESS" >/dev/null
curl -sf "http://127.0.0.1:$HA_PORT$PATH_Q" >/dev/null

# The same invocation for every target: only the port differs.
rps() { # PORT -> requests/s, failing on any non-2xx
  local out; out=$(wrk -t1 -c"$CONNS" -d"${DURATION}s" -H "Authorization: Bearer $ACCESS" "http://127.0.0.1:$1$PATH_Q")
  if grep -q "Non-2xx" <<<"$out"; then echo "non-2xx responses from port $1:" >&2; echo "$out" >&2; exit 1; fi
  awk '/Requests\/sec/ {print $2}' <<<"$out"
}
median() { python3 -c 'import sys,statistics; print(f"{statistics.median(float(x) for x in sys.argv[1:]):.0f}")' "$@"; }

echo "cores: $(nproc), load average: $(cut -d' ' -f1-3 /proc/loadavg), ${DURATION}s per run, $ROUNDS alternating rounds, connections: $CONNS, wrk -t1" >&2
hs=() cs=() c1s=() us=()
for _ in $(seq 1 "$ROUNDS"); do
  hs+=("$(rps "$HA_PORT")")
  cs+=("$(rps "$CG_PORT")")
  c1s+=("$(rps "$CG1_PORT")")
  us+=("$(rps "$UP_PORT")")
done
H=$(median "${hs[@]}"); C=$(median "${cs[@]}"); C1=$(median "${c1s[@]}"); U=$(median "${us[@]}")
echo "upstream alone:                 $U req/s (runs: ${us[*]})"
echo "haproxy (no auth):              $H req/s (runs: ${hs[*]})"
echo "chartgate gateway:              $C req/s (runs: ${cs[*]})"
echo "chartgate gateway, 1 worker:    $C1 req/s (runs: ${c1s[*]})"
echo "ratio chartgate/haproxy:        $(python3 -c "print(f'{$C/$H:.3f}')") (target >= 0.8)"
echo "ratio chartgate 1 worker/haproxy: $(python3 -c "print(f'{$C1/$H:.3f}')")"
