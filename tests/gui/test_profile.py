"""The `tcpstate` configuration profile in the real Wireshark (Qt, on Xvfb).

The profile is installed as the package installs it: <build>/profiles is Wireshark's global
profiles folder for these runs (WIRESHARK_DATA_DIR, tshark_env.global_data_dir), so Wireshark
copies it into the private home the first time it is selected, as it does for a user.

- LossyWithEvents: `wireshark -C tcpstate` on captures/lossy.pcap with its events file. The
  packet list (File > Export Packet Dissections > As CSV) has the profile's column titles;
  Conn is tshark's own tcp.stream, State the S<syn>F<fin>[/R] counted from tshark's own
  flags, RTT, where shown, tshark's own tcp.analysis.ack_rtt of that frame (on this capture
  every sample tcpstate takes is Wireshark's), Phase and the kernel columns what
  `tshark -2 -T fields` gives with the same plugin. The filter buttons "RTT > 100 ms",
  "Kernel retransmits" and, with a packet of connection 3 selected, "This connection" are
  clicked: the display filter bar shows the button's expression and the packets displayed are
  those `tshark -Y` gives, and those the first packet list says (RTT column over 0.1 s, Kernel
  event column naming tcp_retransmit_skb, tshark's own tcp.stream == 3).
- SelectedInTheDialog: Wireshark starts in the Default profile on tcpdump's
  bgp-4byte-asn.pcap and tcpstate is chosen in Edit > Configuration Profiles; then the
  packet list has the profile's columns, and "Resets" and "Incomplete" display the packets of
  the connections that tshark's own flags say had a RST, or lack a SYN or a FIN (and what
  `tshark -2 -o tcpstate.first_pass_fields:TRUE -Y` gives)."""
import csv
import os
import re
import shutil
import subprocess
import time
import unittest

import expected
import gui_env
import io_graph

# The packet list of the profile, left to right (the title of each column).
TITLES = ["No.", "Time", "Source", "Destination", "Protocol", "Length", "Conn", "State", "Phase",
          "RTT", "Kernel event", "cwnd", "srtt (us)", "Info"]
# Filter buttons, as the profile defines them (label: display filter).
BUTTONS = {"Resets": "tcpstate.reset == 1", "Incomplete": "tcpstate.complete == 0",
           "RTT > 100 ms": "tcpstate.rtt > 0.1", "Kernel retransmits": "tcpstate.kernel.retransmit",
           "This connection": "tcpstate.conn == ${tcpstate.conn}"}
LABELS = list(BUTTONS)  # their order in the toolbar
MISSING = gui_env.missing_tools() + ([] if shutil.which("xclip") else ["xclip"])


