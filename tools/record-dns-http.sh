#!/usr/bin/env bash
# Records captures/dns_http.pcap: DNS lookups answered by a local dnsmasq, each followed
# by an HTTP GET to the address it returned, all on loopback (127.0.0.1 -> 127.0.0.2).
# Root only (port 53, tcpdump). Needs dnsmasq-base, bind9-dnsutils (dig), curl, tcpdump.
#   sudo tools/record-dns-http.sh [output.pcap]
set -euo pipefail
out=${1:-$(cd "$(dirname "$0")/.." && pwd)/captures/dns_http.pcap}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

dnsmasq --no-daemon --no-resolv --no-hosts --bind-interfaces --listen-address=127.0.0.1 --port=53 \
        --address=/web.tcpstate.test/127.0.0.2 --address=/api.tcpstate.test/127.0.0.2 \
        --log-facility=/dev/null &
(cd "$work" && echo hello > index.html && exec python3 -m http.server 8080 --bind 127.0.0.2 >/dev/null 2>&1) &
tcpdump -i lo -U -w "$out" 'udp port 53 or tcp port 8080' 2>/dev/null &
tcpdump_pid=$!
sleep 1
for name in web.tcpstate.test api.tcpstate.test web.tcpstate.test; do
  addr=$(dig +short +time=2 +tries=1 @127.0.0.1 "$name" A)
  curl -s -o /dev/null --max-time 5 "http://$addr:8080/"
  sleep 0.2
done
# A connection with no lookup in the 5 s before it (core/dns_link.h: TS_DNS_WINDOW).
sleep 6
curl -s -o /dev/null --max-time 5 "http://127.0.0.2:8080/"
sleep 0.5
kill "$tcpdump_pid"; wait "$tcpdump_pid" 2>/dev/null || true
echo "$out: $(tshark -r "$out" 2>/dev/null | wc -l) packets"
