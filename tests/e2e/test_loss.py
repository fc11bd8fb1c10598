"""Loss and ordering (core/loss.c) against tshark's own tcp.analysis flags, frame by frame.

Every frame's tcpstate.retrans_kind, tcpstate.dup_ack, tcpstate.keep_alive,
tcpstate.zero_window, tcpstate.zero_window_probe and tcpstate.missed_bytes is compared with
the flag tshark's TCP analysis gives the same frame (plain tshark, no plugin):

    dsack (on the ACK)            tcp.options.sack.dsack_le (present)
    spurious                      tcp.analysis.spurious_retransmission
    fast                          tcp.analysis.fast_retransmission
    out_of_order                  tcp.analysis.out_of_order
    timeout, probe, other         tcp.analysis.retransmission (Wireshark's plain kind)
    dup_ack N                     tcp.analysis.duplicate_ack_num N
    keep_alive                    tcp.analysis.keep_alive
    zero_window                   tcp.analysis.zero_window
    zero_window_probe             tcp.analysis.zero_window_probe
    missed_bytes                  tcp.analysis.lost_segment

The cases where tcpstate differs on purpose (docs/reference.md) are recognised from tshark's
own numbers, and only those:
- a segment tshark calls spurious although it starts at or past the highest sequence number
  its direction sent (its first sending was not captured): tcpstate counts it as new data;
- a segment Wireshark 4.0 calls a fast retransmission although the other direction sent
  fewer than 2 duplicate ACKs (by tshark's own duplicate_ack_num) since its acknowledgement
  number last changed: its counter of duplicate ACKs is set to -1 in an unsigned variable when
  an ACK covers a segment that was not captured, and then reads as more than 2. tcpstate calls
  it one of the plain kinds;
- Wireshark 4.0 calls an ACK with SACK blocks whose window changed a window update; from 4.2
  on, as tcpstate (RFC 6675), it is a duplicate ACK. On 4.0 such frames (tshark's
  window_update with tcp.options.sack.count > 0) are expected to be duplicate ACKs; within a
  run holding one, the duplicate ACK numbers are compared for presence only, and a re-send
  that tcpstate calls fast because of such a run may be a plain retransmission to 4.0. Then the per-connection figures of
`-z tcpstate,json` must be the sums of the per-frame ones, and the kinds must add up to the
re-sent segments.
"""
import collections
import gzip
import json
import os
import sys
import unittest

from tshark_env import SERIES, TsharkTestCase, plain_tshark

# What Wireshark 4.0's tshark says of each capture (reference_args), recorded with
# `python3 test_loss.py --write-reference` on Wireshark 4.0: the rules follow 4.0's (4.2 and
# later changed some, see docs/platforms.md), so every series is compared with these, and on
# 4.0 the recording is checked against tshark itself first.
REFERENCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "loss_reference")

CAPTURES = [
    "lossy.pcap",
    "http.pcap",
    "third_party/weibo.pcap",
    "third_party/ipp.pcap",
    "third_party/smb_v2_only_non_zero_reserved1.pcap",
    "third_party/tls_with_huge_ch.pcapng",
    "third_party/reassembly.pcap",
    "third_party/socks.pcap",
]

TSHARK_FLAGS = ["tcp.analysis.spurious_retransmission", "tcp.analysis.fast_retransmission",
                "tcp.analysis.out_of_order", "tcp.analysis.retransmission",
                "tcp.analysis.duplicate_ack_num", "tcp.analysis.keep_alive", "tcp.analysis.zero_window",
                "tcp.analysis.zero_window_probe", "tcp.analysis.lost_segment", "tcp.options.sack.dsack_le"]
TCPSTATE = ["tcpstate.retrans_kind", "tcpstate.dup_ack", "tcpstate.keep_alive", "tcpstate.zero_window",
            "tcpstate.zero_window_probe", "tcpstate.missed_bytes", "tcpstate.dsack", "tcpstate.window_full"]

KIND_OF_FLAG = {0: "spurious", 1: "fast", 2: "out_of_order", 3: "retransmission"}


def fields(text, n):
    rows = []
    for line in text.splitlines():
        cells = line.split("\t")
        rows.append(cells + [""] * (n - len(cells)))
    return rows


def reference_args(path):
    return (["-r", path, "-Y", "tcp", "-o", "tcp.relative_sequence_numbers:FALSE", "-T", "fields",
             "-e", "frame.number", "-e", "tcp.stream", "-e", "ip.src", "-e", "ipv6.src",
             "-e", "tcp.srcport", "-e", "tcp.seq", "-e", "tcp.len", "-e", "tcp.flags",
             "-e", "tcp.ack", "-e", "tcp.dstport", "-e", "tcp.options.sack.count",
             "-e", "tcp.analysis.window_update", "-e", "frame.time_relative",
             "-e", "tcp.window_size_value"]
            + sum((["-e", f] for f in TSHARK_FLAGS), []))


