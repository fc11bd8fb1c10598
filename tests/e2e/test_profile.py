"""The `tcpstate` configuration profile with tshark, as the package installs it: <build>/profiles
is Wireshark's global profiles folder here (WIRESHARK_DATA_DIR), and `tshark -C tcpstate`
copies it into the user's profiles folder on first use.

- it loads without a word on stderr (a UAT line that cannot be parsed, a colouring rule that
  does not compile: tshark says so there), with and without --color;
- the packet-list columns are the ones the profile promises, each custom one a registered field;
- every colouring rule, filter button and I/O Graph filter and Y field compiles as a display
  filter (and a broken one is refused: the check can fail); the io_graphs table has the
  columns of this series' Wireshark (4.6 added one);
- the colouring rules give each frame the rule that tshark's own fields say it must have:
  RST segments, the other packets of the connections with one, retransmissions, zero windows
  (a capture written here: a handshake, then an ACK advertising a zero window), and frames that
  a kernel retransmission event was matched to without being a retransmission."""
import csv
import os
import pwd
import re
import shutil
import struct
import tempfile
import unittest

from tshark_env import BUILD_PROFILES, CAPTURES, SERIES, TsharkTestCase, global_data_dir, plain_tshark

PROFILE = os.path.join(BUILD_PROFILES, "tcpstate")
TITLES = ["No.", "Time", "Source", "Destination", "Protocol", "Length", "Conn", "State", "Phase",
          "RTT", "Kernel event", "cwnd", "srtt (us)", "Info"]
BUTTONS = ["Resets", "Incomplete", "RTT > 100 ms", "Kernel retransmits", "This connection"]
# Columns of the io_graphs table: enabled, name, display filter, colour, style, Y axis, Y field,
# SMA period, Y axis factor; 4.6 adds "asAOT" (average over time).
IO_GRAPH_COLUMNS = 10 if tuple(int(x) for x in SERIES.split(".")) >= (4, 6) else 9
RULE = re.compile(r"^(!?)@([^@]*)@([^@]*)@\[(\d+),(\d+),(\d+)\]\[(\d+),(\d+),(\d+)\]$")


def uat_rows(name):
    with open(os.path.join(PROFILE, name), encoding="utf-8") as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    return list(csv.reader(lines))


def colour_rules():
    rules = []
    with open(os.path.join(PROFILE, "colorfilters"), encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                m = RULE.match(line.rstrip("\n"))
                assert m, f"not a colouring rule: {line!r}"
                rules.append((m.group(2), m.group(3)))
    return rules


def zero_window_pcap(path):
    """A classic pcap (Ethernet) of one IPv4 connection: SYN, SYN+ACK, ACK, 10 bytes of data,
    then the receiver's ACK of them with a window of 0 (frame 5)."""
    def frame(src, dst, sport, dport, seq, ack, flags, win, payload=b""):
        tcp = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags, win, 0, 0) + payload
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 1, 0, 64, 6, 0,
                         bytes(src), bytes(dst)) + tcp
        return b"\x02\x00\x00\x00\x00\x02" + b"\x02\x00\x00\x00\x00\x01" + b"\x08\x00" + ip
    a, b = (10, 0, 0, 1), (10, 0, 0, 2)
    frames = [frame(a, b, 40000, 80, 100, 0, 0x02, 64240),
              frame(b, a, 80, 40000, 500, 101, 0x12, 65160),
              frame(a, b, 40000, 80, 101, 501, 0x10, 502),
              frame(a, b, 40000, 80, 101, 501, 0x18, 502, b"0123456789"),
              frame(b, a, 80, 40000, 501, 111, 0x10, 0)]
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i, data in enumerate(frames):
            f.write(struct.pack("<IIII", 1700000000, i * 1000, len(data), len(data)) + data)


