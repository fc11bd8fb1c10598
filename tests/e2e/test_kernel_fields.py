"""Per-packet tcpstate.kernel.* fields, on the recordings in captures/events, against the events
files' own lines (read here with a few regular expressions) and tshark's own fields."""
import datetime
import os
import re
import shutil
import subprocess
import unittest
from decimal import Decimal

import kernel_reference as ref
from tshark_env import TsharkTestCase

# capture, events file, as in captures/events/README.md
FTRACE = [("http.pcap", "events/http.ftrace.txt"),
          ("ncat_hello.pcap", "events/ncat_hello.ftrace.txt"),
          ("http_ipv6.pcap", "events/http_ipv6.ftrace.txt"),
          ("lossy.pcap", "events/lossy.ftrace.txt"),
          ("events/named_tasks.pcap", "events/named_tasks.ftrace.txt")]
# the offset of captures/events/http.* in ../shared/corpus/README.md
HTTP_OFFSET = Decimal("1795358380.226780")

OWN = ["frame.number", "frame.time_epoch", "frame.len", "ip.src", "ipv6.src", "ip.dst", "ipv6.dst",
       "tcp.srcport", "tcp.dstport", "tcp.len", "tcp.ack_raw", "tcp.flags.ack"]
KERNEL = ["tcpstate.kernel.event", "tcpstate.kernel.line", "tcpstate.kernel.delta_us",
          "tcpstate.kernel.time", "tcpstate.kernel.match", "tcpstate.kernel.pid",
          "tcpstate.kernel.comm", "tcpstate.kernel.cpu", "tcpstate.kernel.state",
          "tcpstate.kernel.cwnd", "tcpstate.kernel.ssthresh", "tcpstate.kernel.srtt_us",
          "tcpstate.kernel.snd_wnd", "tcpstate.kernel.rcv_wnd", "tcpstate.kernel.retransmit"]
PROBE_VALUES = [("tcpstate.kernel.cwnd", "snd_cwnd"), ("tcpstate.kernel.ssthresh", "ssthresh"),
                ("tcpstate.kernel.srtt_us", "srtt"), ("tcpstate.kernel.snd_wnd", "snd_wnd"),
                ("tcpstate.kernel.rcv_wnd", "rcv_wnd")]
REPORT = re.compile(r"tcpstate: Kernel events (?P<file>\S+) \(.*?\): offset (?P<offset>[\d.]+) s"
                    r"(?P<manual> \(manual\))?, drift (?P<drift>-?[\d.]+) ppm, (?P<anchors>\d+) anchors"
                    r".*?matched (?P<matched>\d+) of (?P<applicable>\d+) events")


def fields_args(names):
    args = ["-T", "fields", "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=|"]
    for n in names:
        args += ["-e", n]
    return args


def packets(text):
    """One dict per frame: tshark's own fields and the kernel fields (lists, one entry per value)."""
    out = {}
    for line in text.splitlines():
        v = dict(zip(OWN + KERNEL, line.split("\t")))
        first = {k: v[k].split("|")[0] for k in OWN}
        p = {"frame": int(first["frame.number"]), "time": Decimal(first["frame.time_epoch"]),
             "frame_len": int(first["frame.len"]),
             "src": first["ip.src"] or first["ipv6.src"], "dst": first["ip.dst"] or first["ipv6.dst"],
             "sport": int(first["tcp.srcport"] or 0), "dport": int(first["tcp.dstport"] or 0),
             "len": int(first["tcp.len"] or 0), "ack": int(first["tcp.ack_raw"] or 0),
             "has_ack": first["tcp.flags.ack"] in ("1", "True")}
        for k in KERNEL:
            p[k] = v[k].split("|") if v[k] else []
        out[p["frame"]] = p
    return out


def kernel_events(p):
    """The frame's events, in order, with the values present for each."""
    evs = []
    probes = iter(range(len(p["tcpstate.kernel.cwnd"])))
    retransmits = iter(p["tcpstate.kernel.retransmit"])
    for i, name in enumerate(p["tcpstate.kernel.event"]):
        e = {"event": name, "line": int(p["tcpstate.kernel.line"][i]),
             "delta_us": float(p["tcpstate.kernel.delta_us"][i]),
             "time": p["tcpstate.kernel.time"][i], "match": p["tcpstate.kernel.match"][i]}
        if name == "tcp_probe":
            j = next(probes)
            for field, _ in PROBE_VALUES:
                e[field] = int(p[field][j])
        if name == "tcp_retransmit_skb":
            e["retransmit"] = next(retransmits)
        evs.append(e)
    return evs


