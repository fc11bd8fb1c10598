"""Custom packet-list columns of tcpstate fields in the real Wireshark (Qt, on Xvfb).

Wireshark starts with a preferences file whose gui.column.format has one custom column
per field of COLUMN_FIELDS; the packet list is exported with File > Export Packet
Dissections > As CSV (which writes the columns as displayed) and every frame's cell is
compared with `tshark -T fields -e <field>` (same plugin) and, for the fields whose rule
is known here, with a value computed from tshark's own fields without the plugin. Also on
Zeek's truncated-header.pcap, whose SYN's options were cut by the snapshot length: Wireshark
reads a file first without trees, from the taps (with the search for events beside the
capture off), and that SYN must get its fields too."""
import csv
import os
import unittest

import expected
import gui_env

CAPTURE = "lossy.pcap"
# The fields shown as custom columns ("%Cus:<field>"); tcp.stream works without the plugin.
COLUMN_FIELDS = ("tcpstate.conn", "tcpstate.state")


def preferences(fields, extra=""):
    cols = [("No.", "%m"), ("Time", "%t"), ("Source", "%s"), ("Destination", "%d"),
            ("Protocol", "%p"), ("Length", "%L")]
    cols += [(f, f"%Cus:{f}:0:R") for f in fields]
    cols += [("Info", "%i")]
    body = ",\n".join(f'\t"{title}", "{fmt}"' for title, fmt in cols)
    return "# tcpstate GUI test\ngui.column.format:\n" + body + "\n" + extra


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
    capture = CAPTURE
    name = "columns"
    extra_preferences = ""

    @classmethod
    def setUpClass(cls):
        cls.ws = gui_env.Wireshark(cls.capture, preferences=preferences(COLUMN_FIELDS, cls.extra_preferences),
                                   name=cls.name)

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
        truth = expected.states(self.capture)

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


class CutHeaderColumnsTest(CustomColumnsTest):
    capture = "third_party/truncated-header.pcap"
    name = "columns-cut-header"
    # Without the search for events beside the capture Wireshark's first pass builds no tree:
    # the frames are fed from the taps alone.
    extra_preferences = "tcpstate.events_beside_capture: FALSE\n"

    def test_2_the_cut_syn_has_its_fields(self):
        ws = self.ws
        with open(os.path.join(ws.artifacts, "packets.csv"), encoding="utf-8", newline="") as f:
            first = next(csv.DictReader(f))
        # Frame 1, the SYN: connection 0, one SYN so far (tshark's tcp.stream and tcp.flags).
        self.assertEqual((first["No."], first["tcpstate.conn"], first["tcpstate.state"]), ("1", "0", "S1F0"))


if __name__ == "__main__":
    unittest.main()
