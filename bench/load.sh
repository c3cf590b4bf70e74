#!/usr/bin/env bash
# Load benchmark of chartgate on 127.0.0.1 only, bounded in time, with two
# references measured in the same run by the same wrk invocation:
#
#   baseline  bench/baseline: a minimal axum app (multi-threaded tokio, plain
#             axum::serve) answering /healthz with chartgate's bytes and
#             /api/artist/206557 from memory with the body and headers
#             chartgate sent for it (captured with curl at the start);
#   haproxy   (when installed) two configs written to a temp dir:
#             verify: checks the same HS256 JWT chartgate issued (alg, kid,
#               signature with the same secret, exp), counts the user (its
#               sub) in a stick-table rate limit, and returns the same
#               artist body from a file;
#             mint: POST /api/token {"refreshtoken"}: SHA-256 of the refresh
#               token looked up in a map file, an HS256 JWT of chartgate's
#               claims built with ub64enc and hmac(sha256), answered as
#               {"token","expires_in","refresh_token","scope"}.
#
# Cases (chartgate always; the references where they serve the request):
#   (a)  GET /api/artist/206557 with one access token     chartgate baseline haproxy
#   (b)  GET /healthz                                      chartgate baseline
#   (c)  POST /api/token                                   chartgate haproxy
#   (a') the artist route through the wrk script of (d)   chartgate
#   (d)  GET over 2,000 sandbox paths, all cached after a first pass (the hot
#        catalog); compared with (a'), not (a): a script that picks each
#        request's path costs wrk CPU, and wrk shares the server's cores
#   (e)  GET over 200,000 sandbox paths across the id ranges (almost every
#        request renders: the cold catalog), once, then the server's RSS
# (a), (b), (c), (a') and (d) run ROUNDS times, every target in each round,
# the order of targets reversed every other round; medians are reported.
#
# For every run: requests/s, p50 and p99 latency (wrk --latency) and the
# server's CPU time per request (utime + stime of its process from
# /proc/PID/stat around the run, all threads, divided by the requests wrk
# counted; for cluster mode PostgreSQL's and Redis's CPU is not included).
# Memory per idle connection: the RSS of each server with none and with
# IDLE_CONNS keep-alive connections open that each sent one GET /healthz.
#
# Ratios printed (targets of issue [6/6]): chartgate/baseline for /healthz
# (>= 0.95), chartgate artist / baseline same bytes (>= 0.90), chartgate
# artist / haproxy verify (information), chartgate mint / haproxy mint
# (>= 0.8), d/a' as throughput and as CPU per request, and with MODE=both
# cluster/embedded for (a) (>= 0.80) and (c) (>= 0.6).
#
# Usage: [MODE=embedded|cluster|both] [ROUNDS=3] [THREADS=2] [IDLE_CONNS=2000]
#        bench/load.sh [seconds per run, default 5] [connections, default 64]
# The defaults are the reference invocation of issue [6/6]:
#   wrk -t2 -c64 -d5s --latency, medians of 3 rounds.
#   embedded: SQLite + in-process limiter (the default)
#   cluster:  PostgreSQL + Redis (CHARTGATE_BENCH_POSTGRES, default
#             postgres://root@127.0.0.1:5432/test, in a fresh schema;
#             CHARTGATE_BENCH_REDIS, default redis://127.0.0.1:6379, fresh prefix)
#   both:     one after the other, then the cluster/embedded ratios
# CHARTGATE_BIN=PATH measures that binary instead of building this checkout
# (the baseline is built from this checkout unless BASELINE_BIN=PATH).
# HAPROXY=0 leaves haproxy out even when it is installed.
# Needs wrk, curl and python3; cluster mode needs psql; haproxy is optional
# (apt-get install -y wrk haproxy).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-5}
CONNS=${2:-64}
THREADS=${THREADS:-2}
MODE=${MODE:-embedded}
ROUNDS=${ROUNDS:-3}
IDLE_CONNS=${IDLE_CONNS:-2000}
PG=${CHARTGATE_BENCH_POSTGRES:-postgres://root@127.0.0.1:5432/test}
REDIS=${CHARTGATE_BENCH_REDIS:-redis://127.0.0.1:6379}
ARTIST=/api/artist/206557
for tool in wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed (apt-get install $tool)" >&2; exit 1; }
done
WITH_HAPROXY=0
if [ "${HAPROXY:-1}" != 0 ] && command -v haproxy >/dev/null; then WITH_HAPROXY=1; fi
case "$MODE" in embedded|cluster|both) ;; *) echo "MODE must be embedded, cluster or both" >&2; exit 2 ;; esac

