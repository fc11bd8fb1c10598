"""Per-connection kernel facts in -z tcpstate,json / csv / summary / table with an events file,
against the events files' own lines (read here with regular expressions) and tshark's own fields.
Without an events file the reports are what they always were."""
import collections
import csv
import io
import ipaddress
import json
import os
import re
import shutil
import unittest
from decimal import Decimal

import kernel_reference as ref
from tshark_env import CAPTURES, TsharkTestCase, plain_tshark

FTRACE = [("http.pcap", "events/http.ftrace.txt"),
          ("ncat_hello.pcap", "events/ncat_hello.ftrace.txt"),
          ("http_ipv6.pcap", "events/http_ipv6.ftrace.txt"),
          ("lossy.pcap", "events/lossy.ftrace.txt"),
          ("events/named_tasks.pcap", "events/named_tasks.ftrace.txt")]
WIRE = ["tcp.stream", "frame.time_epoch", "frame.len", "ip.src", "ipv6.src", "ip.dst", "ipv6.dst",
        "tcp.srcport", "tcp.dstport", "tcp.seq_raw", "tcp.len", "tcp.flags.syn", "tcp.flags.fin",
        "tcp.flags.reset"]
# Moves only a system call of the socket's owner makes (connect, close, shutdown).
SYSCALL_STATES = ("TCP_SYN_SENT", "TCP_FIN_WAIT1", "TCP_LAST_ACK")
# Capture-relative times: the offset of the first frame's net_dev_xmit against the fit's.
TIME_SLACK = 50e-6


def addr(text):
    return str(ipaddress.ip_address(text))


def wire(capture):
    """tshark's own packets: the connections (tcp.stream) with their ends, first frame time and
    retransmitted segments (sequence space starting below what that direction already sent)."""
    args = ["-r", capture, "-T", "fields", "-E", "occurrence=f"]
    for f in WIRE:
        args += ["-e", f]
    conns, t0 = {}, None
    for line in plain_tshark(args).splitlines():
        v = dict(zip(WIRE, line.split("\t")))
        t = Decimal(v["frame.time_epoch"])
        t0 = t if t0 is None else t0
        if not v["tcp.stream"]:
            continue
        s = int(v["tcp.stream"])
        src, dst = addr(v["ip.src"] or v["ipv6.src"]), addr(v["ip.dst"] or v["ipv6.dst"])
        sport, dport = int(v["tcp.srcport"]), int(v["tcp.dstport"])
        c = conns.setdefault(s, {"src": src, "sport": sport, "dst": dst, "dport": dport, "first": t,
                                 "next": [None, None], "retrans": 0})
        d = 0 if (src, sport) == (c["src"], c["sport"]) else 1
        if v["tcp.flags.reset"] in ("1", "True"):
            continue
        syn, fin = v["tcp.flags.syn"] in ("1", "True"), v["tcp.flags.fin"] in ("1", "True")
        seq, n = int(v["tcp.seq_raw"]), int(v["tcp.len"] or 0)
        end = (seq + syn + n + fin) % 2**32
        nxt = c["next"][d]
        if nxt is not None and end != seq and 0 < (nxt - seq) % 2**32 < 2**31:
            c["retrans"] += 1
        if nxt is None or 0 < (end - nxt) % 2**32 < 2**31:
            c["next"][d] = end
    return conns, t0


def socket_of(e):
    """(local address, local port, remote address, remote port) of an ftrace socket event."""
    kv = e["kv"]
    if e["event"] == "tcp_probe":
        (la, lp), (ra, rp) = ref.endpoint(kv["src"]), ref.endpoint(kv["dest"])
        return addr(la), lp, addr(ra), rp
    v6 = kv.get("family") == "AF_INET6"
    la, ra = (kv["saddrv6"], kv["daddrv6"]) if v6 else (kv["saddr"], kv["daddr"])
    return addr(la), int(kv["sport"]), addr(ra), int(kv["dport"])


def process_context(path, line):
    """The flags column of an ftrace line has '.' where 's' (softirq) or 'h' (hardirq) would be."""
    with open(path) as f:
        text = f.readlines()[line - 1]
    flags = re.search(r"\] (\S{5}) ", text)
    return flags is not None and flags.group(1)[2] == "."


