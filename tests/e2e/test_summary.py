"""-z tcpstate,json/csv/summary against values computed from tshark's own fields."""
import csv
import io
import json
import os
import re
import subprocess
import unittest

import reference
from tshark_env import TsharkTestCase, plain_tshark

CAPTURES = ["http.pcap", "ncat_hello.pcap", "http_ipv6.pcap", "lossy.pcap", "dns_http.pcap",
            "third_party/bgp-4byte-asn.pcap", "third_party/socks.pcap",
            "third_party/smtp-one-side-only.pcap"]


def streams_with_loss(capture):
    """Streams where tshark flags a retransmission, out-of-order or lost segment."""
    out = plain_tshark(["-r", capture, "-Y",
                        "tcp.analysis.retransmission or tcp.analysis.out_of_order or "
                        "tcp.analysis.lost_segment or tcp.analysis.spurious_retransmission",
                        "-T", "fields", "-e", "tcp.stream"])
    return {int(s) for s in out.split()}


def streams_resending_payload(capture):
    """Streams where tshark flags a retransmission that carries payload (not a SYN's)."""
    out = plain_tshark(["-r", capture, "-Y",
                        "(tcp.analysis.retransmission or tcp.analysis.spurious_retransmission) and tcp.len > 0",
                        "-T", "fields", "-e", "tcp.stream"])
    return {int(s) for s in out.split()}


