"""Statistics > I/O Graphs in the real Wireshark plotting MAX(tcpstate.kernel.cwnd) and
AVG(tcpstate.kernel.srtt_us) per 10 ms on captures/lossy.pcap with its events file: the
dialog opens from the Statistics menu, and its Copy (CSV on the clipboard) gives, interval
by interval, the values worked out here from the events file's own tcp_probe lines.

How the expected values are made, without the plugin:
- the clock offset is the one captures/events/README.md documents: the first frame's capture
  time minus the time of the first net_dev_xmit of the same length;
- each tcp_probe line is the kernel receiving one segment: the frame from the probe's `dest`
  to its `src` with `data_len` payload bytes, an ACK within [snd_una, snd_nxt], nearest to the
  probe's time on the capture's clock (tshark's own fields, tests/e2e/kernel_reference.py);
- Wireshark puts a frame in interval floor(frame.time_relative in ms / 10), and shows per
  interval the MAX of snd_cwnd and the mean of srtt over its probes, 0 where there is none.
E.g. frames 1299 (2.749655 s, snd_cwnd=10 srtt=112216) and 1300 (2.749674 s, snd_cwnd=10
srtt=99550) make the interval at 2.74 s: max(10, 10) = 10, (112216 + 99550) / 2 = 105883."""
import os
import shutil
import tempfile
import unittest
from decimal import Decimal

import gui_env
import io_graph
import kernel_reference as ref

OWN = ["frame.number", "frame.time_epoch", "frame.time_relative", "frame.len", "ip.src", "ipv6.src",
       "tcp.srcport", "ip.dst", "ipv6.dst", "tcp.dstport", "tcp.len", "tcp.ack_raw", "tcp.flags.ack"]
# Worked by hand from the tcp_probe lines of lossy.ftrace.txt (interval start in s: cwnd, srtt):
# the handshake of the bulk transfer, then the five HTTP connections and the last ncat. The
# bulk sender sees no tcp_probe after its handshake: its peer closed its own side at once, and
# tcp_probe fires only for ESTABLISHED sockets (not CLOSE_WAIT).
BY_HAND = {0: (15, (81 + 76) / 2), 274: (10, (112216 + 99550) / 2), 275: (11, 101520),
           298: (11, (75846 + 105731 + 106921 + 106921) / 4),
           307: (11, (3199 + 73420 + 64656 + 64656) / 4),
           311: (11, (9230 + 12691 + 12274 + 12274) / 4),
           317: (11, (30411 + 12555 + 14801 + 14801) / 4), 324: (10, (49 + 74) / 2)}
MISSING = gui_env.missing_tools() + ([] if shutil.which("xclip") else ["xclip"])


def interval_of(time_relative):
    """Wireshark's interval index: whole ms since the first frame, over the interval in ms."""
    return int(Decimal(time_relative) * 1000) // io_graph.INTERVAL_MS


def per_interval(samples):
    """{interval: (max cwnd, mean srtt)} from [(interval, cwnd, srtt)]."""
    out = {}
    for i in sorted({s[0] for s in samples}):
        cwnds = [s[1] for s in samples if s[0] == i]
        srtts = [s[2] for s in samples if s[0] == i]
        out[i] = (max(cwnds), sum(srtts) / len(srtts))
    return out


def shown_as(shown, value):
    """The dialog's CSV writes numbers with 6 significant digits (Qt's QTextStream)."""
    return abs(shown - value) <= 5e-6 * abs(value)


