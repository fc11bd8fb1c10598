"""Statistics > TCP Connection States and > TCP Connection Counts in the real Wireshark (Qt,
on Xvfb), with the plugin just built. The tables are read back through the dialogs' own
"Save as..." (plain text and CSV) and compared with tshark's own fields, without the plugin."""
import csv
import io
import ipaddress
import os
import re
import unittest

import expected
import gui_env

CAPTURE = "lossy.pcap"
DIALOG_RE = r"TCP Connection States"
COUNTS_RE = r"TCP Connection Counts"
# Items above ours in Wireshark 4.0.17's Statistics menu when only this plugin is loaded
# (8 fixed ones, then the sorted "unsorted" group: DHCP, NetPerfMeter, ONC-RPC, TCP Connection
# Counts, TCP Connection Processes). The test tries the neighbours too, so another layout costs
# time, not a failure.
MENU_GUESS = 13
COUNTS_MENU_GUESS = 11
# The field a row's Conn value is filtered with (tcp.stream works the same).
CONN_FIELD = "tcpstate.conn"

# Without an events file: no kernel columns.
COLUMNS = ["Conn", "Source", "Src port", "Destination", "Dst port",
           "Status (S SYNs, F FINs, /R reset)", "Start (s)", "Duration (s)", "Packets A\u2192B",
           "Packets B\u2192A", "Bytes A\u2192B", "Bytes B\u2192A", "Window min (bytes)",
           "Window mean (bytes)", "Window max (bytes)", "RTT samples", "RTT min (ms)",
           "RTT mean (ms)", "RTT max (ms)", "Re-sent A\u2192B", "Re-sent B\u2192A", "Dup ACKs",
           "Missed bytes", "Max in flight A\u2192B", "Max in flight B\u2192A"]
RTT_COLUMNS = ["RTT min (ms)", "RTT mean (ms)", "RTT max (ms)"]
# The counts dialog: its labels in their fixed order, and expected.connections()'s keys.
COUNT_LABELS = [("All connections", "total"), ("Complete", "complete"), ("Reset", "reset"),
                ("Still open when the capture ended", "open at capture end"),
                ("Up before the capture started", "before capture")]


def parse_saved_table(text):
    """The plain-text Save as: header, then one row per connection (an address in its
    second cell)."""
    lines = text.splitlines()
    rules = [i for i, line in enumerate(lines) if line and set(line) == {"-"}]
    if len(rules) < 2:
        raise AssertionError("not a saved statistics table:\n" + text)
    header = lines[rules[0] - 1]
    conns = []
    for line in lines[rules[0] + 1:rules[-1]]:
        cells = line.split()
        if not cells:
            continue
        ipaddress.ip_address(cells[1])  # nothing but connections
        conns.append(cells)
    return header, conns


