"""Handshake and flow (core/flight.c, the window-full rule of core/loss.c) and the RTT's
standard deviation, against tshark's own fields (plain tshark, no plugin) and arithmetic:

- the options of each direction's first SYN in `-z tcpstate,json` ("flow") and
  `-z tcpstate,csv`: tcp.options.mss_val, tcp.options.wscale.shift (above 14 read as 14,
  RFC 7323 2.3), tcp.options.sack_perm, tcp.options.timestamp.tsval, tcp.options.tfo.request
  and tcp.options.tfo.cookie,
  tcp.flags.ece and tcp.flags.cwr (RFC 3168 6.1.1), tcp.len; a yes/no that the capture cut
  off (tcp.options shorter than tcp.hdr_len says) must be unknown;
- tcpstate.window_full on every frame: tcp.analysis.window_full;
- tcpstate.bytes_in_flight on every frame with payload: its direction's highest sequence
  number sent minus the other direction's latest acknowledgement number, from tshark's raw
  numbers (RFC 5681's FlightSize); and where the other direction's latest segment carried
  no SACK block and tshark gives one, tcp.analysis.bytes_in_flight with
  tcp.bif_seq_based:TRUE (Wireshark subtracts SACKed bytes, and gives none after a gap);
  the JSON's max_in_flight is the largest of each direction's;
- the first flight: the new payload (tshark flags no retransmission, out-of-order segment,
  keep-alive or zero-window probe on it) a direction sent from its first one until one
  handshake RTT later, when the handshake was complete by then: the JSON's handshake RTT
  (e2e_summary checks it against tcp.analysis.initial_rtt) after the last SYN before;
- the RTT's standard deviation: statistics.stdev of the connection's tcpstate.rtt samples.
"""
import collections
import csv
import io
import json
import statistics
import sys
import unittest

from tshark_env import TsharkTestCase, plain_tshark

CAPTURES = ["http.pcap", "http_ipv6.pcap", "lossy.pcap", "dns_http.pcap", "ncat_hello.pcap",
            "third_party/tfo-5c1fa7f9ae91.pcap", "third_party/accecn_handshake.pcap",
            "third_party/tcp-fast-open.pcap", "third_party/truncated-header.pcap", "third_party/weibo.pcap",
            "third_party/ipp.pcap", "third_party/reassembly.pcap", "third_party/socks.pcap",
            "third_party/bgp-4byte-asn.pcap", "third_party/smtp-one-side-only.pcap",
            "third_party/tls_with_huge_ch.pcapng", "third_party/smb_v2_only_non_zero_reserved1.pcap"]

FIELDS = ["frame.number", "tcp.stream", "frame.time_relative", "ip.src", "ipv6.src", "tcp.srcport",
          "tcp.flags", "tcp.len", "tcp.seq_raw", "tcp.ack_raw", "tcp.hdr_len", "tcp.options",
          "tcp.options.mss_val", "tcp.options.wscale.shift", "tcp.options.sack_perm",
          "tcp.options.timestamp.tsval", "tcp.options.tfo.request", "tcp.options.tfo.cookie",
          "tcp.options.sack.count",
          "tcp.analysis.window_full", "tcp.analysis.bytes_in_flight",
          "tcp.analysis.retransmission", "tcp.analysis.fast_retransmission",
          "tcp.analysis.spurious_retransmission", "tcp.analysis.out_of_order", "tcp.analysis.keep_alive",
          "tcp.analysis.zero_window_probe"]
OURS = ["frame.number", "tcpstate.window_full", "tcpstate.bytes_in_flight", "tcpstate.rtt",
        "tcpstate.capture_dup"]

SYN, RST, FIN, ACK, ECE, CWR = 0x02, 0x04, 0x01, 0x10, 0x40, 0x80


def table(text, names):
    rows = []
    for line in text.splitlines():
        cells = line.split("\t")
        cells += [""] * (len(names) - len(cells))
        rows.append(dict(zip(names, cells)))
    return rows


def frames_of(path):
    out = plain_tshark(["-r", path, "-Y", "tcp and not icmp and not icmpv6", "-o", "tcp.bif_seq_based:TRUE",
                        "-T", "fields", "-E", "occurrence=l"] + sum((["-e", f] for f in FIELDS), []))
    rows = table(out, FIELDS)
    for r in rows:
        r["flags"] = int(r["tcp.flags"], 16)
        r["len"] = int(r["tcp.len"] or 0)
        r["end"] = (r["ip.src"] or r["ipv6.src"], r["tcp.srcport"])
    return rows


