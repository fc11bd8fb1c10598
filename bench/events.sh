#!/usr/bin/env bash
# Benchmark of the kernel events import: parse and index time, memory and per-packet lookup
# time on generated ftrace files of 100,000 and 1,000,000 lines (the event mix of
# captures/events/lossy.ftrace.txt repeated with shifted times).
#
#   bench/events.sh [BUILD_DIR]
#
# Target (README): 1,000,000 lines parsed and indexed in <= 2 s; a lookup that grows with the
# logarithm of the number of events (ten times the events: a few more steps, not ten times).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(realpath -m "${1:-$top/build}")
[ -f "$build/CMakeCache.txt" ] || { echo "bench: $build is not a build directory" >&2; exit 1; }
cmake --build "$build" --target events_parse_time >/dev/null
T=$(mktemp -d /tmp/tcpstate-events-bench.XXXXXX)
trap 'rm -rf "$T"' EXIT
for lines in 100000 1000000; do
  python3 "$top/tests/events/gen_big_ftrace.py" "$top/captures/events/lossy.ftrace.txt" \
    "$T/big.ftrace.txt" "$lines"
  cat "$T/big.ftrace.txt" >/dev/null # into the page cache: the parse, not the disk, is measured
  for round in 1 2 3; do
    "$build/tests/events/events_parse_time" "$T/big.ftrace.txt" | sed "s|$T/||; s|^|[$lines lines, run $round] |"
  done
done
