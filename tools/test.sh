#!/usr/bin/env bash
# Builds tcpstate and runs every test suite, as root on a fresh Debian 12 machine (it installs
# what it needs):
#   1. Wireshark 4.0, here: plain build (ctest), its .deb installed and checked, then an
#      AddressSanitizer + UBSan build (ctest) and the event parsers' fuzz targets.
#   2. Wireshark 4.4 and 4.6, in Debian 13 (trixie) and Debian unstable (sid) root file systems
#      made with mmdebstrap and reused (tools/series.sh): build, ctest, .deb installed and checked.
# Debian unstable moves: when its packages cannot be installed at all, that series is reported
# as SKIPPED and the run goes on. Any build or test failure fails the run.
# TCPSTATE_SUITES="trixie" (say) limits step 2; TCPSTATE_SUITES="" leaves it out.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/tools/deps.sh"
jobs=$(nproc)
log=$(mktemp /tmp/tcpstate-test.XXXXXX)
trap 'rm -f "$log"' EXIT
passed=0 failed=0 skipped=0
summary=()

# ctest's closing lines, added up ("N% tests passed, F tests failed out of T": a run inside a
# root has two, the suite and the package test), less the tests ctest lists as skipped.
count() { # output file
  local line f t s
  while read -r line; do
    f=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$line")
    t=$(sed -E 's/.* failed out of ([0-9]+).*/\1/' <<<"$line")
    passed=$((passed + t - f)) failed=$((failed + f))
  done < <(grep -E '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$1" || true)
  s=$(grep -cE '^[[:space:]]*[0-9]+ - .* \(Skipped\)$' "$1" || true)
  passed=$((passed - s)) skipped=$((skipped + s))
}
ctest_in() { # build-dir ctest-options...
  local dir=$1 rc=0
  shift
  (cd "$dir" && ctest --output-on-failure --no-tests=error "$@") 2>&1 | tee "$log" || rc=$?
  count "$log"
  return "$rc"
}
build() { # build-dir cmake-options...
  local dir=$1
  shift
  cmake -S "$top" -B "$dir" -DBUILD_TESTING=ON "$@" >/dev/null
  cmake --build "$dir" -j"$jobs"
}

begin=$SECONDS start=$SECONDS
series_host=$(dpkg-query -W -f='${Version}' libwireshark-dev | cut -d. -f1-2)
build "$top/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo
ctest_in "$top/build" -j"$jobs" -LE package
(cd "$top/build" && cpack >/dev/null)
ctest_in "$top/build" -L package
mkdir -p "$top/build-packages"
cp "$top"/build/tcpstate_*.deb "$top/build-packages/"
build "$top/build-asan" -DCMAKE_BUILD_TYPE=Debug -DTCPSTATE_SANITIZE=ON
ctest_in "$top/build-asan" -j"$jobs" -LE package
# The event parsers' libFuzzer targets (clang, ASan + UBSan), each for 30 s: only the fuzz
# tests of this build, the rest ran above.
CC=clang build "$top/build-fuzz" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTCPSTATE_FUZZ=ON -DTCPSTATE_PLUGIN=OFF
ctest_in "$top/build-fuzz" -j"$jobs" -L fuzz
summary+=("Wireshark $series_host (this machine): passed in $((SECONDS - start)) s")

for suite in ${TCPSTATE_SUITES-trixie sid}; do
  start=$SECONDS rc=0
  "$top/tools/series.sh" "$suite" /src/tools/series-test.sh 2>&1 | tee "$log" || rc=$?
  count "$log"
  if ((rc == 0)); then
    summary+=("Debian $suite: passed in $((SECONDS - start)) s")
  elif ((rc == 3)) && [ "$suite" = sid ]; then
    skipped=$((skipped + 1))
    summary+=("Debian $suite: SKIPPED: its packages cannot be installed now (archive in transition)")
    echo "########## SKIPPED: Debian $suite: its packages cannot be installed now ##########" >&2
  else
    echo "tcpstate: the Debian $suite suite failed (exit $rc)" >&2
    exit 1
  fi
done
ls -l "$top"/build-packages/*.deb
printf '%s\n' "${summary[@]}"
echo "tools/test.sh took $((SECONDS - begin)) s"
echo "tests: $passed passed, $failed failed, $skipped skipped"
((failed == 0))
