"""Statistics > I/O Graphs in the real Wireshark plotting MAX(tcpstate.kernel.cwnd) and
AVG(tcpstate.kernel.srtt_us) per 100 ms of the bulk sender's tcp_probe events on
captures/events/bulk_loss.pcap with its events file: the dialog opens from the Statistics
menu, and its Copy (CSV on the clipboard) gives, interval by interval, the values worked out
here from the events file's own tcp_probe lines.

How the expected values are made, without the plugin:
- the clock offset is the one captures/events/README.md documents: the first frame's capture
  time minus the time of the first net_dev_xmit of the same length;
- each tcp_probe line of the sender (src=10.98.0.1:...) is the kernel receiving one segment:
  the frame from the probe's `dest` to its `src` (so one the graphs' display filter
  ip.src == 10.98.0.2 keeps) with `data_len` payload bytes, an ACK within [snd_una, snd_nxt],
  nearest to the probe's time on the capture's clock (tshark's own fields,
  tests/e2e/kernel_reference.py);
- Wireshark puts a frame in interval floor(frame.time_relative in ms / 100), and shows per
  interval the MAX of snd_cwnd and the mean of srtt over its probes, 0 where there is none.
E.g. the last interval, at 4.6 s, holds the 18 probes of lines 11620 to 11743 (frames 3866 to
3907): snd_cwnd 15 (7 times) then 16 (11 times), so 16; srtt 19134 + 19300 + ... + 26531 =
408402, / 18 = 22689."""
import bisect
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
SENDER = "10.98.0.1"
SENDER_PROBES = 1103  # tcp_probe lines with src=10.98.0.1: in bulk_loss.ftrace.txt
# Worked by hand from the sender's tcp_probe lines of bulk_loss.ftrace.txt (interval: max
# snd_cwnd, srtt sum / probes): slow start up to 63 and the first loss at 0 s (lines 78 to
# 593), the queue of ACKs at its longest at 0.8 s (1786 to 1949), cwnd falling from 15 to 10
# at 1.7 s (3560 to 3737), the last interval (above).
BY_HAND = {0: (63, 546004 / 34), 8: (36, 2541984 / 22), 17: (15, 998851 / 23),
           46: (16, 408402 / 18)}
WINDOW = Decimal("0.001")
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
@unittest.skipIf(io_graph.UNSUPPORTED, io_graph.UNSUPPORTED)
class IOGraphTest(gui_env.QuitsCleanly, unittest.TestCase):
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
        times = [p["time"] for p in packets]
        samples = []
        for n, e in sorted(events.items()):
            if e["event"] != "tcp_probe" or ref.endpoint(e["kv"]["src"])[0] != SENDER:
                continue
            # only the frames within probe_frame's window of the probe, for speed
            at = e["ktime"] + offset
            near = packets[bisect.bisect_left(times, at - WINDOW):bisect.bisect_right(times, at + WINDOW)]
            frame = ref.probe_frame(e, near, offset, WINDOW)
            self.assertIsNotNone(frame, f"no frame for the tcp_probe of line {n}")
            self.assertEqual(frame["src"], "10.98.0.2")
            samples.append((interval_of(frame["rel"]), int(e["kv"]["snd_cwnd"]), int(e["kv"]["srtt"])))
        self.assertEqual(len(samples), SENDER_PROBES)
        last = max(interval_of(p["rel"]) for p in packets if p["src"] == "10.98.0.2")
        return per_interval(samples), last

    def from_tshark_fields(self):
        """The same from the plugin's per-packet fields in tshark -2."""
        shown = io_graph.SENDER_PROBES + " && tcpstate.kernel.cwnd"
        p = self.ws.ts.run(["-2", "-r", self.ws.capture, "-o", "tcpstate.events_file:" + self.events,
                            "-Y", shown, "-T", "fields", "-E", "occurrence=a",
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
        self.assertRegex(ws.windows(io_graph.DIALOG_RE)[0][1], r"I/O Graphs · bulk_loss\.pcap$")
        ws.snapshot("io-graph", dialog)
        text = io_graph.copy_csv(ws, dialog)
        with open(os.path.join(ws.artifacts, "io-graph.csv"), "w", encoding="utf-8") as f:
            f.write(text)
        lines = text.splitlines()
        self.assertEqual(lines[0], f'"Interval start","{io_graph.CWND_NAME}","{io_graph.SRTT_NAME}"')
        rows = [[float(c) for c in line.split(",")] for line in lines[1:]]

        want, last = self.from_events_file()
        self.assertEqual({i: want[i] for i in BY_HAND}, BY_HAND)
        self.assertEqual(want, self.from_tshark_fields())
        # one row per interval from the first frame to the last the display filter keeps
        self.assertEqual(len(rows), last + 1)
        for i, (start, cwnd, srtt) in enumerate(rows):
            with self.subTest(interval=i):
                self.assertAlmostEqual(start, i * io_graph.INTERVAL_MS / 1000, places=9)
                max_cwnd, mean_srtt = want.get(i, (0, 0))
                self.assertEqual(cwnd, max_cwnd)
                self.assertTrue(shown_as(srtt, mean_srtt), f"srtt {srtt} shown, {mean_srtt} expected")


if __name__ == "__main__":
    unittest.main()