def decimals(text):
    return len(text.split(".")[1]) if "." in text else 0


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

    def save(self, dialog, as_csv=False):
        type(self).saves += 1
        name = f"table{self.saves}." + ("csv" if as_csv else "txt")
        path = os.path.join(self.ws.out, name)
        self.ws.save_statistics(dialog, path, csv=as_csv)
        with open(path, encoding="utf-8", newline="") as f:
            text = f.read()
        with open(os.path.join(self.ws.artifacts, name), "w", encoding="utf-8", newline="") as f:
            f.write(text)
        return text

    def save_table(self):
        return parse_saved_table(self.save(self.dialog))

    def save_csv(self, dialog):
        """Header and rows of the CSV Save as; every row must have the header's columns."""
        text = self.save(dialog, as_csv=True)
        rows = list(csv.reader(io.StringIO(text)))
        header, rows = rows[0], rows[1:]
        for r in rows:
            self.assertEqual(len(r), len(header), f"a saved row of {len(r)} fields: {r}")
        return header, [dict(zip(header, r)) for r in rows]

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

        header, conns = self.save_table()
        # No events file: no kernel columns.
        self.assertEqual(header.split("  "), COLUMNS)
        # As many rows as tshark's own `-T fields -e tcp.stream | sort -u | wc -l`, and
        # nothing else (the counts have a dialog of their own).
        self.assertEqual(len(conns), expected.stream_count(CAPTURE))
        self.check_rows(conns, self.expected)

    def test_2_csv_has_every_column_and_the_digits_shown(self):
        """Save as CSV: each row has the header's columns; times have the 6 decimals the
        dialog shows at most (not the binary noise of a double); the RTT columns are in ms
        with 3 decimals, padded to one width per column so that sorting the text sorts the
        numbers."""
        self.assertIsNotNone(self.dialog, "needs the dialog of test_1")
        header, rows = self.save_csv(self.dialog)
        self.assertEqual(header, COLUMNS)
        self.assertEqual(sorted(int(r["Conn"]) for r in rows), sorted(self.expected))
        for r in rows:
            e = self.expected[int(r["Conn"])]
            with self.subTest(conn=r["Conn"]):
                for col, want in (("Start (s)", e["start"]), ("Duration (s)", e["duration"])):
                    self.assertLessEqual(decimals(r[col]), 6, f"{col}: {r[col]}")
                    self.assertAlmostEqual(float(r[col]), want, delta=0.5e-6 + 1e-9)
                self.assertGreater(int(r["RTT samples"]), 0)
                lo, mean, hi = (float(r[c]) for c in RTT_COLUMNS)
                self.assertLessEqual(lo, mean)
                self.assertLessEqual(mean, hi)
                for c in RTT_COLUMNS:
                    self.assertEqual(decimals(r[c]), 3, f"{c}: {r[c]!r}")
        for c in RTT_COLUMNS:
            with self.subTest(column=c):
                self.assertEqual(len({len(r[c]) for r in rows}), 1, [r[c] for r in rows])
                self.assertEqual(sorted(r[c] for r in rows), sorted((r[c] for r in rows), key=float))

    def test_3_row_leads_to_its_packets(self):
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
            _, conns = self.save_table()
            if len(conns) == 1:
                break
        self.check_rows(conns, [n])

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

    def test_4_no_rtt_sample_is_an_empty_cell(self):
        """A display filter that keeps only the SYNs of every connection but one: those
        connections have no RTT sample, and their RTT cells are empty (not 0), with every
        column still in the saved row."""
        ws = self.ws
        self.assertIsNotNone(self.dialog, "needs the dialog of test_1")
        keep = sorted(self.expected)[-1]
        flt = f"tcp.stream == {keep} or (tcp.flags.syn == 1 and tcp.flags.ack == 0)"
        for attempt in range(3):
            ws.set_dialog_filter(self.dialog, flt)
            ws.wait_stable(self.dialog)
            header, rows = self.save_csv(self.dialog)
            if len(rows) == len(self.expected) and any(r["RTT samples"] == "0" for r in rows):
                break
        self.assertEqual(header, COLUMNS)
        # tshark's own view of the same filter: the packets of each stream.
        out = gui_env.plain_tshark(["-r", ws.capture, "-Y", flt, "-T", "fields", "-e", "tcp.stream",
                                    "-e", "tcp.flags.ack"])
        acks = {}
        for line in out.splitlines():
            stream, ack = line.split("\t")
            acks[int(stream)] = acks.get(int(stream), False) or ack in ("1", "True")
        self.assertEqual(sorted(int(r["Conn"]) for r in rows), sorted(acks))
        for r in rows:
            with self.subTest(conn=r["Conn"]):
                if not acks[int(r["Conn"])]:  # a lone SYN: nothing acknowledges anything
                    self.assertEqual(r["RTT samples"], "0")
                    self.assertEqual([r[c] for c in RTT_COLUMNS], ["", "", ""])
                else:
                    self.assertGreater(int(r["RTT samples"]), 0)
                    self.assertTrue(all(r[c].strip() for c in RTT_COLUMNS))

    def test_5_close_and_open_again(self):
        """Closing the last dialog frees the tables (and the connection table with them);
        a new dialog starts from scratch and shows every connection again."""
        ws = self.ws
        self.assertIsNotNone(self.dialog, "needs the dialog of test_1")
        ws.close_window(self.dialog)
        self.assertFalse(ws.windows(DIALOG_RE))
        ws.apply_main_filter("")  # all packets again
        type(self).dialog = ws.open_statistics_item(DIALOG_RE, MENU_GUESS)
        ws.wait_stable(self.dialog)
        _, conns = self.save_table()
        self.check_rows(conns, self.expected)

    def test_6_counts_dialog(self):
        """Statistics > TCP Connection Counts: one row per count, under its own header, in
        a fixed order, with the counts of tshark's own fields."""
        ws = self.ws
        dialog = ws.open_statistics_item(COUNTS_RE, COUNTS_MENU_GUESS)
        ws.wait_stable(dialog)
        ws.snapshot("counts-dialog", dialog)
        header, rows = self.save_csv(dialog)
        self.assertEqual(header, ["Connections", "Count"])
        self.assertEqual([r["Connections"] for r in rows], [label for label, _ in COUNT_LABELS])
        self.assertEqual({r["Connections"]: int(r["Count"]) for r in rows},
                         {label: self.summary[key] for label, key in COUNT_LABELS})
        ws.close_window(dialog)

    def test_7_empty_table_closed_then_the_others(self):
        """A filter that matches nothing leaves the table without rows; closing it then frees
        the tables without a row to tell the plugin. The counts dialog and a new table
        dialog must still work (with the sanitizers of the ASan build watching)."""
        ws = self.ws
        ws.close_window(self.dialog)
        dialog = ws.open_statistics_item(DIALOG_RE, MENU_GUESS)
        ws.wait_stable(dialog)
        ws.set_dialog_filter(dialog, "tcp.port == 1")
        ws.wait_stable(dialog)
        ws.close_window(dialog)
        counts = ws.open_statistics_item(COUNTS_RE, COUNTS_MENU_GUESS)
        ws.wait_stable(counts)
        _, rows = self.save_csv(counts)
        self.assertEqual(int(rows[0]["Count"]), self.summary["total"])
        ws.close_window(counts)
        type(self).dialog = ws.open_statistics_item(DIALOG_RE, MENU_GUESS)
        ws.wait_stable(self.dialog)
        _, conns = self.save_table()
        self.check_rows(conns, self.expected)


if __name__ == "__main__":
    unittest.main()
