#!/usr/bin/env bash
# Writes every report form (-z tcpstate,summary|csv|json|table) of every capture in captures/,
# with and without the events file recorded beside it, and the per-packet fields, into OUTDIR:
# the plugin of BUILD as user nobody. Two snapshots compared with `diff -r` show whether a
# change altered any output. As root:
#   tools/report-snapshot.sh BUILD OUTDIR
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:?usage: tools/report-snapshot.sh BUILD OUTDIR}" && pwd)
out=${2:?usage: tools/report-snapshot.sh BUILD OUTDIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)
T=$(mktemp -d /tmp/tcpstate-snapshot.XXXXXX)
trap 'rm -rf "$T"' EXIT
cp -r "$build/plugins" "$T/plugins"
cp -r "$top/captures" "$T/captures"
mkdir -p "$T/home"
chmod -R a+rX "$T"
chown -R nobody "$T/home"
ts() { runuser -u nobody -- env HOME="$T/home" WIRESHARK_PLUGIN_DIR="$T/plugins" LC_ALL=C TZ=UTC tshark "$@"; }
fields=(-e frame.number -e tcpstate.conn -e tcpstate.dir -e tcpstate.state -e tcpstate.final_state
        -e tcpstate.rtt -e tcpstate.handshake_rtt -e tcpstate.phase -e tcpstate.dns_time
        -e tcpstate.conn_packets -e tcpstate.conn_bytes)
kfields=(-e frame.number -e tcpstate.kernel.event -e tcpstate.kernel.match -e tcpstate.kernel.comm
         -e tcpstate.kernel.state -e tcpstate.kernel.cwnd -e tcpstate.kernel.srtt_us)
cd "$T/captures"
for cap in $(find . -name '*.pcap' | sort); do
  name=${cap#./}
  name=${name//\//_}
  args=()
  for f in summary csv json table; do args+=(-z "tcpstate,$f"); done
  ts -q "${args[@]}" -r "$cap" >"$out/$name.reports" 2>&1 || true
  ts -2 -o tcpstate.first_pass_fields:TRUE -r "$cap" -T fields "${fields[@]}" >"$out/$name.fields" 2>&1 || true
  stem=${cap%.pcap}
  for ev in "$stem".ftrace.txt "$stem".ebpf.txt "events/$(basename "$stem")".ftrace.txt "events/$(basename "$stem")".ebpf.txt; do
    [ -f "$ev" ] || continue
    ts -2 -q -o "tcpstate.events_file:$T/captures/$ev" "${args[@]}" -r "$cap" >"$out/$name.events.reports" 2>&1 || true
    ts -2 -o "tcpstate.events_file:$T/captures/$ev" -r "$cap" -T fields "${kfields[@]}" >"$out/$name.events.fields" 2>&1 || true
    break
  done
done
# the events file's path names the temporary folder: the same name in every snapshot
sed -i "s|$T/|SNAPSHOT/|g" "$out"/*
ls "$out" | wc -l
