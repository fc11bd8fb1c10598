#!/usr/bin/env bash
# record_named_tasks.sh OUTDIR : record the named_tasks.* fixtures (root, loopback only).
# A python HTTP server whose task name is "web srv-2" and a client named "my cli-ent 7" (spaces and
# dashes in the comm) exchange two GETs on 127.0.0.1 (a free port), twice: once read from an ftrace instance's
# `trace` file (named_tasks.ftrace.txt + named_tasks.pcap), once read back with `trace-cmd extract`
# and `trace-cmd report` (named_tasks.tracecmd.txt + named_tasks_tc.pcap). Clock `local` both times.
set -eu
out=${1:-.}
EVENTS="tcp/tcp_probe tcp/tcp_retransmit_skb tcp/tcp_send_reset tcp/tcp_receive_reset sock/inet_sock_set_state net/net_dev_xmit net/netif_receive_skb"
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T
S= tp= I=
drop_instance() {
    if [ -n "$I" ] && [ -d "$I" ]; then
        echo 0 > $I/tracing_on; for e in $EVENTS; do echo 0 > $I/events/$e/enable; done; rmdir $I
    fi
    I=
}
trap '[ -n "$tp" ] && kill $tp 2>/dev/null; [ -n "$S" ] && kill $S 2>/dev/null; drop_instance' EXIT

python3 -c "
import http.server, socketserver
open('/proc/self/comm', 'w').write('web srv-2')
class Q(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a): pass
s = socketserver.TCPServer(('127.0.0.1', 0), Q)
open('$out/.port', 'w').write(str(s.server_address[1]))
s.serve_forever()" &
S=$!; sleep 1
port=$(cat $out/.port); rm -f $out/.port
client() { python3 -c "
import urllib.request
open('/proc/self/comm', 'w').write('my cli-ent 7')
for i in range(2): urllib.request.urlopen('http://127.0.0.1:$port/').read()"; }

# record NAME: one run with its own ftrace instance and tcpdump; leaves the instance in $I
record() {
    I=$T/instances/$1$$; mkdir $I; echo 0 > $I/tracing_on; echo local > $I/trace_clock
    echo 8192 > $I/buffer_size_kb
    for e in $EVENTS; do echo 1 > $I/events/$e/enable; done
    tcpdump -i lo -w $out/$2 -U "tcp port $port" 2>/dev/null & tp=$!; sleep 1
    echo 1 > $I/tracing_on; client; sleep 0.3; echo 0 > $I/tracing_on; sleep 0.5
    kill $tp; wait $tp 2>/dev/null || true; tp=
}

record tsnames named_tasks.pcap
cat $I/trace > $out/named_tasks.ftrace.txt
drop_instance

record tsnamestc named_tasks_tc.pcap
trace-cmd extract -B $(basename $I) -o $out/named_tasks.dat >/dev/null 2>&1
trace-cmd report -i $out/named_tasks.dat > $out/named_tasks.tracecmd.txt 2>/dev/null
rm -f $out/named_tasks.dat
drop_instance   # trace-cmd extract may have removed it already
echo "named_tasks: $(grep -c 'my cli-ent 7' $out/named_tasks.ftrace.txt) and" \
     "$(grep -c 'my cli-ent 7' $out/named_tasks.tracecmd.txt) client lines"