def read_csv(ws, name):
    ws.wait_stable(ws.main)
    ws.snapshot(name, ws.main)
    path = os.path.join(ws.out, name + ".csv")
    try:
        ws.export_packet_list_csv(path)
    except Exception:
        ws.snapshot("failure-" + name)
        raise
    shutil.copyfile(path, os.path.join(ws.artifacts, name + ".csv"))
    # (errors="replace": a cell cut at Wireshark's length limit may end inside a character)
    with open(path, encoding="utf-8", errors="replace", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = [dict(zip(header, r)) for r in reader]
    return header, rows


def displayed(rows):
    return sorted(int(r["No."]) for r in rows)


def filter_bar_text(ws):
    """The display filter bar's text, through the clipboard (Ctrl+/, Ctrl+A, Ctrl+C)."""
    ws.escape_all()
    ws.focus(ws.main)
    ws.key("ctrl+slash")
    time.sleep(0.3)
    ws.key("ctrl+a", "ctrl+c")
    time.sleep(0.3)
    return ws.x("xclip", "-o", "-selection", "clipboard", check=False)


def button_centres(ws):
    """{label: (x, y)} of the profile's filter buttons, from a grab of the main window: with a
    valid filter applied the filter bar's text box is Wireshark's "valid" green (#AFFFAF,
    gui.color_filter_bg.valid); the buttons are the last groups of dark (text) pixels to its
    right on the same rows, one group per label (words of a label are closer than buttons)."""
    ws.apply_main_filter("frame")
    ws.wait_stable(ws.main)
    x0, y0, w, h = ws.geometry(ws.main)
    rgb = subprocess.run(["import", "-window", ws.main, "-depth", "8", "rgb:-"], env=ws.env_display,
                         capture_output=True, timeout=60, check=True).stdout
    if len(rgb) != w * h * 3:
        raise RuntimeError(f"a grab of {len(rgb)} bytes for a {w}x{h} window")

    def pixel(x, y):
        i = (y * w + x) * 3
        return rgb[i], rgb[i + 1], rgb[i + 2]
    green = (0xAF, 0xFF, 0xAF)
    band = [y for y in range(min(h, 300)) if sum(pixel(x, y) == green for x in range(0, w, 4)) > w // 16]
    if not band:
        ws.snapshot("failure-no-filter-bar")
        raise RuntimeError("no green filter bar in the main window")
    right = max(x for y in band for x in range(w) if pixel(x, y) == green)
    dark = [x for x in range(right + 1, w) if any(sum(pixel(x, y)) < 3 * 110 for y in band)]
    groups = []
    for x in dark:
        if groups and x - groups[-1][1] <= 9:
            groups[-1][1] = x
        else:
            groups.append([x, x])
    if len(groups) < len(LABELS):
        ws.snapshot("failure-buttons")
        raise RuntimeError(f"{len(groups)} groups of text right of the filter bar: {groups}")
    y = y0 + (band[0] + band[-1]) // 2
    return {label: (x0 + (a + b) // 2, y) for label, (a, b) in zip(LABELS, groups[-len(LABELS):])}


def click_button(test, ws, centres, label):
    """Clicks a filter button; checks that the filter bar then holds its expression."""
    x, y = centres[label]
    ws.escape_all()
    ws.click(x, y)
    ws.park_mouse()
    want = BUTTONS[label]
    try:
        gui_env.wait_for(lambda: filter_bar_text(ws).strip() == want, gui_env.STEP_TIMEOUT,
                         f'the filter bar to show "{want}"', interval=1, alive=ws.alive)
    except TimeoutError:
        ws.snapshot("failure-button-" + label.replace(" ", "_"))
        test.fail(f'after a click on "{label}" the filter bar shows "{filter_bar_text(ws).strip()}"')
    ws.escape_all()


def go_to_packet(ws, number):
    """Go > Go to Packet... (Ctrl+G): selects frame `number`."""
    ws.escape_all()
    ws.focus(ws.main)
    ws.key("ctrl+g")  # a "Go to packet" box opens below the packet list, with the focus
    ws.wait_stable(ws.main)
    ws.type(str(number))
    ws.wait_stable(ws.main)
    ws.key("Return")
    ws.wait_stable(ws.main)
    ws.snapshot(f"selected-{number}", ws.main)


def tshark_frames(ws, args):
    out = ws.ts.run(["-r", ws.capture, "-T", "fields", "-e", "frame.number"] + args, check=True).stdout
    return sorted(int(x) for x in out.split())


@unittest.skipIf(MISSING, f"missing: {' '.join(MISSING)}")
class LossyWithEvents(gui_env.QuitsCleanly, unittest.TestCase):
    CAPTURE = "lossy.pcap"
    EVENTS = os.path.join("events", "lossy.ftrace.txt")

    @classmethod
    def setUpClass(cls):
        cls.dir, cls.events = gui_env.readable_copy(cls.EVENTS)
        cls.ws = gui_env.Wireshark(cls.CAPTURE, name="profile-lossy",
                                   global_profiles=gui_env.BUILD_PROFILES,
                                   extra_args=["-C", "tcpstate", "-o", "tcpstate.events_file:" + cls.events,
                                               # I/O Graphs: the interval is set before the first
                                               # read of the packets (io_graph.start says why)
                                               "-o", "gui.io_graph_automatic_update:FALSE"])

    @classmethod
    def tearDownClass(cls):
        cls.ws.close()
        shutil.rmtree(cls.dir, ignore_errors=True)

    def fields(self, names, kernel=False):
        args = ["-r", self.ws.capture, "-T", "fields", "-E", "separator=\t", "-E", "occurrence=a",
                "-E", "aggregator=,", "-e", "frame.number"]
        if kernel:
            args = ["-2", "-o", "tcpstate.events_file:" + self.events] + args
        for n in names:
            args += ["-e", n]
        rows = self.ws.ts.run(args, check=True).stdout.splitlines()
        return {int(r.split("\t")[0]): r.split("\t")[1:] for r in rows}

    def test_1_columns(self):
        header, rows = read_csv(self.ws, "packet-list")
        self.__class__.first = rows
        self.assertEqual(header, TITLES)
        # the profile copied into the user's profiles folder on first use, as for a user
        self.assertTrue(os.path.isfile(os.path.join(self.ws.ts.home, ".config", "wireshark", "profiles",
                                                    "tcpstate", "dfilter_buttons")))
        truth = expected.states(self.CAPTURE)
        own = gui_env.plain_tshark(["-r", os.path.join(gui_env.CAPTURES, self.CAPTURE), "-T", "fields",
                                    "-e", "frame.number", "-e", "tcp.analysis.ack_rtt"])
        ack_rtt = {int(a): b for a, b in (line.split("\t") for line in own.splitlines())}
        self.assertEqual(len(rows), len(truth))
        for r in rows:
            n = int(r["No."])
            with self.subTest(frame=n):
                self.assertEqual(r["Conn"], truth[n]["tcp.stream"])
                self.assertEqual(r["State"], truth[n]["state"])
                if r["RTT"]:
                    self.assertAlmostEqual(float(r["RTT"]), float(ack_rtt[n]), delta=1e-6)
        self.assertGreater(sum(bool(r["RTT"]) for r in rows), 100)
        # Phase and the kernel columns: what tshark shows with the same plugin
        plain = self.fields(["tcpstate.phase"])
        kernel = self.fields(["tcpstate.kernel.event", "tcpstate.kernel.cwnd", "tcpstate.kernel.srtt_us"],
                             kernel=True)
        for r in rows:
            n = int(r["No."])
            self.assertEqual([r["Phase"]], plain[n], f"frame {n}")
            shown, want = [r["Kernel event"], r["cwnd"], r["srtt (us)"]], kernel[n]
            # A column's text is cut at Wireshark's limit (COL_MAX_LEN, 2048 bytes); 4.4 also
            # starts the cut text with "[…] " (its CSV writes that "…" as octal escapes).
            cut = re.sub(r"^\[[^\]]{1,12}\] ", "", shown[0])
            if len(cut) >= 1000 and want[0].startswith(cut.rsplit(",", 1)[0] + ","):
                shown[0] = want[0]
            self.assertEqual(shown, want, f"frame {n}")
        self.assertTrue(any(r["cwnd"] for r in rows))
        self.assertEqual({r["Phase"] for r in rows}, {"handshake", "data", "close"})

    @unittest.skipIf(io_graph.UNSUPPORTED, io_graph.UNSUPPORTED)
    def test_2_io_graph(self):
        """Statistics > I/O Graphs opens with the profile's two graphs; per 100 ms interval they
        show MAX(cwnd) (x 2000 on the plot) and AVG(srtt_us) of the tcp_probe events tshark shows."""
        ws = self.ws
        dialog = io_graph.open_dialog(ws, 20, 40, 1100, 650)
        ws.snapshot("io-graph", dialog)
        text = io_graph.copy_csv(ws, dialog)
        with open(os.path.join(ws.artifacts, "io-graph.csv"), "w", encoding="utf-8") as f:
            f.write(text)
        ws.close_window(dialog)
        lines = text.splitlines()
        self.assertEqual(lines[0], '"Interval start","MAX(tcpstate.kernel.cwnd) x 2000","AVG(tcpstate.kernel.srtt_us)"')
        rows = [[float(c) for c in line.split(",")] for line in lines[1:]]
        samples = {}
        for rel, cwnds, srtts in self.fields(["frame.time_relative", "tcpstate.kernel.cwnd",
                                              "tcpstate.kernel.srtt_us"], kernel=True).values():
            if cwnds:
                i = int(float(rel) * 1000) // io_graph.INTERVAL_MS
                for c, t in zip(cwnds.split(","), srtts.split(",")):
                    samples.setdefault(i, []).append((int(c), int(t)))
        self.assertEqual(sum(len(v) for v in samples.values()), 24)  # lossy's tcp_probe events
        self.assertGreaterEqual(len(rows), max(samples) + 1)
        for i, (start, cwnd, srtt) in enumerate(rows):
            with self.subTest(interval=i):
                self.assertAlmostEqual(start, i * io_graph.INTERVAL_MS / 1000, places=9)
                got = samples.get(i)
                # (the Copy gives the values before the Y axis factor)
                self.assertEqual(cwnd, max(c for c, _ in got) if got else 0)
                mean = sum(t for _, t in got) / len(got) if got else 0
                self.assertLessEqual(abs(srtt - mean), 5e-6 * abs(mean))

    def test_3_buttons(self):
        ws = self.ws
        first = getattr(self.__class__, "first", None)
        if first is None:
            self.skipTest("needs the packet list of test_1")
        centres = button_centres(ws)

        click_button(self, ws, centres, "RTT > 100 ms")
        _, rows = read_csv(ws, "rtt-over-100ms")
        want = sorted(int(r["No."]) for r in first if r["RTT"] and float(r["RTT"]) > 0.1)
        self.assertTrue(want)
        self.assertEqual(displayed(rows), want)
        self.assertEqual(displayed(rows), tshark_frames(ws, ["-Y", BUTTONS["RTT > 100 ms"]]))

        click_button(self, ws, centres, "Kernel retransmits")
        _, rows = read_csv(ws, "kernel-retransmits")
        events = self.fields(["tcpstate.kernel.event"], kernel=True)
        want = sorted(n for n, (names,) in events.items() if "tcp_retransmit_skb" in names.split(","))
        self.assertTrue(want)
        self.assertEqual(displayed(rows), want)
        self.assertEqual(displayed(rows), tshark_frames(ws, ["-2", "-o", "tcpstate.events_file:" + self.events,
                                                             "-Y", BUTTONS["Kernel retransmits"]]))

        # This connection: the connection of the selected packet (a field reference)
        ws.apply_main_filter("frame")  # every packet again (the bar cannot be typed empty)
        ws.wait_stable(ws.main)
        stream3 = expected.frames_of_stream(self.CAPTURE, 3)
        go_to_packet(ws, stream3[2])
        click_button(self, ws, centres, "This connection")
        _, rows = read_csv(ws, "this-connection")
        self.assertEqual(displayed(rows), stream3)


@unittest.skipIf(MISSING, f"missing: {' '.join(MISSING)}")
class SelectedInTheDialog(gui_env.QuitsCleanly, unittest.TestCase):
    CAPTURE = os.path.join("third_party", "bgp-4byte-asn.pcap")

    @classmethod
    def setUpClass(cls):
        cls.ws = gui_env.Wireshark(cls.CAPTURE, name="profile-dialog", global_profiles=gui_env.BUILD_PROFILES)

    @classmethod
    def tearDownClass(cls):
        cls.ws.close()

    def test_1_select_in_the_dialog(self):
        ws = self.ws
        header, _ = read_csv(ws, "default-profile")
        self.assertNotIn("Conn", header)  # the Default profile: Wireshark's own columns
        ws.escape_all()
        ws.focus(ws.main)
        ws.key("ctrl+shift+a")  # Edit > Configuration Profiles...
        dialog = ws.wait_window("Configuration Profiles", gui_env.STEP_TIMEOUT, "Configuration Profiles")
        ws.wait_stable(dialog)
        ws.focus(dialog)
        ws.type("tcpstate")  # the profile list has the focus: selects the row named so
        ws.wait_stable(dialog)
        ws.snapshot("profiles-dialog", dialog)
        ws.key("Return")  # OK
        ws.wait_gone(dialog, gui_env.STEP_TIMEOUT, "the Configuration Profiles dialog to close")
        header, rows = read_csv(ws, "tcpstate-profile")
        self.assertEqual(header, TITLES)
        truth = expected.states(self.CAPTURE)
        self.assertEqual({int(r["No."]): r["Conn"] for r in rows if r["Conn"]},
                         {n: t["tcp.stream"] for n, t in truth.items()})

    def test_2_buttons(self):
        ws = self.ws
        conns, _ = expected.connections(self.CAPTURE)
        frames = {s: expected.frames_of_stream(self.CAPTURE, s) for s in conns}
        centres = button_centres(ws)
        for label, keep in (("Resets", lambda c: c["rst"]),
                            ("Incomplete", lambda c: not (c["syn"] >= 1 and c["fin"] >= 1))):
            with self.subTest(button=label):
                click_button(self, ws, centres, label)
                _, rows = read_csv(ws, label.lower())
                want = sorted(n for s, c in conns.items() if keep(c) for n in frames[s])
                self.assertTrue(want)
                self.assertEqual(displayed(rows), want)
                self.assertEqual(displayed(rows), tshark_frames(
                    ws, ["-2", "-o", "tcpstate.first_pass_fields:TRUE", "-Y", BUTTONS[label]]))


if __name__ == "__main__":
    unittest.main()