@unittest.skipIf(MISSING, f"missing: {' '.join(MISSING)}")
class IOGraphTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="tcpstate-events-")
        cls.events = io_graph.events_copy(cls.dir)
        cls.ws = io_graph.start(cls.events, "io-graph")

    @classmethod
    def tearDownClass(cls):
        cls.ws.close()
        shutil.rmtree(cls.dir, ignore_errors=True)

    def from_events_file(self):
        """(interval, snd_cwnd, srtt) of every tcp_probe line, placed on its frame."""
        args = ["-r", self.ws.capture, "-T", "fields", "-E", "separator=/t"]
        for f in OWN:
            args += ["-e", f]
        packets = []
        for line in gui_env.plain_tshark(args).splitlines():
            v = dict(zip(OWN, line.split("\t")))
            packets.append({"frame": int(v["frame.number"]), "time": Decimal(v["frame.time_epoch"]),
                            "rel": v["frame.time_relative"], "frame_len": int(v["frame.len"]),
                            "src": v["ip.src"] or v["ipv6.src"], "dst": v["ip.dst"] or v["ipv6.dst"],
                            "sport": int(v["tcp.srcport"] or 0), "dport": int(v["tcp.dstport"] or 0),
                            "len": int(v["tcp.len"] or 0), "ack": int(v["tcp.ack_raw"] or 0),
                            "has_ack": v["tcp.flags.ack"] in ("1", "True")})
        events = ref.ftrace_events(self.events)
        offset = ref.first_xmit_offset(events, packets[0]["time"], packets[0]["frame_len"])
        samples = []
        for n, e in sorted(events.items()):
            if e["event"] != "tcp_probe":
                continue
            frame = ref.probe_frame(e, packets, offset)
            self.assertIsNotNone(frame, f"no frame for the tcp_probe of line {n}")
            samples.append((interval_of(frame["rel"]), int(e["kv"]["snd_cwnd"]), int(e["kv"]["srtt"])))
        self.assertEqual(len(samples), 24)
        return per_interval(samples)

    def from_tshark_fields(self):
        """The same from the plugin's per-packet fields in tshark -2."""
        p = self.ws.ts.run(["-2", "-r", self.ws.capture, "-o", "tcpstate.events_file:" + self.events,
                            "-Y", "tcpstate.kernel.cwnd", "-T", "fields", "-E", "occurrence=a",
                            "-E", "aggregator=,", "-e", "frame.time_relative",
                            "-e", "tcpstate.kernel.cwnd", "-e", "tcpstate.kernel.srtt_us"], check=True)
        samples = []
        for line in p.stdout.splitlines():
            rel, cwnds, srtts = line.split("\t")
            for cwnd, srtt in zip(cwnds.split(","), srtts.split(",")):
                samples.append((interval_of(rel), int(cwnd), int(srtt)))
        return per_interval(samples)

    def test_1_graph_values(self):
        ws = self.ws
        dialog = io_graph.open_dialog(ws, 20, 40, 1100, 650)
        self.assertRegex(ws.windows(io_graph.DIALOG_RE)[0][1], r"I/O Graphs · lossy\.pcap$")
        ws.snapshot("io-graph", dialog)
        text = io_graph.copy_csv(ws, dialog)
        with open(os.path.join(ws.artifacts, "io-graph.csv"), "w", encoding="utf-8") as f:
            f.write(text)
        lines = text.splitlines()
        self.assertEqual(lines[0], f'"Interval start","{io_graph.CWND_NAME}","{io_graph.SRTT_NAME}"')
        rows = [[float(c) for c in line.split(",")] for line in lines[1:]]

        want = self.from_events_file()
        self.assertEqual(want, BY_HAND)
        self.assertEqual(want, self.from_tshark_fields())
        # one row per interval from the first frame to the last with a probe
        self.assertEqual(len(rows), max(want) + 1)
        for i, (start, cwnd, srtt) in enumerate(rows):
            with self.subTest(interval=i):
                self.assertAlmostEqual(start, i * io_graph.INTERVAL_MS / 1000, places=9)
                max_cwnd, mean_srtt = want.get(i, (0, 0))
                self.assertEqual(cwnd, max_cwnd)
                self.assertTrue(shown_as(srtt, mean_srtt), f"srtt {srtt} shown, {mean_srtt} expected")

    def test_9_quits_cleanly(self):
        ws = self.ws
        status = ws.quit()
        self.assertEqual(ws.sanitizer_errors(), [])
        self.assertEqual(status, 0, ws.log_text()[-3000:])


if __name__ == "__main__":
    unittest.main()
