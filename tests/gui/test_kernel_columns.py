"""tcpstate.kernel.* fields as custom columns in the real Wireshark (Qt, on Xvfb), with an
events file set in the preferences: the packet list, exported as CSV after the file is read,
shows what `tshark -2 -T fields` shows; so does it after a display filter on a kernel field,
which makes Wireshark dissect every frame again."""
import csv
import os
import shutil
import unittest

import gui_env

CAPTURE = "http.pcap"
EVENTS = os.path.join("events", "http.ftrace.txt")
COLUMN_FIELDS = ("tcpstate.kernel.event", "tcpstate.kernel.cwnd", "tcpstate.kernel.delta_us")


def preferences(fields, events):
    cols = [("No.", "%m"), ("Time", "%t"), ("Source", "%s"), ("Destination", "%d"),
            ("Protocol", "%p"), ("Length", "%L")]
    cols += [(f, f"%Cus:{f}:0:R") for f in fields]
    cols += [("Info", "%i")]
    body = ",\n".join(f'\t"{title}", "{fmt}"' for title, fmt in cols)
    return f"gui.column.format:\n{body}\ntcpstate.events_file: {events}\n"


@unittest.skipIf(gui_env.missing_tools(), f"missing: {' '.join(gui_env.missing_tools())}")
class KernelColumnsTest(gui_env.QuitsCleanly, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir, cls.events = gui_env.readable_copy(EVENTS)
        cls.ws = gui_env.Wireshark(CAPTURE, preferences=preferences(COLUMN_FIELDS, cls.events),
                                   name="kernel-columns")

    @classmethod
    def tearDownClass(cls):
        cls.ws.close()
        shutil.rmtree(cls.dir, ignore_errors=True)

    def exported(self, name):
        ws = self.ws
        ws.wait_stable(ws.main)
        ws.snapshot(name, ws.main)
        path = os.path.join(ws.out, name + ".csv")
        ws.export_packet_list_csv(path)
        with open(path, encoding="utf-8", newline="") as f:
            return {int(r["No."]): [r[c] for c in COLUMN_FIELDS] for r in csv.DictReader(f)}

    def by_tshark(self, extra=()):
        args = ["-2", "-r", self.ws.capture, "-o", "tcpstate.events_file:" + self.events,
                "-T", "fields", "-E", "separator=\t", "-E", "occurrence=a", "-E", "aggregator=,",
                "-e", "frame.number"] + list(extra)
        for field in COLUMN_FIELDS:
            args += ["-e", field]
        rows = self.ws.ts.run(args, check=True).stdout.splitlines()
        return {int(r.split("\t")[0]): r.split("\t")[1:] for r in rows}

    def test_1_columns_after_reading(self):
        shown = self.exported("kernel-columns")
        self.assertEqual(shown, self.by_tshark())
        self.assertTrue(all(v[0] for v in shown.values()))  # every frame has its events

    def test_2_columns_after_a_filter_on_them(self):
        self.ws.apply_main_filter("tcpstate.kernel.cwnd > 10")
        shown = self.exported("kernel-columns-filtered")
        want = self.by_tshark(["-Y", "tcpstate.kernel.cwnd > 10"])
        self.assertEqual(len(want), 11)
        self.assertEqual(shown, want)


if __name__ == "__main__":
    unittest.main()
