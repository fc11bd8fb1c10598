"""Per-packet tcpstate.* fields against tshark's own fields and the -z tcpstate,json report."""
import json
import unittest

from tshark_env import TsharkTestCase, plain_tshark

CAPTURES = ["http.pcap", "ncat_hello.pcap", "http_ipv6.pcap", "lossy.pcap", "dns_http.pcap"]
TWO_PASS = ["-2", "-o", "tcpstate.first_pass_fields:TRUE"]

OWN = ["frame.number", "tcp.stream", "ip.src", "ipv6.src", "tcp.srcport", "tcp.flags.syn",
       "tcp.flags.fin", "tcp.flags.reset", "tcp.analysis.ack_rtt", "tcp.analysis.initial_rtt",
       "tcp.analysis.retransmission", "tcp.analysis.out_of_order", "tcp.analysis.lost_segment", "tcp.len"]
MINE = ["frame.number", "tcpstate.conn", "tcpstate.dir", "tcpstate.state", "tcpstate.final_state",
        "tcpstate.phase", "tcpstate.rtt", "tcpstate.handshake_rtt", "tcpstate.complete",
        "tcpstate.reset", "tcpstate.open", "tcpstate.conn_duration", "tcpstate.conn_packets",
        "tcpstate.conn_bytes", "tcpstate.dns_time"]


def rows(text, names):
    out = {}
    for line in text.splitlines():
        v = dict(zip(names, line.split("\t")))
        out[int(v["frame.number"])] = v
    return out


def fields_args(names):
    args = ["-T", "fields", "-E", "occurrence=l"]
    for n in names:
        args += ["-e", n]
    return args


def is_set(v):
    return v in ("1", "True")