def syn_options(f):
    """What a SYN's fields say, as tcpstate's JSON "flow" gives it (None: unknown)."""
    hdr = int(f["tcp.hdr_len"])
    cut = len(f["tcp.options"]) // 2 < hdr - 20
    def yes_no(present):
        return True if present else (None if cut else False)
    ecn = f["flags"] & (ECE | CWR)
    return {"syn_captured": True,
            "mss": int(f["tcp.options.mss_val"]) if f["tcp.options.mss_val"] else None,
            "window_scale": min(int(f["tcp.options.wscale.shift"]), 14) if f["tcp.options.wscale.shift"] else None,
            "sack_permitted": yes_no(f["tcp.options.sack_perm"]),
            "timestamps": yes_no(f["tcp.options.timestamp.tsval"]),
            "fast_open": yes_no(f["tcp.options.tfo.request"] or f["tcp.options.tfo.cookie"]),
            "ecn_setup": ecn == ECE if f["flags"] & ACK else ecn == ECE | CWR,
            "syn_data": f["len"] > 0}


def expected(frames, copies, handshake):
    """handshake: stream -> its handshake RTT or None. Returns stream -> direction -> figures; frame -> bytes in flight (arithmetic); frame -> what
    tshark's own bytes in flight must equal (other side's latest segment without SACK)."""
    by_stream = collections.defaultdict(list)
    for f in frames:
        if f["frame.number"] not in copies:
            by_stream[int(f["tcp.stream"])].append(f)
    want, in_flight, tshark_bif = {}, {}, {}
    for stream, fs in by_stream.items():
        source = fs[0]["end"]
        w = {d: {"syn_captured": False} for d in (0, 1)}
        highest, last_ack, acked, last_sack = {}, {}, set(), {}
        first, flight = {}, {0: [0, 0], 1: [0, 0]}
        last_syn = None
        for f in fs:
            d = 0 if f["end"] == source else 1
            if f["flags"] & SYN and not w[d]["syn_captured"]:
                w[d].update(syn_options(f))
            if f["flags"] & RST:
                continue
            seq = int(f["tcp.seq_raw"])
            end = (seq + f["len"] + (1 if f["flags"] & SYN else 0) + (1 if f["flags"] & FIN else 0)) % 2**32
            if not f["tcp.analysis.zero_window_probe"]:
                if d not in highest or 0 < (end - highest[d]) % 2**32 < 2**31:
                    highest[d] = end
            if f["len"] > 0 and (1 - d) in acked and d in highest:
                v = (highest[d] - last_ack[1 - d]) % 2**32
                if 0 < v < 2000000000:
                    v -= 1 if f["flags"] & (SYN | FIN) else 0
                    in_flight[f["frame.number"]] = v
                    if f["tcp.analysis.bytes_in_flight"] and not last_sack.get(1 - d):
                        tshark_bif[f["frame.number"]] = int(f["tcp.analysis.bytes_in_flight"])
            new_data = f["len"] > 0 and not any(f[k] for k in (
                "tcp.analysis.retransmission", "tcp.analysis.fast_retransmission",
                "tcp.analysis.spurious_retransmission", "tcp.analysis.out_of_order",
                "tcp.analysis.keep_alive", "tcp.analysis.zero_window_probe"))
            t = float(f["frame.time_relative"])
            if f["flags"] & (SYN | ACK) == SYN:
                last_syn = t
            if new_data and d not in first:
                rtt = handshake[stream]
                complete = rtt is not None and last_syn is not None and t >= last_syn + rtt - 1e-9
                first[d] = (t, rtt if complete else None)
            if new_data and first[d][1] is not None and t - first[d][0] < first[d][1]:
                flight[d][0] += f["len"]
                flight[d][1] += 1
            last_ack[d] = int(f["tcp.ack_raw"] or 0)
            last_sack[d] = int(f["tcp.options.sack.count"] or 0) > 0
            if f["flags"] & ACK:
                acked.add(d)
        for d in (0, 1):
            known = d in first and first[d][1] is not None
            w[d]["first_flight_bytes"] = flight[d][0] if known else None
            w[d]["first_flight_segments"] = flight[d][1] if known else None
        want[stream] = w
    return want, in_flight, tshark_bif


