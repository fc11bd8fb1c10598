"""Custom packet-list columns of tcpstate fields in the real Wireshark (Qt, on Xvfb).

Wireshark starts with a preferences file whose gui.column.format has one custom column
per field of COLUMN_FIELDS; the packet list is exported with File > Export Packet
Dissections > As CSV (which writes the columns as displayed) and every frame's cell is
compared with `tshark -T fields -e <field>` (same plugin) and, for the fields whose rule
is known here, with a value computed from tshark's own fields without the plugin."""
import csv
import os
import unittest

import expected
import gui_env

CAPTURE = "lossy.pcap"
# The fields shown as custom columns ("%Cus:<field>"); tcp.stream works without the plugin.
COLUMN_FIELDS = ("tcpstate.conn", "tcpstate.state")


def preferences(fields):
    cols = [("No.", "%m"), ("Time", "%t"), ("Source", "%s"), ("Destination", "%d"),
            ("Protocol", "%p"), ("Length", "%L")]
    cols += [(f, f"%Cus:{f}:0:R") for f in fields]
    cols += [("Info", "%i")]
    body = ",\n".join(f'\t"{title}", "{fmt}"' for title, fmt in cols)
    return "# tcpstate GUI test\ngui.column.format:\n" + body + "\n"


def independent(field, frame, truth):
    """The value a field must have from tshark's own fields, or None when not known here."""
    t = truth.get(frame)
    if field in ("tcp.stream", "tcpstate.conn"):
        return t["tcp.stream"] if t else ""
    if field == "tcpstate.state":
        return t["state"] if t else ""
    return None


@unittest.skipIf(gui_env.missing_tools(), f"missing: {' '.join(gui_env.missing_tools())}")
class CustomColumnsTest(gui_env.QuitsCleanly, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ws = gui_env.Wireshark(CAPTURE, preferences=preferences(COLUMN_FIELDS), name="columns")

    @classmethod
    def tearDownClass(cls):
        cls.ws.close()

    def test_1_columns_show_the_fields(self):
        ws = self.ws
        ws.wait_stable(ws.main)
        ws.snapshot("packet-list-columns", ws.main)
        path = os.path.join(ws.out, "packets.csv")
        try:
            ws.export_packet_list_csv(path)
        except Exception:
            ws.snapshot("failure-export")
            raise
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        with open(os.path.join(ws.artifacts, "packets.csv"), "w", encoding="utf-8") as f:
            f.write(open(path, encoding="utf-8").read())

        args = ["-r", ws.capture, "-T", "fields", "-E", "separator=\t", "-e", "frame.number"]
        for field in COLUMN_FIELDS:
            args += ["-e", field]
        tshark_rows = ws.ts.run(args, check=True).stdout.splitlines()
        by_tshark = {int(r.split("\t")[0]): r.split("\t")[1:] for r in tshark_rows}
        truth = expected.states(CAPTURE)

        self.assertEqual(len(rows), len(by_tshark))
        for i, field in enumerate(COLUMN_FIELDS):
            self.assertIn(field, rows[0], "column missing from the packet list")
            shown = {int(r["No."]): r[field] for r in rows}
            with self.subTest(field=field):
                self.assertEqual(shown, {n: v[i] for n, v in by_tshark.items()})
                known = {n: independent(field, n, truth) for n in shown}
                if None not in known.values():
                    self.assertEqual(shown, known)
                # Something is shown: not a column of empty cells.
                self.assertTrue(any(shown.values()))


if __name__ == "__main__":
    unittest.main()