def expected_kernel(events, conn, offset, t0):
    """The facts of one connection from the file's lines: an end's owner is its first move to
    SYN_SENT, FIN_WAIT1 or LAST_ACK (SYN_SENT has no local port yet: the last one to the same
    server before the first frame), else the last move to LISTEN on its port before that frame."""
    ends = [(conn["src"], conn["sport"], conn["dst"], conn["dport"]),
            (conn["dst"], conn["dport"], conn["src"], conn["sport"])]
    first_k = conn["first"] - offset
    want = {"owner": [None, None], "states": [], "retrans": 0, "probes": []}
    syn_sent = [e for e in events.values() if e["event"] == "inet_sock_set_state"
                and e["kv"]["newstate"] == "TCP_SYN_SENT" and e["kv"]["sport"] == "0"
                and socket_of(e)[2:] == (conn["dst"], conn["dport"]) and e["ktime"] <= first_k]
    if syn_sent:
        e = max(syn_sent, key=lambda e: e["ktime"])
        want["owner"][0] = e
        want["states"].append((0, "CLOSE", "SYN_SENT", e["ktime"]))
    for n in sorted(events):
        e = events[n]
        if e["event"] not in ("inet_sock_set_state", "tcp_retransmit_skb", "tcp_probe"):
            continue
        sock = socket_of(e)
        if sock not in ends:
            continue
        end = ends.index(sock)
        if e["event"] == "tcp_retransmit_skb":
            want["retrans"] += 1
        elif e["event"] == "tcp_probe":
            want["probes"].append(e)
        else:
            kv = e["kv"]
            want["states"].append((end, kv["oldstate"][4:], kv["newstate"][4:], e["ktime"]))
            if kv["newstate"] in SYSCALL_STATES and want["owner"][end] is None:
                want["owner"][end] = e
    for end, (la, lp, _, _) in enumerate(ends):
        if want["owner"][end] is None:
            listens = [e for e in events.values() if e["event"] == "inet_sock_set_state"
                       and e["kv"]["newstate"] == "TCP_LISTEN" and int(e["kv"]["sport"]) == lp
                       and e["ktime"] <= first_k]
            if listens:
                want["owner"][end] = max(listens, key=lambda e: e["ktime"])
    want["states"] = [(end, a, b, float(k + offset - t0)) for end, a, b, k in want["states"]]
    return want


