#!/usr/bin/env bash
# SIP application server benchmark (docs/performance.md, "SIP application
# server"), everything on 127.0.0.1:
#   gateway   sipp UAC -> cmr-server (sip / mode cmrbt gateway) -> sipp UAS.
#             The callers signal early media (P-Early-Media, 100rel) but the
#             called numbers have no resource: every call asks the decision
#             engine and is relayed without RTP. RATE calls/s for DURATION s.
#   kamailio  the same sipp load through Kamailio as a transaction-stateful
#             proxy (tests/bench/kamailio-stateful.cfg, t_relay), shared memory
#             KAMAILIO_SHM_MB (default 1024: at 2,000 calls/s 256 MB ran out,
#             "could not allocate shared memory from shm pool").
#   ims       the gateway load through the IMS lab's S-CSCF stand-in
#             (configs/ims-scscf.kamailio.cfg, terminating iFC to the AS,
#             KAMAILIO_WORKERS UDP workers (default 1: with several, a 180 and
#             the 200 right behind it can be relayed out of order, and the
#             UAC's optional="global" 180 then takes it back before its 200:
#             calls stuck), 4 MB maxbuffer): sipp UAC -> Kamailio -> cmr-server
#             (ISC: P-Served-User, return Route) -> Kamailio -> sipp UAS; each
#             run right after a direct run at the same rate (its reference).
#             UNSERVED=proxy|b2bua (default b2bua, as the direct part): what
#             the AS does with the unserved call.
#   rtp       Gateway mode with RTP: STREAMS concurrent early-media calls to a
#             subscriber whose ringback has content; the server's RTP toward
#             the caller is captured on lo and tshark's "rtp,streams" gives
#             each stream's RFC 3550 interarrival jitter.
# Each part runs RUNS times; one line per run, then the median and spread.
#
# Usage: tests/bench/run_sip_bench.sh [-b BUILD_DIR] [-n RUNS] [-r RATE]
#          [-t DURATION_S] [-s STREAMS] [-p gateway,kamailio,ims,rtp]
# BUILD_DIR holds a RelWithDebInfo cmr-server (default build/release).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build="$src/build/release"
runs=3
rate=2000
duration=60
streams=500
parts="gateway,kamailio,rtp"
hold_ms=1000
while getopts "b:n:r:t:s:p:" o; do
  case $o in
    b) build=$OPTARG ;;
    n) runs=$OPTARG ;;
    r) rate=$OPTARG ;;
    t) duration=$OPTARG ;;
    s) streams=$OPTARG ;;
    p) parts=$OPTARG ;;
    *) sed -n '2,20p' "$0"; exit 2 ;;
  esac
done
build=$(cd "$build" && pwd)
server="$build/apps/cmr-server/cmr-server"
[ -x "$server" ] || { echo "no $server (build the cmr-server target)" >&2; exit 1; }
for tool in sipp kamailio tshark python3 curl; do
  command -v $tool >/dev/null || { echo "$tool missing (scripts/install-deps.sh)" >&2; exit 1; }
done
scen="$src/tests/sipp/bench"
work=$(mktemp -d /tmp/cmr-sip-bench-XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap 'cleanup; echo "logs: $work"' EXIT

free_port() {
  python3 -c 'import socket
s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); u=s.getsockname()[1]
t=socket.socket(); t.bind(("127.0.0.1", u)); print(u)'
}

# CPU seconds (user+system) of a process and its threads; children too when $2=tree.
cpu_s() {
  local total=0 p
  for p in $1 $( [ "${2:-}" = tree ] && ps -o pid= --ppid "$1" || true); do
    [ -r /proc/$p/stat ] || continue
    total=$(( total + $(awk '{print $14 + $15}' /proc/$p/stat) ))
  done
  echo "scale=2; $total / $(getconf CLK_TCK)" | bc
}

wait_log() {  # file pattern timeout_s
  for _ in $(seq $(( $3 * 20 ))); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    sleep 0.05
  done
  echo "timeout waiting for '$2' in $1" >&2; tail -20 "$1" >&2; return 1
}