class FlowTest(TsharkTestCase):
    def test_flow(self):
        seen = collections.Counter()
        for name in CAPTURES:
            with self.subTest(capture=name):
                path = self.ts.file(name)
                frames = frames_of(path)
                ours = {r["frame.number"]: r for r in table(self.ts.run(
                    ["-r", path, "-Y", "tcp", "-T", "fields"] + sum((["-e", f] for f in OURS), []),
                    check=True).stdout, OURS)}
                copies = {n for n, r in ours.items() if r["tcpstate.capture_dup"]}
                report = json.loads(self.ts.run(["-q", "-r", path, "-z", "tcpstate,json"], check=True).stdout)
                want, in_flight, tshark_bif = expected(
                    frames, copies, {c["stream"]: c["rtt"]["handshake"] for c in report["connections"]})
                rows = {int(r["stream"]): r for r in csv.DictReader(io.StringIO(
                    self.ts.run(["-q", "-r", path, "-z", "tcpstate,csv"], check=True).stdout))}

                for f in frames:
                    n, m = f["frame.number"], f"{name} frame {f['frame.number']}"
                    got = ours[n]
                    if n in copies:
                        continue
                    self.assertEqual(bool(got["tcpstate.window_full"]), bool(f["tcp.analysis.window_full"]), m)
                    seen["window_full"] += bool(f["tcp.analysis.window_full"])
                    self.assertEqual(int(got["tcpstate.bytes_in_flight"] or 0), in_flight.get(n, 0), m)
                    seen["in_flight"] += n in in_flight
                    if n in tshark_bif:
                        self.assertEqual(int(got["tcpstate.bytes_in_flight"]), tshark_bif[n], m + " (tshark)")
                        seen["tshark_bif"] += 1

                samples = collections.defaultdict(list)
                for f in frames:
                    if ours[f["frame.number"]]["tcpstate.rtt"]:
                        samples[int(f["tcp.stream"])].append(float(ours[f["frame.number"]]["tcpstate.rtt"]))
                for c in report["connections"]:
                    s, flow, row = c["stream"], c["flow"], rows[c["stream"]]
                    m = f"{name} connection {s}"
                    for d, key in enumerate(("src_to_dst", "dst_to_src")):
                        w = want[s][d]
                        for fig in ("syn_captured", "mss", "window_scale", "sack_permitted", "timestamps",
                                    "fast_open", "ecn_setup", "syn_data"):
                            exp = w.get(fig) if w["syn_captured"] or fig == "syn_captured" else None
                            self.assertEqual(flow[fig][key], exp, f"{m} {fig} {key}")
                            cell = "" if exp is None else str(int(exp)) if isinstance(exp, bool) else str(exp)
                            self.assertEqual(row[f"{fig}_{key}"], cell, f"{m} {fig} {key} (CSV)")
                            seen[fig] += exp is True or (exp is not None and not isinstance(exp, bool))
                        for fig in ("first_flight_bytes", "first_flight_segments"):
                            self.assertEqual(flow[fig][key], w[fig], f"{m} {fig} {key}")
                        seen["first_flight"] += w["first_flight_bytes"] is not None
                        mine = [in_flight[f["frame.number"]] for f in frames
                                if int(f["tcp.stream"]) == s and f["frame.number"] in in_flight
                                and (0 if f["end"] == (c["src"], str(c["sport"])) else 1) == d]
                        self.assertEqual(flow["max_in_flight"][key], max(mine) if mine else None,
                                         f"{m} max_in_flight {key}")
                    rtts = samples.get(s, [])
                    if len(rtts) > 1:
                        self.assertAlmostEqual(c["rtt"]["stddev"], statistics.stdev(rtts),
                                               delta=1e-9 + 1e-6 * statistics.stdev(rtts), msg=m)
                        self.assertAlmostEqual(float(row["rtt_stddev"]), statistics.stdev(rtts), delta=1e-6, msg=m)
                        seen["stddev"] += 1
                    else:
                        self.assertIsNone(c["rtt"]["stddev"], m)
        # what the captures must have exercised, so that no comparison above passed empty
        print("compared:", ", ".join(f"{k} {v}" for k, v in sorted(seen.items())), file=sys.stderr)
        for fig, least in (("window_full", 60), ("in_flight", 1000), ("tshark_bif", 300), ("mss", 60),
                           ("window_scale", 30), ("sack_permitted", 30), ("timestamps", 20), ("fast_open", 4),
                           ("ecn_setup", 2), ("syn_data", 1), ("first_flight", 60), ("stddev", 40)):
            self.assertGreaterEqual(seen[fig], least, f"{fig}: {seen[fig]}")


if __name__ == "__main__":
    unittest.main()
