#!/bin/sh
# CS delivery load: cmr-ssf (gsmSSF emulator, signalling only) against a real
# cmr-server (demo catalogue, IPA listener), connect-to-resource profile:
#   TC-BEGIN [IDP] -> TC-CONTINUE [RRBE, CTR, PA] -> TC-CONTINUE [SRR]
#   -> TC-CONTINUE [DFC, Continue] -> TC-CONTINUE [ERB tAnswer] -> TC-CONTINUE [Continue]
#   -> TC-END [ERB tDisconnect]          (7 TCAP messages per call)
# Run directly over IPA and through osmo-stp, RUNS times each. Prints every
# cmr-ssf summary line (achieved calls/s, setup latency IDP -> first answer
# p50/p90/p99/max, failures), the server's RSS before and after each run
# (memory must stay flat), and per topology the median and spread (min-max)
# of calls/s and of p99. Targets (docs/cs-delivery.md, issue 6): >= 10,000
# calls/s direct, >= 5,000 through osmo-stp, p99 <= 5 ms.
# CPU per call: user+system time of cmr-server and osmo-stp (from
# /proc/PID/stat, i.e. what getrusage reports for them) over the run, and of
# cmr-ssf (/usr/bin/time), divided by the completed calls, in microseconds.
# PERF=1 records a call-graph profile of the server and of cmr-ssf for the
# first run of each topology (perf record -g, files kept in PERF_DIR, default
# /tmp/cs-bench-perf).
#
# usage: tests/bench/run_cs_bench.sh [BUILD_DIR] [SECONDS] [RATE] [CONCURRENCY] [RUNS] [PROTOCOL] [STP_RATE]
#   BUILD_DIR with apps/cmr-server/cmr-server and tools/cmr-ssf/cmr-ssf (default build/release)
#   SECONDS 60, RATE 10000 (calls/s offered direct), CONCURRENCY 2000, RUNS 3, PROTOCOL cap-v2,
#   STP_RATE 5000 (calls/s offered through osmo-stp)
# Uses 127.0.0.245 (direct) and 127.0.0.246 (osmo-stp, VTY 4239 there).
# TOPOS="direct" or TOPOS="stp" runs one topology only (default both).
# SERVER_WRAP / SSF_WRAP: a command prefix for cmr-server / cmr-ssf (e.g.
# "taskset -c 0" to try CPU placements).
# Exit status 1 when any run had a failure.
set -eu
BUILD=${1:-build/release}
SECS=${2:-60}
RATE=${3:-10000}
CONC=${4:-2000}
RUNS=${5:-3}
PROTO=${6:-cap-v2}
STP_RATE=${7:-5000}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
SERVER=$BUILD/apps/cmr-server/cmr-server
SSF=$BUILD/tools/cmr-ssf/cmr-ssf
for b in "$SERVER" "$SSF"; do [ -x "$b" ] || { echo "no $b: build cmr-server and cmr-ssf" >&2; exit 1; }; done
SERVER=$(cd "$(dirname "$SERVER")" && pwd)/cmr-server
SSF=$(cd "$(dirname "$SSF")" && pwd)/cmr-ssf
DIR=$(mktemp -d)
[ -z "${KEEP:-}" ] || echo "work directory $DIR" >&2
PIDS=""
STATUS=0
stop_all() { for p in $PIDS; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; PIDS=""; }
trap 'stop_all; [ -n "${KEEP:-}" ] || rm -rf "$DIR"' EXIT

free_port() { python3 -c "import socket;s=socket.socket();s.bind(('$1',0));print(s.getsockname()[1])"; }

# shipped SRC_CFG IP PORT > out: the shipped config on IP, IPA port PORT, VTY/HTTP ports free.
shipped() {
  sed -e "s/127\.0\.0\.1/$2/g" -e "s/ 5000\b/ $3/" -e 's/^\( bind [0-9.]*\) \(4260\|8080\)$/\1 0/' \
      -e 's/logging color 1/logging color 0/' "$1"
}

# The SCP serves service key 100 with the connect-to-resource profile.
scp_node() { printf 'scp\n service-key 100 cmrbt connect-to-resource\n'; }
# IO_THREADS=N sets the server's "cmr / io-threads" (default 1 here: the
# generator shares this 2-core machine, and the server's osmo thread plus two
# Asio threads plus the generator's two threads contend for two cores;
# IO_THREADS=shipped keeps the shipped config's value, 2).
IO_THREADS=${IO_THREADS:-1}
io_threads() { if [ "$IO_THREADS" != shipped ]; then sed "s/^ io-threads .*/ io-threads $IO_THREADS/"; else cat; fi; }

wait_line() {  # FILE PATTERN TIMEOUT_S
  i=0
  until grep -q "$2" "$1" 2>/dev/null; do
    sleep 0.1; i=$((i + 1))
    [ $i -lt $(($3 * 10)) ] || { echo "timeout waiting for '$2' in $1" >&2; return 1; }
  done
}

start_server() {  # DIR CFG READY_PATTERN
  (cd "$1" && exec ${SERVER_WRAP:-} "$SERVER" -c "$2") > "$1/server.out" 2> "$1/server.err" &
  SERVER_PID=$!
  PIDS="$PIDS $SERVER_PID"
  wait_line "$1/server.err" "$3" 30 || { tail -20 "$1/server.err" >&2; exit 1; }
}

