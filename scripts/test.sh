#!/usr/bin/env bash
# Builds and runs the whole test suite: the release build (unit, integration,
# golden vectors), the ASan+UBSan build of the same suite, and the threading
# tests under ThreadSanitizer. Installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

jobs=$(nproc)
run_preset() {
  local preset=$1
  shift
  echo "=== ${preset} ==="
  cmake --preset "${preset}" >/dev/null
  cmake --build --preset "${preset}" -j "${jobs}" "$@"
  ctest --preset "${preset}" -j "${jobs}"
}

run_preset asan
run_preset tsan --target test_unit_sigtran test_unit_store_threads
run_preset release
