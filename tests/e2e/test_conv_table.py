"""The tcpstate conversation table (Statistics > Conversations, -z conv,tcpstate).

Expected values come from Wireshark's own TCP dissection: its conversation table (tshark
-z conv,tcp, sharkd's conv:TCP) and the tcp.stream of every frame. The filter of each row is
read from sharkd, which builds it as the Conversations dialog does, and applied with plain
tshark (no plugin needed: the filter names TCP and IP fields only).
"""
import json
import os
import re

import port_reuse
from tshark_env import TsharkTestCase, plain_tshark

CAPTURES = ["http.pcap", "http_ipv6.pcap", "lossy.pcap", "dns_http.pcap", "ncat_hello.pcap",
            "third_party/bgp-4byte-asn.pcap", "third_party/reassembly.pcap"]
ROW = re.compile(r"^(\S+)\s+<->\s+(\S+)\s+(.*)$")


def cli_rows(text, title):
    """The rows of one table of tshark's -z conv output: (A, B, the counts and times)."""
    rows, inside = [], False
    for line in text.splitlines():
        if line.startswith("====="):
            inside = False
        elif line.strip() == title:
            inside = True
        elif inside:
            m = ROW.match(line)
            if m:
                rows.append((m.group(1), m.group(2), " ".join(m.group(3).split())))
    return rows


def endpoint_rows(text, title):
    """The rows of one table of tshark's -z endpoints output, split into words."""
    rows, inside = [], False
    for line in text.splitlines():
        if line.startswith("====="):
            inside = False
        elif line.strip() == title:
            inside = True
        elif inside and line.strip() and not line.startswith(("Filter:", " ")):
            rows.append(tuple(line.split()))
    return rows


def strip_port(endpoint):
    return endpoint.rsplit(":", 1)[0]


def stream_frames(path):
    """tcp.stream -> its frame numbers, from tshark's own dissection."""
    out = {}
    for line in plain_tshark(["-r", path, "-Y", "tcp", "-T", "fields", "-e", "tcp.stream",
                              "-e", "frame.number"]).splitlines():
        stream, frame = line.split("\t")
        out.setdefault(int(stream), set()).add(int(frame))
    return out


def frames_of(path, display_filter):
    out = plain_tshark(["-r", path, "-Y", display_filter, "-T", "fields", "-e", "frame.number"])
    return {int(x) for x in out.split()}


class ConvTable(TsharkTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reuse = os.path.join(cls.ts.home, "port_reuse.pcap")
        port_reuse.write(cls.ts.file("http.pcap"), cls.reuse)

    def sharkd_convs(self, path):
        """sharkd's rows of the tcpstate and TCP conversation tables."""
        requests = [
            {"jsonrpc": "2.0", "id": 1, "method": "load", "params": {"file": path}},
            {"jsonrpc": "2.0", "id": 2, "method": "tap",
             "params": {"tap0": "conv:tcpstate", "tap1": "conv:TCP"}},
        ]
        p = self.ts.run(["-"], program="sharkd", input_text="".join(json.dumps(r) + "\n" for r in requests))
        answers = [json.loads(line) for line in p.stdout.splitlines() if line.startswith("{")]
        taps = next(a["result"]["taps"] for a in answers if a.get("id") == 2)
        by_tap = {t["tap"]: t["convs"] for t in taps}
        return by_tap["conv:tcpstate"], by_tap["conv:TCP"]

    def check_cli(self, path):
        p = self.ts.run(["-q", "-r", path, "-z", "conv,tcpstate", "-z", "conv,tcp"], check=True)
        ours = cli_rows(p.stdout, "tcpstate Conversations")
        tcp = cli_rows(p.stdout, "TCP Conversations")
        self.assertTrue(tcp)
        # Wireshark's text output shows ports for the TCP, UDP and SCTP tables only.
        with_ports = {r[0] for r in tcp} & {r[0] for r in ours}
        if not with_ports:
            tcp = [(strip_port(a), strip_port(b), rest) for a, b, rest in tcp]
        self.assertEqual(sorted(ours), sorted(tcp))

    def check_filters(self, path):
        ours, tcp = self.sharkd_convs(path)
        streams = stream_frames(path)
        self.assertEqual(len(ours), len(streams))
        seen, rows = set(), []
        for row in ours:
            frames = frames_of(path, row["filter"])
            stream = [s for s, f in streams.items() if f == frames]
            self.assertEqual(len(stream), 1, f"{row['filter']} selects {sorted(frames)}")
            self.assertNotIn(stream[0], seen)
            seen.add(stream[0])
            self.assertEqual(row["rxf"] + row["txf"], len(frames))
            ports = re.findall(r"tcp\.port==(\d+)", row["filter"])
            rows.append((row["saddr"], ports[0], row["daddr"], ports[1], row["rxf"], row["rxb"],
                         row["txf"], row["txb"], row["start"], row["stop"]))
        want = [(c["saddr"], c["sport"], c["daddr"], c["dport"], c["rxf"], c["rxb"], c["txf"], c["txb"],
                 c["start"], c["stop"]) for c in tcp]
        self.assertEqual(sorted(rows), sorted(want))

    def test_rows_are_tcps_rows(self):
        for name in CAPTURES:
            with self.subTest(capture=name):
                self.check_cli(self.ts.file(name))

    def test_row_filter_selects_the_connection(self):
        for name in CAPTURES:
            with self.subTest(capture=name):
                self.check_filters(self.ts.file(name))

    def test_reused_ports(self):
        streams = stream_frames(self.reuse)
        self.assertEqual(len(streams), 3)
        self.check_cli(self.reuse)
        self.check_filters(self.reuse)
        # The address and port filter of TCP's own table cannot tell the two apart.
        _, tcp = self.sharkd_convs(self.reuse)
        reused = [c for c in tcp if c["sport"] == "44256"]
        self.assertEqual(len(reused), 2)
        self.assertEqual(len(frames_of(self.reuse, reused[0]["filter"])),
                         sum(c["rxf"] + c["txf"] for c in reused))

    def test_endpoints(self):
        """Statistics > Endpoints gets a tcpstate tab too: the rows of TCP's, without the port
        column that Wireshark's text output keeps for TCP, UDP and SCTP."""
        for name in ("lossy.pcap", "http_ipv6.pcap"):
            with self.subTest(capture=name):
                path = self.ts.file(name)
                p = self.ts.run(["-q", "-r", path, "-z", "endpoints,tcpstate", "-z", "endpoints,tcp"],
                                check=True)
                ours = endpoint_rows(p.stdout, "tcpstate Endpoints")
                tcp = endpoint_rows(p.stdout, "TCP Endpoints")
                self.assertTrue(tcp)
                if len(ours[0]) < len(tcp[0]):
                    tcp = [r[:1] + r[2:] for r in tcp]
                self.assertEqual(sorted(ours), sorted(tcp))
