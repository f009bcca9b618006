#!/bin/sh
# TCAP over SIGTRAN: whole CAP v2 dialogues between two tcap_peer processes
# (each an ss7_stack + tcap_layer on SSN 146) over IPA on loopback:
#   Begin(InitialDP) -> Continue(RRBE+CTR+PA) -> Continue(ERB|SRR) -> End
# = 4 TCAP messages per dialogue. The initiator keeps OUTSTANDING dialogues in
# flight for SECONDS; run directly (responder = stand-alone IPA server) and
# through osmo-stp, RUNS times each. Prints each run's summary line and the
# median and spread (min-max) of the TCAP messages/s (both directions), and
# of the CPU time both peers spent per TCAP message (user + system, all
# threads; osmo-stp not included): on a shared machine the rate follows the
# load of others, the CPU per message much less.
#
# usage: tests/bench/run_tcap_sigtran_bench.sh [BUILD_DIR] [SECONDS] [OUTSTANDING] [RUNS]
#   BUILD_DIR  holding tests/integration/tcap/peer/tcap_peer (default build/release)
#   SECONDS 10, OUTSTANDING 100, RUNS 3
# Uses 127.0.0.241 (direct) and 127.0.0.242 (osmo-stp, VTY 4239 there).
set -eu
BUILD=${1:-build/release}
SECS=${2:-10}
OUT=${3:-100}
RUNS=${4:-3}
PEER=$BUILD/tests/integration/tcap/peer/tcap_peer
[ -x "$PEER" ] || { echo "no $PEER: build the tcap_peer target" >&2; exit 1; }
DIR=$(mktemp -d)
PIDS=""
stop_all() { for p in $PIDS; do kill "$p" 2>/dev/null || true; done; PIDS=""; }
trap 'stop_all; rm -rf "$DIR"' EXIT

free_port() { python3 -c "import socket;s=socket.socket();s.bind(('$1',0));print(s.getsockname()[1])"; }

log_block() {
  printf 'log stderr\n logging filter all 1\n logging color 0\n logging level set-all notice\n'
}

# peer_cfg FILE IP PC [listen PORT CLIENT CLIENT_PC | client NAME PORT]
peer_cfg() {
  f=$1; ip=$2; pc=$3; shift 3
  { log_block
    printf 'line vty\n no login\n bind %s 0\ncs7 instance 0\n point-code %s\n' "$ip" "$pc"
    if [ "$1" = listen ]; then
      printf ' listen ipa %s\n  local-ip %s\n  accept-asp-connections dynamic-permitted\n' "$2" "$ip"
      printf 'sigtran\n no sccp-user ssn 241\n ipa-client %s point-code %s\n' "$3" "$4"
    else
      printf ' asp %s %s 0 ipa\n  local-ip %s\n  remote-ip %s\n  role asp\n  sctp-role client\n' "$2" "$3" "$ip" "$ip"
      printf ' as as-%s ipa\n  asp %s\n  routing-key 0 %s\nsigtran\n no sccp-user ssn 241\n' "$2" "$2" "$pc"
    fi
  } > "$f"
}

