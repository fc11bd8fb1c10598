#!/usr/bin/env bash
# Installs (Debian 12, 13 or unstable, as root) the packages tcpstate needs. Packages already
# present are not touched.
#   tools/deps.sh           everything: build, tests, GUI tests, packaging, fuzzing, benchmark,
#                           tcpstate-record and the Debian 13 / unstable test roots
#   tools/deps.sh --series  what a Wireshark-series root needs (tools/series.sh): build, tests,
#                           GUI tests and packaging
# Exit status 3: the packages exist but apt cannot install them (an archive in transition).
set -euo pipefail
series=(
  build-essential cmake pkg-config libglib2.0-dev dpkg-dev file # build, cpack's .deb
  libwireshark-dev wireshark-dev tshark                          # the plugin and its host
  python3                                                        # tests
  babeltrace2 libbabeltrace2-dev python3-bt2                     # LTTng traces (CTF, text)
  wireshark xvfb xdotool imagemagick x11-utils xclip             # GUI tests (xclip: I/O Graph Copy)
)
host=(
  valgrind clang libclang-rt-dev                     # leak checks, fuzzing
  tcptrace time                                      # benchmark
  tcpdump curl bpftrace                              # tcpstate-record and its test
  mmdebstrap git parallel                            # Wireshark-series roots, fresh-clone test
)
packages=("${series[@]}")
opts=()
if [ "${1:-}" = --series ]; then opts+=(--no-install-recommends); else packages+=("${host[@]}"); fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
((${#missing[@]})) || exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "tcpstate: missing packages: ${missing[*]}; run as root to install them" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
if ! apt-get install -y -qq "${opts[@]}" "${missing[@]}" >/tmp/tcpstate-deps.log 2>&1; then
  tail -n 20 /tmp/tcpstate-deps.log >&2
  echo "tcpstate: apt-get could not install: ${missing[*]}" >&2
  exit 3
fi