# Starts cmr-server in $1 (a fresh directory) with SIP on $2, next hop $3;
# $4: what an unserved call becomes (sip / unserved, default b2bua: the
# decision is asked and the call relayed through the B2BUA).
start_cmr() {
  local dir=$1 port=$2 next=$3 unserved=${4:-b2bua}
  mkdir -p "$dir"
  sed -e 's/bind 127.0.0.1 4260/bind 127.0.0.1 0/' -e 's/bind 127.0.0.1 8080/bind 127.0.0.1 0/' \
      -e 's/listen ipa 5000/listen ipa 0/' -e 's/logging color 1/logging color 0/' \
      -e 's/bind 127.0.0.1 5070/bind 127.0.0.1 0/' \
      "$src/configs/cmr-server.cfg" > "$dir/bench.cfg"
  cat >> "$dir/bench.cfg" <<EOF
 system-default cmrbt demo-system-default
sip
 bind 127.0.0.1 $port
 next-hop 127.0.0.1 $next udp
 mode cmrbt gateway
 mode cmrt off
 media-address 127.0.0.1
 rtp-ports 20000 29999
 ring-timeout 120
 unserved $unserved
EOF
  (cd "$dir" && exec "$server" -c bench.cfg > stdout 2> stderr) &
  cmr_pid=$!
  pids+=("$cmr_pid")
  wait_log "$dir/stderr" "SIP application server listening" 20
}

stop_pid() {  # SIGTERM, then SIGKILL after 5 s (a sipp with calls left ignores SIGTERM)
  kill "$1" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# The last line of a sipp -trace_stat file as NAME=VALUE for the columns we report.
sipp_stats() {
  python3 - "$1" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1]), delimiter=';'))
h, last = rows[0], rows[-1]
v = dict(zip(h, last))
def sec(t):  # "hh:mm:ss:uuuuuu" or "hh:mm:ss"
    p = t.split(':'); return int(p[0]) * 3600 + int(p[1]) * 60 + float(p[2]) + (float(p[3]) / 1e6 if len(p) > 3 else 0)
elapsed = sec(v['ElapsedTime(C)'])
ok, failed = int(v['SuccessfulCall(C)']), int(v['FailedCall(C)'])
created = int(v['TotalCallCreated'])
print(f"ok={ok} failed={failed} unfinished={created - ok - failed} retrans={v['Retransmissions(C)']} "
      f"rtt_ms={sec(v.get('ResponseTime1(C)', '0:0:0')) * 1000:.2f} created={created} elapsed={elapsed:.1f}")
EOF
}

# One sipp load through the element on $1 (the UAS on $2); prints the stats.
run_load() {
  local target=$1 uas_port=$2 dir=$3 calls=$(( rate * duration ))
  sipp -sf "$scen/uas_answer.xml" -i 127.0.0.1 -p "$uas_port" -m "$calls" -buff_size 4194304 \
       -nostdin -timeout $(( duration + 120 ))s -trace_err -error_file "$dir/uas_err.log" \
       > "$dir/uas.out" 2>&1 &
  local uas=$!
  pids+=("$uas")
  sleep 0.5
  local uac_port
  uac_port=$(free_port)
  set +e
  # sipp's own -timeout does not end a UAC that still has calls: bound it.
  timeout -s KILL $(( duration + 100 )) \
  sipp -sf "$scen/uac_call.xml" -i 127.0.0.1 -p "$uac_port" -s 4930000 "127.0.0.1:$target" \
       -r "$rate" -m "$calls" -d "$hold_ms" -buff_size 4194304 -nostdin \
       -timeout $(( duration + 90 ))s -trace_stat -stf "$dir/uac_stat.csv" -fd 5 \
       -trace_err -error_file "$dir/uac_err.log" > "$dir/uac.out" 2>&1
  local rc=$?
  set -e
  stop_pid "$uas"
  echo "rc=$rc $(sipp_stats "$dir/uac_stat.csv")"
}

median_spread() {  # label values...
  python3 - "$@" <<'EOF'
import statistics, sys
label, vals = sys.argv[1], [float(x) for x in sys.argv[2:]]
print(f"{label}: median {statistics.median(vals):.2f}, min {min(vals):.2f}, max {max(vals):.2f} (n={len(vals)})")
EOF
}

echo "cmr-server: $server; $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "rate $rate calls/s for $duration s, hold $hold_ms ms, $runs runs; logs in $work"

if [[ ,$parts, == *,gateway,* ]]; then
  cpu_vals=()
  for i in $(seq "$runs"); do
    d="$work/gateway-$i"; mkdir -p "$d"
    uas_port=$(free_port); sip_port=$(free_port)
    start_cmr "$d" "$sip_port" "$uas_port"
    c0=$(cpu_s "$cmr_pid")
    line=$(run_load "$sip_port" "$uas_port" "$d")
    c1=$(cpu_s "$cmr_pid")
    cpu=$(echo "scale=1; 100 * ($c1 - $c0) / $duration" | bc)
    stop_pid "$cmr_pid"
    echo "gateway run $i: $line cmr_cpu=${cpu}%"
    cpu_vals+=("$cpu")
  done
  median_spread "gateway cmr-server CPU % of one core" "${cpu_vals[@]}"
fi

