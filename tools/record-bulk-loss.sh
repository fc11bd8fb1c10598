#!/usr/bin/env bash
# Records captures/events/bulk_loss.{pcap,ftrace.txt,manifest} with tools/tcpstate-record:
# one 4 MB TCP transfer (tools/bulk-transfer.py, CUBIC) from namespace A (10.98.0.1) to
# namespace B (10.98.0.2) over a veth pair, B->A limited by tbf so that the RTT grows with
# the window, and 0.7% of the segments arriving at B dropped at random by nft, so that the
# sender's cwnd grows, falls on each loss and grows again. The receiver keeps its side open
# until the last byte is in, so the sender is ESTABLISHED throughout and tcp_probe fires on
# every ACK it receives. Both namespaces are made here and removed at the end, whatever
# happens.
# Root only. Needs iproute2 (ip, tc), nft (nftables), tcpdump, python3.
#   sudo tools/record-bulk-loss.sh [output prefix]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
prefix=${1:-$top/captures/events/bulk_loss}
nsA=tcpstate-bulk-a nsB=tcpstate-bulk-b
addrA=10.98.0.1 addrB=10.98.0.2 port=5001
bytes=4000000 ack_rate=128kbit ack_queue=300ms loss_per_mille=7
for tool in ip tc nft tcpdump python3; do
  command -v $tool >/dev/null || { echo "record-bulk-loss: $tool not found" >&2; exit 1; }
done

receiver=
cleanup() {
  [ -n "$receiver" ] && kill "$receiver" 2>/dev/null && wait "$receiver" 2>/dev/null
  ip netns del $nsA 2>/dev/null || true
  ip netns del $nsB 2>/dev/null || true
}
trap cleanup EXIT

ip netns add $nsA
ip netns add $nsB
ip link add bulka0 netns $nsA type veth peer name bulkb0 netns $nsB
ip -n $nsA addr add $addrA/24 dev bulka0
ip -n $nsB addr add $addrB/24 dev bulkb0
for ns in $nsA $nsB; do ip -n $ns link set lo up; done
# One segment per frame: no segmentation offload on the sender's side.
ip -n $nsA link set bulka0 gso_max_segs 1 up
ip -n $nsB link set bulkb0 gso_max_segs 1 up
# The queue that grows with the window: B's ACKs, 128 kbit/s, about 240 a second.
# (A tbf on A's own side would stay nearly empty: TCP Small Queues lets only about a
# millisecond of a socket's data wait in a local qdisc, so cwnd would stop growing.)
tc -n $nsB qdisc add dev bulkb0 root tbf rate $ack_rate burst 2kb latency $ack_queue
# Random loss of the segments on their way into B (the SYN excepted), after A's capture
# has seen them.
ip netns exec $nsB nft -f - <<EOF
table inet bulk_loss {
  chain input {
    type filter hook input priority 0;
    ip saddr $addrA tcp dport $port tcp flags & syn == 0 numgen random mod 1000 < $loss_per_mille drop
  }
}
EOF

ip netns exec $nsB python3 "$top/tools/bulk-transfer.py" recv $addrB $port "$bytes" &
receiver=$!
for _ in $(seq 100); do
  ip netns exec $nsB ss -Hltn "sport = :$port" | grep -q . && break
  sleep 0.05
done

cd "$top"
"$top/tools/tcpstate-record" -n $nsA -i bulka0 -s 96 -f "tcp port $port" -o "$prefix" -- \
  python3 tools/bulk-transfer.py send $addrB $port "$bytes"
wait "$receiver"
receiver=
chmod 644 "$prefix.pcap" "$prefix.ftrace.txt" "$prefix.manifest"
ls -l "$prefix".*
