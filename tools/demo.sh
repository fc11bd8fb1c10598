#!/usr/bin/env bash
# Builds the tcpstate package for this machine's Wireshark, installs it, and prints the
# connection summary of a shipped capture. As root:
#   tools/demo.sh [capture]        (default: captures/lossy.pcap)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
capture=${1:-$top/captures/lossy.pcap}
"$top/tools/deps.sh"
cmake -S "$top" -B "$top/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$top/build" -j"$(nproc)" >/dev/null
(cd "$top/build" && cpack >/dev/null)
deb=$(ls "$top"/build/tcpstate_*.deb)
echo "tcpstate: installing $deb" >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --reinstall "$deb" >/dev/null
tshark -q -z tcpstate,summary -r "$capture"