if [[ ,$parts, == *,kamailio,* ]]; then
  cpu_vals=()
  for i in $(seq "$runs"); do
    d="$work/kamailio-$i"; mkdir -p "$d"
    uas_port=$(free_port); k_port=$(free_port)
    kamailio -f "$here/kamailio-stateful.cfg" -l "udp:127.0.0.1:$k_port" -DD -E -m "${KAMAILIO_SHM_MB:-1024}" -M 16 \
             -A "NEXT_HOP=\"sip:127.0.0.1:$uas_port\"" -P "$d/kamailio.pid" > "$d/kamailio.log" 2>&1 &
    k_pid=$!
    pids+=("$k_pid")
    sleep 2  # no "ready" line at debug=1; its listener is up well within this
    c0=$(cpu_s "$k_pid" tree)
    line=$(run_load "$k_port" "$uas_port" "$d")
    c1=$(cpu_s "$k_pid" tree)
    cpu=$(echo "scale=1; 100 * ($c1 - $c0) / $duration" | bc)
    stop_pid "$k_pid"
    echo "kamailio run $i: $line kamailio_cpu=${cpu}%"
    cpu_vals+=("$cpu")
  done
  median_spread "kamailio CPU % of one core (all processes)" "${cpu_vals[@]}"
fi

if [[ ,$parts, == *,ims,* ]]; then
  direct_fail=(); ims_fail=(); ims_cpu=(); k_cpu=()
  for i in $(seq "$runs"); do
    # The reference of this run: the same load straight to the AS.
    d="$work/ims-direct-$i"; mkdir -p "$d"
    uas_port=$(free_port); sip_port=$(free_port)
    start_cmr "$d" "$sip_port" "$uas_port" "${UNSERVED:-b2bua}"
    line=$(run_load "$sip_port" "$uas_port" "$d")
    stop_pid "$cmr_pid"
    echo "ims run $i direct: $line"
    direct_fail+=("$(echo "$line" | grep -o ' failed=[0-9]*' | cut -d= -f2)")
    d="$work/ims-scscf-$i"; mkdir -p "$d"
    uas_port=$(free_port); sip_port=$(free_port); k_port=$(free_port)
    start_cmr "$d" "$sip_port" "$uas_port" "${UNSERVED:-b2bua}"
    kamailio -f "$src/configs/ims-scscf.kamailio.cfg" -l "udp:127.0.0.1:$k_port" -DD -E \
             -n "${KAMAILIO_WORKERS:-1}" \
             -m "${KAMAILIO_SHM_MB:-1024}" -M 16 -w "$d" \
             -A "AS_ADDR=\"127.0.0.1:$sip_port\"" -A "CALLEE_ADDR=\"127.0.0.1:$uas_port\"" \
             -A WITH_TERM_AS > "$d/kamailio.log" 2>&1 &
    k_pid=$!
    pids+=("$k_pid")
    sleep 2
    c0=$(cpu_s "$cmr_pid"); k0=$(cpu_s "$k_pid" tree)
    line=$(run_load "$k_port" "$uas_port" "$d")
    c1=$(cpu_s "$cmr_pid"); k1=$(cpu_s "$k_pid" tree)
    stop_pid "$k_pid"; stop_pid "$cmr_pid"
    cpu=$(echo "scale=1; 100 * ($c1 - $c0) / $duration" | bc)
    kc=$(echo "scale=1; 100 * ($k1 - $k0) / $duration" | bc)
    echo "ims run $i via S-CSCF: $line cmr_cpu=${cpu}% kamailio_cpu=${kc}%"
    ims_fail+=("$(echo "$line" | grep -o ' failed=[0-9]*' | cut -d= -f2)")
    ims_cpu+=("$cpu"); k_cpu+=("$kc")
  done
  median_spread "ims direct failed calls" "${direct_fail[@]}"
  median_spread "ims via S-CSCF failed calls" "${ims_fail[@]}"
  median_spread "ims cmr-server CPU % of one core" "${ims_cpu[@]}"
  median_spread "ims kamailio CPU % of one core (all processes)" "${k_cpu[@]}"
fi

if [[ ,$parts, == *,rtp,* ]]; then
  sub=491700000777
  hold=$(( 20000 ))                   # each caller listens 20 s
  em_rate=$(( streams * 1000 / hold ))  # Little: streams = rate * hold
  em_calls=$(( em_rate * 40 ))          # 20 s ramp-up, 20 s at STREAMS concurrent
  jit_vals=()
  for i in $(seq "$runs"); do
    d="$work/rtp-$i"; mkdir -p "$d"
    uas_port=$(free_port); sip_port=$(free_port); media_port=$(free_port)
    start_cmr "$d" "$sip_port" "$uas_port"
    mgmt=$(grep -o 'management HTTP listening on [0-9.]*:[0-9]*' "$d/stderr" | grep -o '[0-9]*$')
    vty=$(grep -o 'VTY telnet listening on [0-9.]*:[0-9]*' "$d/stderr" | grep -o '[0-9]*$')
    curl -sf -H 'Authorization: Bearer demo-portal' -H 'Content-Type: application/json' \
         -d "{\"SubscriberId\":\"$sub\",\"OperationType\":2,\"CMRBT\":true,\"CMRT\":false}" \
         "http://127.0.0.1:$mgmt/cmr/1/ServiceSubscription" > "$d/sub.json"
    python3 - "$d/tone.wav" <<'EOF'
