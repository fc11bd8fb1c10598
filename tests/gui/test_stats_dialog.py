"""Statistics > TCP Connection States in the real Wireshark (Qt, on Xvfb), with the plugin
just built. The table is read back through the dialog's own "Save as..." (plain text) and
compared with tshark's own fields, without the plugin."""
import ipaddress
import os
import re
import unittest

import expected
import gui_env

CAPTURE = "lossy.pcap"
DIALOG_RE = r"TCP Connection States"
# Items above ours in Wireshark 4.0.17's Statistics menu when only this plugin is loaded
# (8 fixed ones, then the sorted "unsorted" group: DHCP, NetPerfMeter, ONC-RPC). The test
# tries the neighbours too, so another layout costs time, not a failure.
MENU_GUESS = 11
# The field a row's Conn value is filtered with (tcp.stream works the same).
CONN_FIELD = "tcpstate.conn"

COLUMNS = ["Conn", "Source", "Src port", "Destination", "Dst port", "Status", "Start (s)",
           "Duration (s)", "Packets A\u2192B", "Packets B\u2192A", "Bytes A\u2192B", "Bytes B\u2192A",
           "Window min", "Window mean", "Window max", "RTT samples", "RTT min (ms)",
           "RTT mean (ms)", "RTT max (ms)", "Process A", "Process B", "Retrans kernel",
           "Retrans wire", "Max cwnd", "Mean srtt (ms)"]


def parse_saved_table(text):
    """The plain-text Save as: header, then rows; a connection row has an address in its
    second cell, a summary row is `<count> <label>`."""
    lines = text.splitlines()
    rules = [i for i, line in enumerate(lines) if line and set(line) == {"-"}]
    if len(rules) < 2:
        raise AssertionError("not a saved statistics table:\n" + text)
    header = lines[rules[0] - 1]
    conns, summary = [], {}
    for line in lines[rules[0] + 1:rules[-1]]:
        cells = line.split()
        if not cells:
            continue
        try:
            ipaddress.ip_address(cells[1])
            conns.append(cells)
        except ValueError:
            summary[" ".join(cells[1:])] = int(cells[0])
    return header, conns, summary


@unittest.skipIf(gui_env.missing_tools(), f"missing: {' '.join(gui_env.missing_tools())}")
class StatsDialogTest(gui_env.QuitsCleanly, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.expected, cls.summary = expected.connections(CAPTURE)
        cls.ws = gui_env.Wireshark(CAPTURE, name="stats-dialog")
        cls.dialog = None
        cls.saves = 0

    @classmethod
    def tearDownClass(cls):
        cls.ws.close()

    def run(self, result=None):
        # A screenshot of whatever is on the screen when a test fails.
        before = len(result.failures) + len(result.errors) if result else 0
        out = super().run(result)
        if result and len(result.failures) + len(result.errors) > before and getattr(self, "ws", None):
            self.ws.snapshot("failure-" + self._testMethodName)
        return out

    def save_table(self):
        type(self).saves += 1
        path = os.path.join(self.ws.out, f"table{self.saves}.txt")
        self.ws.save_statistics_text(self.dialog, path)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        with open(os.path.join(self.ws.artifacts, f"table{self.saves}.txt"), "w", encoding="utf-8") as f:
            f.write(text)
        return parse_saved_table(text)

    def check_rows(self, conns, streams):
        self.assertEqual([int(r[0]) for r in conns], sorted(streams))
        for r in conns:
            e = self.expected[int(r[0])]
            with self.subTest(conn=r[0]):
                self.assertEqual((r[1], r[2]), e["src"])
                self.assertEqual(r[5], e["status"])
                self.assertAlmostEqual(float(r[6]), e["start"], places=5)
                self.assertAlmostEqual(float(r[7]), e["duration"], places=5)
                self.assertEqual([int(r[8]), int(r[9])], e["pkts"])
                self.assertEqual([int(r[10]), int(r[11])], e["bytes"])

    def test_1_statistics_menu_opens_the_table(self):
        ws = self.ws
        type(self).dialog = ws.open_statistics_item(DIALOG_RE, MENU_GUESS)
        # The window exists in the X tree, under its title.
        self.assertRegex(ws.root_tree(), r'"Wireshark . TCP Connection States . lossy\.pcap"')
        # Wide enough for every column, for the screenshot.
        ws.place(self.dialog, 20, 120, gui_env.SCREEN[0] - 40, 560)
        ws.park_mouse()
        ws.wait_stable(self.dialog)
        ws.snapshot("stats-dialog")
        ws.snapshot("stats-dialog-window", self.dialog)

        header, conns, summary = self.save_table()
        self.assertEqual(header.split("  "), COLUMNS)
        # As many rows as tshark's own `-T fields -e tcp.stream | sort -u | wc -l`.
        self.assertEqual(len(conns), expected.stream_count(CAPTURE))
        self.check_rows(conns, self.expected)
        self.assertEqual(summary, self.summary)

    def test_2_row_leads_to_its_packets(self):
        """The dialog's display filter with a row's Conn value keeps that row only, and
        Wireshark hands the same filter to the main filter bar: applying it there shows
        exactly that connection's packets."""
        ws = self.ws
        self.assertIsNotNone(self.dialog, "needs the dialog of test_1")
        streams = sorted(self.expected)
        n = streams[len(streams) // 2]
        for attempt in range(3):  # key presses may reach a pop-up on a slow machine
            ws.set_dialog_filter(self.dialog, f"{CONN_FIELD} == {n}")
            ws.wait_stable(self.dialog)
            _, conns, summary = self.save_table()
            if len(conns) == 1:
                break
        self.check_rows(conns, [n])
        self.assertEqual(summary["total"], 1)

        ws.apply_main_filter()  # the text the dialog put there
        ws.wait_stable(ws.main)
        ws.snapshot("main-window-filtered")
        want = expected.frames_of_stream(CAPTURE, n)
        for attempt in range(3):  # the packet list may still be filtering on a slow machine
            path = os.path.join(ws.out, f"filtered{attempt}.csv")
            ws.export_packet_list_csv(path)
            with open(path, encoding="utf-8") as f:
                frames = [int(m.group(1)) for m in re.finditer(r'^"(\d+)"', f.read(), re.M)]
            if frames == want:
                break
            ws.wait_stable(ws.main)
        self.assertEqual(frames, want)

    def test_3_close_and_open_again(self):
        """Closing the last dialog frees the tables (and the connection table with them);
        a new dialog starts from scratch and shows every connection again."""
        ws = self.ws
        self.assertIsNotNone(self.dialog, "needs the dialog of test_1")
        ws.close_window(self.dialog)
        self.assertFalse(ws.windows(DIALOG_RE))
        ws.apply_main_filter("")  # all packets again
        type(self).dialog = ws.open_statistics_item(DIALOG_RE, MENU_GUESS)
        ws.wait_stable(self.dialog)
        _, conns, summary = self.save_table()
        self.check_rows(conns, self.expected)
        self.assertEqual(summary, self.summary)


if __name__ == "__main__":
    unittest.main()
