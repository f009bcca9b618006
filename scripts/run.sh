#!/usr/bin/env bash
# Builds cmr-server and runs it on the demo configuration (configs/cmr-server.cfg)
# with an embedded SQLite store in var/demo/ and a small demo catalogue.
# Stays up until Ctrl-C. Installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target cmr-server cmr-ssf
mkdir -p var/demo
cd var/demo
exec ../../build/release/apps/cmr-server/cmr-server -c ../../configs/cmr-server.cfg "$@"