if [ -n "${CHARTGATE_BIN:-}" ]; then
  BIN=$CHARTGATE_BIN
else
  cargo build --release -q -p chartgate
  BIN=target/release/chartgate
fi
if [ -n "${BASELINE_BIN:-}" ]; then
  BASE_BIN=$BASELINE_BIN
else
  cargo build --release -q -p chartgate-bench-baseline
  BASE_BIN=target/release/bench_baseline
fi

# Each idle connection costs a descriptor on both ends (the probe and the server).
want=$((2 * IDLE_CONNS + 1024))
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$want" ]; then
  ulimit -n "$want" 2>/dev/null || ulimit -n "$(ulimit -Hn)"
fi

WORK=$(mktemp -d)
chmod 700 "$WORK"
RESULTS=$WORK/results
PIDS=()
SCHEMA=""
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "$SCHEMA" ] && psql -q "$PG" -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() { for _ in $(seq 1 100); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done; echo "nothing answers at $1" >&2; exit 1; }
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
json_field() { python3 -c "import sys,json; print(json.load(sys.stdin)[\"$1\"])"; }
jwt_part() { # TOKEN SEGMENT(0|1) FIELD -> the field of the decoded header or payload
  python3 -c 'import sys,json,base64; s=sys.argv[1].split(".")[int(sys.argv[2])]
print(json.loads(base64.urlsafe_b64decode(s+"="*(-len(s)%4)))[sys.argv[3]])' "$@"
}

# The HS256 secret chartgate signs with (CHARTGATE_SIGNING_KEY_FILE), which
# haproxy verifies and mints with: made here, kept in the temp dir only.
python3 -c 'import secrets; print(secrets.token_hex(32))' >"$WORK/signing.key"
SECRET=$(cat "$WORK/signing.key")
SECRET_B64=$(printf '%s' "$SECRET" | base64 -w0)

# haproxy_verify PORT KID BODY_FILE HEADERS_FILE: the verifying config.
haproxy_verify() {
  local ctype
  ctype=$(awk -F': ' 'tolower($1)=="content-type" {sub(/\r$/,"",$2); print $2}' "$4")
  cat <<CFG
global
  maxconn $((IDLE_CONNS + 1024))
defaults
  mode http
  timeout connect 5s
  timeout client 30s
  timeout http-keep-alive 30s
  option http-keep-alive
backend per_user
  stick-table type string len 40 size 100k expire 60s store http_req_rate(1s)
frontend verify
  bind 127.0.0.1:$1
  http-request return status 200 content-type "$ctype" string '{"status":"ok"}' if METH_GET { path /healthz }
  http-request return status 404 content-type "$ctype" string '{"error":"not found"}' unless METH_GET { path $ARTIST }
  http-request set-var(txn.bearer) http_auth_bearer
  http-request set-var(txn.alg) var(txn.bearer),jwt_header_query('\$.alg')
  http-request set-var(txn.kid) var(txn.bearer),jwt_header_query('\$.kid')
  http-request return status 401 content-type "$ctype" string '{"error":"invalid token"}' unless { var(txn.alg) -m str HS256 } { var(txn.kid) -m str $2 }
  http-request return status 401 content-type "$ctype" string '{"error":"invalid token"}' unless { var(txn.bearer),jwt_verify("HS256","$SECRET") -m int 1 }
  http-request set-var(txn.now) date
  http-request set-var(txn.exp) var(txn.bearer),jwt_payload_query('\$.exp','int')
  http-request return status 401 content-type "$ctype" string '{"error":"token expired"}' if { var(txn.exp),sub(txn.now) -m int le 0 }
  http-request set-var(txn.sub) var(txn.bearer),jwt_payload_query('\$.sub')
  http-request track-sc0 var(txn.sub) table per_user
  http-request return status 429 content-type "$ctype" string '{"error":"rate limited"}' if { sc_http_req_rate(0) gt 10000000 }
  http-request return status 200 content-type "$ctype" file "$3" hdr X-RateLimit-Limit 10000000 hdr X-RateLimit-Remaining "%[sc_http_req_rate(0),neg,add(10000000)]" hdr X-RateLimit-Reset "%[date,add(1)]"
CFG
}

