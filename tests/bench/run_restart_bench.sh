#!/bin/sh
# CS calls right after a restart (issue 11, part 7): a store of SUBSCRIBERS
# benchmark subscribers (bench_store_gen, the bench fixture's data), a freshly
# started cmr-server (empty snapshot cache), and cmr-ssf offering RATE
# calls/s for SECONDS with the called party (the owner of a ringback) drawn at
# random from all subscribers, connect-to-resource, signalling only, direct
# over IPA. Almost every call's owner is a snapshot-cache miss: the SCP hands
# it to the store's readers and the call waits in DECIDING while the other
# calls go on.
# Reference in the same run: the same calls again (same seed, as many calls,
# so the same owners), now all in the cache. Each of RUNS runs restarts the server.
# Prints the cmr-ssf summary of every cold and warm run, the server's
# decisions-deferred count, and the median and spread (min-max) of the
# IDP-to-first-answer p99 cold and warm.
#
# usage: tests/bench/run_restart_bench.sh [BUILD_DIR] [RATE] [SECONDS] [SUBSCRIBERS] [RUNS]
#   BUILD_DIR with apps/cmr-server/cmr-server, tools/cmr-ssf/cmr-ssf and
#   tests/bench/bench_store_gen (default build/release); RATE 5000; SECONDS 10;
#   SUBSCRIBERS 1000000; RUNS 3.
# BENCH_DIR (default BUILD_DIR/bench-data) keeps the generated store between
# runs (restart-SUBSCRIBERS.db; about 1.5 GB and some minutes for 1,000,000).
# IO_THREADS (default 1, see run_cs_bench.sh). Uses 127.0.0.247.
# Exit status 1 when any run had a failed call.
set -eu
BUILD=${1:-build/release}
RATE=${2:-5000}
SECS=${3:-10}
SUBS=${4:-1000000}
RUNS=${5:-3}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
SERVER=$BUILD/apps/cmr-server/cmr-server
SSF=$BUILD/tools/cmr-ssf/cmr-ssf
GEN=$BUILD/tests/bench/bench_store_gen
for b in "$SERVER" "$SSF" "$GEN"; do
  [ -x "$b" ] || { echo "no $b: build cmr-server, cmr-ssf and bench_store_gen" >&2; exit 1; }
done
SERVER=$(cd "$(dirname "$SERVER")" && pwd)/cmr-server
BENCH_DIR=${BENCH_DIR:-$BUILD/bench-data}
mkdir -p "$BENCH_DIR"
DB=$(cd "$BENCH_DIR" && pwd)/restart-$SUBS.db
FIRST=491500000000
LAST=$((FIRST + SUBS - 1))
IO_THREADS=${IO_THREADS:-1}
IP=127.0.0.247
DIR=$(mktemp -d)
SERVER_PID=""
STATUS=0
stop_server() {
  [ -z "$SERVER_PID" ] || { kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; }
  SERVER_PID=""
}
trap 'stop_server; rm -rf "$DIR"' EXIT

"$GEN" "$DB" $FIRST "$SUBS"

free_port() { python3 -c "import socket;s=socket.socket();s.bind(('$1',0));print(s.getsockname()[1])"; }
PORT=$(free_port $IP)
VTY=$(free_port $IP)

# The shipped demo config on $IP: the generated store instead of the demo
# catalogue, a cache that holds every subscriber (so the warm run is all
# hits), service key 100 connect-to-resource.
sed -e "s/127\.0\.0\.1/$IP/g" -e "s/ 5000\b/ $PORT/" -e "s/^ bind $IP 4260$/ bind $IP $VTY/" \
    -e "s/^ bind $IP 8080$/ bind $IP 0/" -e 's/logging color 1/logging color 0/' \
    -e "s#^ database cmr.db# database $DB#" -e '/^ demo-catalogue/d' \
    -e "s/^ snapshot-cache-size .*/ snapshot-cache-size $((SUBS + 100000))/" \
    -e "s/^ io-threads .*/ io-threads $IO_THREADS/" "$SRC/configs/cmr-server.cfg" > "$DIR/server.cfg"