class KernelReportTest(TsharkTestCase):
    def run_form(self, capture, form, events=None, extra=()):
        """events: a file, "" for none set, None for the default (none set, events beside the
        capture used); False: none set and none looked for."""
        args = ["-q", "-z", form, "-r", self.ts.file(capture)] + list(extra)
        if events is False:
            args = ["-o", "tcpstate.events_beside_capture:FALSE"] + args
        elif events is not None:
            args = ["-o", f"tcpstate.events_file:{self.ts.file(events) if events else ''}"] + args
        return self.ts.run(args, check=True)

    def test_without_events_file_unchanged(self):
        for capture, _ in FTRACE:
            for form in ("tcpstate,summary", "tcpstate,csv", "tcpstate,json"):
                with self.subTest(capture=capture, form=form):
                    plain = self.run_form(capture, form, events=False).stdout
                    self.assertNotIn("kernel", plain)
                    self.assertNotIn("E) Kernel events", plain)
                    if not os.path.exists(os.path.join(CAPTURES, os.path.splitext(capture)[0] + ".ftrace.txt")):
                        self.assertEqual(self.run_form(capture, form, events="").stdout, plain)

    def test_events_beside_the_capture(self):
        """captures/events/bulk_loss.pcap lies beside bulk_loss.ftrace.txt and the manifest
        tcpstate-record wrote: they are used with no preference set, as if set, and the
        alignment line says so; the preference events_beside_capture turns it off."""
        capture = "events/bulk_loss.pcap"
        for f in ("events/bulk_loss.ftrace.txt", "events/bulk_loss.manifest"):
            self.ts.file(f)
        found = self.run_form(capture, "tcpstate,json")
        set_ = self.run_form(capture, "tcpstate,json", events="events/bulk_loss.ftrace.txt")
        self.assertIn("Kernel events bulk_loss.ftrace.txt (found beside the capture, recorded with it: "
                      "bulk_loss.manifest; ftrace, ", found.stderr)
        self.assertIn("Kernel events bulk_loss.ftrace.txt (set in tcpstate.events_file; ftrace, ", set_.stderr)
        a, b = json.loads(found.stdout), json.loads(set_.stdout)
        self.assertEqual(a["connections"], b["connections"])
        self.assertIn("kernel", a["connections"][0])
        self.assertEqual(os.path.realpath(a["summary"]["kernel"]["file"]),
                         os.path.realpath(b["summary"]["kernel"]["file"]))
        off = self.run_form(capture, "tcpstate,json", events=False)
        self.assertNotIn("kernel", off.stdout)
        self.assertNotIn("Kernel events", off.stderr)
        # the table's kernel columns, there with the events found and not without
        self.assertIn("|Process A |", self.run_form(capture, "tcpstate,table").stdout)
        self.assertNotIn("|Process A |", self.run_form(capture, "tcpstate,table", events=False).stdout)

    def test_events_of_another_capture_beside(self):
        """A capture whose neighbour of the same name was recorded with another capture: the
        warning of a file that does not fit, and no kernel data."""
        d = os.path.join(self.ts.home, "foreign")
        os.makedirs(d, mode=0o755)
        shutil.copyfile(self.ts.file("lossy.pcap"), os.path.join(d, "run.pcap"))
        shutil.copyfile(self.ts.file("events/http.ftrace.txt"), os.path.join(d, "run.ftrace.txt"))
        for f in os.listdir(d):
            os.chmod(os.path.join(d, f), 0o644)
        p = self.ts.run(["-q", "-z", "tcpstate,json", "-r", os.path.join(d, "run.pcap")], check=True)
        self.assertIn("Kernel events run.ftrace.txt (found beside the capture; ftrace, ", p.stderr)
        self.assertIn("tcpstate: warning:", p.stderr)
        doc = json.loads(p.stdout)
        self.assertEqual([c["kernel"] for c in doc["connections"]], [None] * len(doc["connections"]))
        self.assertIn("mismatch", doc["summary"]["kernel"])

    def test_json_against_the_events_files(self):
        for capture, events_file in FTRACE:
            with self.subTest(capture=capture):
                path = self.ts.file(events_file)
                events = ref.ftrace_events(path)
                conns, t0 = wire(self.ts.file(capture))
                first_len = int(plain_tshark(["-r", self.ts.file(capture), "-c", "1", "-T", "fields",
                                              "-e", "frame.len"]).strip())
                offset = ref.first_xmit_offset(events, t0, first_len)
                p = self.run_form(capture, "tcpstate,json", events=events_file)
                doc = json.loads(p.stdout)

                k = doc["summary"]["kernel"]
                self.assertEqual(k["file"], path)
                self.assertEqual(k["events"], len(events))
                self.assertEqual(k["bad_lines"], 0)
                self.assertLess(abs(Decimal(str(k["offset"])) - offset), Decimal("0.00005"))
                self.assertGreater(k["anchors"], 0)
                self.assertAlmostEqual(k["match_rate"], k["matched"] / k["applicable"], places=6)
                m = re.search(r"(\d+) anchors.*matched (\d+) of (\d+) events", p.stderr)
                self.assertEqual((int(m[1]), int(m[2]), int(m[3])), (k["anchors"], k["matched"], k["applicable"]))

                for c in doc["connections"]:
                    conn = conns[c["stream"]]
                    want = expected_kernel(events, conn, offset, t0)
                    got = c["kernel"]
                    with self.subTest(stream=c["stream"]):
                        self.assertIsNotNone(got)
                        for end, name in enumerate(("client", "server")):
                            e = want["owner"][end]
                            self.assertIsNotNone(e)
                            self.assertEqual((got[name]["comm"], got[name]["pid"], got[name]["line"]),
                                             (e["comm"], e["pid"], e["line"]))
                            self.assertTrue(process_context(path, e["line"]))
                        states = [(0 if s["end"] == "client" else 1, s["from"], s["to"]) for s in got["states"]]
                        self.assertEqual(states, [s[:3] for s in want["states"]])
                        for s, w in zip(got["states"], want["states"]):
                            self.assertLess(abs(s["time"] - w[3]), TIME_SLACK)
                        self.assertEqual(got["retransmits"], {"kernel": want["retrans"], "wire": conn["retrans"]})
                        probes = want["probes"]
                        if probes:
                            self.assertEqual(got["max_cwnd"], max(int(e["kv"]["snd_cwnd"]) for e in probes))
                            mean = sum(int(e["kv"]["srtt"]) for e in probes) / len(probes)
                            self.assertAlmostEqual(got["mean_srtt_us"], mean, places=4)
                        else:
                            self.assertIsNone(got["max_cwnd"])

    def test_lossy_retransmissions_kernel_and_wire(self):
        doc = json.loads(self.run_form("lossy.pcap", "tcpstate,json", events="events/lossy.ftrace.txt").stdout)
        bulk = doc["connections"][0]
        self.assertEqual(bulk["dport"], 5001)
        conns, _ = wire(self.ts.file("lossy.pcap"))
        # 1406 tcp_retransmit_skb lines of port 33240 -> 5001; what reached the wire is fewer
        self.assertEqual(bulk["kernel"]["retransmits"], {"kernel": 1406, "wire": conns[0]["retrans"]})
        self.assertGreater(conns[0]["retrans"], 0)
        self.assertEqual(bulk["kernel"]["client"]["retransmits"], 1406)
        self.assertEqual(bulk["kernel"]["server"]["retransmits"], 0)
        # Each end's kernel retransmissions against its re-sends on the wire. The attempts the
        # events say did not leave the host (err not 0: the tbf dropped them), counted in the file:
        with open(os.path.join(CAPTURES, "events/lossy.ftrace.txt")) as f:
            failed = sum(1 for line in f if "tcp_retransmit_skb:" in line and "dport=5001" in line
                         and re.search(r" err=(-?\d+)", line) and re.search(r" err=(-?\d+)", line).group(1) != "0")
        client = bulk["kernel"]["client"]
        self.assertEqual(client["retransmits_failed"], failed)
        self.assertEqual(failed, 1215)
        # the wire's re-sends of the client: tshark's retransmission flags (none are out of order)
        resent = len(plain_tshark(["-r", self.ts.file("lossy.pcap"), "-Y",
                                   "tcp.stream == 0 && tcp.srcport == 33240 && (tcp.analysis.retransmission || "
                                   "tcp.analysis.fast_retransmission || tcp.analysis.spurious_retransmission)",
                                   "-T", "fields", "-e", "frame.number"]).split())
        self.assertEqual(client["wire_resent"], resent)
        sent = client["retransmits"] - client["retransmits_failed"]
        self.assertLessEqual(client["resent_both"], min(sent, client["wire_resent"]))
        self.assertEqual(client["kernel_only"], sent - client["resent_both"])
        self.assertEqual(client["wire_only"], client["wire_resent"] - client["resent_both"])
        self.assertGreater(client["resent_both"], 0)
        server = bulk["kernel"]["server"]
        self.assertEqual((server["wire_resent"], server["kernel_only"], server["wire_only"]), (0, 0, 0))
        # softirq tasks that ran this connection's events never own it
        owners = {c["kernel"][e]["comm"] for c in doc["connections"] for e in ("client", "server")}
        self.assertEqual(owners, {"ncat", "curl", "python3"})

    def test_processes_rollup(self):
        """-z tcpstate,processes against the JSON report's connections and the per-packet RTT
        samples, rolled up in the test: a row per process owning an end, (unknown) for the
        rest; bytes and re-sends each way, kernel retransmissions that left the host, RTT
        samples of the data each process sent (those the other end's ACKs produced)."""
        ev = "events/lossy.ftrace.txt"
        doc = json.loads(self.run_form("lossy.pcap", "tcpstate,json", events=ev).stdout)
        out = self.run_form("lossy.pcap", "tcpstate,processes", events=ev).stdout
        header = next(line for line in out.splitlines() if line.startswith("Process (pid) |"))
        names = [c.strip() for c in header.split("|")[:-1]]
        lines = out.split("Processes (from the kernel events")[1].splitlines()[1:]
        got = {}
        for line in lines:
            if line.startswith("==="):
                break
            cells = [c.strip() for c in line.split(" |")]
            got[cells[0]] = dict(zip(names[1:], cells[1:]))
        want = collections.defaultdict(lambda: collections.Counter())
        owner_of = {}
        for c in doc["connections"]:
            k = c["kernel"]
            ends = [k[e] if k else None for e in ("client", "server")]
            rows = ["(unknown)" if not e or e["comm"] is None else f"{e['comm']} ({e['pid']})" for e in ends]
            owner_of[c["stream"]] = rows
            for d, key in enumerate(("src_to_dst", "dst_to_src")):
                w = want[rows[d]]
                if d == 0 or rows[1] != rows[0]:
                    w["Connections"] += 1
                w["Bytes sent"] += c["bytes"][key]
                want[rows[1 - d]]["Bytes received"] += c["bytes"][key]
                w["Re-sent (wire)"] += c["loss"]["retransmissions"][key] - c["loss"]["retrans_out_of_order"][key]
                if ends[d]:
                    w["Retransmits (kernel)"] += ends[d]["retransmits"] - ends[d]["retransmits_failed"]
                    w["Kernel only"] += ends[d]["kernel_only"] or 0
        samples = collections.defaultdict(list)
        fields = self.ts.run(["-o", f"tcpstate.events_file:{self.ts.file(ev)}", "-r", self.ts.file("lossy.pcap"),
                              "-Y", "tcpstate.rtt", "-T", "fields", "-e", "tcpstate.conn", "-e", "tcpstate.dir",
                              "-e", "tcpstate.rtt"], check=True).stdout
        for line in fields.splitlines():
            conn, d, rtt = line.split("\t")
            samples[owner_of[int(conn)][1 - int(d)]].append(float(rtt))
        self.assertEqual(sorted(got), sorted(want))
        self.assertIn("ncat (6306)", got)
        for name, w in want.items():
            with self.subTest(process=name):
                for col, v in w.items():
                    self.assertEqual(int(got[name][col]), v, col)
                rtts = samples.get(name, [])
                self.assertEqual(int(got[name]["RTT samples"]), len(rtts))
                if rtts:
                    self.assertAlmostEqual(float(got[name]["RTT mean (ms)"]), sum(rtts) / len(rtts) * 1000,
                                           delta=0.0006)
                else:
                    self.assertEqual(got[name]["RTT mean (ms)"], "")
        self.assertEqual(int(got["ncat (6306)"]["Retransmits (kernel)"]), 1406 - 1215)
        # without events no owner is known: one row holds everything
        out = self.run_form("lossy.pcap", "tcpstate,processes", events=False).stdout
        rows = [line for line in out.splitlines() if line.startswith("(unknown) |")]
        self.assertEqual(len(rows), 1)
        cells = [c.strip() for c in rows[0].split(" |")]
        total = sum(c["bytes"]["total"] for c in doc["connections"])
        self.assertEqual(cells[1:4], [str(len(doc["connections"])), str(total), str(total)])

    def test_bulk_loss_retransmissions_paired(self):
        """captures/events/bulk_loss: the manifest's 19 retransmissions, every one a
        tcp_retransmit_skb with err=0 and a re-sent segment on the wire within microseconds
        (the capture is on the sender's veth, without a queueing discipline in between)."""
        doc = json.loads(self.run_form("events/bulk_loss.pcap", "tcpstate,json",
                                       events="events/bulk_loss.ftrace.txt").stdout)
        client = doc["connections"][0]["kernel"]["client"]
        with open(os.path.join(CAPTURES, "events/bulk_loss.ftrace.txt")) as f:
            events = [line for line in f if "tcp_retransmit_skb:" in line]
        self.assertEqual(len(events), 19)
        self.assertTrue(all(" err=0" in line for line in events))
        self.assertEqual({k: client[k] for k in ("retransmits", "retransmits_failed", "wire_resent", "resent_both",
                                                 "kernel_only", "wire_only")},
                         {"retransmits": 19, "retransmits_failed": 0, "wire_resent": 19, "resent_both": 19,
                          "kernel_only": 0, "wire_only": 0})
        text = self.run_form("events/bulk_loss.pcap", "tcpstate,summary", events="events/bulk_loss.ftrace.txt").stdout
        self.assertIn("\nConnection 0, source: kernel 19, wire 19, paired 19, kernel only 0, wire only 0\n", text)

    def test_ebpf_rows(self):
        rows = ref.ebpf_rows(self.ts.file("events/ebpf_http.ebpf.txt"))
        doc = json.loads(self.run_form("events/ebpf_http.pcap", "tcpstate,json",
                                       events="events/ebpf_http.ebpf.txt").stdout)
        for c in doc["connections"]:
            with self.subTest(stream=c["stream"]):
                k = c["kernel"]
                cl = rows[k["client"]["line"]]
                self.assertEqual((cl["comm"], cl["pid"], cl["state"]), (k["client"]["comm"], k["client"]["pid"],
                                                                       "TCP_SYN_SENT"))
                self.assertEqual((cl["daddr"], cl["dport"]), (c["dst"], c["dport"]))
                sv = rows[k["server"]["line"]]
                self.assertEqual((sv["comm"], sv["pid"]), (k["server"]["comm"], k["server"]["pid"]))
                self.assertIn(sv["event"], ("tcp_recvmsg", "tcp_sendmsg"))
                self.assertEqual(sv["dport"], c["sport"])
                self.assertEqual(k["states"][0], {"end": "client", "from": None, "to": "SYN_SENT",
                                                  "time": k["states"][0]["time"]})

    def test_csv_and_summary_agree_with_json(self):
        ev = "events/http.ftrace.txt"
        doc = json.loads(self.run_form("http.pcap", "tcpstate,json", events=ev).stdout)
        rows = list(csv.DictReader(io.StringIO(self.run_form("http.pcap", "tcpstate,csv", events=ev).stdout)))
        text = self.run_form("http.pcap", "tcpstate,summary", events=ev).stdout
        plain = self.run_form("http.pcap", "tcpstate,csv").stdout.splitlines()
        self.assertTrue(self.run_form("http.pcap", "tcpstate,csv", events=ev).stdout.startswith(plain[0] + ","))
        for c, r in zip(doc["connections"], rows):
            k = c["kernel"]
            self.assertEqual((r["src_process"], r["src_pid"]), (k["client"]["comm"], str(k["client"]["pid"])))
            self.assertEqual((r["dst_process"], r["dst_pid"]), (k["server"]["comm"], str(k["server"]["pid"])))
            self.assertEqual(r["kernel_retransmits"], str(k["retransmits"]["kernel"]))
            self.assertEqual(r["wire_retransmits"], str(k["retransmits"]["wire"]))
            self.assertEqual(r["kernel_max_cwnd"], str(k["max_cwnd"]))
            self.assertAlmostEqual(float(r["kernel_mean_srtt_us"]), k["mean_srtt_us"], delta=0.0006)
            states = " ".join(f"{s['to']}@{s['time']:.6f}" for s in k["states"] if s["end"] == "client")
            self.assertEqual(r["src_kernel_states"], states)
            self.assertIn(f"Source process: {k['client']['comm']} (pid {k['client']['pid']})\n"
                          f"Destination process: {k['server']['comm']} (pid {k['server']['pid']})\n"
                          f"Kernel states of the source: {states}\n", text)
        self.assertIn("\nE) Kernel events\n\nEvents file: " + self.ts.file(ev) + "\n", text)
        self.assertIn("Connections with kernel events: 3 of 3\n", text)
        without = self.run_form("http.pcap", "tcpstate,summary").stdout
        self.assertTrue(text.startswith(without.split("B) Connections' details")[0]))

    def test_table_columns_with_two_passes(self):
        ev = "events/http.ftrace.txt"
        doc = json.loads(self.run_form("http.pcap", "tcpstate,json", events=ev).stdout)
        for two_pass in (True, False):
            run = self.run_form("http.pcap", "tcpstate,table", events=ev, extra=["-2"] if two_pass else [])
            # The clocks are aligned once every frame is read: without -2, tshark runs again with it.
            self.assertEqual("running as tshark -2" in run.stderr, not two_pass)
            lines = run.stdout.splitlines()
            start = lines.index("TCP Connection States:")
            header = [c.strip() for c in lines[start + 2].split("|")[:-1]]
            rows = [[c.strip() for c in l.split("|")[:-1]] for l in lines[start + 4:start + 7]]
            for c, r in zip(doc["connections"], rows):
                cell = dict(zip(header, r))
                k = c["kernel"]
                self.assertEqual(cell["Process A"], f"{k['client']['comm']} ({k['client']['pid']})")
                self.assertEqual(cell["Process B"], f"{k['server']['comm']} ({k['server']['pid']})")
                self.assertEqual(cell["Retransmits (kernel)"], str(k["retransmits"]["kernel"]))
                self.assertEqual(cell["Retransmits (wire)"], str(k["retransmits"]["wire"]))
                self.assertEqual(cell["Max cwnd (segments)"], str(k["max_cwnd"]))
                self.assertAlmostEqual(float(cell["Mean srtt (ms)"]), k["mean_srtt_us"] / 1000, delta=0.0006)


if __name__ == "__main__":
    unittest.main()