# haproxy_mint PORT MAP_FILE JWT_HEADER_B64 EPOCH SCOPE: the minting config.
haproxy_mint() {
  cat <<CFG
global
  maxconn 4096
defaults
  mode http
  timeout connect 5s
  timeout client 30s
  timeout http-keep-alive 30s
  option http-keep-alive
frontend mint
  bind 127.0.0.1:$1
  option http-buffer-request
  http-request return status 404 content-type "application/json; charset=utf-8" string '{"error":"not found"}' unless METH_POST { path /api/token }
  http-request set-var(txn.rt) req.body,json_query('\$.refreshtoken')
  http-request set-var(txn.uid) var(txn.rt),sha2(256),hex,lower,map("$2")
  http-request return status 401 content-type "application/json; charset=utf-8" string '{"error":"invalid refresh token"}' unless { var(txn.uid) -m found }
  http-request set-var(txn.iat) date
  http-request set-var-fmt(txn.payload) '{"id":%[var(txn.uid)],"timestamp":%[date(0,ms)],"iat":%[var(txn.iat)],"exp":%[var(txn.iat),add(3600)],"sub":"%[var(txn.uid)]","scope":"$5","jti":"%[uuid]","ep":$4}'
  http-request set-var-fmt(txn.input) '$3.%[var(txn.payload),ub64enc]'
  http-request set-var(txn.sig) var(txn.input),hmac(sha256,"$SECRET_B64"),ub64enc
  http-request return status 200 content-type "application/json; charset=utf-8" lf-string '{"token":"%[var(txn.input)].%[var(txn.sig)]","expires_in":3600,"refresh_token":"%[var(txn.rt)]","scope":"$5"}'
CFG
}

# measure MODE CASE TARGET PID PORT [wrk args...] PATH: one wrk run, recorded.
measure() {
  local mode=$1 case=$2 target=$3 pid=$4 port=$5; shift 5
  local args=("$@") path=${*: -1}
  unset 'args[${#args[@]}-1]'
  python3 bench/loadkit.py run "$RESULTS" "$mode" "$case" "$target" "$pid" -- \
    wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --latency "${args[@]}" "http://127.0.0.1:$port$path" </dev/null
}

