#!/usr/bin/env bash
# Installs (Debian bookworm, as root) the packages tcpstate needs to build, test and
# benchmark. Packages already present are not touched.
set -euo pipefail
packages=(
  build-essential cmake pkg-config libglib2.0-dev    # build
  libwireshark-dev wireshark-dev tshark               # the plugin and its host
  python3 valgrind clang libclang-rt-14-dev           # tests, leak checks, fuzzing
  tcptrace time                                       # benchmark
  tcpdump curl bpftrace                               # tcpstate-record and its test
  babeltrace2 libbabeltrace2-dev python3-bt2          # LTTng traces (CTF, babeltrace2 text)
  wireshark-qt xvfb xdotool imagemagick x11-utils    # GUI tests and screenshots
  xclip                                               # the I/O Graphs test reads its Copy
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" -ne 0 ]; then
    echo "tcpstate: missing packages: ${missing[*]}; run as root to install them" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi
