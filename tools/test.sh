#!/usr/bin/env bash
# Builds tcpstate twice (plain, then AddressSanitizer + UBSan) and runs the whole test
# suite with ctest on each. Run as root on a fresh machine: it installs what it needs.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/tools/deps.sh"
jobs=$(nproc)
run_suite() { # build-dir cmake-options...
  local dir=$1; shift
  cmake -S "$top" -B "$dir" "$@" >/dev/null
  cmake --build "$dir" -j"$jobs"
  (cd "$dir" && ctest --output-on-failure -j"$jobs")
}
run_suite "$top/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo
run_suite "$top/build-asan" -DCMAKE_BUILD_TYPE=Debug -DTCPSTATE_SANITIZE=ON
