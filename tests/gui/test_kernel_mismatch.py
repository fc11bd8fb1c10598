"""Wireshark opened on a capture with the events file of another capture set in the
preferences: a warning dialog (a message box over the main window) says that the events do
not fit, and no tcpstate.kernel.* field is shown on any packet (the packet list's
custom columns, exported as CSV). The capture's own events file gives no dialog."""
import csv
import os
import shutil
import time
import unittest

import gui_env

CAPTURE = os.path.join("events", "bulk_loss.pcap")
FOREIGN = os.path.join("events", "http.ftrace.txt")
OWN = os.path.join("events", "bulk_loss.ftrace.txt")
COLUMNS = [("No.", "%m"), ("Kernel events", "%Cus:tcpstate.kernel.event:0:R")]


def preferences(events):
    cols = ", ".join(f'"{title}", "{fmt}"' for title, fmt in COLUMNS)
    return f"tcpstate.events_file: {events}\ngui.column.format: {cols}\n"


def warning_boxes(ws):
    """Small top-level windows titled Wireshark: the message boxes (the main window has the
    capture's name)."""
    return [w for w in ws.windows(r"^Wireshark$") if w[2][2] > 50 and w[2][3] > 50 and w[2][2] < 1000]


class WithEvents(gui_env.QuitsCleanly):
    """Wireshark on CAPTURE with the events file EVENTS (a readable copy) and the columns."""
    EVENTS = NAME = None

    @classmethod
    def setUpClass(cls):
        cls.dir, cls.events = gui_env.readable_copy(cls.EVENTS)
        cls.ws = gui_env.Wireshark(CAPTURE, preferences=preferences(cls.events), name=cls.NAME)

    @classmethod
    def tearDownClass(cls):
        cls.ws.close()
        shutil.rmtree(cls.dir, ignore_errors=True)

    def packet_rows(self):
        path = os.path.join(self.ws.out, "packets.csv")
        self.ws.export_packet_list_csv(path)
        with open(path, encoding="utf-8") as f:
            return list(csv.DictReader(f))


@unittest.skipIf(gui_env.missing_tools(), f"missing: {' '.join(gui_env.missing_tools())}")
class KernelMismatchTest(WithEvents, unittest.TestCase):
    EVENTS, NAME = FOREIGN, "kernel-mismatch"

    def test_1_warning_dialog(self):
        ws = self.ws
        box = gui_env.wait_for(lambda: warning_boxes(ws), gui_env.START_TIMEOUT, "the warning dialog",
                               alive=ws.alive)[0][0]
        ws.snapshot("kernel-mismatch-warning", box)
        # The box's text cannot be read back here (its label takes no Ctrl+C under Xvfb): it is
        # the snapshot above; its words are tshark's warning line, checked for the same files.
        p = ws.ts.run(["-2", "-q", "-o", "tcpstate.events_file:" + self.events, "-z", "tcpstate,summary",
                       "-r", ws.capture], check=True)
        line = [x for x in p.stderr.splitlines() if x.startswith("tcpstate: warning: ")]
        self.assertEqual(len(line), 1, p.stderr)
        self.assertIn("The kernel events of http.ftrace.txt do not fit this capture", line[0])
        ws.focus(box)
        ws.key("Return")
        ws.wait_gone(box, gui_env.STEP_TIMEOUT, "the warning dialog to close")

    def test_2_no_kernel_field_on_any_packet(self):
        ws = self.ws
        rows = self.packet_rows()
        frames = ws.ts.run(["-r", ws.capture, "-T", "fields", "-e", "frame.number"], check=True).stdout.split()
        self.assertEqual([r["No."] for r in rows], frames)
        self.assertEqual([r for r in rows if r["Kernel events"]], [])


@unittest.skipIf(gui_env.missing_tools(), f"missing: {' '.join(gui_env.missing_tools())}")
class KernelOwnEventsTest(WithEvents, unittest.TestCase):
    EVENTS, NAME = OWN, "kernel-own"

    def test_1_no_dialog_and_kernel_fields(self):
        ws = self.ws
        rows = self.packet_rows()
        self.assertGreater(len([r for r in rows if r["Kernel events"]]), 1000)
        time.sleep(2)
        self.assertEqual(warning_boxes(ws), [])


if __name__ == "__main__":
    unittest.main()