def same_connection(kv, p):
    """The event's ends (a port 0 is unknown) are the frame's, either way round."""
    def end_ok(addr_keys, port, a, pt):
        return any(kv.get(k) == a for k in addr_keys) and int(port) in (0, pt)
    for (fa, fp), (ta, tp) in [((p["src"], p["sport"]), (p["dst"], p["dport"])),
                               ((p["dst"], p["dport"]), (p["src"], p["sport"]))]:
        if end_ok(("saddr", "saddrv6"), kv["sport"], fa, fp) and end_ok(("daddr", "daddrv6"), kv["dport"], ta, tp):
            return True
    return False


def parse_time(text):
    """An absolute time as tshark prints it in UTC -> epoch seconds: up to 4.4
    'Nov 22, 2026 15:26:35.181166000 UTC', from 4.6 on ISO 8601 '2026-11-22T15:26:35.181166000+0000'
    (the tests run tshark with TZ=UTC)."""
    head, frac = re.sub(r"( UTC|Z|\+0000)$", "", text).rsplit(".", 1)
    form = "%Y-%m-%dT%H:%M:%S" if "T" in head else "%b %d, %Y %H:%M:%S"
    t = datetime.datetime.strptime(head, form).replace(tzinfo=datetime.timezone.utc)
    return Decimal(int(t.timestamp())) + Decimal("0." + frac)


