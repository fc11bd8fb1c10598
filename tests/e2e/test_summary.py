"""-z tcpstate,json/csv/summary against values computed from tshark's own fields."""
import csv
import io
import json
import re
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
            path = self.ts.file(capture)
            want = reference.connections(path)
            lossy = streams_with_loss(path)
            resent = streams_resending_payload(path)
            got = json.loads(self.report(capture, "json"))["connections"]
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
                self.assertEqual(g["rtt"]["handshake"] is None, w["handshake"] is None, m)
                if w["handshake"] is not None:
                    self.assertAlmostEqual(g["rtt"]["handshake"], w["handshake"], places=6, msg=m)
                if w["stream"] not in lossy:
                    # Without loss or reordering every sample is tshark's tcp.analysis.ack_rtt.
                    self.assertEqual(g["rtt"]["samples"], len(w["rtt"]), m)
                    self.assertTriple(g["rtt"], reference.triple(w["rtt"]), 6, m + " rtt")
                    self.assertEqual(g["unique_bytes"]["total"], g["bytes"]["total"], m)
                else:
                    # Karn: retransmitted segments give no sample, so fewer samples than tshark's.
                    self.assertLessEqual(g["rtt"]["samples"], len(w["rtt"]), m)
                    if w["stream"] in resent:
                        self.assertLess(g["unique_bytes"]["total"], g["bytes"]["total"], m)
                    else:  # only SYNs were sent again (socks.pcap)
                        self.assertEqual(g["unique_bytes"]["total"], g["bytes"]["total"], m)

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
