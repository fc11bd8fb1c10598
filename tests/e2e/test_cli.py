"""The -z forms, display filters and bad input (truncated and corrupted captures)."""
import json
import os
import subprocess
import unittest

import reference
from tshark_env import Tshark, TsharkTestCase

CAPTURES = ["http.pcap", "ncat_hello.pcap", "http_ipv6.pcap", "lossy.pcap"]


class Cli(TsharkTestCase):

    def json_report(self, path, form="json"):
        p = self.ts.run(["-q", "-z", "tcpstate," + form, "-r", path])
        return p, json.loads(p.stdout) if p.stdout.strip() else None

    def test_unknown_form_lists_valid_forms(self):
        p = self.ts.run(["-q", "-z", "tcpstate,bogus", "-r", self.ts.file("http.pcap")])
        self.assertNotEqual(p.returncode, 0)
        for form in ("summary", "csv", "json", "table"):
            self.assertIn(f"-z tcpstate,{form}", p.stderr)
        self.assertIn('"tcpstate,bogus"', p.stderr)

    def test_prefix_of_a_form_is_not_accepted(self):
        p = self.ts.run(["-q", "-z", "tcpstate,summaryx", "-r", self.ts.file("http.pcap")])
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("-z tcpstate,summary", p.stderr)

    def test_bad_filter_gives_wiresharks_message(self):
        p = self.ts.run(["-q", "-z", "tcpstate,summary,tcp.port==", "-r", self.ts.file("http.pcap")])
        self.assertNotEqual(p.returncode, 0)
        self.assertIn('Filter "tcp.port==" is invalid', p.stderr)

    def test_filter_selects_connections(self):
        path = self.ts.file("http.pcap")
        want = [c for c in reference.connections(path) if c["stream"] == 1]
        p = self.ts.run(["-q", "-z", "tcpstate,json,tcp.stream==1", "-r", path], check=True)
        got = json.loads(p.stdout)
        self.assertEqual([c["stream"] for c in got["connections"]], [1])
        self.assertEqual(got["connections"][0]["packets"]["total"], sum(want[0]["packets"]))
        self.assertEqual(got["summary"]["total"], 1)

    def test_address_filter(self):
        path = self.ts.file("lossy.pcap")
        p = self.ts.run(["-q", "-z", "tcpstate,json,ip.addr==10.99.0.2 && tcp.port==8080", "-r", path],
                        check=True)
        got = json.loads(p.stdout)
        want = [c for c in reference.connections(path) if 8080 in (c["sport"], c["dport"])]
        self.assertEqual(len(got["connections"]), len(want))
        self.assertEqual(len(want), 5)  # five GETs in the recipe

    def test_two_forms_in_one_run(self):
        path = self.ts.file("http.pcap")
        p = self.ts.run(["-q", "-z", "tcpstate,csv", "-z", "tcpstate,summary", "-r", path], check=True)
        self.assertIn("stream,src,sport", p.stdout)
        self.assertIn("A) Total number of connections: 3", p.stdout)

    def test_truncated_capture_still_reports(self):
        src = self.ts.file("lossy.pcap")
        cut = os.path.join(self.ts.home, "cut.pcap")
        with open(src, "rb") as f:
            data = f.read()
        with open(cut, "wb") as f:
            f.write(data[: len(data) // 2 + 7])  # mid-record
        os.chmod(cut, 0o644)
        p, got = self.json_report(cut)
        self.assertIn("cut short in the middle of a packet", p.stderr)
        self.assertIsNotNone(got)
        # What was read is reported: the same as tshark's own view of the readable part.
        want = reference.connections(cut, allow_error=True)
        self.assertEqual(len(got["connections"]), len(want))
        self.assertEqual(sum(c["packets"]["total"] for c in got["connections"]),
                         sum(sum(c["packets"]) for c in want))

    def test_snaplen_cut_payload_still_counted(self):
        # editcap -s 80 keeps the headers (14 + 20 + 32 bytes) and cuts the payload: the
        # payload bytes come from the IP/TCP lengths, so byte counts do not change.
        src = self.ts.file("http.pcap")
        cut = os.path.join(self.ts.home, "snap.pcap")
        subprocess.run(["editcap", "-s", "80", src, cut], check=True)
        os.chmod(cut, 0o644)
        _, full = self.json_report(src)
        _, snapped = self.json_report(cut)
        self.assertEqual([c["bytes"] for c in snapped["connections"]],
                         [c["bytes"] for c in full["connections"]])
        self.assertEqual(snapped["connections"][0]["bytes"]["total"], 502)  # 78 + 424, tcp.len


class CorruptedCaptures(unittest.TestCase):
    """At least 100 randomly corrupted copies (editcap -E): no crash, the report is printed."""

    COPIES_PER_CAPTURE = 25

    def test_corrupted_copies(self):
        with Tshark() as ts:
            runs = 0
            for capture in CAPTURES:
                src = ts.file(capture)
                for seed in range(self.COPIES_PER_CAPTURE):
                    bad = os.path.join(ts.home, f"bad-{seed}-{capture}")
                    subprocess.run(["editcap", "-E", "0.02", "--seed", str(seed + 1), src, bad],
                                   check=True, capture_output=True)
                    os.chmod(bad, 0o644)
                    p = ts.run(["-q", "-z", "tcpstate,summary", "-z", "tcpstate,json", "-r", bad])
                    msg = f"{capture} seed {seed + 1}: rc={p.returncode}\n{p.stderr[-2000:]}"
                    self.assertGreaterEqual(p.returncode, 0, msg)       # not killed by a signal
                    self.assertNotIn("ERROR: AddressSanitizer", p.stderr, msg)
                    self.assertNotIn("runtime error:", p.stderr, msg)  # UBSan
                    self.assertIn("A) Total number of connections:", p.stdout, msg)
                    json.JSONDecoder().raw_decode(p.stdout[p.stdout.index('{"connections"'):])
                    os.unlink(bad)
                    runs += 1
            self.assertGreaterEqual(runs, 100)


if __name__ == "__main__":
    unittest.main()