printf 'scp\n service-key 100 cmrbt connect-to-resource\n' >> "$DIR/server.cfg"
sed -e "s/127\.0\.0\.1/$IP/g" -e "s/ 5000\b/ $PORT/" "$SRC/configs/ssf/cmr-ssf.cfg" > "$DIR/ssf.cfg"

vty() {  # COMMAND: its output from the server's VTY
  python3 - "$IP" "$VTY" "$1" <<'PY'
import socket, sys, time
s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=5)
s.sendall((sys.argv[3] + "\r\n").encode())
time.sleep(0.5)
out = b""
s.settimeout(0.5)
try:
    while True:
        d = s.recv(65536)
        if not d:
            break
        out += d
except OSError:
    pass
print(out.decode(errors="replace"))
PY
}

wait_line() {  # FILE PATTERN TIMEOUT_S
  i=0
  until grep -q "$2" "$1" 2>/dev/null; do
    sleep 0.05; i=$((i + 1))
    [ $i -lt $(($3 * 20)) ] || { echo "timeout waiting for '$2' in $1" >&2; return 1; }
  done
}

run_ssf() {  # KIND SEED --duration SECONDS | --count CALLS
  set +e
  "$SSF" -c "$DIR/ssf.cfg" --service-key 100 --no-bearer --scenario answer --hold 0 \
    --called "$FIRST-$LAST" --random-parties "$2" --rate "$RATE" --concurrency 5000 \
    "$3" "$4" > "$DIR/ssf.out" 2> "$DIR/ssf.err"
  rc=$?
  set -e
  line=$(grep '^summary' "$DIR/ssf.out" || echo "summary missing (rc=$rc)")
  echo "$1 $line"
  [ $rc -eq 0 ] || { STATUS=1; tail -5 "$DIR/ssf.err" >&2; }
  echo "$line" | sed -n 's/.*setup_p99_ms=\([0-9.]*\) .*/\1/p' >> "$DIR/$1.vals"
}

n=0
while [ $n -lt "$RUNS" ]; do
  n=$((n + 1))
  echo "== run $n: restart, $RATE calls/s for $SECS s, owners at random among $SUBS" >&2
  (cd "$DIR" && exec "$SERVER" -c server.cfg) > "$DIR/server.out" 2> "$DIR/server.err" &
  SERVER_PID=$!
  wait_line "$DIR/server.err" "SCCP on cs7 instance" 60 || { tail -20 "$DIR/server.err" >&2; exit 1; }
  run_ssf cold "$n" --duration "$SECS"
  cold_calls=$(sed -n 's/^summary calls=\([0-9]*\) .*/\1/p' "$DIR/ssf.out")
  echo "   after cold run: $(vty 'show cmr scp' | grep -E 'decisions-deferred|idp-received' | tr -s ' \r\n' ' ')"
  run_ssf warm "$n" --count "${cold_calls:-1}"
  echo "   after warm run: $(vty 'show cmr scp' | grep -E 'decisions-deferred|idp-received' | tr -s ' \r\n' ' ')"
  stop_server
done

python3 - "$DIR/cold.vals" "$DIR/warm.vals" <<'PY'
import statistics, sys
def vals(p):
    try:
        return [float(l) for l in open(p) if l.strip()]
    except OSError:
        return []
cold, warm = vals(sys.argv[1]), vals(sys.argv[2])
for name, v in (("cold (first seconds after restart)", cold), ("warm (same owners cached)", warm)):
    if v:
        print(f"{name}: p99 ms median {statistics.median(v):.3f} "
              f"(min {min(v):.3f}, max {max(v):.3f}); runs {len(v)}")
if cold and warm:
    print(f"cold/warm p99 ratio (medians): {statistics.median(cold) / statistics.median(warm):.2f}")
PY
exit $STATUS