def reference_file(name):
    return os.path.join(REFERENCE, name.replace("/", "_") + ".tsv.gz")


def read_reference(name):
    with gzip.open(reference_file(name), "rt") as f:
        return f.read()


def tshark_view(out):
    """frame -> what tshark said of it (out: its fields, reference_args); and the frames that
    start at or past their direction's highest sequence number (arithmetic on tshark's
    absolute sequence numbers)."""
    view, new_data = {}, set()
    highest = {}
    dup_run = {}  # (stream, sport): (acknowledgement number, latest duplicate_ack_num since it changed)
    sack_run = {}  # (stream, sport): the current run holds a SACK window update (Wireshark 4.0)
    for cells in fields(out, 14 + len(TSHARK_FLAGS)):
        frame, stream, src4, src6, sport, seq, seglen, flags, ack, dport, sacks, win_update, t, win = cells[:14]
        flags_v = int(flags, 16)
        key = (stream, src4 or src6, sport)
        f = cells[14:]
        last_ack, run = dup_run.get((stream, sport), (None, 0))
        if ack != last_ack:
            sack_run[(stream, sport)] = False
        sack_dup = not f[4] and win_update and sacks and int(sacks) > 0 and int(seglen) == 0
        if sack_dup:
            sack_run[(stream, sport)] = True
        dup_run[(stream, sport)] = (ack, int(f[4]) if f[4] else (run if ack == last_ack else 0))
        rev_run = dup_run.get((stream, dport), (None, 0))[1]
        rev_sack_run = sack_run.get((stream, dport), False)
        seq, seglen = int(seq), int(seglen)
        end = (seq + seglen + (1 if flags_v & 0x02 else 0) + (1 if flags_v & 0x01 else 0)) & 0xffffffff
        if key in highest and ((seq - highest[key]) & 0xffffffff) < 0x80000000:
            new_data.add(int(frame))
        if not flags_v & 0x04 and (key not in highest or 0 < ((end - highest[key]) & 0xffffffff) < 0x80000000):
            highest[key] = end
        kind = next((KIND_OF_FLAG[i] for i in range(4) if f[i]), "")
        if kind == "fast" and rev_run < 2:
            kind = "fast_without_dup_acks"
        if kind == "retransmission" and rev_sack_run:
            kind = "retransmission_after_sack_dup_acks"
        dup = "sack_window_update" if sack_dup else f[4]
        if dup and sack_run.get((stream, sport)):
            dup = "in_sack_run"
        view[int(frame)] = {"kind": kind, "dup_ack": dup, "keep_alive": bool(f[5]),
                            "zero_window": bool(f[6]), "zero_window_probe": bool(f[7]),
                            "lost": bool(f[8]), "dsack": bool(f[9]), "time": float(t), "window": int(win),
                            "rst": bool(flags_v & 0x04)}
    return view, new_data