# responder NAME CFG [--wait-link]: started in the background, waits for "ready"/"active".
responder() {
  name=$1; cfg=$2; shift 2
  "$PEER" -c "$cfg" --responder "$@" > "$DIR/$name.out" 2> "$DIR/$name.err" &
  RESP_PID=$!
  PIDS="$PIDS $RESP_PID"
  want=ready; [ $# -gt 0 ] && want=active
  i=0
  until grep -q "^$want" "$DIR/$name.out"; do
    sleep 0.1; i=$((i + 1))
    [ $i -lt 200 ] || { echo "responder not $want" >&2; cat "$DIR/$name.err" >&2; exit 1; }
  done
}

# stop_responder NAME: SIGTERM, prints its summary.
stop_responder() {
  kill -TERM "$RESP_PID"; wait "$RESP_PID" || echo "responder exit status $?"
  grep "^summary" "$DIR/$1.out" || true
  # CPU per message of both peers: the initiator's plus the responder's.
  r=$(sed -n 's/^summary.* cpu_us_per_msg=\([0-9.]*\).*/\1/p' "$DIR/$1.out")
  i=$(sed -n 's/^summary.* cpu_us_per_msg=\([0-9.]*\).*/\1/p' "$DIR/init.out")
  [ -n "$r" ] && [ -n "$i" ] && echo "$r $i" | awk '{ printf "%.2f\n", $1 + $2 }' >> "$DIR/cpu"
}

# initiator CFG: one load run; prints the summary and appends the rate to $DIR/rates.
initiator() {
  "$PEER" -c "$1" --initiator --dpc 0.23.2 --outstanding "$OUT" --duration "$SECS" \
    > "$DIR/init.out" 2> "$DIR/init.err" || { echo "initiator failed:" >&2; cat "$DIR/init.out" "$DIR/init.err" >&2; }
  line=$(grep "^summary" "$DIR/init.out")
  echo "  $line"
  echo "$line" | sed -n 's/.*msgs_per_s=\([0-9]*\).*/\1/p' >> "$DIR/rates"
}

report() {
  sort -n "$DIR/rates" | awk -v what="$1" '{ v[NR] = $1 } END {
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%s: median %d TCAP msgs/s (%d dialogues/s), spread %d-%d over %d runs\n", what, m, m / 4, v[1], v[NR], NR }'
  [ -s "$DIR/cpu" ] && sort -n "$DIR/cpu" | awk -v what="$1" '{ v[NR] = $1 } END {
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%s: median %.2f us CPU per TCAP message (both peers), spread %.2f-%.2f\n", what, m, v[1], v[NR] }'
  rm -f "$DIR/rates" "$DIR/cpu"
}

echo "== direct: initiator (IPA client) -> responder (stand-alone IPA server), $OUT outstanding, ${SECS} s"
IP=127.0.0.241
for r in $(seq "$RUNS"); do
  P=$(free_port $IP)
  peer_cfg "$DIR/server.cfg" $IP 0.23.2 listen "$P" ssf1 0.12.4
  peer_cfg "$DIR/client.cfg" $IP 0.12.4 client ssf1 "$P"
  responder server "$DIR/server.cfg"
  initiator "$DIR/client.cfg"
  stop_responder server
  stop_all
done
report "direct"

echo "== through osmo-stp: initiator -> osmo-stp -> responder (both IPA clients), $OUT outstanding, ${SECS} s"
IP=127.0.0.242
for r in $(seq "$RUNS"); do
  P=$(free_port $IP)
  { log_block
    printf 'line vty\n no login\n bind %s\ncs7 instance 0\n point-code 0.0.1\n' $IP
    printf ' listen ipa %s\n  local-ip %s\n  accept-asp-connections dynamic-permitted\n' "$P" $IP
    printf ' as scf ipa\n  routing-key 0 0.23.2\n  point-code override dpc 0.12.4\n'
    printf ' as ssf ipa\n  routing-key 0 0.12.4\n  point-code override dpc 0.23.2\n'
    printf ' route-table system\n  update route 0.23.2 7.255.7 linkset scf\n  update route 0.12.4 7.255.7 linkset ssf\n'
  } > "$DIR/stp.cfg"
  osmo-stp -c "$DIR/stp.cfg" > "$DIR/stp.out" 2>&1 &
  PIDS="$PIDS $!"
  sleep 0.3
  peer_cfg "$DIR/scf.cfg" $IP 0.23.2 client scf "$P"
  peer_cfg "$DIR/ssf.cfg" $IP 0.12.4 client ssf "$P"
  responder scf "$DIR/scf.cfg" --wait-link
  initiator "$DIR/ssf.cfg"
  stop_responder scf
  stop_all
  sleep 0.3
done
report "through osmo-stp"
