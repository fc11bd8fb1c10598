#!/usr/bin/env bash
# Regenerates the README's screenshots, docs/images/stats-dialog.png,
# docs/images/packet-list-columns.png and docs/images/io-graph-kernel-cwnd.png, with the
# real Wireshark on a private Xvfb display
# and the plugin built in <build dir> (default: build/), never an installed copy.
#   tools/screenshots.sh [build dir]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
"$top/tools/deps.sh"
cmake -S "$top" -B "$build" >/dev/null
cmake --build "$build" --target tcpstate
TCPSTATE_PLUGIN_DIR="$build/plugins" TCPSTATE_CAPTURES="$top/captures" \
TCPSTATE_GUI_ARTIFACTS="$build/screenshots" PYTHONDONTWRITEBYTECODE=1 \
  python3 "$top/tests/gui/screenshots.py" "$top/docs/images"