class ProfileTest(TsharkTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.data = global_data_dir(cls.ts.home)
        cls.env = {"WIRESHARK_DATA_DIR": cls.data}
        # the personal configuration folder, where tshark copies the profile: tshark's user's
        conf = os.path.join(cls.ts.home, ".config", "wireshark")
        os.makedirs(conf)
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            for d in (os.path.dirname(conf), conf):
                os.chown(d, nobody.pw_uid, nobody.pw_gid)

    def tshark(self, args, check=True):
        return self.ts.run(args, check=check, env_extra=self.env)

    def test_loads_without_warnings(self):
        capture = self.ts.file("lossy.pcap")
        for extra in ([], ["--color"]):
            with self.subTest(args=extra):
                p = self.tshark(["-C", "tcpstate", "-r", capture, "-c", "200"] + extra)
                self.assertEqual(p.returncode, 0, p.stderr)
                self.assertEqual(p.stderr, "")
                self.assertEqual(len(p.stdout.splitlines()), 200)
        copy = os.path.join(self.ts.home, ".config", "wireshark", "profiles", "tcpstate")
        self.assertEqual(sorted(os.listdir(copy)), sorted(os.listdir(PROFILE)))
        # a table line that cannot be parsed is reported there: the check above can fail
        broken = os.path.join(self.ts.home, ".config", "wireshark", "profiles", "tcpstate-broken")
        shutil.copytree(PROFILE, broken)
        with open(os.path.join(broken, "dfilter_buttons"), "a") as f:
            f.write('"TRUE","X","tcp","comment","one too many"\n')
        for root, dirs, files in os.walk(broken):
            for n in dirs + files:
                os.chmod(os.path.join(root, n), 0o755)
        os.chmod(broken, 0o755)
        p = self.tshark(["-C", "tcpstate-broken", "-r", capture, "-c", "1"])
        self.assertIn("dfilter_buttons", p.stderr)

    @unittest.skipIf(os.environ.get("TCPSTATE_PRELOAD"),
                     "tshark -G waits forever on a child process under the sanitizer runtime "
                     "(tshark_env.py); the plain build runs this test")
    def test_columns(self):
        prefs = self.tshark(["-G", "currentprefs", "-C", "tcpstate"]).stdout
        m = re.search(r"^gui\.column\.format:\s*\n((?:\s+\".*\n)+)", prefs, re.M)
        self.assertIsNotNone(m, prefs[-2000:])
        cells = re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1))
        titles, formats = cells[0::2], cells[1::2]
        self.assertEqual(titles, TITLES)
        fields = {line.split("\t")[2] for line in self.ts.run(["-G", "fields"]).stdout.splitlines()
                  if line.startswith("F\t")}
        custom = [f.split(":")[1] for f in formats if f.startswith("%Cus:")]
        self.assertEqual(len(custom), 7)
        for field in custom:
            self.assertIn(field, fields)

    def compiles(self, expression):
        p = self.tshark(["-r", self.ts.file("http.pcap"), "-c", "1", "-Y", expression], check=False)
        return p.returncode == 0

    def test_filters_compile(self):
        rules = colour_rules()
        buttons = uat_rows("dfilter_buttons")
        graphs = uat_rows("io_graphs")
        self.assertEqual([b[1] for b in buttons], BUTTONS)
        self.assertEqual(len(rules), 5)
        self.assertEqual(len(graphs), 2)
        for g in graphs:
            self.assertEqual(len(g), IO_GRAPH_COLUMNS, g)
            self.assertEqual(g[0], "Enabled")
        self.assertEqual([(g[5], g[6]) for g in graphs],
                         [("MAX(Y Field)", "tcpstate.kernel.cwnd"), ("AVG(Y Field)", "tcpstate.kernel.srtt_us")])
        expressions = ([("colouring rule " + n, f) for n, f in rules]
                       + [("button " + b[1], b[2]) for b in buttons]
                       + [("I/O Graph " + g[1], g[2]) for g in graphs]
                       + [("I/O Graph Y field " + g[1], g[6]) for g in graphs])
        for what, expression in expressions:
            with self.subTest(what=what):
                self.assertTrue(self.compiles(expression), expression)
        self.assertFalse(self.compiles("tcpstate.no_such_field == 1"))

    def coloured(self, capture, extra=()):
        out = self.tshark(["-C", "tcpstate", "--color", "-2", "-o", "tcpstate.first_pass_fields:TRUE",
                           "-r", capture, "-T", "fields", "-E", "separator=\t", "-e", "frame.number",
                           "-e", "frame.coloring_rule.name"] + list(extra)).stdout
        return {int(line.split("\t")[0]): line.split("\t")[1] for line in out.splitlines()}

    def own(self, capture, fields):
        out = plain_tshark(["-r", capture, "-T", "fields", "-E", "separator=\t", "-e", "frame.number"]
                           + [x for f in fields for x in ("-e", f)])
        return {int(line.split("\t")[0]): line.split("\t")[1:] for line in out.splitlines()}

    def test_colours_of_resets(self):
        capture = self.ts.file(os.path.join(CAPTURES, "third_party", "bgp-4byte-asn.pcap"))
        own = self.own(capture, ["tcp.stream", "tcp.flags.reset"])
        reset_streams = {s for s, r in own.values() if r in ("1", "True")}
        want = {}
        for n, (stream, rst) in own.items():
            if rst in ("1", "True"):
                want[n] = "tcpstate: RST segment"
            elif stream in reset_streams:
                want[n] = "tcpstate: reset connection"
            else:
                want[n] = ""
        self.assertEqual(len(reset_streams), 2)
        self.assertEqual(self.coloured(capture), want)

    def test_colours_of_retransmissions(self):
        capture = self.ts.file("lossy.pcap")
        own = self.own(capture, ["tcp.analysis.retransmission"])
        want = {n: "tcpstate: retransmission" if r else "" for n, (r,) in own.items()}
        self.assertEqual(sum(bool(v) for v in want.values()), 233)
        self.assertEqual(self.coloured(capture), want)
        # with the kernel's events: frames a tcp_retransmit_skb was matched to, not resends
        # (the events file in a folder of its own, not beside the capture)
        folder = tempfile.mkdtemp(prefix="tcpstate-events-")
        try:
            os.chmod(folder, 0o755)
            events = os.path.join(folder, "lossy.ftrace.txt")
            shutil.copyfile(os.path.join(CAPTURES, "events", "lossy.ftrace.txt"), events)
            os.chmod(events, 0o644)
            kernel = self.tshark(["-2", "-o", "tcpstate.events_file:" + events, "-r", capture, "-Y",
                                  "tcpstate.kernel.retransmit", "-T", "fields", "-e", "frame.number"]).stdout
            for n in map(int, kernel.split()):
                if not want[n]:
                    want[n] = "tcpstate: kernel retransmit, not one on the wire"
            self.assertEqual(self.coloured(capture, ["-o", "tcpstate.events_file:" + events]), want)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def test_colour_of_a_zero_window(self):
        folder = tempfile.mkdtemp(prefix="tcpstate-zw-")
        try:
            path = os.path.join(folder, "zero_window.pcap")
            zero_window_pcap(path)
            own = self.own(path, ["tcp.analysis.zero_window"])
            self.assertEqual([n for n, (z,) in own.items() if z], [5])
            self.assertEqual(self.coloured(self.ts.file(path)),
                             {1: "", 2: "", 3: "", 4: "", 5: "tcpstate: zero window"})
        finally:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