class PacketFields(TsharkTestCase):

    def mine(self, capture, extra=()):
        p = self.ts.run(list(extra) + ["-r", self.ts.file(capture)] + fields_args(MINE), check=True)
        return rows(p.stdout, MINE)

    def own(self, capture):
        return rows(plain_tshark(["-r", self.ts.file(capture), "-Y", "tcp"] + fields_args(OWN)), OWN)

    def report(self, capture):
        p = self.ts.run(["-q", "-z", "tcpstate,json", "-r", self.ts.file(capture)], check=True)
        return {c["stream"]: c for c in json.loads(p.stdout)["connections"]}

    def test_one_pass_fields_follow_the_packets(self):
        """conn, dir, state so far, phase and RTT, computed here from tshark's own fields."""
        for capture in CAPTURES:
            own, mine = self.own(capture), self.mine(capture)
            counts, source, handshake_done, lossy, fin_sent = {}, {}, set(), set(), set()
            for n, o in own.items():
                if o["tcp.analysis.retransmission"] or o["tcp.analysis.out_of_order"] or \
                        o["tcp.analysis.lost_segment"]:
                    lossy.add(int(o["tcp.stream"]))
            for n in sorted(own):
                o, m = own[n], mine[n]
                msg = f"{capture} frame {n}"
                s = int(o["tcp.stream"])
                self.assertEqual(m["tcpstate.conn"], o["tcp.stream"], msg)
                src = (o["ip.src"] or o["ipv6.src"], o["tcp.srcport"])
                source.setdefault(s, src)
                self.assertEqual(m["tcpstate.dir"], "0" if src == source[s] else "1", msg)
                c = counts.setdefault(s, [0, 0, 0])
                c[0] += is_set(o["tcp.flags.syn"])
                c[1] += is_set(o["tcp.flags.fin"])
                c[2] += is_set(o["tcp.flags.reset"])
                want = "S%dF%d%s" % (c[0], c[1], "/R" if c[2] else "")
                self.assertEqual(m["tcpstate.state"], want, msg)
                # Phase, per direction: reset after any RST, close once this packet's sender has
                # sent a FIN, handshake for SYNs and the ACK that completes it (the first packet
                # tshark gives an initial RTT), else data.
                completes = bool(o["tcp.analysis.initial_rtt"]) and s not in handshake_done
                if completes:
                    handshake_done.add(s)
                if is_set(o["tcp.flags.fin"]):
                    fin_sent.add((s, m["tcpstate.dir"]))
                phase = ("reset" if c[2] else "close" if (s, m["tcpstate.dir"]) in fin_sent else
                         "handshake" if is_set(o["tcp.flags.syn"]) or completes else "data")
                self.assertEqual(m["tcpstate.phase"], phase, msg)
                if s not in lossy:
                    self.assertEqual(m["tcpstate.rtt"] != "", o["tcp.analysis.ack_rtt"] != "", msg)
                    if o["tcp.analysis.ack_rtt"]:
                        self.assertAlmostEqual(float(m["tcpstate.rtt"]), float(o["tcp.analysis.ack_rtt"]),
                                               places=9, msg=msg)

    def test_half_close_is_not_close(self):
        # lossy.pcap connection 0: the receiver sends its FIN early (tshark's own flags say
        # which frame), then the sender's whole transfer follows: that is data, not close.
        own, mine = self.own("lossy.pcap"), self.mine("lossy.pcap")
        frames = sorted(n for n, o in own.items() if o["tcp.stream"] == "0")
        first_fin = min(n for n in frames if is_set(own[n]["tcp.flags.fin"]))
        fin_dir = mine[first_fin]["tcpstate.dir"]
        later = [n for n in frames if n > first_fin and not is_set(own[n]["tcp.flags.fin"])]
        sender = [n for n in later if mine[n]["tcpstate.dir"] != fin_dir and int(own[n]["tcp.len"] or 0) > 0]
        payload = sum(int(own[n]["tcp.len"]) for n in sender)
        self.assertGreater(payload, 1000000)
        self.assertEqual({mine[n]["tcpstate.phase"] for n in sender}, {"data"})
        self.assertEqual({mine[n]["tcpstate.phase"] for n in later if mine[n]["tcpstate.dir"] == fin_dir},
                         {"close"})

    def test_karn_and_capture_holes(self):
        # Zeek's tcp/reassembly.pcap: partial resends (frame 45 re-sends the first 24 bytes of
        # frame 26) and bytes the capture never saw. Every sample tcpstate takes is the one
        # tshark gives on that frame; where an ACK covers a segment sent twice, in part or
        # whole (frame 47), or bytes never captured (frames 70, 73, 86), there is none.
        capture = "third_party/reassembly.pcap"
        own, mine = self.own(capture), self.mine(capture)
        samples = {n: m["tcpstate.rtt"] for n, m in mine.items() if m["tcpstate.rtt"]}
        self.assertGreater(len(samples), 20)
        for n, rtt in samples.items():
            self.assertTrue(own[n]["tcp.analysis.ack_rtt"], f"frame {n}: {rtt} where tshark has none")
            self.assertAlmostEqual(float(rtt), float(own[n]["tcp.analysis.ack_rtt"]), places=9, msg=f"frame {n}")
        for n in (47, 70, 73, 86):
            self.assertNotIn(n, samples)

    def test_rtt_samples_agree_with_the_report(self):
        for capture in CAPTURES:
            mine, report = self.mine(capture), self.report(capture)
            samples = {}
            for m in mine.values():
                if m["tcpstate.rtt"]:
                    samples.setdefault(int(m["tcpstate.conn"]), []).append(float(m["tcpstate.rtt"]))
            for stream, conn in report.items():
                got = samples.get(stream, [])
                self.assertEqual(len(got), conn["rtt"]["samples"], f"{capture} {stream}")
                if got:
                    self.assertAlmostEqual(min(got), conn["rtt"]["min"], places=9)
                    self.assertAlmostEqual(max(got), conn["rtt"]["max"], places=9)

    def check_final(self, capture, mine, report, how):
        seen = set()
        for n, m in mine.items():
            if not m["tcpstate.conn"] or m["tcpstate.phase"] == "dns":
                continue
            c = report[int(m["tcpstate.conn"])]
            msg = f"{capture} frame {n} {how}"
            seen.add(c["stream"])
            self.assertEqual(m["tcpstate.final_state"], c["status"], msg)
            self.assertEqual(is_set(m["tcpstate.complete"]), c["complete"], msg)
            self.assertEqual(is_set(m["tcpstate.reset"]), c["reset"], msg)
            self.assertEqual(is_set(m["tcpstate.open"]), c["open"], msg)
            self.assertEqual(int(m["tcpstate.conn_packets"]), c["packets"]["total"], msg)
            self.assertEqual(int(m["tcpstate.conn_bytes"]), c["bytes"]["total"], msg)
            self.assertAlmostEqual(float(m["tcpstate.conn_duration"]), c["duration"], places=6, msg=msg)
            if c["rtt"]["handshake"] is not None:
                self.assertAlmostEqual(float(m["tcpstate.handshake_rtt"]), c["rtt"]["handshake"],
                                       places=6, msg=msg)
        self.assertEqual(seen, set(report), f"{capture} {how}")

    def test_whole_connection_fields_are_final(self):
        """With or without -2 or the first_pass_fields preference: every packet shows its
        connection's final values (the -z tcpstate,json report's)."""
        for capture in CAPTURES:
            report = self.report(capture)
            for extra in ((), ("-2",), tuple(TWO_PASS)):
                self.check_final(capture, self.mine(capture, extra), report, " ".join(extra) or "one pass")

    def test_one_pass_runs_again_only_when_fields_are_asked_for(self):
        path = self.ts.file("http.pcap")
        asked = self.ts.run(["-r", path, "-T", "fields", "-e", "tcpstate.final_state"], check=True)
        self.assertIn("running as tshark -2", asked.stderr)
        self.assertEqual(set(asked.stdout.split()), {"S2F2"})
        for args in (["-T", "fields", "-e", "tcp.stream"], ["-q", "-z", "tcpstate,summary"], []):
            p = self.ts.run(["-r", path] + args, check=True)
            self.assertNotIn("tshark -2", p.stderr, args)
        # a filter naming a whole-connection field, and the full tree of -T json
        p = self.ts.run(["-r", path, "-Y", 'tcpstate.final_state == "S2F2"', "-T", "fields", "-e",
                         "frame.number"], check=True)
        self.assertEqual(len(p.stdout.split()), sum(c["packets"]["total"] for c in self.report("http.pcap").values()))
        p = self.ts.run(["-r", path, "-T", "json"], check=True)
        first = json.loads(p.stdout)[0]["_source"]["layers"]["tcpstate"]
        self.assertEqual(first["tcpstate.final_state"], "S2F2")
        # in one pass the first packet would have known one packet of its connection
        self.assertEqual(first["tcpstate.conn_packets"], str(self.report("http.pcap")[0]["packets"]["total"]))

    def test_display_filters(self):
        for capture in ("http.pcap", "lossy.pcap"):
            mine = self.mine(capture)
            path = self.ts.file(capture)
            for flt, pick in (('tcpstate.state == "S2F2"', lambda m: m["tcpstate.state"] == "S2F2"),
                              ('tcpstate.phase == "data"', lambda m: m["tcpstate.phase"] == "data"),
                              ("tcpstate.rtt > 0.001", lambda m: m["tcpstate.rtt"] != "" and
                               float(m["tcpstate.rtt"]) > 0.001),
                              ("tcpstate.dir == 1", lambda m: m["tcpstate.dir"] == "1")):
                p = self.ts.run(["-r", path, "-Y", flt, "-T", "fields", "-e", "frame.number"], check=True)
                got = [int(x) for x in p.stdout.split()]
                self.assertEqual(got, sorted(n for n, m in mine.items() if pick(m)), f"{capture} {flt}")

    def test_two_pass_filter_on_final_state(self):
        path = self.ts.file("lossy.pcap")
        report = self.report("lossy.pcap")
        p = self.ts.run(TWO_PASS + ["-r", path, "-Y", "tcpstate.open == 1", "-T", "fields", "-e", "tcp.stream"],
                        check=True)
        open_streams = [s for s, c in report.items() if c["open"]]
        self.assertEqual(len(open_streams), 1)  # captures/README.md: one connection still open
        self.assertEqual(len(p.stdout.split()), report[open_streams[0]]["packets"]["total"])
        self.assertEqual(set(p.stdout.split()), {str(open_streams[0])})

    def dns_links(self, capture):
        """From tshark's own fields, the rule docs/reference.md gives: a connection's lookup is
        the newest DNS response answering its server's address (any A/AAAA record) within 5 s
        before its first SYN; a lookup serving several connections names the first."""
        path = self.ts.file(capture)
        names = ["frame.number", "frame.time_relative", "dns.a", "dns.aaaa", "dns.time",
                 "dns.response_to", "tcp.stream", "tcp.flags.syn", "tcp.flags.ack", "ip.dst", "ipv6.dst"]
        out = plain_tshark(["-r", path, "-T", "fields", "-E", "occurrence=a"] +
                           [a for n in names for a in ("-e", n)])
        answers, want, frames = [], {}, {}
        for line in out.splitlines():
            o = dict(zip(names, line.split("\t")))
            n = int(o["frame.number"])
            addrs = set(filter(None, o["dns.a"].split(",") + o["dns.aaaa"].split(",")))
            if addrs and o["dns.time"] and o["dns.response_to"]:
                answers.append((float(o["frame.time_relative"]), addrs, float(o["dns.time"]),
                                int(o["dns.response_to"].split(",")[-1]), n))
            elif o["tcp.stream"] and is_set(o["tcp.flags.syn"]) and not is_set(o["tcp.flags.ack"]):
                t, server, stream = float(o["frame.time_relative"]), o["ip.dst"] or o["ipv6.dst"], int(o["tcp.stream"])
                near = [a for a in answers if server in a[1] and 0 <= t - a[0] <= 5.0]
                if near and stream not in want:
                    want[stream] = near[-1]
                    for f in near[-1][3:5]:
                        frames.setdefault(f, stream)
        return want, frames

    def test_dns_lookups_linked_to_connections(self):
        """dns_http.pcap: lookups of names answered with 127.0.0.2, each followed by a GET
        there; the last connection has no lookup within 5 s before it. Zeek's wikipedia.pcap:
        lookups answered with several addresses, one serving two connections. The lookup's
        own packets show the connection, whether or not -2 is given."""
        for capture, streams in (("dns_http.pcap", [0, 1, 2]), ("third_party/wikipedia.pcap", None)):
            want, frames = self.dns_links(capture)
            if streams is not None:
                self.assertEqual(sorted(want), streams)
            else:
                self.assertGreaterEqual(len(want), 5)
                self.assertGreater(len(want), len(set(x[4] for x in want.values())))  # one lookup, two connections
            for extra in ((), ("-2",), tuple(TWO_PASS)):
                mine = self.mine(capture, extra)
                how = f"{capture} {' '.join(extra) or 'one pass'}"
                for frame, stream in frames.items():
                    self.assertEqual(mine[frame]["tcpstate.phase"], "dns", f"{how} frame {frame}")
                    self.assertEqual(mine[frame]["tcpstate.conn"], str(stream), f"{how} frame {frame}")
                for stream, (_, _, dns_time, _, _) in want.items():
                    got = {m["tcpstate.dns_time"] for m in mine.values()
                           if m["tcpstate.conn"] == str(stream) and m["tcpstate.phase"] != "dns"}
                    self.assertEqual(len(got), 1, f"{how} stream {stream}")
                    self.assertAlmostEqual(float(got.pop()), dns_time, places=9, msg=f"{how} stream {stream}")
                linked = {m["tcpstate.conn"] for m in mine.values() if m["tcpstate.dns_time"]}
                self.assertEqual(linked, {str(s) for s in want}, how)


if __name__ == "__main__":
    unittest.main()