# run_mode NAME DATABASE [serve args...]
run_mode() {
  local name=$1 db=$2; shift 2
  local port base refresh uid access
  port=$(free_port); base="http://127.0.0.1:$port"
  RUST_LOG=warn "$BIN" --database "$db" migrate >/dev/null
  # A plan whose limits never refuse: we measure the limiter's cost, not its refusals.
  "$BIN" --database "$db" plan set bench --rps 10000000 --mint-rps 10000000 >/dev/null
  "$BIN" --database "$db" user add --name "bench-$name" --plan bench --json >"$WORK/user.json"
  refresh=$(json_field refresh_token <"$WORK/user.json")
  CHARTGATE_SIGNING_KEY_FILE="$WORK/signing.key" RUST_LOG=warn \
    "$BIN" --database "$db" serve --listen "127.0.0.1:$port" "$@" >"$WORK/serve-$name.log" 2>&1 &
  local cg=$!; PIDS+=("$cg")
  wait_for "$base/healthz"
  access=$(curl -sf -X POST "$base/api/token" -H 'Content-Type: application/json' \
    -d "{\"refreshtoken\":\"$refresh\"}" | json_field token)
  uid=$(jwt_part "$access" 1 id)
  local auth=(-H "Authorization: Bearer $access")

  # chartgate's answers, which the references serve.
  curl -sf -D "$WORK/artist.headers" -o "$WORK/artist.body" "${auth[@]}" "$base$ARTIST"
  curl -sf -D "$WORK/healthz.headers" -o "$WORK/healthz.body" "$base/healthz"
  local bport; bport=$(free_port)
  "$BASE_BIN" "127.0.0.1:$bport" "$WORK/artist.body" "$WORK/artist.headers" >/dev/null &
  local bl=$!; PIDS+=("$bl")
  wait_for "http://127.0.0.1:$bport/healthz"
  same_answer() { # URL HEADERS BODY [curl args]: the same body and content type as chartgate's
    local url=$1 headers=$2 body=$3; shift 3
    curl -sf -D "$WORK/check.headers" -o "$WORK/check.body" "$@" "$url"
    cmp -s "$body" "$WORK/check.body" || { echo "$url: not chartgate's body" >&2; exit 1; }
    ctype() { awk -F': ' 'tolower($1)=="content-type" {print $2}' "$1"; }
    [ "$(ctype "$headers")" = "$(ctype "$WORK/check.headers")" ] || { echo "$url: not chartgate's content type" >&2; exit 1; }
  }
  same_answer "http://127.0.0.1:$bport/healthz" "$WORK/healthz.headers" "$WORK/healthz.body"
  same_answer "http://127.0.0.1:$bport$ARTIST" "$WORK/artist.headers" "$WORK/artist.body"

  local hv="" hm="" hvport="" hmport=""
  if [ "$WITH_HAPROXY" = 1 ]; then
    hvport=$(free_port); hmport=$(free_port)
    printf '%s %s\n' "$(printf '%s' "$refresh" | sha256sum | cut -d' ' -f1)" "$uid" >"$WORK/refresh.map"
    haproxy_verify "$hvport" "$(jwt_part "$access" 0 kid)" "$WORK/artist.body" "$WORK/artist.headers" >"$WORK/verify.cfg"
    haproxy_mint "$hmport" "$WORK/refresh.map" "${access%%.*}" "$(jwt_part "$access" 1 ep)" \
      "$(jwt_part "$access" 1 scope)" >"$WORK/mint.cfg"
    haproxy -f "$WORK/verify.cfg" -db >"$WORK/haproxy-verify.log" 2>&1 & hv=$!; PIDS+=("$hv")
    haproxy -f "$WORK/mint.cfg" -db >"$WORK/haproxy-mint.log" 2>&1 & hm=$!; PIDS+=("$hm")
    wait_for "http://127.0.0.1:$hvport/healthz"
    wait_for "http://127.0.0.1:$hmport/"
    same_answer "http://127.0.0.1:$hvport$ARTIST" "$WORK/artist.headers" "$WORK/artist.body" "${auth[@]}"
    # A signature with one byte changed (not its last character, whose low
    # bits are padding that decoders drop).
    local flip=A status bad
    [ "${access: -10:1}" = A ] && flip=B
    bad=${access:0:${#access}-10}$flip${access: -9}
    status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $bad" "http://127.0.0.1:$hvport$ARTIST")
    [ "$status" = 401 ] || { echo "haproxy verify let a bad signature through ($status)" >&2; exit 1; }
    # haproxy's mint really mints: a valid HS256 JWT of chartgate's claims.
    local minted
    minted=$(curl -sf -X POST "http://127.0.0.1:$hmport/api/token" -H 'Content-Type: application/json' \
      -d "{\"refreshtoken\":\"$refresh\"}" | json_field token)
    python3 bench/loadkit.py jwt "$minted" "$SECRET" >/dev/null
    status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $minted" "$base$ARTIST")
    echo "[$name] haproxy's minted token verifies (HMAC, claims); chartgate answers it with $status" >&2
  fi

  # Memory per idle keep-alive connection, before any load.
  local mem
  for target in chartgate baseline haproxy; do
    case $target in
      chartgate) mem=$(python3 bench/loadkit.py idle "$cg" "$port" "$IDLE_CONNS" /healthz) ;;
      baseline) mem=$(python3 bench/loadkit.py idle "$bl" "$bport" "$IDLE_CONNS" /healthz) ;;
      haproxy) [ -n "$hv" ] || continue; mem=$(python3 bench/loadkit.py idle "$hv" "$hvport" "$IDLE_CONNS" /healthz) ;;
    esac
    echo "$name mem $target $mem" >>"$WORK/memory"
  done

  # Sandbox paths, drawn with a fixed seed: a request picks one at random.
  python3 bench/paths.py 2000 1 >"$WORK/hot.txt"
  python3 bench/paths.py 200000 2 >"$WORK/cold.txt"
  spread_script() { # FILE -> a wrk script that requests its lines at random
    printf 'local paths = {}\nfor l in io.lines("%s") do paths[#paths + 1] = l end\n' "$1"
    printf 'math.randomseed(7)\nrequest = function()\n  return wrk.format("GET", paths[math.random(#paths)])\nend\n'
  }
  echo "$ARTIST" >"$WORK/one.txt"
  spread_script "$WORK/one.txt" >"$WORK/one.lua"
  spread_script "$WORK/hot.txt" >"$WORK/hot.lua"
  spread_script "$WORK/cold.txt" >"$WORK/cold.lua"
  printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = %s\n' \
    "'{\"refreshtoken\":\"$refresh\"}'" >"$WORK/mint.lua"
  wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" -s "$WORK/hot.lua" "${auth[@]}" "$base" >/dev/null # warm the hot set

  local targets_a=("chartgate $cg $port" "baseline $bl $bport")
  local targets_b=("chartgate $cg $port" "baseline $bl $bport")
  local targets_c=("chartgate $cg $port")
  if [ -n "$hv" ]; then
    targets_a+=("haproxy $hv $hvport"); targets_c+=("haproxy $hm $hmport")
  fi
  # One second of each fixed request on each target first (connections, caches, pools).
  warm() { wrk -t"$THREADS" -c"$CONNS" -d1s "$@" >/dev/null </dev/null; }
  warm "${auth[@]}" "$base$ARTIST"; warm "${auth[@]}" "http://127.0.0.1:$bport$ARTIST"
  warm "$base/healthz"; warm "http://127.0.0.1:$bport/healthz"; warm -s "$WORK/mint.lua" "$base/api/token"
  if [ -n "$hv" ]; then
    warm "${auth[@]}" "http://127.0.0.1:$hvport$ARTIST"; warm -s "$WORK/mint.lua" "http://127.0.0.1:$hmport/api/token"
  fi
  ordered() { # ROUND TARGETS... -> the targets, reversed in even rounds
    local r=$1; shift
    if ((r % 2)); then printf '%s\n' "$@"; else printf '%s\n' "$@" | tac; fi
  }
  local round t tname tpid tport
  for round in $(seq 1 "$ROUNDS"); do
    while read -r tname tpid tport; do
      measure "$name" a "$tname" "$tpid" "$tport" "${auth[@]}" "$ARTIST"
    done < <(ordered "$round" "${targets_a[@]}")
    while read -r tname tpid tport; do
      measure "$name" b "$tname" "$tpid" "$tport" /healthz
    done < <(ordered "$round" "${targets_b[@]}")
    while read -r tname tpid tport; do
      measure "$name" c "$tname" "$tpid" "$tport" -s "$WORK/mint.lua" /api/token
    done < <(ordered "$round" "${targets_c[@]}")
    for t in "a' one" "d hot"; do
      read -r tname tpid <<<"$t"
      measure "$name" "$tname" chartgate "$cg" "$port" -s "$WORK/$tpid.lua" "${auth[@]}" ""
    done
  done
  measure "$name" e chartgate "$cg" "$port" -s "$WORK/cold.lua" "${auth[@]}" ""
  echo "$name rss-after-e chartgate $(ps -o rss= -p "$cg" | tr -d ' ')" >>"$WORK/memory"
  for p in "$cg" "$bl" $hv $hm; do stop "$p"; done
}

HAPROXY_VERSION=no
[ "$WITH_HAPROXY" = 1 ] && HAPROXY_VERSION=$(haproxy -v | awk 'NR == 1 {print $3}')
echo "cores: $(nproc), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)," \
  "wrk -t$THREADS -c$CONNS -d${DURATION}s --latency, $ROUNDS rounds, haproxy: $HAPROXY_VERSION," \
  "$("$BIN" --version | awk 'NR == 1')" >&2
case "$MODE" in
  embedded|both) run_mode embedded "$WORK/bench.db" ;;&
  cluster|both)
    SCHEMA="cg_bench_$$"
    psql -q "$PG" -c "CREATE SCHEMA $SCHEMA" >/dev/null
    sep='?'; [[ "$PG" == *\?* ]] && sep='&'
    run_mode cluster "${PG}${sep}options=-csearch_path%3D${SCHEMA}" --redis "$REDIS" --redis-prefix "bench:$$" ;;
  *) ;;
esac
python3 bench/loadkit.py report "$RESULTS" "$WORK/memory"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
