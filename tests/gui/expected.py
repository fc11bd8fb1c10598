"""Expected values from tshark's own fields (no plugin): the independent side of the GUI tests."""
import collections
import os

from gui_env import CAPTURES, plain_tshark

FIELDS = ["frame.number", "frame.time_relative", "tcp.stream", "ip.src", "ipv6.src",
          "tcp.srcport", "tcp.flags.syn", "tcp.flags.fin", "tcp.flags.reset", "tcp.len"]


def _flag(v):
    return v in ("1", "True", "true")


def packets(capture):
    """One dict per TCP packet, in frame order."""
    path = capture if os.path.isabs(capture) else os.path.join(CAPTURES, capture)
    args = ["-r", path, "-Y", "tcp", "-T", "fields", "-E", "separator=\t", "-E", "occurrence=f"]
    for f in FIELDS:
        args += ["-e", f]
    rows = []
    for line in plain_tshark(args).splitlines():
        v = dict(zip(FIELDS, line.split("\t")))
        if not v.get("tcp.stream"):
            continue
        rows.append(v)
    return rows


def stream_count(capture):
    """tshark -r capture -T fields -e tcp.stream | sort -u | wc -l (empty values aside)."""
    path = capture if os.path.isabs(capture) else os.path.join(CAPTURES, capture)
    out = plain_tshark(["-r", path, "-T", "fields", "-e", "tcp.stream"])
    return len({line for line in out.splitlines() if line.strip()})


def connections(capture):
    """Per stream: status (S<syn>F<fin>[/R]), packets and payload bytes each way (from the
    sender of its first packet), start and duration; and the summary counts."""
    conns = collections.OrderedDict()
    for p in packets(capture):
        s = int(p["tcp.stream"])
        sender = (p["ip.src"] or p["ipv6.src"], p["tcp.srcport"])
        t = float(p["frame.time_relative"])
        c = conns.get(s)
        if c is None:
            c = conns[s] = {"src": sender, "syn": 0, "fin": 0, "rst": False, "pkts": [0, 0],
                            "bytes": [0, 0], "first": t, "last": t}
        d = 0 if sender == c["src"] else 1
        c["pkts"][d] += 1
        c["bytes"][d] += int(p["tcp.len"] or 0)
        c["syn"] += _flag(p["tcp.flags.syn"])
        c["fin"] += _flag(p["tcp.flags.fin"])
        c["rst"] |= _flag(p["tcp.flags.reset"])
        c["last"] = t
    for c in conns.values():
        c["status"] = f"S{c['syn']}F{c['fin']}" + ("/R" if c["rst"] else "")
        c["start"] = c["first"]
        c["duration"] = c["last"] - c["first"]
    summary = {
        "total": len(conns),
        "complete": sum(c["syn"] >= 1 and c["fin"] >= 1 for c in conns.values()),
        "reset": sum(c["rst"] for c in conns.values()),
        "open at capture end": sum(c["fin"] == 0 and not c["rst"] for c in conns.values()),
        "before capture": sum(c["syn"] == 0 for c in conns.values()),
    }
    return conns, summary


def frames_of_stream(capture, stream):
    path = capture if os.path.isabs(capture) else os.path.join(CAPTURES, capture)
    out = plain_tshark(["-r", path, "-Y", f"tcp.stream == {stream}", "-T", "fields", "-e", "frame.number"])
    return [int(x) for x in out.split()]


def states(capture):
    """Per frame: tcp.stream and the state so far, S<syn>F<fin>[/R] of its connection
    counted up to and including that frame (what tcpstate.state must show)."""
    counts = {}
    out = {}
    for p in packets(capture):
        s = int(p["tcp.stream"])
        c = counts.setdefault(s, [0, 0, False])
        c[0] += _flag(p["tcp.flags.syn"])
        c[1] += _flag(p["tcp.flags.fin"])
        c[2] |= _flag(p["tcp.flags.reset"])
        out[int(p["frame.number"])] = {"tcp.stream": str(s),
                                       "state": f"S{c[0]}F{c[1]}" + ("/R" if c[2] else "")}
    return out
