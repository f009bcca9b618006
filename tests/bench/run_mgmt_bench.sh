#!/usr/bin/env bash
# Management interface benchmark (docs/performance.md, "Management
# interface"): starts the release cmr-server with a generated configuration
# (free ports, demo catalogue, synchronous=full so every acknowledged write is
# durable), prepares subscribers and resources over HTTP, then runs wrk on
# the same machine (SYNC=normal: WAL without fsync per commit, still safe
# against kill -9): GetResourceList and SubscribeResource, RUNS x DURATION
# each, and prints requests/s with p50/p99 latency, then the group-commit
# writer's counters (requests per transaction).
#   usage: tests/bench/run_mgmt_bench.sh [BUILD_DIR]   (default build/release)
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$src/build/release}" && pwd)
server=$build/apps/cmr-server/cmr-server
runs=${RUNS:-3}
duration=${DURATION:-10s}
threads=${THREADS:-2}
connections=${CONNECTIONS:-32}
[ -x "$server" ] || { echo "no $server (build the release preset first)" >&2; exit 1; }

work=$(mktemp -d /tmp/cmr-mgmt-bench-XXXXXX)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

sed -e 's/bind 127.0.0.1 4260/bind 127.0.0.1 0/' -e 's/bind 127.0.0.1 8080/bind 127.0.0.1 0/' \
    -e 's/logging color 1/logging color 0/' -e "s/database synchronous normal/database synchronous ${SYNC:-full}/" \
    -e 's/max-connections 256/max-connections 1024/' \
    -e 's/max-connections-per-address 64/max-connections-per-address 1024/' "$src/configs/cmr-server.cfg" > "$work/bench.cfg"
(cd "$work" && exec "$server" -c bench.cfg 2> stderr.log > stdout.log) &
pid=$!
port=
for _ in $(seq 100); do
  port=$(sed -n 's/.*management HTTP listening on [0-9.]*:\([0-9]*\).*/\1/p' "$work/stderr.log")
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { cat "$work/stderr.log" >&2; exit 1; }
echo "cmr-server $(basename "$build") on port $port, store $work/cmr.db (synchronous=${SYNC:-full}); preparing..."
python3 "$src/tests/bench/mgmt_bench_prepare.py" "$port"

url=http://127.0.0.1:$port
measure() {  # name script [RUN]
  local name=$1 script=$2 out
  for r in $(seq "$runs"); do
    out=$(RUN=$r wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$script" "$url")
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
    printf '%-18s run %d: %10s req/s  p50 %8s  p99 %8s  %s\n' "$name" "$r" "$rps" "$p50" "$p99" \
      "${non2xx:+non-2xx $non2xx}"
  done
}
measure GetResourceList "$src/tests/bench/mgmt_get_resource_list.lua"
measure SubscribeResource "$src/tests/bench/mgmt_subscribe_resource.lua"
echo "library entries written: $(sqlite3 "$work/cmr.db" 'SELECT count(*) FROM library' 2>/dev/null || echo '?')"
# The group-commit writer's counters, logged at shutdown.
kill "$pid" && wait "$pid" 2>/dev/null || true
pid=
grep -o 'group commit: .*' "$work/stderr.log" || true
