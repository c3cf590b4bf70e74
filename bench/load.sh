#!/usr/bin/env bash
# Load benchmark of chartgate on 127.0.0.1 only, for a fixed time per case:
#   (a) GET /api/artist/206557 with one access token
#   (b) GET /healthz
#   (c) POST /api/token
#   (d) GET over 2,000 sandbox paths (ids and endpoints spread, all cached
#       after the first pass: the hot catalog)
#   (e) GET over 200,000 sandbox paths across the whole id ranges (almost
#       every request renders: the cold catalog), with the server's resident
#       memory after it, which the body cache bounds
# Prints requests/s for each and the ratios a/b and d/a.
#
# Usage: [MODE=embedded|cluster|both] [ROUNDS=3] bench/load.sh [seconds per run, default 10] [connections, default 32]
#   embedded: SQLite + in-process limiter (the default)
#   cluster:  PostgreSQL + Redis (CHARTGATE_BENCH_POSTGRES, default
#             postgres://root@127.0.0.1:5432/test, in a fresh schema;
#             CHARTGATE_BENCH_REDIS, default redis://127.0.0.1:6379, fresh prefix)
#   both:     one after the other, then the cluster/embedded ratios
# Needs wrk (apt-get install wrk); cluster mode needs psql. CHARTGATE_BIN=PATH
# measures that binary instead of building this checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-10}
CONNS=${2:-32}
MODE=${MODE:-embedded}
ROUNDS=${ROUNDS:-3}
PG=${CHARTGATE_BENCH_POSTGRES:-postgres://root@127.0.0.1:5432/test}
REDIS=${CHARTGATE_BENCH_REDIS:-redis://127.0.0.1:6379}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }

# CHARTGATE_BIN measures another build (say, of an earlier commit) with the
# same script, for a before/after in one session.
if [ -n "${CHARTGATE_BIN:-}" ]; then
  BIN=$CHARTGATE_BIN
else
  cargo build --release -q -p chartgate
  BIN=target/release/chartgate
fi
WORK=$(mktemp -d)
PID=""
SCHEMA=""
cleanup() {
  [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null || true
  [ -n "$SCHEMA" ] && psql -q "$PG" -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

rps() { # wrk args... -> requests/s, failing on any non-2xx
  local out; out=$(wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency "$@")
  if grep -q "Non-2xx" <<<"$out"; then echo "non-2xx responses in: $*" >&2; echo "$out" >&2; exit 1; fi
  awk '/Requests\/sec/ {print $2}' <<<"$out"
}
median() { python3 -c 'import sys,statistics; print(f"{statistics.median(float(x) for x in sys.argv[1:]):.0f}")' "$@"; }

# run_mode NAME DATABASE [serve args...]: prints "NAME A B C" on the last line.
run_mode() {
  local name=$1 db=$2; shift 2
  local port base refresh access
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  base="http://127.0.0.1:$port"
  "$BIN" --database "$db" migrate >/dev/null
  # A plan whose limits never refuse: we measure the limiter's cost, not its refusals.
  "$BIN" --database "$db" plan set bench --rps 10000000 --mint-rps 10000000 >/dev/null
  refresh=$("$BIN" --database "$db" user add --name "bench-$name" --plan bench --json \
    | python3 -c 'import sys,json; print(json.load(sys.stdin)["refresh_token"])')
  RUST_LOG=warn "$BIN" --database "$db" serve --listen "127.0.0.1:$port" "$@" >"$WORK/serve-$name.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 100); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done
  access=$(curl -sf -X POST "$base/api/token" -H 'Content-Type: application/json' \
    -d "{\"refreshtoken\":\"$refresh\"}" | python3 -c 'import sys,json; print(json.load(sys.stdin)["token"])')
  curl -sf "$base/api/artist/206557" -H "Authorization: Bearer $access" >/dev/null
  # Sandbox paths, drawn with a fixed seed: a request picks one at random.
  python3 bench/paths.py 2000 1 >"$WORK/hot.txt"
  python3 bench/paths.py 200000 2 >"$WORK/cold.txt"
  spread_script() { # FILE -> a wrk script that requests its lines at random
    printf 'local paths = {}\nfor l in io.lines("%s") do paths[#paths + 1] = l end\n' "$1"
    printf 'math.randomseed(7)\nrequest = function()\n  return wrk.format("GET", paths[math.random(#paths)])\nend\n'
  }
  spread_script "$WORK/hot.txt" >"$WORK/hot.lua"
  spread_script "$WORK/cold.txt" >"$WORK/cold.lua"
  printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = %s\n' \
    "'{\"refreshtoken\":\"$refresh\"}'" >"$WORK/mint.lua"
  # (a) and (b) alternate, so drift in the machine's load hits both alike.
  local as=() bs=()
  for _ in $(seq 1 "$ROUNDS"); do
    as+=("$(rps -H "Authorization: Bearer $access" "$base/api/artist/206557")")
    bs+=("$(rps "$base/healthz")")
  done
  local a b c
  a=$(median "${as[@]}"); b=$(median "${bs[@]}")
  c=$(rps -s "$WORK/mint.lua" "$base/api/token")
  local d e rss
  rps -s "$WORK/hot.lua" -H "Authorization: Bearer $access" "$base" >/dev/null # warm the hot set
  d=$(rps -s "$WORK/hot.lua" -H "Authorization: Bearer $access" "$base")
  e=$(rps -s "$WORK/cold.lua" -H "Authorization: Bearer $access" "$base")
  rss=$(ps -o rss= -p "$PID" | tr -d ' ')
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
  echo "[$name] (a) GET /api/artist/206557: $a req/s (runs: ${as[*]})" >&2
  echo "[$name] (b) GET /healthz:           $b req/s (runs: ${bs[*]})" >&2
  echo "[$name] (c) POST /api/token:        $c req/s" >&2
  echo "[$name] (d) 2,000 hot paths:        $d req/s" >&2
  echo "[$name] (e) 200,000 cold paths:     $e req/s, then $((rss / 1024)) MiB resident" >&2
  echo "[$name] ratio a/b: $(python3 -c "print(f'{$a/$b:.3f}')"), d/a: $(python3 -c "print(f'{$d/$a:.3f}')")" >&2
  echo "$name $a $b $c"
}

echo "cores: $(nproc), ${DURATION}s per run, $ROUNDS alternating rounds of (a) and (b), connections: $CONNS, wrk -t1" >&2
case "$MODE" in
  embedded|both) E=$(run_mode embedded "$WORK/bench.db" | tail -1) ;;&
  cluster|both)
    SCHEMA="cg_bench_$$"
    psql -q "$PG" -c "CREATE SCHEMA $SCHEMA" >/dev/null
    sep='?'; [[ "$PG" == *\?* ]] && sep='&'
    C=$(run_mode cluster "${PG}${sep}options=-csearch_path%3D${SCHEMA}" \
      --redis "$REDIS" --redis-prefix "bench:$$" | tail -1) ;;
  embedded) ;;
  *) echo "MODE must be embedded, cluster or both" >&2; exit 2 ;;
esac
if [ "$MODE" = both ]; then
  read -r _ ea eb ec <<<"$E"; read -r _ ca cb cc <<<"$C"
  echo "cluster/embedded: authenticated requests $(python3 -c "print(f'{$ca/$ea:.3f}')"), mints $(python3 -c "print(f'{$cc/$ec:.3f}')")" >&2
fi
