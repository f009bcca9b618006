#!/bin/sh
# N-UNITDATA throughput through the SIGTRAN binding (sigtran::ss7_stack,
# bridge to Asio and back) over IPA on loopback: one sccp_peer keeps
# OUTSTANDING messages in flight against an echoing sccp_peer, directly
# (stand-alone IPA server) and through osmo-stp. Prints messages/s (each
# message is one UDT each way, so one "message" = one round trip).
#
# usage: tests/bench/run_sigtran_bench.sh [BUILD_DIR] [COUNT] [OUTSTANDING] [SIZE]
#   BUILD_DIR   holding tests/integration/sigtran/peer/sccp_peer (default build/release)
#   COUNT       round trips per run (default 200000), OUTSTANDING (100), SIZE octets (100)
# Uses 127.0.0.221 (direct) and 127.0.0.222 (osmo-stp, VTY 4239 there).
set -eu
BUILD=${1:-build/release}
COUNT=${2:-200000}
OUT=${3:-100}
SIZE=${4:-100}
PEER=$BUILD/tests/integration/sigtran/peer/sccp_peer
[ -x "$PEER" ] || { echo "no $PEER: build the sccp_peer target" >&2; exit 1; }
DIR=$(mktemp -d)
PIDS=""
stop_all() { for p in $PIDS; do kill "$p" 2>/dev/null || true; done; PIDS=""; }
trap 'stop_all; rm -rf "$DIR"' EXIT

# echo_peer NAME CFG: an echoing sccp_peer whose stdin stays open (a fifo).
echo_peer() {
  mkfifo "$DIR/$1.in"
  "$PEER" -c "$2" --echo --quiet < "$DIR/$1.in" > "$DIR/$1.out" 2> "$DIR/$1.err" &
  PIDS="$PIDS $!"
  sleep 1000 > "$DIR/$1.in" &
  PIDS="$PIDS $!"
}

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

# run_load CLIENT_CFG: waits for the link, then runs the load; prints the rate.
run_load() {
  mkfifo "$DIR/in"
  "$PEER" -c "$1" < "$DIR/in" > "$DIR/load.out" 2> "$DIR/load.err" &
  load_pid=$!
  exec 3> "$DIR/in"
  i=0
  while :; do
    echo links >&3; sleep 0.2
    grep -q "AS_ACTIVE" "$DIR/load.out" && break
    i=$((i + 1)); [ $i -lt 50 ] || { echo "link did not come up" >&2; cat "$DIR/load.err" >&2; exit 1; }
  done
  sleep 0.2
  echo "load 146 0.23.2 146 $COUNT $OUT $SIZE" >&3
  i=0
  until grep -q "^load " "$DIR/load.out"; do sleep 0.2; i=$((i + 1)); [ $i -lt 600 ] || exit 1; done
  echo quit >&3; exec 3>&-
  wait $load_pid || true
  rm -f "$DIR/in"
  grep "^load " "$DIR/load.out" | awk '{printf "%d round trips in %.2f s: %d msgs/s\n", $2, $3, $4}'
}

echo "== direct: IPA client -> stand-alone IPA server (echo), $OUT outstanding, $SIZE octets"
IP=127.0.0.221; P=$(free_port $IP)
peer_cfg "$DIR/server.cfg" $IP 0.23.2 listen "$P" ssf1 0.12.4
peer_cfg "$DIR/client.cfg" $IP 0.12.4 client ssf1 "$P"
echo_peer server "$DIR/server.cfg"
sleep 0.3
run_load "$DIR/client.cfg"
stop_all

echo "== through osmo-stp: IPA client -> osmo-stp -> IPA client (echo)"
IP=127.0.0.222; P=$(free_port $IP)
{ log_block
  printf 'line vty\n no login\n bind %s\ncs7 instance 0\n point-code 0.0.1\n' $IP
  printf ' listen ipa %s\n  local-ip %s\n  accept-asp-connections dynamic-permitted\n' "$P" $IP
  printf ' as cmr ipa\n  routing-key 0 0.23.2\n  point-code override dpc 0.12.4\n'
  printf ' as ssf ipa\n  routing-key 0 0.12.4\n  point-code override dpc 0.23.2\n'
  printf ' route-table system\n  update route 0.23.2 7.255.7 linkset cmr\n  update route 0.12.4 7.255.7 linkset ssf\n'
} > "$DIR/stp.cfg"
osmo-stp -c "$DIR/stp.cfg" > "$DIR/stp.out" 2>&1 &
PIDS="$PIDS $!"
sleep 0.3
peer_cfg "$DIR/cmr.cfg" $IP 0.23.2 client cmr "$P"
peer_cfg "$DIR/ssf.cfg" $IP 0.12.4 client ssf "$P"
echo_peer cmr "$DIR/cmr.cfg"
sleep 0.3
run_load "$DIR/ssf.cfg"
stop_all