class LossTest(TsharkTestCase):
    def tcpstate_view(self, path):
        p = self.ts.run(["-r", path, "-Y", "tcp", "-T", "fields", "-e", "frame.number", "-e", "tcpstate.conn",
                         "-e", "tcpstate.dir"] + sum((["-e", f] for f in TCPSTATE), []), check=True)
        view = {}
        for cells in fields(p.stdout, 3 + len(TCPSTATE)):
            frame, conn, d, kind, dup, ka, zw, zwp, missed, dsack, full = cells[:11]
            view[int(frame)] = {"conn": int(conn), "dir": int(d), "kind": kind, "dup_ack": dup,
                                "keep_alive": bool(ka), "zero_window": bool(zw),
                                "zero_window_probe": bool(zwp), "missed": int(missed or 0), "dsack": bool(dsack),
                                "window_full": bool(full)}
        return view

    def check_capture(self, name):
        path = self.ts.file(name)
        reference = read_reference(name)
        if SERIES == "4.0":
            self.assertEqual(plain_tshark(reference_args(path)), reference, f"{name}: recorded with this tshark")
        want, new_data = tshark_view(reference)
        got = self.tcpstate_view(path)
        self.assertEqual(sorted(got), sorted(want), "the same TCP frames")
        seen = collections.Counter()
        for frame in sorted(want):
            w, g = want[frame], got[frame]
            where = f"{name} frame {frame}"
            kind = g["kind"]
            if kind in ("timeout", "probe", "other"):
                kind = "retransmission"
            if w["kind"] == "spurious" and frame in new_data and kind == "":
                seen["spurious_new_data"] += 1
            elif w["kind"] == "fast_without_dup_acks" and kind == "retransmission":
                seen["fast_without_dup_acks"] += 1
            elif w["kind"] == "retransmission_after_sack_dup_acks" and kind in ("retransmission", "fast"):
                seen["retransmission_after_sack_dup_acks"] += 1
            else:
                self.assertEqual(kind, w["kind"], where)
            if w["dup_ack"] in ("sack_window_update", "in_sack_run"):
                self.assertNotEqual(g["dup_ack"], "", where)
                seen[w["dup_ack"]] += 1
            else:
                self.assertEqual(g["dup_ack"], w["dup_ack"], where)
            for k in ("keep_alive", "zero_window", "zero_window_probe", "dsack"):
                self.assertEqual(g[k], w[k], f"{where}: {k}")
            self.assertEqual(g["missed"] > 0, w["lost"], f"{where}: missed bytes")
            for k in ("kind", "dup_ack", "keep_alive", "zero_window", "zero_window_probe", "dsack"):
                if g[k]:
                    seen[k] += 1
        seen["zero_window_seconds"] += self.check_connections(path, got, want)
        return seen

    @staticmethod
    def zero_window_seconds(got, want, last_time):
        """Per (connection, direction): from each frame advertising window 0 to the next frame of
        that direction with another window (not an RST), or to the connection's last packet."""
        since, total = {}, collections.Counter()
        for frame in sorted(got):
            g, w = got[frame], want[frame]
            k = (g["conn"], g["dir"])
            if g["zero_window"]:
                since.setdefault(k, w["time"])
            elif k in since and w["window"] != 0 and not w["rst"]:
                total[k] += w["time"] - since.pop(k)
        for k, t in since.items():
            total[k] += last_time[k[0]] - t
        return total

    def check_connections(self, path, got, want):
        """The JSON report's figures are the sums of the frames' ones."""
        report = json.loads(self.ts.run(["-q", "-r", path, "-z", "tcpstate,json"], check=True).stdout)
        sums = collections.defaultdict(collections.Counter)
        for g in got.values():
            c = sums[(g["conn"], g["dir"])]
            if g["kind"]:
                c["retrans_" + g["kind"]] += 1
                c["retransmissions"] += 1
            c["dup_acks"] += bool(g["dup_ack"])
            c["dup_ack_runs3"] += g["dup_ack"] == "3"
            c["keep_alives"] += g["keep_alive"]
            c["zero_windows"] += g["zero_window"]
            c["zero_window_probes"] += g["zero_window_probe"]
            c["gaps"] += g["missed"] > 0
            sums[(g["conn"], 1 - g["dir"])]["dsacks"] += g["dsack"]  # the other side's data
            c["missed_bytes"] += g["missed"]
            c["window_full"] += g["window_full"]  # per frame against tshark: test_flow.py
        last_time = collections.defaultdict(float)
        for frame, g in got.items():
            last_time[g["conn"]] = max(last_time[g["conn"]], want[frame]["time"])
        stalled = self.zero_window_seconds(got, want, last_time)
        for conn in report["connections"]:
            loss = conn["loss"]
            zero_window = loss.pop("zero_window_seconds")
            for d, key in enumerate(("src_to_dst", "dst_to_src")):
                expect = sums[(conn["stream"], d)]
                m = f"{path} connection {conn['stream']} {key}"
                self.assertAlmostEqual(zero_window[key], stalled[(conn["stream"], d)], places=6, msg=m)
                for name, v in loss.items():
                    self.assertEqual(v[key], expect[name], f"{m} {name}")
                kinds = sum(v[key] for name, v in loss.items() if name.startswith("retrans_"))
                self.assertEqual(kinds, loss["retransmissions"][key])
        return sum(1 for v in stalled.values() if v > 0)

    def test_every_capture(self):
        total = collections.Counter()
        for name in CAPTURES:
            with self.subTest(capture=name):
                total.update(self.check_capture(name))
        # The captures hold every kind of event the comparison is about, so that no rule goes
        # untested here (zero-window probes are in the unit tests only: none of these has one).
        for k in ("kind", "dup_ack", "keep_alive", "zero_window", "zero_window_seconds", "dsack"):
            self.assertGreater(total[k], 0, k)


def write_reference():
    """Records tshark's view of every capture (run with Wireshark 4.0's tshark)."""
    top = os.environ.get("TCPSTATE_CAPTURES",
                         os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "captures"))
    os.makedirs(REFERENCE, exist_ok=True)
    for name in CAPTURES:
        with gzip.GzipFile(reference_file(name), "wb", mtime=0) as f:
            f.write(plain_tshark(reference_args(os.path.join(top, name))).encode())


if __name__ == "__main__":
    if sys.argv[1:] == ["--write-reference"]:
        write_reference()
    else:
        unittest.main()