import math, struct, sys, wave
w = wave.open(sys.argv[1], "wb"); w.setnchannels(1); w.setsampwidth(2); w.setframerate(8000)
w.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / 8000))) for i in range(8000 * 5)))
EOF
    curl -sf -X PUT -H 'Authorization: Bearer demo-portal' -H 'Content-Type: audio/wav' \
         --data-binary @"$d/tone.wav" "http://127.0.0.1:$mgmt/cmr/1/resources/demo-system-default/content" \
         > "$d/upload.xml"
    tshark -i lo -f "udp dst port $media_port" -B 64 -w "$d/rtp.pcapng" > "$d/tshark.out" 2>&1 &
    ts=$!
    pids+=("$ts")
    wait_log "$d/tshark.out" "Capturing on" 10
    sipp -sf "$scen/uas_ring.xml" -i 127.0.0.1 -p "$uas_port" -m "$em_calls" -buff_size 4194304 \
         -nostdin -timeout 180s > "$d/uas.out" 2>&1 &
    uas=$!
    pids+=("$uas")
    sleep 0.5
    # The number of streams the server plays, sampled every second on the VTY.
    python3 - "$vty" > "$d/streams.txt" <<'EOF' &
import re, socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
def cmd(line):
    s.sendall(line.encode() + b"\r\n"); buf = b""
    while not re.search(rb"cmr-server[>#] $", buf):
        chunk = s.recv(65536)
        if not chunk: sys.exit(0)
        buf += chunk
    return buf.decode(errors="replace")
cmd("")
while True:
    m = re.search(r"rtp-streams-active (\d+)", cmd("show cmr sip"))
    print(m.group(1) if m else -1, flush=True); time.sleep(1)
EOF
    mon=$!
    pids+=("$mon")
    set +e
    sipp -sf "$scen/uac_early_media.xml" -i 127.0.0.1 -p "$(free_port)" -mi 127.0.0.1 -mp "$media_port" \
         -s "$sub" "127.0.0.1:$sip_port" -r "$em_rate" -m "$em_calls" -d "$hold" -buff_size 4194304 \
         -nostdin -timeout 180s -trace_stat -stf "$d/uac_stat.csv" -fd 5 -trace_err \
         -error_file "$d/uac_err.log" > "$d/uac.out" 2>&1
    rc=$?
    set -e
    stop_pid "$mon"; stop_pid "$uas"; sleep 0.5; stop_pid "$ts"; stop_pid "$cmr_pid"
    peak=$(sort -n "$d/streams.txt" | tail -1)
    # Per stream: packets, lost, mean and max jitter (ms) from tshark's RTP analysis.
    tshark -r "$d/rtp.pcapng" -d "udp.port==$media_port,rtp" -q -z rtp,streams > "$d/streams.z"
    summary=$(python3 - "$d/streams.z" <<'EOF'
import re, statistics, sys
rows = []
for line in open(sys.argv[1]):
    f = line.split()
    # Start, End, Src IP, Src port, Dst IP, Dst port, SSRC, Payload, Pkts, Lost (pct),
    # Min/Mean/Max Delta, Min/Mean/Max Jitter (ms): the last six numbers.
    if len(f) < 16 or not re.match(r"\d+\.\d+\.\d+\.\d+$", f[2]): continue
    nums = [x for x in f if re.match(r"^-?\d+(\.\d+)?$", x)]
    rows.append([float(x) for x in nums[-6:]])
mean_j = [r[4] for r in rows]; max_j = [r[5] for r in rows]
print(f"streams={len(rows)} mean_jitter_ms={statistics.mean(mean_j):.3f} "
      f"worst_stream_mean_ms={max(mean_j):.3f} max_jitter_ms={max(max_j):.3f}")
EOF
)
    echo "rtp run $i: rc=$rc $(sipp_stats "$d/uac_stat.csv") peak_streams=$peak $summary"
    jit_vals+=("$(echo "$summary" | grep -o 'mean_jitter_ms=[0-9.]*' | cut -d= -f2)")
  done
  median_spread "rtp mean jitter ms (mean over streams)" "${jit_vals[@]}"
fi
