#!/bin/sh
# ANSI-41 WIN beside CAP, in one run (docs/performance.md "ANSI-41 WIN"):
# cmr-ssf (CDMA MSC / gsmSSF emulator and load generator) against one real
# cmr-server over IPA (direct, io-threads 1), the four loads interleaved
# round by round so that every figure has its CAP reference from the same
# minutes of this shared machine:
#   cap-ctr     CAP v2 connect-to-resource, signalling only (7 TCAP messages
#               per call: the issue-6 benchmark profile)
#   win         ANSI-41 win-resource, signalling only: cmr-ssf is the MSC and,
#               with --emulate-ip, the IP the SCP seizes (scp / win-ip = its
#               point code): AnalyzedInformation, SeizeResource + TLDN,
#               ConnectResource, InstructionRequest, SRFDirective + result,
#               instreq result, DisconnectResource + anlyzd result, TAnswer,
#               ODisconnect (13 ANSI TCAP messages per call)
#   cap-rvp     CAP v2 route-via-platform: Connect to the platform prefix,
#               the SIP trunk call through the AS (Gateway mode) to the callee
#               emulated by cmr-ssf, answer at once (no RTP waited for)
#   win-rvp     ANSI-41 route-via-platform: RoutingDigits, the same SIP leg
# Latency is cmr-ssf's setup latency: the trigger (InitialDP /
# AnalyzedInformation) sent -> the SCP's first answer received. Prints every
# cmr-ssf summary line and per load the median and spread (min-max) of
# calls/s and of p99. Targets (issue 12): win >= 5,000 calls/s, win-rvp >=
# 2,000 calls/s, p99 <= 5 ms.
#
# usage: tests/bench/run_win_bench.sh [BUILD_DIR] [SECONDS] [RUNS] [WIN_RATE] [RVP_RATE] [CAP_RATE]
#   defaults: build/release 30 3 5000 2000 5000
# LOADS="win win-rvp" runs only those (default: cap-ctr win cap-rvp win-rvp).
# Uses 127.0.0.247. Exit status 1 when any run had a failure.
set -eu
BUILD=${1:-build/release}
SECS=${2:-30}
RUNS=${3:-3}
WIN_RATE=${4:-5000}
RVP_RATE=${5:-2000}
CAP_RATE=${6:-5000}
LOADS=${LOADS:-cap-ctr win cap-rvp win-rvp}
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
free_udp() { python3 -c "import socket;s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);s.bind(('$1',0));print(s.getsockname()[1])"; }

IP=127.0.0.247
PORT=$(free_port $IP)
AS_PORT=$(free_udp $IP)
TRUNK_PORT=$(free_udp $IP)
mkdir -p "$DIR/srv"
# The shipped stand-alone config on $IP, io-threads 1 (the generator shares
# the 2 cores), the SIP AS behind cmr-ssf's trunk, and the IP the SCP seizes
# in cmr-ssf (its point code, SSN 148).
sed -e "s/127\.0\.0\.1/$IP/g" -e "s/ 5000\b/ $PORT/" -e 's/^\( bind [0-9.]*\) \(4260\|8080\|5070\)$/\1 0/' \
    -e 's/logging color 1/logging color 0/' -e 's/^ io-threads .*/ io-threads 1/' \
    -e 's/^ win-ip ssn 148$/ win-ip point-code 0.12.4 ssn 148/' \
    "$SRC/configs/cmr-server.cfg" > "$DIR/srv/server.cfg"
printf 'sip\n bind %s %s\n next-hop %s %s udp\n platform-prefix 49609\n!\n' \
    $IP "$AS_PORT" $IP "$TRUNK_PORT" >> "$DIR/srv/server.cfg"
sed -e "s/127\.0\.0\.1/$IP/g" -e "s/ 5000\b/ $PORT/" -e 's/^\( bind [0-9.]*\) 4260$/\1 0/' \
    -e 's/ sccp-user ssn 8$/ sccp-user ssn 8\n sccp-user ssn 148/' \
    "$SRC/configs/ssf/cmr-ssf.cfg" > "$DIR/ssf.cfg"

(cd "$DIR/srv" && exec "$SERVER" -c server.cfg) > "$DIR/srv/server.out" 2> "$DIR/srv/server.err" &
SERVER_PID=$!
PIDS="$PIDS $SERVER_PID"
i=0
until grep -q "cmr-server .* started" "$DIR/srv/server.err" 2>/dev/null; do
  sleep 0.1; i=$((i + 1)); [ $i -lt 300 ] || { tail -20 "$DIR/srv/server.err" >&2; exit 1; }
