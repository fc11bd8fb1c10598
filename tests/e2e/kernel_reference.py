"""Expected kernel-event values, independent of the plugin: the events file's own lines read
with a few regular expressions, and the packets as tshark's own fields give them."""
import re
from decimal import Decimal

FTRACE_LINE = re.compile(r"^\s*(?P<task>.*)-(?P<pid>\d+)\s+\[(?P<cpu>\d+)\]\s+(?:\S{4,5}\s+)?"
                         r"(?P<ts>\d+\.\d+):\s+(?P<event>\w+):\s*(?P<rest>.*)$")


def ftrace_events(path):
    """{line number: event} of a tracefs `trace` file."""
    events = {}
    with open(path) as f:
        for n, line in enumerate(f, 1):
            m = FTRACE_LINE.match(line)
            if not m:
                continue
            events[n] = {"line": n, "comm": m["task"].strip(), "pid": int(m["pid"]),
                         "cpu": int(m["cpu"]), "ktime": Decimal(m["ts"]), "event": m["event"],
                         "kv": dict(re.findall(r"(\w+)=(\S+)", m["rest"]))}
    return events


EBPF_ROW = re.compile(r"^(?P<pid>\d+)\s+(?P<comm>\S+)\s+(?P<ip>[46])\s+(?P<saddr>\S+)\s+(?P<daddr>\S+)\s+"
                      r"(?P<dport>\d+)\s+(?P<ts>\d+)\s+(?P<func>\S+)\s+(?P<state>\S+)")


def ebpf_rows(path):
    rows = {}
    with open(path) as f:
        for n, line in enumerate(f, 1):
            m = EBPF_ROW.match(line)
            if m:
                rows[n] = {"line": n, "pid": int(m["pid"]), "comm": m["comm"], "event": m["func"],
                           "state": m["state"], "saddr": m["saddr"], "daddr": m["daddr"],
                           "dport": int(m["dport"])}
    return rows


def endpoint(text):
    """'127.0.0.1:8765' or '[::1]:8766' -> (address, port)."""
    addr, port = text.rsplit(":", 1)
    return addr.strip("[]"), int(port)


def first_xmit_offset(events, frame1_time, frame1_len):
    """The offset as captures/events' README and ../shared/corpus/README.md take it: the first
    frame's capture time minus the time of the first net_dev_xmit of the same length."""
    for n in sorted(events):
        e = events[n]
        if e["event"] == "net_dev_xmit" and int(e["kv"]["len"]) == frame1_len:
            return frame1_time - e["ktime"]
    raise AssertionError("no net_dev_xmit of the first frame's length")


def in_window(ack, lo, hi):
    """lo <= ack <= hi in 32-bit sequence space."""
    return (ack - lo) % 2**32 <= (hi - lo) % 2**32


def probe_frame(probe, packets, offset, window=Decimal("0.001")):
    """The frame a tcp_probe processed: from the probe's dest to its src, payload data_len, ACK
    within [snd_una, snd_nxt], the nearest such frame to the event's time on the capture's
    clock (within window)."""
    kv = probe["kv"]
    (laddr, lport), (raddr, rport) = endpoint(kv["src"]), endpoint(kv["dest"])
    una, nxt = int(kv["snd_una"], 16), int(kv["snd_nxt"], 16)
    at = probe["ktime"] + offset
    best = None
    for p in packets:
        if (p["src"], p["sport"], p["dst"], p["dport"]) != (raddr, rport, laddr, lport):
            continue
        if p["len"] != int(kv["data_len"]) or not p["has_ack"] or not in_window(p["ack"], una, nxt):
            continue
        d = abs(p["time"] - at)
        if d <= window and (best is None or d < abs(best["time"] - at)):
            best = p
    return best
