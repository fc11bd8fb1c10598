"""tools/tcpstate-record on loopback traffic the test makes itself (root only)."""
import os
import re
import shutil
import subprocess
import tempfile
import unittest

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RECORD = os.path.join(TOP, "tools", "tcpstate-record")
PORT = 18931
# One GET against a local server; every step is bounded in time.
TRAFFIC = (f"python3 -m http.server {PORT} --bind 127.0.0.1 >/dev/null 2>&1 & s=$!; "
           f"for i in $(seq 50); do curl -s -o /dev/null --max-time 2 http://127.0.0.1:{PORT}/ && break; sleep 0.1; done; "
           "kill $s")


@unittest.skipUnless(os.geteuid() == 0, "tcpstate-record needs root (ftrace, tcpdump)")
class Record(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="tcpstate-record-")
        self.prefix = os.path.join(self.dir, "run")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def record(self, *options):
        return subprocess.run([RECORD, "-f", f"tcp port {PORT}", "-o", self.prefix, *options, "--",
                               "bash", "-c", TRAFFIC], capture_output=True, text=True, timeout=120)

    def test_records_capture_events_and_manifest(self):
        p = self.record()
        self.assertEqual(p.returncode, 0, p.stderr)
        # The capture: tshark sees the connection to PORT, handshake and close included.
        out = subprocess.run(["tshark", "-r", self.prefix + ".pcap", "-T", "fields", "-e", "tcp.stream",
                              "-e", "tcp.flags.syn", "-e", "tcp.flags.fin"], capture_output=True, text=True)
        rows = [line.split("\t") for line in out.stdout.splitlines()]
        self.assertGreaterEqual(len({r[0] for r in rows}), 1)
        self.assertTrue(any(r[1] in ("1", "True") for r in rows))
        self.assertTrue(any(r[2] in ("1", "True") for r in rows))
        # The events: the kernel saw the same connection, and the sync marker is there.
        with open(self.prefix + ".ftrace.txt") as f:
            trace = f.read()
        self.assertRegex(trace, rf"inet_sock_set_state: .*dport={PORT} .*newstate=TCP_SYN_SENT")
        self.assertRegex(trace, rf"tcp_probe: .*:{PORT}")
        marker = re.search(r"(\d+\.\d+): tracing_mark_write: tcpstate_sync epoch=(\d+\.\d+)", trace)
        self.assertIsNotNone(marker)
        # net_dev_xmit on lo: one per frame the capture holds (both are of the same packets).
        xmit_lens = [int(x) for x in re.findall(r"net_dev_xmit: dev=lo \S+ len=(\d+)", trace)]
        frame_lens = subprocess.run(["tshark", "-r", self.prefix + ".pcap", "-T", "fields", "-e", "frame.len"],
                                    capture_output=True, text=True).stdout.split()
        for n in frame_lens:
            self.assertIn(int(n), xmit_lens)
        with open(self.prefix + ".manifest") as f:
            manifest = f.read()
        for line in ("trace_clock: local", "interface: lo", f"filter: tcp port {PORT}",
                     "events: tcp/tcp_probe", "command: bash -c", "exit status: 0"):
            self.assertIn(line, manifest)
        self.assertIn(marker.group(2), manifest)
        # The private ftrace instance is gone.
        self.assertFalse([d for d in os.listdir("/sys/kernel/tracing/instances") if d.startswith("tcpstate-")])

    @unittest.skipUnless(shutil.which("bpftrace"), "bpftrace not installed")
    def test_bundled_bpftrace_script(self):
        p = self.record("-B")
        self.assertEqual(p.returncode, 0, p.stderr)
        with open(self.prefix + ".ebpf.txt") as f:
            rows = f.read()
        self.assertIn("PID    COMM", rows)
        self.assertRegex(rows, rf"curl .* {PORT} +\d+ +inet_sock_set_state TCP_SYN_SENT")

    def test_snaplen(self):
        p = self.record("-s", "96")
        self.assertEqual(p.returncode, 0, p.stderr)
        out = subprocess.run(["tshark", "-r", self.prefix + ".pcap", "-T", "fields", "-e", "frame.len",
                              "-e", "frame.cap_len"], capture_output=True, text=True).stdout
        rows = [[int(x) for x in line.split()] for line in out.splitlines()]
        self.assertTrue(rows)
        self.assertTrue(all(cap == min(length, 96) for length, cap in rows), rows)
        self.assertTrue(any(length > 96 for length, _ in rows))  # the HTTP response was cut
        with open(self.prefix + ".manifest") as f:
            self.assertIn("snaplen: 96\n", f.read())

    def test_command_status_is_passed_on(self):
        p = subprocess.run([RECORD, "-o", self.prefix, "--", "false"], capture_output=True, text=True, timeout=60)
        self.assertEqual(p.returncode, 1)
        with open(self.prefix + ".manifest") as f:
            self.assertIn("exit status: 1", f.read())

    def test_usage_errors(self):
        p = subprocess.run([RECORD], capture_output=True, text=True, timeout=30)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("no command given", p.stderr)
        p = subprocess.run([RECORD, "-s", "96k", "--", "true"], capture_output=True, text=True, timeout=30)
        self.assertEqual(p.returncode, 2)
        self.assertIn('-s wants a number of bytes, not "96k"', p.stderr)


if __name__ == "__main__":
    unittest.main()
