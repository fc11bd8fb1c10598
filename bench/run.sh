#!/usr/bin/env bash
# Benchmark: tshark -z tcpstate,summary against tshark -z conv,tcp and tcptrace, on a
# capture of many interleaved connections written by tools/gen_capture.
#
#   bench/run.sh [-r ROUNDS] [-c CONNECTIONS] [-s SEED] [-n "NAME ..."] [BUILD_DIR]
#
# -n runs only the named commands (summary conv tcptrace fast_summary fast_conv notap
# dissect fast_dissect fields_stream fields_state nopost fast_nopost oneway_summary oneway_conv):
# more rounds of fewer commands
# when the machine's speed varies from run to run. Ratios and differences are printed for
# the pairs that ran.
# Defaults: 5 rounds, 100000 connections (about 1.35 million packets), seed 1, ./build.
# oneway_*: a second capture, one bulk transfer of 400,000 segments seen from one side (no
# ACK ever captured, 5% of the segments re-sent; gen_capture --one-way): every segment waits
# for its ACK, so what a long wait costs per segment shows there.
# Run as root on a configured build directory (cmake -S . -B build); the script only
# brings it up to date. The capture is generated once into BUILD_DIR/bench/ and reused.
#
# tshark run as root loads plugins only from the global folder, so every tshark here runs
# as user `nobody`, with WIRESHARK_PLUGIN_DIR pointing at a private copy of the plugin
# just built and HOME at a private folder holding the tcpstate-fast profile of profiles/.
# Each round runs every command once, in a rotated order; the report gives medians of
# wall time, user+sys time and peak RSS (GNU time), and the best wall time, the ratios
# the performance issue sets targets for, and the memory tcpstate adds per connection.
# Other work on the machine shows as wall time well above cpu time: rerun then.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
rounds=5 conns=100000 seed=1 only=""
usage() { sed -n '5p' "$0" | sed 's/^#  *//' >&2; exit 2; }
while getopts r:c:s:n:h opt; do
  case $opt in
    r) rounds=$OPTARG ;; c) conns=$OPTARG ;; s) seed=$OPTARG ;; n) only=$OPTARG ;; *) usage ;;
  esac