class KernelFields(TsharkTestCase):

    def kernel_run(self, capture, events, extra=(), names=OWN + KERNEL, two_pass=True):
        args = (["-2"] if two_pass else []) + list(extra) + [
            "-r", self.ts.file(capture), "-o", "tcpstate.events_file:" + self.ts.file(events)]
        return self.ts.run(args + fields_args(names), check=True, env_extra={"TZ": "UTC"})

    def report(self, stderr):
        m = REPORT.search(stderr)
        self.assertIsNotNone(m, stderr)
        return m

    def test_events_against_the_events_file(self):
        for capture, events in FTRACE:
            with self.subTest(capture=capture):
                self.check_capture(capture, events)

    def check_capture(self, capture, events):
        run = self.kernel_run(capture, events)
        pkts = packets(run.stdout)
        lines = ref.ftrace_events(self.ts.file(events))
        rep = self.report(run.stderr)
        self.assertEqual(rep["file"], os.path.basename(events))
        offset, drift = Decimal(rep["offset"]), float(rep["drift"])
        first = pkts[min(pkts)]
        # the offset as the READMEs take it, from the first frame alone
        self.assertLess(abs(offset - ref.first_xmit_offset(lines, first["time"], first["frame_len"])),
                        Decimal("0.0001"))
        if capture == "http.pcap":
            self.assertLess(abs(offset - HTTP_OFFSET), Decimal("0.000005"))
            self.assertEqual((rep["matched"], rep["applicable"]), ("127", "127"))
        span = float(max(e["ktime"] for e in lines.values()) - min(e["ktime"] for e in lines.values()))
        tolerance_us = 0.002 + abs(drift) * span
        seen, xmit_frames = set(), []
        for n, p in sorted(pkts.items()):
            evs = kernel_events(p)
            xmits = [e for e in evs if e["event"] == "net_dev_xmit" and e["match"] == "frame"]
            # every frame was sent once on the capture's device: its net_dev_xmit, same length
            self.assertEqual(len(xmits), 1, (n, evs))
            self.assertEqual(int(lines[xmits[0]["line"]]["kv"]["len"]), p["frame_len"])
            xmit_frames.append((xmits[0]["line"], n))
            for e in evs:
                self.check_event(e, p, lines[e["line"]], xmits[0], lines, offset, tolerance_us)
                self.assertNotIn(e["line"], seen)
                seen.add(e["line"])
        # order kept: later xmit lines go with later frames
        self.assertEqual([f for _, f in sorted(xmit_frames)], sorted(pkts))
        # every tcp_probe is on the frame it processed, found here from the 4-tuple, length and ACK
        expected_probe = {}
        plist = list(pkts.values())
        for n, e in lines.items():
            if e["event"] == "tcp_probe":
                p = ref.probe_frame(e, plist, offset)
                self.assertIsNotNone(p, e)
                expected_probe[n] = p["frame"]
        got_probe = {e["line"]: f for f, p in pkts.items() for e in kernel_events(p) if e["event"] == "tcp_probe"}
        self.assertEqual(got_probe, expected_probe)
        # the display filter on a probe value selects the frames whose probe line says so
        want = sorted({f for n, f in expected_probe.items() if int(lines[n]["kv"]["snd_cwnd"]) > 10})
        got = self.kernel_run(capture, events, ["-Y", "tcpstate.kernel.cwnd > 10"], ["frame.number"]).stdout
        self.assertEqual([int(x) for x in got.split()], want)

    def check_event(self, e, p, line, xmit, lines, offset, tolerance_us):
        self.assertEqual(e["event"], line["event"])
        # delta_us = frame.time_epoch - (kernel time + offset), in us
        want = float((p["time"] - (line["ktime"] + offset)) * 1000000)
        self.assertLess(abs(e["delta_us"] - want), tolerance_us, (p["frame"], e, want))
        self.assertLess(abs(parse_time(e["time"]) - (p["time"] - Decimal(e["delta_us"]) / 1000000)),
                        Decimal("0.000001"))
        kv = line["kv"]
        if e["event"] == "net_dev_xmit":
            self.assertLess(abs(e["delta_us"]), 50)
        elif e["event"] == "netif_receive_skb":
            self.assertEqual(e["match"], "skb")
            self.assertEqual(kv["skbaddr"], lines[xmit["line"]]["kv"]["skbaddr"])
        elif e["event"] == "tcp_probe":
            self.assertEqual(e["match"], "frame")
            for field, key in PROBE_VALUES:
                self.assertEqual(e[field], int(kv[key]), (p["frame"], e))
        elif e["event"] in ("inet_sock_set_state", "tcp_retransmit_skb"):
            self.assertEqual(e["match"], "nearest")
            self.assertTrue(same_connection(kv, p), (p["frame"], e, kv))
            if e["event"] == "tcp_retransmit_skb":
                self.assertIn(e["retransmit"], ("1", "True"))

    def test_per_event_task_and_state(self):
        run = self.kernel_run("events/named_tasks.pcap", "events/named_tasks.ftrace.txt")
        lines = ref.ftrace_events(self.ts.file("events/named_tasks.ftrace.txt"))
        comms = set()
        for p in packets(run.stdout).values():
            states = iter(p["tcpstate.kernel.state"])
            for i, line_no in enumerate(p["tcpstate.kernel.line"]):
                line = lines[int(line_no)]
                self.assertEqual(p["tcpstate.kernel.comm"][i], line["comm"])
                self.assertEqual(int(p["tcpstate.kernel.pid"][i]), line["pid"])
                self.assertEqual(int(p["tcpstate.kernel.cpu"][i]), line["cpu"])
                comms.add(line["comm"])
                if line["event"] == "inet_sock_set_state":
                    self.assertEqual(next(states), line["kv"]["newstate"])
        self.assertIn("web srv-2", comms)
        self.assertIn("my cli-ent 7", comms)

    def test_ebpf_rows(self):
        run = self.kernel_run("events/ebpf_http.pcap", "events/ebpf_http.ebpf.txt")
        rows = ref.ebpf_rows(self.ts.file("events/ebpf_http.ebpf.txt"))
        rep = self.report(run.stderr)
        self.assertEqual((rep["matched"], rep["applicable"]), ("49", "49"))
        n = 0
        for p in packets(run.stdout).values():
            for i, line_no in enumerate(p["tcpstate.kernel.line"]):
                row = rows[int(line_no)]
                n += 1
                self.assertEqual(p["tcpstate.kernel.event"][i], row["event"])
                self.assertEqual(p["tcpstate.kernel.comm"][i], row["comm"])
                self.assertEqual(int(p["tcpstate.kernel.pid"][i]), row["pid"])
                self.assertEqual(p["tcpstate.kernel.state"][i], row["state"])
                self.assertEqual(p["tcpstate.kernel.match"][i], "nearest")
                self.assertIn(row["dport"], (p["sport"], p["dport"]))
        self.assertEqual(n, 49)

    def test_lossy_retransmissions(self):
        run = self.kernel_run("lossy.pcap", "events/lossy.ftrace.txt")
        lines = ref.ftrace_events(self.ts.file("events/lossy.ftrace.txt"))
        n = sum(len(p["tcpstate.kernel.retransmit"]) for p in packets(run.stdout).values())
        self.assertEqual(n, sum(e["event"] == "tcp_retransmit_skb" for e in lines.values()))
        frames = self.kernel_run("lossy.pcap", "events/lossy.ftrace.txt", ["-Y", "tcpstate.kernel.retransmit"],
                                 ["frame.number"]).stdout.split()
        self.assertGreater(len(frames), 100)

    def test_bulk_loss_probes(self):
        """captures/events/bulk_loss.*: every tcp_probe of the lossy bulk transfer is matched to
        a frame it fits, with the values of its line. (Its full check above is left out: in a
        burst of equal data frames sent a few us apart, a few of the sender's net_dev_xmit
        events are paired with the neighbouring frame.)"""
        capture, events = "events/bulk_loss.pcap", "events/bulk_loss.ftrace.txt"
        run = self.kernel_run(capture, events)
        rep = self.report(run.stderr)
        lines = ref.ftrace_events(self.ts.file(events))
        probes = {n: e for n, e in lines.items() if e["event"] == "tcp_probe"}
        self.assertEqual(len(probes), 3870)
        self.assertIn("tcp_probe 3870/3870,", run.stderr)
        self.assertGreaterEqual(int(rep["matched"]) / int(rep["applicable"]), 0.99)
        pkts = packets(run.stdout)
        first = pkts[min(pkts)]
        offset = Decimal(rep["offset"])
        self.assertLess(abs(offset - ref.first_xmit_offset(lines, first["time"], first["frame_len"])),
                        Decimal("0.0001"))
        shown, cwnds = {}, {"10.98.0.1": set(), "10.98.0.2": set()}
        for n, p in pkts.items():
            for e in kernel_events(p):
                if e["event"] != "tcp_probe":
                    continue
                self.assertNotIn(e["line"], shown)
                shown[e["line"]] = n
                kv = probes[e["line"]]["kv"]
                self.assertEqual(e["match"], "frame")
                for field, key in PROBE_VALUES:
                    self.assertEqual(e[field], int(kv[key]), (n, e["line"], field))
                # the frame is one the probe could have processed: from its dest to its src,
                # data_len bytes, an ACK within [snd_una, snd_nxt], within 1 ms of it
                (laddr, lport), (raddr, rport) = ref.endpoint(kv["src"]), ref.endpoint(kv["dest"])
                self.assertEqual((p["src"], p["sport"], p["dst"], p["dport"]), (raddr, rport, laddr, lport))
                self.assertEqual(p["len"], int(kv["data_len"]))
                self.assertTrue(p["has_ack"] and ref.in_window(p["ack"], int(kv["snd_una"], 16),
                                                               int(kv["snd_nxt"], 16)), (n, e["line"]))
                self.assertLess(abs(e["delta_us"]), 1000)
                cwnds[laddr].add(e["tcpstate.kernel.cwnd"])
        self.assertEqual(set(shown), set(probes))
        # the sender's cwnd went from its initial 10 up to 63 and down to 7; the receiver's,
        # which sent only "done", stayed at 10 until that was acknowledged
        self.assertEqual((min(cwnds["10.98.0.1"]), max(cwnds["10.98.0.1"])), (7, 63))
        self.assertEqual(cwnds["10.98.0.2"], {10, 11})

    def test_manual_offset(self):
        given = "1795358380.226700"
        run = self.kernel_run("http.pcap", "events/http.ftrace.txt", ["-o", "tcpstate.kernel_offset:" + given])
        rep = self.report(run.stderr)
        self.assertEqual((Decimal(rep["offset"]), rep["manual"]), (Decimal(given), " (manual)"))
        lines = ref.ftrace_events(self.ts.file("events/http.ftrace.txt"))
        checked = 0
        for p in packets(run.stdout).values():
            for e in kernel_events(p):
                want = float((p["time"] - lines[e["line"]]["ktime"] - Decimal(given)) * 1000000)
                self.assertAlmostEqual(e["delta_us"], want, places=3)
                checked += 1
        self.assertGreater(checked, 100)

    def test_values_do_not_depend_on_what_is_shown(self):
        full = packets(self.kernel_run("lossy.pcap", "events/lossy.ftrace.txt").stdout)
        part = packets(self.kernel_run("lossy.pcap", "events/lossy.ftrace.txt", ["-Y", "tcp.stream == 1"]).stdout)
        self.assertGreater(len(part), 10)
        for n, p in part.items():
            self.assertEqual(p, full[n])

    def test_one_pass_runs_again_with_two_passes(self):
        # The command, without -2: tshark is started again with -2 and prints what
        # tshark -2 prints.
        one = self.kernel_run("http.pcap", "events/http.ftrace.txt", two_pass=False)
        two = self.kernel_run("http.pcap", "events/http.ftrace.txt")
        self.assertIn("running as tshark -2", one.stderr)
        self.assertEqual(one.stdout, two.stdout)
        self.assertGreater(sum(len(p["tcpstate.kernel.event"]) for p in packets(one.stdout).values()), 100)
        self.report(one.stderr)
        self.assertNotIn("running as tshark -2", two.stderr)
        # -2 with a display filter on the fields: no note
        run = self.kernel_run("http.pcap", "events/http.ftrace.txt", ["-Y", "tcpstate.kernel"], ["frame.number"])
        self.assertEqual(len(run.stdout.split()), 37)
        self.assertNotIn("run tshark with -2", run.stderr)
        # A summary needs no second pass: nothing is started again.
        run = self.ts.run(["-q", "-r", self.ts.file("http.pcap"), "-o",
                           "tcpstate.events_file:" + self.ts.file("events/http.ftrace.txt"),
                           "-z", "tcpstate,summary"], check=True)
        self.assertNotIn("running as tshark -2", run.stderr)
        self.assertIn("E) Kernel events", run.stdout)

    def test_one_pass_from_a_pipe_needs_two_passes(self):
        # A capture read from standard input cannot be read twice: no kernel fields, a note.
        with open(self.ts.file("http.pcap"), "rb") as cap:
            run = self.ts.run(["-r", "-", "-o", "tcpstate.events_file:" + self.ts.file("events/http.ftrace.txt")]
                              + fields_args(OWN + KERNEL), check=True, stdin=cap)
        self.assertEqual(sum(len(p["tcpstate.kernel.event"]) for p in packets(run.stdout).values()), 0)
        self.assertIn("run tshark with -2", run.stderr)
        self.assertNotIn("running as tshark -2", run.stderr)

    def test_expert_info(self):
        cap, ev = self.ts.file("http.pcap"), self.ts.file("events/http.ftrace.txt")
        p = self.ts.run(["-2", "-q", "-r", cap, "-o", "tcpstate.events_file:" + ev, "-z", "expert"], check=True)
        self.assertRegex(p.stdout, r"tcpstate\s+Kernel events http\.ftrace\.txt \(set in tcpstate\.events_file; ftrace, 127 events, 37 "
                                   r"frames\): offset 1795358380\.2267\d+ s")
        self.assertIn("Kernel events matched 127 of 127 events (100.0%)", p.stdout)
        p = self.ts.run(["-2", "-V", "-r", cap, "-o", "tcpstate.events_file:" + ev, "-Y", "frame.number == 1"],
                        check=True)
        self.assertIn("Expert Info (Note/Assumption): Kernel events http.ftrace.txt", p.stdout)
        self.assertIn("Kernel events: 3", p.stdout)

    def test_no_events_file(self):
        p = self.ts.run(["-2", "-r", self.ts.file("http.pcap")] + fields_args(["frame.number"] + KERNEL),
                        check=True)
        self.assertTrue(set("".join(p.stdout.split())) <= set("0123456789"))
        self.assertNotIn("tcpstate", p.stderr)


