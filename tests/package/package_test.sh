#!/usr/bin/env bash
# The Debian package, end to end (label "package"):
#   1. copies the tree (git ls-files) to a scratch directory and runs
#      dpkg-buildpackage -us -uc -b there (all output stays in scratch);
#   2. lintian at the warnings level (overrides only with a written reason);
#   3. as root: installs the .debs with apt-get, checks the user, the conffile,
#      /var/lib/cmr and "systemd-analyze verify" of the installed unit; runs
#      the service (systemctl when systemd is PID 1, else the installed binary
#      as user cmr with the installed configuration), asks the management port,
#      stops it; purges and checks that user, conffile and state are gone.
# Not root: steps 1 and 2 only, and a SKIP line says so.
#
# The scratch directory has a fixed name per user (serialised with flock) so
# that ccache, whose key includes the paths the compiler sees, hits on the
# second run: a warm rebuild takes a fraction of a cold one.
set -euo pipefail

src=$(cd "$(dirname "$0")/../.." && pwd)
scratch=${TMPDIR:-/tmp}/cmr-package-test.$(id -u)
mkdir -p "$scratch"
exec 9>"$scratch.lock"
flock 9
rm -rf "${scratch:?}"/*
log=$scratch/log
mkdir -p "$log"

fail() {
  echo "FAIL: $*"
  exit 1
}
step() { echo "== $* ($(date -u +%H:%M:%S))"; }

# ---------------------------------------------------------------- build
version=$(dpkg-parsechangelog -l "$src/debian/changelog" -S Version)
# CMR_PACKAGE_TEST_DEBS=DIR: check the .changes and .debs already in DIR
# (lintian, install, service, purge) instead of building them.
if [ -n "${CMR_PACKAGE_TEST_DEBS:-}" ]; then
  scratch=$(cd "$CMR_PACKAGE_TEST_DEBS" && pwd)
  echo "using the packages in $scratch (no build)"
else
step "copy the tree"
tree=$scratch/cmr-$version
mkdir -p "$tree"
(cd "$src" && git ls-files -z --cached --others --exclude-standard |
  xargs -0 cp --parents -t "$tree" 2>/dev/null) || true
[ -f "$tree/debian/rules" ] || fail "the copy of the tree has no debian/rules"

step "dpkg-buildpackage -us -uc -b"
start=$(date +%s)
export DEB_BUILD_OPTIONS=${DEB_BUILD_OPTIONS:-parallel=1}
if ! (cd "$tree" && nice -n 10 dpkg-buildpackage -us -uc -b) >"$log/build.log" 2>&1; then
  tail -n 60 "$log/build.log"
  fail "dpkg-buildpackage (log: $log/build.log)"
fi
echo "ok: package built in $(($(date +%s) - start)) s"
fi
changes=$(ls "$scratch"/cmr_"$version"_*.changes)
server_deb=$(ls "$scratch"/cmr-server_"$version"_*.deb)
ssf_deb=$(ls "$scratch"/cmr-ssf_"$version"_*.deb)

# ---------------------------------------------------------------- lintian
step "lintian"
# --fail-on warning: an error or a warning fails; info and pedantic do not.
if ! lintian --fail-on error,warning --display-level ">=warning" --no-cfg "$changes" \
  >"$log/lintian.log" 2>&1; then
  cat "$log/lintian.log"
  fail "lintian reports warnings or errors"
fi
echo "ok: lintian clean at the warnings level"

# ---------------------------------------------------------------- install
if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP install, service and purge: not root (package build and lintian passed)"
  exit 0
fi
if dpkg-query -W -f='${Status}' cmr-server 2>/dev/null | grep -q "install ok installed"; then
  echo "SKIP install, service and purge: cmr-server is already installed on this machine"
  exit 0
fi

cleanup() {
  if [ -n "${server_pid:-}" ]; then kill "$server_pid" 2>/dev/null || true; fi
  if dpkg-query -W cmr-server >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq cmr-server cmr-ssf >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

step "apt-get install ./cmr-server.deb ./cmr-ssf.deb"
if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  "$server_deb" "$ssf_deb" >"$log/install.log" 2>&1; then
  cat "$log/install.log"
  fail "apt-get install"
fi
[ -x /usr/bin/cmr-server ] && [ -x /usr/bin/cmr-ssf ] || fail "programs not in /usr/bin"
getent passwd cmr >/dev/null || fail "no system user cmr"
uid=$(id -u cmr)
[ "$uid" -lt 1000 ] || fail "user cmr is not a system user (uid $uid)"
grep -qx /etc/cmr/cmr-server.cfg /var/lib/dpkg/info/cmr-server.conffiles ||
  fail "/etc/cmr/cmr-server.cfg is not a conffile"
grep -Eq '^ *(demo-catalogue|token demo-portal)' /etc/cmr/cmr-server.cfg &&
  fail "the installed configuration enables the demo catalogue or the demo token"
[ "$(stat -c %U:%G /var/lib/cmr)" = "cmr:cmr" ] || fail "/var/lib/cmr not owned by cmr:cmr"
[ -f /usr/share/doc/cmr-server/examples/cmr-server.cfg ] || fail "example configs missing"
ls /usr/share/doc/cmr-server/operations.md* >/dev/null 2>&1 || fail "docs missing"
echo "ok: installed; user cmr (uid $uid), conffile, /var/lib/cmr owned by cmr, docs"

step "systemd-analyze verify"
unit=/lib/systemd/system/cmr-server.service
[ -f "$unit" ] || unit=/usr/lib/systemd/system/cmr-server.service
if ! systemd-analyze verify "$unit" >"$log/verify.log" 2>&1 || [ -s "$log/verify.log" ]; then
  cat "$log/verify.log"
  fail "systemd-analyze verify $unit"
fi
echo "ok: systemd-analyze verify is clean"

# The management port answers: any CMR answer (401/403 without a token) will do.
mgmt_answers() {
  local code
  code=$(curl -s -o "$log/mgmt.out" -w '%{http_code}' -H 'Content-Type: application/json' \
    -d '{"SubscriberId":"491700000001","ResourceListId":"000000"}' \
    "http://127.0.0.1:$1/cmr/1/GetResourceList" || true)
  echo "management answered HTTP $code: $(head -c 200 "$log/mgmt.out")"
  [ "$code" != "000" ] && [ "$code" != "200" -o -s "$log/mgmt.out" ]
}
cfg_port() { sed -n "/^$1\$/,/^[^ ]/s/^ bind 127.0.0.1 \([0-9]*\)\$/\1/p" /etc/cmr/cmr-server.cfg | head -n 1; }
mgmt_port=$(cfg_port mgmt)
vty_port=$(cfg_port "line vty")
[ -n "$mgmt_port" ] && [ -n "$vty_port" ] || fail "no mgmt / vty bind line in /etc/cmr/cmr-server.cfg"

if [ "$(cat /proc/1/comm 2>/dev/null)" = "systemd" ]; then
  step "systemctl start cmr-server"
  systemctl start cmr-server || { journalctl -u cmr-server -n 50 --no-pager; fail "systemctl start"; }
  systemctl is-active --quiet cmr-server || fail "cmr-server is not active"
  mgmt_answers "$mgmt_port" || fail "the management port does not answer"
  systemctl stop cmr-server
  echo "ok: systemctl start, is-active, management request, stop"
else
  echo "SKIP systemctl: systemd is not PID 1 here"
  step "the installed cmr-server as user cmr with /etc/cmr/cmr-server.cfg"
  for p in "$mgmt_port" "$vty_port"; do
    if ss -Htln "sport = :$p" | grep -q .; then
      echo "SKIP running the installed server: port $p of /etc/cmr/cmr-server.cfg is in use here"
      p=busy
      break
    fi
  done
  if [ "$p" != busy ]; then
    (cd /var/lib/cmr && exec setpriv --reuid=cmr --regid=cmr --init-groups \
      /usr/bin/cmr-server -c /etc/cmr/cmr-server.cfg) >"$log/server.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 300); do
      grep -q "cmr-server .* started" "$log/server.log" && break
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    grep -q "cmr-server .* started" "$log/server.log" || { cat "$log/server.log"; fail "no start line"; }
    mgmt_answers "$mgmt_port" || { cat "$log/server.log"; fail "the management port does not answer"; }
    [ "$(stat -c %U /var/lib/cmr/cmr.db)" = cmr ] || fail "the store is not /var/lib/cmr/cmr.db owned by cmr"
    kill -TERM "$server_pid"
    wait "$server_pid" || fail "cmr-server exited with $? after SIGTERM"
    server_pid=
    echo "ok: installed server ran as cmr, store in /var/lib/cmr, management answered, SIGTERM"
  fi
fi

# ---------------------------------------------------------------- purge
step "apt-get purge"
DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq cmr-server cmr-ssf >"$log/purge.log" 2>&1 ||
  { cat "$log/purge.log"; fail "apt-get purge"; }
trap - EXIT
! getent passwd cmr >/dev/null || fail "user cmr still there after purge"
[ ! -e /etc/cmr/cmr-server.cfg ] || fail "conffile still there after purge"
[ ! -e /var/lib/cmr ] || fail "/var/lib/cmr still there after purge"
[ ! -e /usr/bin/cmr-server ] || fail "/usr/bin/cmr-server still there after purge"
echo "ok: purge removed the user, the conffile and /var/lib/cmr"
echo "PASS"