class SummaryAgainstTshark(TsharkTestCase):

    def report(self, capture, form):
        p = self.ts.run(["-q", "-z", "tcpstate," + form, "-r", self.ts.file(capture)], check=True)
        return p.stdout

    def assertTriple(self, got, want, places=6, msg=None):
        if want is None:
            self.assertIsNone(got["min"], msg)
            return
        for key, value in zip(("min", "mean", "max"), want):
            self.assertAlmostEqual(got[key], value, places=places, msg=f"{msg} {key}")

    def test_json_connections(self):
        for capture in CAPTURES:
            self.check_connections(self.ts.file(capture), capture)

    def check_connections(self, path, capture, timing_from=None):
        """Every connection of -z tcpstate,json against tshark's fields of the same file; the
        RTT figures and what tshark flags as loss against those of timing_from when given (the
        same packets with whole headers: tshark shows no SEQ/ACK analysis for a segment whose
        options were cut). Returns the report's connections and the reference's."""
        want = reference.connections(path)
        timing = {w["stream"]: w for w in (reference.connections(timing_from) if timing_from else want)}
        lossy = streams_with_loss(timing_from or path)
        resent = streams_resending_payload(timing_from or path)
        got = json.loads(self.ts.run(["-q", "-z", "tcpstate,json", "-r", path], check=True).stdout)["connections"]
        self.assertEqual(len(got), len(want), capture)
        for g, w in zip(got, want):
            m = f"{capture} stream {w['stream']}"
            self.assertEqual(g["stream"], w["stream"], m)
            for key in ("src", "sport", "dst", "dport", "status", "syn", "fin", "reset",
                        "complete", "open", "before_capture"):
                self.assertEqual(g[key], w[key], f"{m} {key}")
            self.assertAlmostEqual(g["start"], w["start"], places=6, msg=m)
            self.assertAlmostEqual(g["end"], w["end"], places=6, msg=m)
            self.assertAlmostEqual(g["duration"], w["end"] - w["start"], places=6, msg=m)
            self.assertEqual([g["packets"]["src_to_dst"], g["packets"]["dst_to_src"]], w["packets"], m)
            self.assertEqual(g["packets"]["total"], sum(w["packets"]), m)
            self.assertEqual([g["bytes"]["src_to_dst"], g["bytes"]["dst_to_src"]], w["bytes"], m)
            self.assertEqual(g["bytes"]["total"], sum(w["bytes"]), m)
            self.assertTriple(g["window"], reference.triple(w["win"]), 3, m + " window")
            self.assertTriple(g["window_raw"], reference.triple(w["win_raw"]), 3, m + " window_raw")
            # (socks.pcap: the SYN sent 7 times; smtp-one-side-only.pcap: no SYN+ACK captured)
            t = timing[w["stream"]]
            self.assertEqual(g["rtt"]["handshake"] is None, t["handshake"] is None, m)
            if t["handshake"] is not None:
                self.assertAlmostEqual(g["rtt"]["handshake"], t["handshake"], places=6, msg=m)
            if w["stream"] not in lossy:
                # Without loss or reordering every sample is tshark's tcp.analysis.ack_rtt.
                self.assertEqual(g["rtt"]["samples"], len(t["rtt"]), m)
                self.assertTriple(g["rtt"], reference.triple(t["rtt"]), 6, m + " rtt")
                self.assertEqual(g["unique_bytes"]["total"], sum(t["bytes"]), m)
            else:
                # Karn: retransmitted segments give no sample, so fewer samples than tshark's.
                self.assertLessEqual(g["rtt"]["samples"], len(t["rtt"]), m)
                if w["stream"] in resent:
                    self.assertLess(g["unique_bytes"]["total"], g["bytes"]["total"], m)
                else:  # only SYNs were sent again (socks.pcap)
                    self.assertEqual(g["unique_bytes"]["total"], g["bytes"]["total"], m)
        return got, want

    def test_options_cut_by_the_snapshot_length(self):
        """Segments whose TCP options the snapshot length cut (Wireshark's TCP dissector throws
        in the options, before its tcp tap) count like any other: Zeek's truncated-header.pcap
        (snaplen 68, the SYN's options cut) and the shipped captures cut with editcap -s so that
        the fixed TCP header stays whole and the options do not (14 + 20 + 20 bytes for IPv4,
        14 + 40 + 20 for IPv6, plus 6 bytes of options). Windows are those tshark shows for the
        cut file (unscaled where the SYN's window scale option was cut); RTTs those of the file
        before the cut."""
        path = self.ts.file("third_party/truncated-header.pcap")
        got, _ = self.check_connections(path, "truncated-header.pcap")
        # tcptrace's figures for this trace: one connection, its SYN from 201.186.157.67.
        self.assertEqual([(c["src"], c["status"], c["packets"]["total"]) for c in got],
                         [("201.186.157.67", "S2F2", 24)])
        for capture, snaplen in (("http.pcap", 60), ("lossy.pcap", 60), ("http_ipv6.pcap", 80),
                                 ("third_party/wikipedia.pcap", 60)):
            cut = os.path.join(self.ts.home, os.path.basename(capture) + f".s{snaplen}.pcap")
            subprocess.run(["editcap", "-s", str(snaplen), self.ts.file(capture), cut], check=True)
            os.chmod(cut, 0o644)
            cut_frames = plain_tshark(["-r", cut, "-Y", "tcp and frame.cap_len < frame.len", "-T", "fields",
                                       "-e", "frame.number"]).split()
            self.assertGreater(len(cut_frames), 0, cut)  # the file does have cut segments
            _, want = self.check_connections(cut, f"{capture} -s {snaplen}", timing_from=self.ts.file(capture))
            # The Statistics dialog's table (tshark's form of it) counts the same packets.
            table = self.ts.run(["-q", "-z", "tcpstate,table", "-r", cut], check=True).stdout
            rows = [line.split("|") for line in table.splitlines() if re.match(r"^\d+ \|", line)]
            self.assertEqual([(int(r[0]), int(r[8]), int(r[9])) for r in rows],
                             [(w["stream"], *w["packets"]) for w in want], cut)

    def test_decode_as_tcp_keeps_counting(self):
        """tshark -d ip.proto==6,tcp puts Wireshark's TCP dissector back in front of tcpstate's
        handle; the report is still that of the file."""
        path = self.ts.file("http.pcap")
        plain = self.ts.run(["-q", "-z", "tcpstate,json", "-r", path], check=True).stdout
        decoded = self.ts.run(["-d", "ip.proto==6,tcp", "-q", "-z", "tcpstate,json", "-r", path], check=True).stdout
        self.assertGreater(len(json.loads(plain)["connections"]), 0)
        self.assertEqual(decoded, plain)

    def test_capture_duplicates(self):
        """Packets captured more than once (Zeek's ssh-dups.pcap: 4 copies at the same instant;
        nDPI's psiphon3.pcap: 2 copies up to 10.5 ms apart, interleaved with other packets) are
        capture duplicates: the frames are those `editcap -D 8` (byte-identical frames within 8)
        removes, per connection and direction in JSON and on the frames as tcpstate.capture_dup;
        packets, bytes and windows count every captured frame (tshark's fields of the file), and
        the RTTs and handshake are those tshark computes on the deduplicated file."""
        for capture in ("third_party/ssh-dups.pcap", "third_party/psiphon3.pcap"):
            path = self.ts.file(capture)
            dedup = os.path.join(self.ts.home, os.path.basename(capture) + ".dedup.pcap")
            p = subprocess.run(["editcap", "-V", "-D", "8", path, dedup], check=True, capture_output=True, text=True)
            os.chmod(dedup, 0o644)
            copies = {int(line.split()[1].rstrip(",")) for line in (p.stdout + p.stderr).splitlines()
                      if line.startswith("Skipped:")}
            self.assertGreater(len(copies), 0, capture)
            got, want_conns = self.check_connections(path, capture, timing_from=dedup)
            # Per connection and direction: editcap's copies, sorted by tshark's stream and sender.
            conns = {w["stream"]: w for w in want_conns}
            want = {}
            for line in plain_tshark(["-r", path, "-Y", "tcp", "-T", "fields", "-e", "frame.number",
                                      "-e", "tcp.stream", "-e", "tcp.srcport"]).splitlines():
                frame, stream, sport = map(int, line.split("\t"))
                if frame in copies:
                    key = (stream, 0 if sport == conns[stream]["sport"] else 1)
                    want[key] = want.get(key, 0) + 1
            got_pairs = {(c["stream"], d): c["capture_duplicates"][name] for c in got
                         for d, name in ((0, "src_to_dst"), (1, "dst_to_src")) if c["capture_duplicates"][name]}
            self.assertEqual(got_pairs, want, capture)
            # The frames themselves (the tree path reads the IPv4 ID from ip.id).
            out = self.ts.run(["-r", path, "-Y", "tcpstate.capture_dup", "-T", "fields", "-e", "frame.number"],
                              check=True).stdout
            self.assertEqual({int(x) for x in out.split()}, copies, capture)
            # Section F of the text report names them; A to E are those of any capture.
            text = self.report(capture, "summary")
            self.assertIn(f"Total: {len(copies)}\n", text.split("F) Capture duplicates")[1])

    def test_one_connection_in_three_vlans(self):
        """Zeek's vlan-collisions.pcap: one HTTP connection captured three times, untagged, in
        VLAN 42 and in VLANs 10/20 (QinQ). Connections are tshark's tcp.stream, whatever the
        series makes of the VLANs: Wireshark 4.0 keeps one stream (21 packets each way, Zeek's
        baseline without VLAN keys); 4.2 and later separate the three with
        -o protocols.conversation_deinterlacing_key:VM. (7 and 7 packets each, Zeek's
        VLAN-aware baseline, scripts.policy.frameworks.conn_key.vlan_fivetuple-2)."""
        path = self.ts.file("third_party/vlan-collisions.pcap")
        has_key = "protocols.conversation_deinterlacing_key" in plain_tshark(["-G", "defaultprefs"])
        options = [[]] + ([["-o", "protocols.conversation_deinterlacing_key:VM."]] if has_key else [])
        for args in options:
            want = reference.connections(path, extra_args=args)
            got = json.loads(self.ts.run(args + ["-q", "-z", "tcpstate,json", "-r", path],
                                         check=True).stdout)["connections"]
            self.assertEqual([(g["stream"], g["status"], g["packets"]["src_to_dst"], g["packets"]["dst_to_src"])
                              for g in got],
                             [(w["stream"], w["status"], *w["packets"]) for w in want], args)
            if args:
                self.assertEqual([(g["status"], g["packets"]["src_to_dst"], g["packets"]["dst_to_src"])
                                  for g in got], [("S2F2", 7, 7)] * 3)
            elif not has_key:
                self.assertEqual([(g["status"], g["packets"]["src_to_dst"], g["packets"]["dst_to_src"])
                                  for g in got], [("S6F6", 21, 21)])

    def test_json_summary(self):
        for capture in CAPTURES:
            path = self.ts.file(capture)
            conns = reference.connections(path)
            want = reference.summary(conns)
            got = json.loads(self.report(capture, "json"))["summary"]
            for key in ("total", "complete", "reset", "open", "before_capture"):
                self.assertEqual(got[key], want[key], f"{capture} {key}")
            self.assertTriple(got["duration"], want["duration"], 6, capture + " duration")
            self.assertTriple(got["packets"], want["packets"], 6, capture + " packets")
            self.assertTriple(got["window"], want["window"], 3, capture + " window")
            lossy = streams_with_loss(path)
            if not lossy:
                self.assertTriple(got["rtt"], want["rtt"], 6, capture + " rtt")

    def test_lossy_capture_counts(self):
        # The recipe (captures/README.md): one bulk send, five GETs, and one connection
        # still open when the capture ends.
        got = json.loads(self.report("lossy.pcap", "json"))["summary"]
        self.assertEqual(got["total"], 7)
        self.assertEqual(got["open"], 1)

    def test_csv_matches_json(self):
        for capture in CAPTURES:
            rows = list(csv.DictReader(io.StringIO(self.report(capture, "csv"))))
            conns = json.loads(self.report(capture, "json"))["connections"]
            self.assertEqual(len(rows), len(conns))
            for r, c in zip(rows, conns):
                self.assertEqual(int(r["stream"]), c["stream"])
                self.assertEqual(r["status"], c["status"])
                self.assertEqual(int(r["packets_total"]), c["packets"]["total"])
                self.assertEqual(int(r["bytes_total"]), c["bytes"]["total"])
                self.assertEqual(int(r["unique_bytes_total"]), c["unique_bytes"]["total"])
                self.assertEqual(int(r["rtt_samples"]), c["rtt"]["samples"])
                self.assertEqual(int(r["window_max"]), c["window"]["max"])

    def test_text_report_sections(self):
        for capture in CAPTURES:
            text = self.report(capture, "summary")
            summ = json.loads(self.report(capture, "json"))["summary"]
            self.assertIn(f"A) Total number of connections: {summ['total']}\n", text)
            self.assertEqual(text.count("\nEND\n"), summ["total"])
            self.assertIn(f"Total number of complete TCP connections: {summ['complete']}\n", text)
            self.assertIn(f"Number of reset TCP connections: {summ['reset']}\n", text)
            self.assertIn("Number of TCP connections that were still open when the trace capture "
                          f"ended: {summ['open']}\n", text)
            self.assertIn("Number of TCP connections established before the capture started: "
                          f"{summ['before_capture']}\n", text)
            if summ["duration"]["min"] is not None:
                self.assertIn("Minimum time duration: %.6f seconds\n" % summ["duration"]["min"], text)
            for section in ("B) Connections' details:", "C) General", "D) Complete TCP connections:"):
                self.assertIn(section, text)

    def test_text_report_numbers_are_tcp_streams(self):
        """`Connection N:` names the connection's tcp.stream, as tshark numbers it, also when a
        display filter leaves gaps between the streams reported."""
        for capture, flt in (("lossy.pcap", None), ("dns_http.pcap", None), ("lossy.pcap", "tcp.port==8080")):
            path = self.ts.file(capture)
            form = "tcpstate,summary" + (f",{flt}" if flt else "")
            text = self.ts.run(["-q", "-z", form, "-r", path], check=True).stdout
            args = ["-r", path, "-T", "fields", "-e", "tcp.stream"] + (["-Y", flt] if flt else [])
            want = sorted({int(s) for s in plain_tshark(args).split()})
            got = [int(n) for n in re.findall(r"^Connection (\d+):$", text, re.M)]
            self.assertEqual(got, want, f"{capture} {flt}")
        self.assertNotEqual(want, list(range(len(want))))  # the filtered case has gaps


if __name__ == "__main__":
    unittest.main()
