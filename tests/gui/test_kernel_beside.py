"""Kernel events found beside the capture in the real Wireshark (Qt, on Xvfb): with no events
file set, captures/events/named_tasks.pcap is opened from a folder that also holds the
named_tasks.ftrace.txt recorded with it. The kernel columns show what `tshark -2` shows with the
events file set by hand; with the preference events_beside_capture off they stay empty."""
import csv
import json
import os
import unittest

import gui_env
from test_kernel_columns import COLUMN_FIELDS, preferences
from test_kernel_dialog import DIALOG_RE, KERNEL_COLUMNS, MENU_GUESS, saved_rows

CAPTURE = os.path.join("events", "named_tasks.pcap")
EVENTS = os.path.join("events", "named_tasks.ftrace.txt")


def exported(ws, name):
    ws.wait_stable(ws.main)
    ws.snapshot(name, ws.main)
    path = os.path.join(ws.out, name + ".csv")
    ws.export_packet_list_csv(path)
    with open(path, encoding="utf-8", newline="") as f:
        return {int(r["No."]): [r[c] for c in COLUMN_FIELDS] for r in csv.DictReader(f)}


@unittest.skipIf(gui_env.missing_tools(), f"missing: {' '.join(gui_env.missing_tools())}")
class KernelBesideTest(gui_env.QuitsCleanly, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ws = gui_env.Wireshark(CAPTURE, preferences=preferences(COLUMN_FIELDS, ""),
                                   beside=(EVENTS,), name="kernel-beside")

    @classmethod
    def tearDownClass(cls):
        cls.ws.close()

    def test_1_events_beside_are_used(self):
        shown = exported(self.ws, "kernel-beside")
        args = ["-2", "-r", self.ws.capture, "-o", "tcpstate.events_file:" + self.ws.ts.file(EVENTS),
                "-o", "tcpstate.events_beside_capture:FALSE",
                "-T", "fields", "-E", "separator=\t", "-E", "occurrence=a", "-E", "aggregator=,",
                "-e", "frame.number"] + [a for f in COLUMN_FIELDS for a in ("-e", f)]
        rows = self.ws.ts.run(args, check=True).stdout.splitlines()
        want = {int(r.split("\t")[0]): r.split("\t")[1:] for r in rows}
        self.assertEqual(shown, want)
        self.assertTrue(all(v[0] for v in shown.values()))  # every frame has its events

    def test_2_dialog_has_the_kernel_columns(self):
        """Statistics > TCP Connection States: the kernel columns, with the processes the
        events file names (tshark -z tcpstate,json with the file set by hand)."""
        ws = self.ws
        dialog = ws.open_statistics_item(DIALOG_RE, MENU_GUESS)
        ws.wait_stable(dialog)
        path = os.path.join(ws.out, "beside-table.txt")
        ws.save_statistics_text(dialog, path)
        with open(path, encoding="utf-8") as f:
            rows = saved_rows(f.read())
        self.assertEqual(list(rows[0])[-6:], KERNEL_COLUMNS)
        p = ws.ts.run(["-2", "-q", "-o", "tcpstate.events_file:" + ws.ts.file(EVENTS), "-z", "tcpstate,json",
                       "-r", ws.capture], check=True)
        conns = json.loads(p.stdout)["connections"]
        self.assertEqual([r["Process A"] for r in rows],
                         [f"{c['kernel']['client']['comm']} ({c['kernel']['client']['pid']})" for c in conns])
        ws.key("Escape")


@unittest.skipIf(gui_env.missing_tools(), f"missing: {' '.join(gui_env.missing_tools())}")
class KernelBesideOffTest(gui_env.QuitsCleanly, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        prefs = preferences(COLUMN_FIELDS, "") + "tcpstate.events_beside_capture: FALSE\n"
        cls.ws = gui_env.Wireshark(CAPTURE, preferences=prefs, beside=(EVENTS,), name="kernel-beside-off")

    @classmethod
    def tearDownClass(cls):
        cls.ws.close()

    def test_1_no_kernel_columns(self):
        shown = exported(self.ws, "kernel-beside-off")
        self.assertEqual(len(shown), 24)
        self.assertEqual({c for v in shown.values() for c in v}, {""})


if __name__ == "__main__":
    unittest.main()