done
shift $((OPTIND - 1))
(($# <= 1)) || usage
build=$(realpath -m "${1:-$top/build}")
die() { echo "bench: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run as root (tshark is run as user nobody with the fresh plugin)"
[ -f "$build/CMakeCache.txt" ] || die "$build is not a build directory; first: cmake -S $top -B $build"
command -v tshark >/dev/null && command -v tcptrace >/dev/null && command -v capinfos >/dev/null ||
  die "needs tshark, capinfos and tcptrace (tools/deps.sh installs them)"
if [ ! -x /usr/bin/time ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null || die "cannot install GNU time"
fi

cmake --build "$build" -j"$(nproc)" >/dev/null
gen=$build/tools/gen_capture
series=$(sed -n 's/^TCPSTATE_WS_SERIES:[A-Z]*=//p' "$build/CMakeCache.txt")
[ -x "$gen" ] && [ -f "$build/plugins/$series/epan/tcpstate.so" ] ||
  die "no gen_capture or plugin in $build (configured with -DTCPSTATE_PLUGIN=OFF?)"

cache=$build/bench
mkdir -p "$cache"
cap=$cache/capture-$conns-$seed.pcap
if [ ! -s "$cap" ] || [ "$gen" -nt "$cap" ]; then
  echo "bench: generating $cap" >&2
  "$gen" "$cap.part" "$conns" "$seed"
  mv "$cap.part" "$cap"
fi

owcap=$cache/one-way-400000-$seed.pcap
if [ ! -s "$owcap" ] || [ "$gen" -nt "$owcap" ]; then
  echo "bench: generating $owcap" >&2
  "$gen" --one-way "$owcap.part" 400000 "$seed"
  mv "$owcap.part" "$owcap"
fi

T=$(mktemp -d /tmp/tcpstate-bench.XXXXXX)
trap 'rm -rf "$T"' EXIT
chmod 755 "$T"
cp -r "$build/plugins" "$T/plugins"
ln "$cap" "$T/capture.pcap" 2>/dev/null || cp "$cap" "$T/capture.pcap"
ln "$owcap" "$T/one-way.pcap" 2>/dev/null || cp "$owcap" "$T/one-way.pcap"
chmod 644 "$T/capture.pcap" "$T/one-way.pcap"
mkdir -p "$T/home/.config/wireshark/profiles"
cp -r "$top/profiles/tcpstate-fast" "$T/home/.config/wireshark/profiles/"
chmod -R a+rX "$T"
chown -R nobody "$T/home"
c=$T/capture.pcap

ts() { runuser -u nobody -- env HOME="$T/home" WIRESHARK_PLUGIN_DIR="$T/plugins" LC_ALL=C tshark "$@"; }

# The plugin tshark loads must be the copy of the one just built.
ts -G plugins | grep -q "$T/plugins/$series/epan/tcpstate.so" ||
  die "tshark did not load $T/plugins/$series/epan/tcpstate.so: $(ts -G plugins 2>&1 | grep tcpstate)"
# The fast profile must not change the report: checked on a small capture first.
"$gen" "$T/check.pcap" 2000 "$seed" 2>/dev/null
chmod 644 "$T/check.pcap"
ts -q -z tcpstate,summary -r "$T/check.pcap" >"$T/check.default"
ts -C tcpstate-fast -q -z tcpstate,summary -r "$T/check.pcap" >"$T/check.fast"
grep -q "Total number of connections: 2000$" "$T/check.default" || die "unexpected report on $T/check.pcap"
cmp -s "$T/check.default" "$T/check.fast" || die "the tcpstate-fast profile changes the report"

# name | command. "dissect" runs a tap that keeps no state and needs no tree (the rpc
# tap, never fed here), so its RSS is tshark's own for the same dissection; "notap"
# dissects nothing at all: tshark skips dissection when no tap or filter needs it.
names=(summary conv tcptrace fast_summary fast_conv notap dissect fast_dissect fields_stream fields_state nopost
  fast_nopost oneway_summary oneway_conv)
declare -A cmd=(
  [summary]="tshark -q -z tcpstate,summary -r CAP"
  [conv]="tshark -q -z conv,tcp -r CAP"
  [tcptrace]="tcptrace -l -r -n CAP"
  [fast_summary]="tshark -C tcpstate-fast -q -z tcpstate,summary -r CAP"
  [fast_conv]="tshark -C tcpstate-fast -q -z conv,tcp -r CAP"
  [notap]="tshark -q -r CAP"
  [dissect]="tshark -q -z rpc,programs -r CAP"
  [fast_dissect]="tshark -C tcpstate-fast -q -z rpc,programs -r CAP"
  [nopost]="tshark --disable-protocol tcpstate -q -z tcpstate,summary -r CAP"
  [fast_nopost]="tshark -C tcpstate-fast --disable-protocol tcpstate -q -z tcpstate,summary -r CAP"
  [fields_stream]="tshark -T fields -e tcp.stream -r CAP"
  [fields_state]="tshark -T fields -e tcpstate.state -r CAP"
  [oneway_summary]="tshark -q -z tcpstate,summary -r OWCAP"
  [oneway_conv]="tshark -q -z conv,tcp -r OWCAP"
)
if [ -n "$only" ]; then
  for k in $only; do [ -n "${cmd[$k]:-}" ] || die "-n: no command named $k"; done
  read -r -a names <<<"$only"
fi

run() { # name: appends "wall user+sys rss_kb" to $T/<name>
  local -a argv
  local line=${cmd[$1]//OWCAP/$T/one-way.pcap}
  read -r -a argv <<<"${line//CAP/$c}"
  [ "${argv[0]}" = tshark ] && argv=(runuser -u nobody -- env HOME="$T/home"
    WIRESHARK_PLUGIN_DIR="$T/plugins" LC_ALL=C "${argv[@]}")
  /usr/bin/time -f "%e %U %S %M" -o "$T/time" "${argv[@]}" >/dev/null 2>"$T/stderr" ||
    die "${cmd[$1]} failed: $(tail -3 "$T/stderr")"
  awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$T/time" >>"$T/$1"
}

packets=$(capinfos -T -c -M "$cap" | awk -F'\t' 'NR == 2 { print $2 }')
echo "capture: $cap: $conns connections, $packets packets, $(($(stat -c %s "$cap") >> 20)) MiB"
echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine adds noise)"
cat "$c" "$T/one-way.pcap" >/dev/null # into the page cache, so that no round pays the disk read
for ((r = 0; r < rounds; r++)); do
  n=${#names[@]}
  for ((i = 0; i < n; i++)); do
    run "${names[(i + r) % n]}"
  done
  echo "round $((r + 1))/$rounds done" >&2
done

median() { # file column -> median of that column
  awk -v k="$2" '{ print $k }' "$1" | sort -g | awk '{ v[NR] = $1 } END {
    print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
best() { awk '{ print $1 }' "$1" | sort -g | head -1; }
declare -A wall best cpu rss
printf '\n%-58s %8s %8s %8s %10s\n' "command (CAP = the capture; medians of $rounds rounds)" "wall s" "best s" "cpu s" "peak RSS"
for k in "${names[@]}"; do
  wall[$k]=$(median "$T/$k" 1) best[$k]=$(best "$T/$k") cpu[$k]=$(median "$T/$k" 2) rss[$k]=$(median "$T/$k" 3)
  printf '%-58s %8.2f %8.2f %8.2f %6d MiB\n' "${cmd[$k]}" "${wall[$k]}" "${best[$k]}" "${cpu[$k]}" \
    "$((${rss[$k]%.*} >> 10))"
done

ratio() { # label a b [target]: a/b of median wall time against the target; best, cpu and
  # the median of the ratios within each round (the machine's speed drifts less within one)
  [ -n "${wall[$2]:-}" ] && [ -n "${wall[$3]:-}" ] || return 0
  local rounds_ratio
  rounds_ratio=$(paste -d' ' "$T/$2" "$T/$3" | awk '{ print $1 / $4 }' | sort -g | awk '{ v[NR] = $1 }
    END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
  awk -v l="$1" -v a="${wall[$2]}" -v b="${wall[$3]}" -v ba="${best[$2]}" -v bb="${best[$3]}" \
    -v ca="${cpu[$2]}" -v cb="${cpu[$3]}" -v rr="$rounds_ratio" -v t="$4" 'BEGIN { r = a / b;
    printf "%-58s %6.3f (best %5.3f, cpu %5.3f, per round %5.3f)", l, r, ba / bb, ca / cb, rr;
    if (t != "") printf "  target <= %s  %s", t, (r <= t) ? "met" : "MISSED"; print "" }'
}
per_conn() { # label a b [target]: (rss a - rss b) in bytes per connection
  [ -n "${rss[$2]:-}" ] && [ -n "${rss[$3]:-}" ] || return 0
  awk -v l="$1" -v a="${rss[$2]}" -v b="${rss[$3]}" -v n="$conns" -v t="${4:-}" \
    'BEGIN { v = (a - b) * 1024 / n; printf "%-58s %8.0f bytes", l, v;
             if (t != "") printf "  target <= %s  %s", t, (v <= t) ? "met" : "MISSED"; print "" }'
}
echo
echo "ratios of median wall time (of best wall time, of median user+sys time, median of the per-round ratios)"
ratio "tcpstate,summary / conv,tcp" summary conv 1.05
ratio "tcpstate,summary (tcpstate-fast) / tcptrace" fast_summary tcptrace 1.0
ratio "tcpstate,summary / conv,tcp, both tcpstate-fast" fast_summary fast_conv 1.05
ratio "one-way capture: tcpstate,summary / conv,tcp" oneway_summary oneway_conv 1.05
ratio "rpc,programs (no work in the tap, tcpstate-fast) / tcptrace" fast_dissect tcptrace ""
per_packet() { # label a b: (a - b) / packets of median wall and user+sys time, in microseconds
  [ -n "${wall[$2]:-}" ] && [ -n "${wall[$3]:-}" ] || return 0
  awk -v l="$1" -v a="${wall[$2]}" -v b="${wall[$3]}" -v ca="${cpu[$2]}" -v cb="${cpu[$3]}" \
    -v n="$packets" 'BEGIN { printf "%-58s %8.3f us (cpu %.3f us)\n", l, (a - b) * 1e6 / n, (ca - cb) * 1e6 / n }'
}
ratio "tcpstate,summary / the same without the post-dissector" summary nopost ""
ratio "the same, both tcpstate-fast" fast_summary fast_nopost ""
ratio "tcpstate-fast without the post-dissector / tcptrace" fast_nopost tcptrace ""
echo
echo "per-packet fields: extra time per packet of the tcpstate field over tcp.stream"
per_packet "-T fields -e tcpstate.state  minus  -e tcp.stream" fields_state fields_stream
echo
echo "memory per connection: difference of median peak RSS / $conns connections"
per_conn "tcpstate,summary - no tap" summary notap
per_conn "tcpstate,summary - rpc,programs (same dissection)" summary dissect 320
per_conn "tcpstate-fast: tcpstate,summary - rpc,programs" fast_summary fast_dissect 320
per_conn "conv,tcp - rpc,programs, for comparison" conv dissect
echo "(without a tap or filter tshark dissects nothing, so \"no tap\" leaves out all of"
echo " tshark's own per-packet and per-connection state, not only tcpstate's)"
{
  echo "# name wall cpu rss_kb, one line per round; $(date -u +%FT%TZ); $cap"
  for k in "${names[@]}"; do sed "s/^/$k /" "$T/$k"; done
} >"$cache/last-run.txt"
echo
echo "per-round values: $cache/last-run.txt"
