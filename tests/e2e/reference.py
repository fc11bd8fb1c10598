"""Expected per-connection values computed from tshark's own fields.

Independent of the plugin: tshark says which stream each packet belongs to (tcp.stream),
its flags, payload length (tcp.len), window (tcp.window_size, tcp.window_size_value)
and its RTT sample (tcp.analysis.ack_rtt); the rules of the README are applied here with
plain arithmetic.
"""
import statistics

from tshark_env import plain_tshark

FIELDS = ["tcp.stream", "ip.src", "ipv6.src", "ip.dst", "ipv6.dst", "tcp.srcport", "tcp.dstport",
          "frame.time_relative", "tcp.flags.syn", "tcp.flags.fin", "tcp.flags.reset", "tcp.flags.ack", "tcp.len",
          "tcp.window_size", "tcp.window_size_value", "tcp.analysis.ack_rtt",
          "tcp.analysis.initial_rtt", "tcp.analysis.retransmission", "frame.number"]


def packets(capture, extra_args=(), allow_error=False):
    args = ["-r", capture, "-Y", "tcp", "-T", "fields", "-E", "occurrence=l"] + list(extra_args)
    for f in FIELDS:
        args += ["-e", f]
    out = []
    for line in plain_tshark(args, allow_error).splitlines():
        v = dict(zip(FIELDS, line.split("\t")))
        out.append(v)
    return out


def connections(capture, allow_error=False, extra_args=()):
    """allow_error: the capture is damaged on purpose; use what tshark could read.
    extra_args: tshark options that change how packets group into streams (-o ...)."""
    conns = {}
    for p in packets(capture, extra_args, allow_error=allow_error):
        s = int(p["tcp.stream"])
        src = p["ip.src"] or p["ipv6.src"]
        dst = p["ip.dst"] or p["ipv6.dst"]
        sport, dport = int(p["tcp.srcport"]), int(p["tcp.dstport"])
        t = float(p["frame.time_relative"])
        c = conns.get(s)
        if c is None:
            c = conns[s] = {"stream": s, "src": src, "sport": sport, "dst": dst, "dport": dport,
                            "syn": 0, "fin": 0, "rst": 0, "start": t, "end": t,
                            "packets": [0, 0], "bytes": [0, 0], "win": [], "win_raw": [],
                            "rtt": [], "handshake": None,
                            "syn_at": None, "synack": False, "handshake_by_rule": None}
        d = 0 if (src, sport) == (c["src"], c["sport"]) else 1
        syn, ack, rst = (p["tcp.flags." + f] in ("1", "True") for f in ("syn", "ack", "reset"))
        # The handshake rule of docs/reference.md in plain arithmetic, for when no SYN+ACK was
        # captured: the last SYN to the first ACK of its sender. Wireshark 4.0 and 4.4 give
        # the same as tcp.analysis.initial_rtt; 4.6 gives no initial RTT without a SYN+ACK.
        if c["handshake_by_rule"] is None:
            if syn and not ack:
                c["syn_at"] = (t, d)
            elif syn and ack:
                c["synack"] = True
            elif ack and not rst and c["syn_at"] and c["syn_at"][1] == d and not c["synack"]:
                c["handshake_by_rule"] = t - c["syn_at"][0]
        c["syn"] += p["tcp.flags.syn"] in ("1", "True")
        c["fin"] += p["tcp.flags.fin"] in ("1", "True")
        c["rst"] += p["tcp.flags.reset"] in ("1", "True")
        c["start"], c["end"] = min(c["start"], t), max(c["end"], t)
        c["packets"][d] += 1
        c["bytes"][d] += int(p["tcp.len"] or 0)
        if p["tcp.flags.reset"] not in ("1", "True"):  # an RST's window means nothing
            c["win"].append(int(p["tcp.window_size"]))
            c["win_raw"].append(int(p["tcp.window_size_value"]))
        if p["tcp.analysis.ack_rtt"]:
            c["rtt"].append(float(p["tcp.analysis.ack_rtt"]))
        # tshark also gives an initial RTT on the RST+ACK refusing a SYN: no handshake there
        if p["tcp.analysis.initial_rtt"] and c["handshake"] is None and p["tcp.flags.reset"] not in ("1", "True"):
            c["handshake"] = float(p["tcp.analysis.initial_rtt"])
    for c in conns.values():
        if c["handshake"] is None and not c["synack"]:
            c["handshake"] = c["handshake_by_rule"]
        c["status"] = "S%dF%d%s" % (c["syn"], c["fin"], "/R" if c["rst"] else "")
        c["complete"] = c["syn"] >= 1 and c["fin"] >= 1
        c["reset"] = c["rst"] > 0
        c["open"] = c["fin"] == 0 and c["rst"] == 0
        c["before_capture"] = c["syn"] == 0
    return [conns[k] for k in sorted(conns)]


def triple(values):
    if not values:
        return None
    return (min(values), statistics.fmean(values), max(values))


def summary(conns):
    complete = [c for c in conns if c["complete"]]
    return {
        "total": len(conns),
        "complete": len(complete),
        "reset": sum(c["reset"] for c in conns),
        "open": sum(c["open"] for c in conns),
        "before_capture": sum(c["before_capture"] for c in conns),
        "duration": triple([c["end"] - c["start"] for c in complete]),
        "rtt": triple([r for c in complete for r in c["rtt"]]),
        "packets": triple([sum(c["packets"]) for c in complete]),
        "window": triple([w for c in complete for w in c["win"]]),
    }
