"""The time figures of `-z tcpstate,json` and `-z tcpstate,csv` (time to first byte, longest
idle time, throughput, goodput) against arithmetic on tshark's own fields: frame.time_relative,
tcp.stream, the addresses and ports, tcp.len and tcp.flags.reset of every TCP frame."""
import collections
import csv
import io
import json
import unittest

from tshark_env import TsharkTestCase, plain_tshark

CAPTURES = ["http.pcap", "http_ipv6.pcap", "lossy.pcap", "dns_http.pcap", "ncat_hello.pcap",
            "third_party/weibo.pcap", "third_party/reassembly.pcap", "third_party/socks.pcap",
            "third_party/smb_v2_only_non_zero_reserved1.pcap", "third_party/tls_with_huge_ch.pcapng",
            "third_party/smtp-one-side-only.pcap"]


def expected(path):
    """stream -> its time figures, from tshark's fields."""
    out = plain_tshark(["-r", path, "-Y", "tcp", "-T", "fields", "-e", "tcp.stream", "-e", "frame.time_relative",
                        "-e", "ip.src", "-e", "ipv6.src", "-e", "tcp.srcport", "-e", "tcp.len",
                        "-e", "tcp.flags.reset"])
    frames = collections.defaultdict(list)
    for line in out.splitlines():
        stream, t, src4, src6, sport, seglen, rst = line.split("\t")
        frames[int(stream)].append((float(t), (src4 or src6, sport), int(seglen or 0), rst in ("1", "True")))
    want = {}
    for stream, fs in frames.items():
        source = fs[0][1]
        first = min(f[0] for f in fs)
        last = max(f[0] for f in fs)
        payload = [(t, end == source) for t, end, n, rst in fs if n > 0 and not rst]
        sent = next((t for t, forward in payload if forward), None)
        answer = next((t for t, forward in payload if not forward and sent is not None and t >= sent), None)
        gaps = [b[0] - a[0] for a, b in zip(fs, fs[1:])]
        nbytes = [sum(n for t, end, n, rst in fs if (end == source) == forward) for forward in (True, False)]
        duration = last - first
        want[stream] = {"ttfb": None if answer is None else answer - sent,
                        "idle_max": max([0.0] + gaps),
                        "throughput": [b / duration if duration > 0 else 0.0 for b in nbytes]}
    return want


class TimeTest(TsharkTestCase):
    def test_time_figures(self):
        with_ttfb = 0
        for name in CAPTURES:
            with self.subTest(capture=name):
                path = self.ts.file(name)
                want = expected(path)
                report = json.loads(self.ts.run(["-q", "-r", path, "-z", "tcpstate,json"], check=True).stdout)
                rows = {int(r["stream"]): r for r in csv.DictReader(io.StringIO(
                    self.ts.run(["-q", "-r", path, "-z", "tcpstate,csv"], check=True).stdout))}
                self.assertEqual(sorted(c["stream"] for c in report["connections"]), sorted(want))
                for c in report["connections"]:
                    w, got, row = want[c["stream"]], c["time"], rows[c["stream"]]
                    m = f"{name} connection {c['stream']}"
                    if w["ttfb"] is None:
                        self.assertIsNone(got["ttfb"], m)
                        self.assertEqual(row["ttfb"], "", m)
                    else:
                        with_ttfb += 1
                        # kept as a float: whole microseconds below 8 s
                        self.assertAlmostEqual(got["ttfb"], w["ttfb"], delta=1e-6 + 1e-7 * w["ttfb"], msg=m)
                        self.assertAlmostEqual(float(row["ttfb"]), w["ttfb"], delta=2e-6 + 1e-7 * w["ttfb"], msg=m)
                    self.assertAlmostEqual(got["idle_max"], w["idle_max"], delta=1e-6 + 1e-7 * w["idle_max"], msg=m)
                    for i, key in enumerate(("src_to_dst", "dst_to_src")):
                        self.assertAlmostEqual(got["throughput"][key], w["throughput"][i],
                                               delta=0.0005 + 1e-9 * w["throughput"][i], msg=f"{m} {key}")
                        unique = c["unique_bytes"][key]
                        self.assertAlmostEqual(got["goodput"][key], unique / c["duration"] if c["duration"] > 0 else 0,
                                               delta=0.001 + 1e-6 * got["goodput"][key], msg=f"{m} {key}")
                        self.assertLessEqual(got["goodput"][key], got["throughput"][key] + 0.001, m)
        self.assertGreater(with_ttfb, 20)


if __name__ == "__main__":
    unittest.main()