rss() { ps -o rss= -p "$1" | tr -d ' '; }
ticks() { [ -n "$1" ] && awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
HZ=$(getconf CLK_TCK)
STP_PID=""
PERF=${PERF:-0}
PERF_DIR=${PERF_DIR:-/tmp/cs-bench-perf}

run_ssf() {  # TOPOLOGY CFG
  echo "== $1: rate $RATE/s, concurrency $CONC, $SECS s, $PROTO" >&2
  before=$(rss "$SERVER_PID")
  srv0=$(ticks "$SERVER_PID"); stp0=$(ticks "$STP_PID")
  prof=""
  if [ "$PERF" = 1 ] && [ ! -e "$PERF_DIR/$1-ssf.data" ]; then
    mkdir -p "$PERF_DIR"
    perf record -g -o "$PERF_DIR/$1-server.data" -p "$SERVER_PID" > /dev/null 2>&1 &
    prof=$!
    set -- "$1" "$2" perf record -g -o "$PERF_DIR/$1-ssf.data" --
  else
    set -- "$1" "$2"
  fi
  topo=$1; cfg=$2; shift 2
  set +e
  /usr/bin/time -f '%U %S' -o "$DIR/ssf.time" "$@" ${SSF_WRAP:-} "$SSF" -c "$cfg" --protocol "$PROTO" --service-key 100 \
    --no-bearer --scenario answer --hold 0 \
    --rate "$RATE" --concurrency "$CONC" --duration "$SECS" > "$DIR/ssf.out" 2> "$DIR/ssf.err"
  rc=$?
  set -e
  [ -z "$prof" ] || { kill -INT "$prof"; wait "$prof" 2>/dev/null || true; }
  srv1=$(ticks "$SERVER_PID"); stp1=$(ticks "$STP_PID")
  line=$(grep '^summary' "$DIR/ssf.out" || echo "summary missing (rc=$rc)")
  calls=$(echo "$line" | sed -n 's/.* completed=\([0-9]*\).*/\1/p')
  cpu=$(python3 -c "
import sys
calls = max(int('${calls:-0}' or 0), 1)
ssf = sum(map(float, open('$DIR/ssf.time').read().split()[-2:]))
print(f'cpu_us_per_call server={($srv1 - $srv0) / $HZ * 1e6 / calls:.1f} '
      f'ssf={ssf * 1e6 / calls:.1f} stp={($stp1 - $stp0) / $HZ * 1e6 / calls:.1f}')" 2>/dev/null || echo "cpu n/a")
  echo "$topo $line server_rss_kb_before=$before server_rss_kb_after=$(rss "$SERVER_PID") $cpu"
  [ $rc -eq 0 ] || { STATUS=1; tail -5 "$DIR/ssf.err" >&2; }
  echo "$line" | sed -n 's/.* rate=\([0-9.]*\) .*setup_p99_ms=\([0-9.]*\) .*/\1 \2/p' >> "$DIR/$topo.vals"
}

stats() {  # TOPOLOGY: median and spread of calls/s and p99
  [ -s "$DIR/$1.vals" ] || return 0
  python3 - "$DIR/$1.vals" "$1" <<'PY'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
r = [x[0] for x in rows]; p = [x[1] for x in rows]
print(f"{sys.argv[2]}: calls/s median {statistics.median(r):.0f} (min {min(r):.0f}, max {max(r):.0f}); "
      f"p99 ms median {statistics.median(p):.3f} (min {min(p):.3f}, max {max(p):.3f}); runs {len(r)}")
PY
}

# --- direct: cmr-ssf -> cmr-server's IPA listener ---
TOPOS=${TOPOS:-direct stp}
case " $TOPOS " in *" direct "*)
IP=127.0.0.245
PORT=$(free_port $IP)
mkdir -p "$DIR/direct"
{ shipped "$SRC/configs/cmr-server.cfg" $IP "$PORT" | io_threads; scp_node; } > "$DIR/direct/server.cfg"
shipped "$SRC/configs/ssf/cmr-ssf.cfg" $IP "$PORT" > "$DIR/direct/ssf.cfg"
start_server "$DIR/direct" server.cfg "SCCP on cs7 instance"
n=0; while [ $n -lt "$RUNS" ]; do run_ssf direct "$DIR/direct/ssf.cfg"; n=$((n + 1)); done
stop_all
;; esac

# --- through osmo-stp ---
case " $TOPOS " in *" stp "*)
IP=127.0.0.246
PORT=$(free_port $IP)
mkdir -p "$DIR/stp"
shipped "$SRC/configs/stp/osmo-stp.cfg" $IP "$PORT" > "$DIR/stp/osmo-stp.cfg"
{ shipped "$SRC/configs/stp/cmr-server.cfg" $IP "$PORT" | io_threads; scp_node; } > "$DIR/stp/server.cfg"
shipped "$SRC/configs/stp/cmr-ssf.cfg" $IP "$PORT" > "$DIR/stp/ssf.cfg"
osmo-stp -c "$DIR/stp/osmo-stp.cfg" > "$DIR/stp/stp.out" 2>&1 &
STP_PID=$!
PIDS="$PIDS $STP_PID"
sleep 1
start_server "$DIR/stp" server.cfg "AS_ACTIVE"
RATE=$STP_RATE
n=0; while [ $n -lt "$RUNS" ]; do run_ssf stp "$DIR/stp/ssf.cfg"; n=$((n + 1)); done
stop_all
STP_PID=""
;; esac

stats direct
stats stp
exit $STATUS