done
rss() { ps -o rss= -p "$1" | tr -d ' '; }
# CPU (user + system) of the server from /proc/PID/stat, of cmr-ssf from
# /usr/bin/time, divided by the completed calls.
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
HZ=$(getconf CLK_TCK)
# The demo resources get audio (a 1 s tone) so that the platform runs its
# Gateway-mode ringback (route-via-platform) and the IP has a rendition.
HTTP=$(sed -n 's/.*management HTTP listening on \([0-9.:]*\).*/\1/p' "$DIR/srv/server.err" | head -1)
python3 -c "
import wave, struct, math
w = wave.open('$DIR/tone.wav', 'wb'); w.setnchannels(1); w.setsampwidth(2); w.setframerate(8000)
w.writeframes(b''.join(struct.pack('<h', int(8000 * math.sin(2 * math.pi * 425 * i / 8000))) for i in range(8000)))
w.close()"
for r in demo-ringback-1 demo-ringback-2 demo-ringback-3 demo-system-default; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -X PUT -H 'Authorization: Bearer demo-portal' \
      -H 'Content-Type: audio/wav' --data-binary @"$DIR/tone.wav" "http://$HTTP/cmr/1/resources/$r/content")
  [ "${code#2}" != "$code" ] || { echo "upload $r: HTTP $code" >&2; exit 1; }
done

run() {  # LOAD
  case $1 in
    cap-ctr) rate=$CAP_RATE; args="--protocol cap-v2 --service-key 100" ;;
    win) rate=$WIN_RATE; args="--protocol ansi41 --trigger-type 1 --emulate-ip" ;;
    cap-rvp) rate=$RVP_RATE; args="--protocol cap-v2 --service-key 103 --platform-prefix 49609 \
--platform $IP:$AS_PORT --trunk-port $TRUNK_PORT" ;;
    win-rvp) rate=$RVP_RATE; args="--protocol ansi41 --trigger-type 38 --platform-prefix 49609 \
--platform $IP:$AS_PORT --trunk-port $TRUNK_PORT" ;;
  esac
  before=$(rss "$SERVER_PID")
  srv0=$(ticks "$SERVER_PID")
  set +e
  # Distinct callers: the SCP continues a second live call of the same pair
  # (route-via-platform's loop guard).
  # shellcheck disable=SC2086
  /usr/bin/time -f '%U %S' -o "$DIR/ssf.time" "$SSF" -c "$DIR/ssf.cfg" $args --local-ip $IP --no-bearer --scenario answer --hold 0 \
      --calling 491600000000-491600099999 --rate "$rate" --concurrency 4000 --duration "$SECS" \
      > "$DIR/ssf.out" 2> "$DIR/ssf.err"
  rc=$?
  set -e
  srv1=$(ticks "$SERVER_PID")
  line=$(grep '^summary' "$DIR/ssf.out" || echo "summary missing (rc=$rc)")
  calls=$(echo "$line" | sed -n 's/.* completed=\([0-9]*\).*/\1/p')
  cpu=$(python3 -c "
calls = max(int('${calls:-0}' or 0), 1)
ssf = sum(map(float, open('$DIR/ssf.time').read().split()[-2:]))
print(f'cpu_us_per_call server={($srv1 - $srv0) / $HZ * 1e6 / calls:.1f} ssf={ssf * 1e6 / calls:.1f}')" 2>/dev/null || echo "cpu n/a")
  echo "$1 $line server_rss_kb_before=$before server_rss_kb_after=$(rss "$SERVER_PID") $cpu"
  [ $rc -eq 0 ] || { STATUS=1; tail -5 "$DIR/ssf.err" >&2; }
  echo "$line" | sed -n 's/.* rate=\([0-9.]*\) .*setup_p99_ms=\([0-9.]*\) .*/\1 \2/p' >> "$DIR/$1.vals"
}

stats() {  # LOAD
  [ -s "$DIR/$1.vals" ] || return 0
  python3 - "$DIR/$1.vals" "$1" <<'PY'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
r = [x[0] for x in rows]; p = [x[1] for x in rows]
print(f"{sys.argv[2]}: calls/s median {statistics.median(r):.0f} (min {min(r):.0f}, max {max(r):.0f}); "
      f"p99 ms median {statistics.median(p):.3f} (min {min(p):.3f}, max {max(p):.3f}); runs {len(r)}")
PY
}

n=0
while [ $n -lt "$RUNS" ]; do
  for l in $LOADS; do run "$l"; done
  n=$((n + 1))
done
stop_all
for l in $LOADS; do stats "$l"; done
exit $STATUS
