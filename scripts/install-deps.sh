#!/usr/bin/env bash
# Installs every Debian package the CMR project needs to build, run and test.
# Idempotent and non-interactive: does nothing when everything is present.
# Runs apt-get directly as root, through sudo otherwise.
set -euo pipefail

packages=(
  tzdata
  # toolchain
  build-essential cmake ninja-build pkg-config git clang clang-format clang-tidy
  libclang-rt-14-dev
  # the libFuzzer build (tests/fuzz): clang 16 has C++20 parenthesised aggregate init
  clang-16 libclang-rt-16-dev
  # Osmocom and SIGTRAN
  libosmocore-dev libosmo-sigtran-dev libosmo-netif-dev libtalloc-dev osmo-stp
  # ASN.1 compiler (its runtime skeletons come with it)
  asn1c
  # Asio/Beast, store, formats, media
  libboost-dev libsqlite3-dev sqlite3 libpugixml-dev nlohmann-json3-dev libsndfile1-dev libssl-dev
  libspandsp-dev libsystemd-dev
  # the Debian package (tests/package)
  debhelper lintian fakeroot
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev tshark sip-tester kamailio kamailio-presence-modules kamailio-sqlite-modules curl
  linphone-cli
  libxml2-utils wrk procps iproute2 psmisc
  prometheus
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  SUDO=(sudo DEBIAN_FRONTEND=noninteractive)
fi

echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture; answer it up front.
echo "wireshark-common wireshark-common/install-setuid boolean false" | "${SUDO[@]}" debconf-set-selections
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
