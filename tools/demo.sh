#!/usr/bin/env bash
# Builds and installs the plugin, then prints the connection summary of a shipped capture.
#   sudo tools/demo.sh [capture]        (default: captures/lossy.pcap)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
capture=${1:-$top/captures/lossy.pcap}
"$top/tools/deps.sh"
cmake -S "$top" -B "$top/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF >/dev/null
cmake --build "$top/build" -j"$(nproc)" >/dev/null
cmake --install "$top/build" >/dev/null
tshark -q -z tcpstate,summary -r "$capture"