class KernelBadInput(TsharkTestCase):

    def run_with(self, events, extra=(), args=None):
        cap = self.ts.file("http.pcap")
        args = args or fields_args(["frame.number", "tcpstate.conn", "tcpstate.kernel.cwnd",
                                    "tcpstate.kernel.delta_us"])
        return self.ts.run(["-2", "-r", cap, "-o", "tcpstate.events_file:" + events] + list(extra) + args,
                           check=True)

    def rows(self, stdout):
        return [line.split("\t") for line in stdout.splitlines()]

    def assert_analysis_goes_on(self, p, kernel):
        rows = self.rows(p.stdout)
        self.assertEqual(len(rows), 37)
        self.assertTrue(all(r[1] != "" for r in rows))  # tcpstate.conn
        self.assertEqual(any(r[2] for r in rows), kernel)

    def test_missing_file(self):
        missing = os.path.join(self.ts.home, "no-such.ftrace.txt")
        p = self.run_with(missing)
        self.assertIn(missing, p.stderr)
        self.assertEqual(p.stderr.count("no-such.ftrace.txt"), 1)
        self.assert_analysis_goes_on(p, False)

    def test_foreign_file(self):
        pcap = self.ts.file("lossy.pcap")
        p = self.run_with(pcap)
        self.assertIn(pcap + ": not a known events format", p.stderr)
        self.assert_analysis_goes_on(p, False)

    def test_garbage_lines(self):
        with open(self.ts.file("events/http.ftrace.txt")) as f:
            lines = f.read().splitlines(True)
        bad = lines[:20] + ["garbage one\n", "   curl-1 [001] ..... notatime: tcp_probe: x\n"] + \
            lines[20:] + ["more garbage\n"]
        path = os.path.join(self.ts.home, "garbage.ftrace.txt")
        with open(path, "w") as f:
            f.writelines(bad)
        os.chmod(path, 0o644)
        p = self.run_with(path)
        self.assertIn("%s: 3 of %d lines could not be read" % (path, len(bad)), p.stderr)
        for n in (21, 22, len(bad)):
            self.assertIn("%s:%d: " % (path, n), p.stderr)
        self.assertIn("3 bad lines", p.stderr)
        clean = self.run_with(self.ts.file("events/http.ftrace.txt"))
        self.assertEqual(p.stdout, clean.stdout)
        self.assert_analysis_goes_on(p, True)
        z = self.run_with(path, args=["-q", "-z", "tcpstate,summary"])
        self.assertIn("A) Total number of connections: 3", z.stdout)
        self.assertIn("3 bad lines", z.stderr)

    def test_forced_format(self):
        events = self.ts.file("events/http.ftrace.txt")
        auto = self.run_with(events)
        self.assertEqual(self.run_with(events, ["-o", "tcpstate.events_format:ftrace"]).stdout, auto.stdout)
        p = self.run_with(events, ["-o", "tcpstate.events_format:ebpf"])
        self.assertIn("%s: 139 of 139 lines could not be read" % events, p.stderr)
        self.assertIn("%s:1: not an eBPF tool row" % events, p.stderr)
        self.assertIn("(set in tcpstate.events_file; ebpf, 0 events, 37 frames): no events read; no events matched; 139 bad lines", p.stderr)
        self.assert_analysis_goes_on(p, False)

    def test_bad_offset(self):
        p = self.run_with(self.ts.file("events/http.ftrace.txt"), ["-o", "tcpstate.kernel_offset:12x.5"])
        self.assertIn('tcpstate.kernel_offset: "12x.5" is not a number of seconds', p.stderr)
        self.assertEqual(p.stderr.count("12x.5"), 1)
        clean = self.run_with(self.ts.file("events/http.ftrace.txt"))
        self.assertEqual(p.stdout, clean.stdout)
        self.assert_analysis_goes_on(p, True)

    def test_input_that_must_not_hang_or_blow_up(self):
        # /dev/zero: stopped at the limit (here 10 MiB), with the preference that raises it
        p = self.run_with("/dev/zero", ["-o", "tcpstate.events_max_mb:10"])
        self.assertIn("/dev/zero: larger than the limit of 10 MiB for an events file: not read "
                      "(raise the preference tcpstate.events_max_mb to read it)", p.stderr)
        self.assert_analysis_goes_on(p, False)
        # line ends of CR alone are named
        with open(self.ts.file("events/http.ftrace.txt"), "rb") as f:
            text = f.read().replace(b"\n", b"\r")
        path = os.path.join(self.ts.home, "cr.ftrace.txt")
        with open(path, "wb") as f:
            f.write(text)
        os.chmod(path, 0o644)
        p = self.run_with(path)
        self.assertIn(path + ": its lines end in a carriage return alone (CR, no LF)", p.stderr)
        self.assert_analysis_goes_on(p, False)
        # a file whose size says 0 is read by its content
        p = self.run_with("/proc/self/status")
        self.assertIn("/proc/self/status: not a known events format", p.stderr)
        self.assertNotIn("empty", p.stderr)

    def test_a_pipe_is_read_once(self):
        # kernel fields asked for without -2: tshark would run again and read the pipe a second
        # time (waiting forever for a writer); it says so instead, and ends
        fifo = os.path.join(self.ts.home, "events.fifo")
        os.mkfifo(fifo)
        os.chmod(fifo, 0o666)
        with open(self.ts.file("events/http.ftrace.txt"), "rb") as f:
            data = f.read()
        writer = subprocess.Popen(["sh", "-c", 'cat > "$1"', "sh", fifo], stdin=subprocess.PIPE)
        try:
            writer.stdin.write(data)
            writer.stdin.close()
            p = self.ts.run(["-r", self.ts.file("http.pcap"), "-o", "tcpstate.events_file:" + fifo]
                            + fields_args(["frame.number", "tcpstate.kernel.event"]), check=True)
            writer.wait(timeout=60)
        finally:
            writer.kill()
        self.assertIn("the events file %s is not a regular file (a pipe?) that could be read a second time" % fifo,
                      p.stderr)
        self.assertNotIn("running as tshark -2", p.stderr)
        self.assertEqual(len(p.stdout.splitlines()), 37)

    def test_rerun_keeps_the_arguments(self):
        # -E at the end of a cluster, and a preference whose name merely starts like a field
        events = self.ts.file("events/http.ftrace.txt")
        two = self.ts.run(["-2", "-r", self.ts.file("http.pcap"), "-o", "tcpstate.events_file:" + events,
                           "-n", "-E", "separator=,", "-T", "fields", "-e", "frame.number",
                           "-e", "tcpstate.kernel.event"], check=True)
        one = self.ts.run(["-r", self.ts.file("http.pcap"), "-o", "tcpstate.events_file:" + events,
                           "-nE", "separator=,", "-T", "fields", "-e", "frame.number",
                           "-e", "tcpstate.kernel.event"], check=True)
        self.assertIn("running as tshark -2", one.stderr)
        self.assertEqual(one.stdout, two.stdout)
        # the separator given through the restart is in use (4.4 and later escape the same
        # character inside an aggregated value)
        first = one.stdout.splitlines()[0]
        self.assertTrue(first.startswith("1,inet_sock_set_state"), first)
        p = self.ts.run(["-r", self.ts.file("http.pcap"), "-o", "tcpstate.events_file:" + events,
                         "-o", "tcpstate.kernel_offset:1795358380.226780", "-q", "-z", "tcpstate,summary"],
                        check=True)
        self.assertNotIn("running as tshark -2", p.stderr)
        self.assertEqual(p.stderr.count("tcpstate: Kernel events"), 1)

    @unittest.skipUnless(os.path.isdir(os.path.join(os.environ.get("TCPSTATE_LTTNG_CORPUS", ""), "scp_src")),
                         "needs the shared corpus's lttng/scp_src")
    def test_ctf_stream_cut_short(self):
        src = os.path.join(os.environ["TCPSTATE_LTTNG_CORPUS"], "scp_src")
        trace = os.path.join(self.ts.home, "cut_trace")
        os.mkdir(trace)
        shutil.copyfile(os.path.join(src, "metadata"), os.path.join(trace, "metadata"))
        with open(os.path.join(src, "channel0_0"), "rb") as f:
            stream = f.read()
        with open(os.path.join(trace, "channel0_0"), "wb") as f:
            f.write(stream[:len(stream) * 3 // 10])
        for root, dirs, files in os.walk(trace):
            os.chmod(root, 0o755)
            for name in files:
                os.chmod(os.path.join(root, name), 0o644)
        p = self.run_with(trace, args=["-q", "-z", "tcpstate,summary", "-z", "tcpstate,json"])
        m = re.search(r"%s: 1 stream cut short: the events after each cut are missing \(the (\d+) events before "
                      r"are used\)" % re.escape(trace), p.stderr)
        self.assertIsNotNone(m, p.stderr)
        self.assertIn("stream file %s/channel0_0 is cut short" % trace, p.stderr)
        self.assertIn("Format: ctf, %s events," % m.group(1), p.stdout)
        self.assertIn("1 stream cut short (the events after each cut are missing)", p.stdout)
        self.assertIn('"cut_streams": 1', p.stdout)
        self.assertRegex(p.stderr, r"tcpstate: Kernel events cut_trace .*; \d+ bad lines, 1 stream cut short")


class KernelEventsThatDoNotFit(TsharkTestCase):
    """An events file recorded beside another capture: a loud warning, and none of its events
    shown as fact (fields, expert info, reports), unless the user gives the offset."""

    # capture, events of another capture, the rule that fails
    CROSSED = [("events/bulk_loss.pcap", "events/http.ftrace.txt", "found their packet"),
               ("lossy.pcap", "events/http.ftrace.txt", "found their packet"),
               ("http.pcap", "events/lossy.ftrace.txt", "found their packet"),
               ("ncat_hello.pcap", "events/http.ftrace.txt", "anchors agree")]

    def run_on(self, capture, events, extra=(), args=()):
        return self.ts.run(["-2", "-r", self.ts.file(capture), "-o", "tcpstate.events_file:" + self.ts.file(events)]
                           + list(extra) + list(args), check=True, env_extra={"TZ": "UTC"})

    def test_no_kernel_field_and_a_warning(self):
        for capture, events, rule in self.CROSSED:
            with self.subTest(capture=capture, events=events):
                p = self.run_on(capture, events, args=fields_args(["frame.number"] + KERNEL))
                frames = self.ts.run(["-r", self.ts.file(capture), "-T", "fields", "-e", "frame.number"],
                                     check=True).stdout.split()
                rows = [line.split("\t") for line in p.stdout.splitlines()]
                self.assertEqual([r[0] for r in rows], frames)
                self.assertEqual([r for r in rows if any(r[1:])], [])
                name = os.path.basename(events)
                warning = [line for line in p.stderr.splitlines() if line.startswith("tcpstate: warning:")]
                self.assertEqual(len(warning), 1, p.stderr)
                self.assertIn("The kernel events of %s do not fit this capture" % name, warning[0])
                self.assertIn(rule, warning[0])
                self.assertIn("set tcpstate.kernel_offset to use them anyway", warning[0])
                self.assertIn("not shown: they do not fit this capture", self.report_line(p.stderr))

    def report_line(self, stderr):
        lines = [line for line in stderr.splitlines() if line.startswith("tcpstate: Kernel events")]
        self.assertEqual(len(lines), 1, stderr)
        return lines[0]

    def test_rate_in_the_warning_is_the_report_line_s(self):
        p = self.run_on("events/bulk_loss.pcap", "events/http.ftrace.txt", args=["-q", "-z", "tcpstate,summary"])
        m = REPORT.search(p.stderr)
        matched, applicable = int(m["matched"]), int(m["applicable"])
        self.assertLess(matched / applicable, 0.5)
        self.assertIn("only %d of the %d events within the capture found their packet (%.1f%%, at least 50%% "
                      "needed)" % (matched, applicable, 100.0 * matched / applicable), p.stderr)

    def test_reports_and_expert_info_say_so(self):
        capture, events = "events/bulk_loss.pcap", "events/http.ftrace.txt"
        p = self.run_on(capture, events, args=["-q", "-z", "tcpstate,summary", "-z", "tcpstate,json"])
        self.assertIn("Not used: the events do not fit this capture: only ", p.stdout)
        self.assertIn("Connections with kernel events: 0 of 1", p.stdout)
        self.assertRegex(p.stdout, r'"mismatch": "only \d+ of the \d+ events within the capture found their')
        p = self.run_on(capture, events, args=["-q", "-z", "expert,warn"])
        self.assertRegex(p.stdout, r"Assumption\s+tcpstate\s+The kernel events of http\.ftrace\.txt do not fit")
        p = self.run_on(capture, events, args=["-V", "-Y", "frame.number == 1"])
        self.assertIn("Expert Info (Warning/Assumption): The kernel events of http.ftrace.txt do not fit", p.stdout)
        self.assertNotIn("Kernel events: ", p.stdout)

    def test_the_offset_given_forces_the_file(self):
        capture, events = "events/bulk_loss.pcap", "events/http.ftrace.txt"
        offset = REPORT.search(self.run_on(capture, events, args=["-q", "-z", "tcpstate,summary"]).stderr)["offset"]
        p = self.run_on(capture, events, ["-o", "tcpstate.kernel_offset:" + offset],
                        fields_args(["frame.number", "tcpstate.kernel.event"]))
        self.assertNotIn("warning", p.stderr)
        self.assertIn("(manual)", p.stderr)
        shown = [line.split("\t")[1] for line in p.stdout.splitlines() if line.split("\t")[1]]
        self.assertEqual(sum(len(s.split("|")) for s in shown), int(REPORT.search(p.stderr)["matched"]))

    def test_own_recordings_fit(self):
        for capture, events in FTRACE + [("events/ebpf_http.pcap", "events/ebpf_http.ebpf.txt"),
                                         ("events/bulk_loss.pcap", "events/bulk_loss.ftrace.txt")]:
            with self.subTest(capture=capture):
                p = self.run_on(capture, events, args=["-q", "-z", "tcpstate,summary"])
                self.assertNotIn("warning", p.stderr)
                self.assertNotIn("Not used", p.stdout)
                self.assertNotIn("Connections with kernel events: 0 of", p.stdout)

    def test_bad_offset_is_reported_when_applied(self):
        # no events file at all: the preference is checked as tshark applies it
        p = self.ts.run(["-r", self.ts.file("http.pcap"), "-o", "tcpstate.kernel_offset:12x.5",
                         "-T", "fields", "-e", "frame.number"], check=True)
        self.assertIn('tcpstate.kernel_offset: "12x.5" is not a number of seconds', p.stderr)
        self.assertEqual(len(p.stdout.split()), 37)


if __name__ == "__main__":
    unittest.main()
