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
# The event parsers' libFuzzer targets (clang, ASan + UBSan), each for 30 s: only the
# fuzz tests of this build, the rest ran above.
CC=clang cmake -S "$top" -B "$top/build-fuzz" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTCPSTATE_FUZZ=ON -DTCPSTATE_PLUGIN=OFF >/dev/null
cmake --build "$top/build-fuzz" -j"$jobs"
(cd "$top/build-fuzz" && ctest --output-on-failure -j"$jobs" -L fuzz --no-tests=error)
