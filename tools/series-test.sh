#!/usr/bin/env bash
# Runs inside a Wireshark-series root (tools/series.sh SUITE /src/tools/series-test.sh): brings
# the root up to date, installs what is missing, builds the plugin against that series'
# Wireshark in /var/tmp/tcpstate-build, runs the test suite, builds the .deb, installs it and
# runs the package test. The .deb is copied to /src/build-packages/.
# Exit status 3: the series' packages cannot be installed (an archive in transition).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
if ! apt-get update -qq >/tmp/tcpstate-update.log 2>&1 ||
  ! apt-get -qq dist-upgrade >>/tmp/tcpstate-update.log 2>&1; then
  tail -n 20 /tmp/tcpstate-update.log >&2
  exit 3
fi
/src/tools/deps.sh --series
jobs=$(nproc)
build=/var/tmp/tcpstate-build
# A reused root may hold the build of another tree or commit: never test that.
rm -rf "$build"
cmake -S /src -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=ON >/dev/null
cmake --build "$build" -j"$jobs"
cd "$build"
# record drives the host's kernel tracing and tcpdump: it runs on the host only.
ctest --output-on-failure -j"$jobs" --no-tests=error -LE package -E '^record$'
cpack >/dev/null
ctest --output-on-failure --no-tests=error -L package
mkdir -p /src/build-packages
cp "$build"/tcpstate_*.deb /src/build-packages/
