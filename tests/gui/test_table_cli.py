"""tshark -z tcpstate,table and -z tcpstate,counts: the same registrations as the Statistics
dialogs, printed by tshark. The table's rows must be the connections tshark itself numbers
(tcp.stream), with the values of -z tcpstate,csv, every row with every column; the counts
those of -z tcpstate,json (one implementation); and both must live beside the other
-z tcpstate forms."""
import csv
import io
import json
import os
import unittest

import expected
from tshark_env import CAPTURES, TsharkTestCase

CAPTURE_FILES = sorted(f for f in os.listdir(CAPTURES) if f.endswith((".pcap", ".pcapng")))
COUNT_KEYS = {"All connections": "total", "Complete": "complete", "Reset": "reset",
              "Still open when the capture ended": "open", "Up before the capture started": "before_capture"}
RTT_COLUMNS = (("RTT min (ms)", "rtt_min"), ("RTT mean (ms)", "rtt_mean"), ("RTT max (ms)", "rtt_max"))


def parse_table(out, title="TCP Connection States"):
    """tshark's print of a stat_tap_table_ui: header, then per table its title and rows
    of `value |` cells (a row would stop at its first TABLE_ITEM_NONE cell)."""
    lines = out.splitlines()
    start = lines.index(title + ":")
    header = [c.strip() for c in lines[start + 2].split("|")[:-1]]
    tables, current = {}, None
    for line in lines[start + 3:]:
        if line.startswith("====="):
            break
        if "|" not in line:
            current = tables.setdefault(line, [])
            continue
        current.append([c.strip() for c in line.split("|")[:-1]])
    return lines[start + 1], header, tables


class TableCliTest(TsharkTestCase):
    def table(self, capture, form="tcpstate,table"):
        p = self.ts.run(["-q", "-z", form, "-r", self.ts.file(capture)], check=True)
        return parse_table(p.stdout, "TCP Connection Counts" if form.startswith("tcpstate,counts")
                           else "TCP Connection States")

    def test_rows_are_the_connections_with_the_csv_values(self):
        for capture in CAPTURE_FILES:
            with self.subTest(capture=capture):
                _, header, tables = self.table(capture)
                self.assertEqual(header[0], "Conn")
                self.assertIn("RTT min (ms)", header)
                self.assertNotIn("Process A", header)  # kernel columns only with events
                self.assertEqual(list(tables), [next(iter(tables))])  # one table
                conns = next(v for k, v in tables.items() if k.startswith("Connections"))
                self.assertEqual(len(conns), expected.stream_count(os.path.join(CAPTURES, capture)))
                for r in conns:
                    self.assertEqual(len(r), len(header), r)

                p = self.ts.run(["-q", "-z", "tcpstate,csv", "-r", self.ts.file(capture)], check=True)
                rows = list(csv.DictReader(io.StringIO(p.stdout)))
                self.assertEqual([r[0] for r in conns], [c["stream"] for c in rows])
                for r, c in zip(conns, rows):
                    cell = dict(zip(header, r))
                    same = {"Source": "src", "Src port": "sport", "Destination": "dst",
                            "Dst port": "dport", "Status (S SYNs, F FINs, /R reset)": "status",
                            "Start (s)": "start", "Duration (s)": "duration",
                            "Packets A\u2192B": "packets_src_to_dst", "Packets B\u2192A": "packets_dst_to_src",
                            "Bytes A\u2192B": "bytes_src_to_dst", "Bytes B\u2192A": "bytes_dst_to_src",
                            "Window min (bytes)": "window_min", "Window max (bytes)": "window_max",
                            "RTT samples": "rtt_samples"}
                    same.update({"Re-sent A\u2192B": "retransmissions_src_to_dst",
                                 "Re-sent B\u2192A": "retransmissions_dst_to_src",
                                 "Dup ACKs": "dup_acks_total", "Missed bytes": "missed_bytes_total"})
                    for col, key in same.items():
                        self.assertEqual(cell[col], c[key], f"{col} of connection {r[0]}")
                    for d, key in (("A\u2192B", "max_in_flight_src_to_dst"), ("B\u2192A", "max_in_flight_dst_to_src")):
                        self.assertEqual(cell["Max in flight " + d], c[key], f"max in flight of connection {r[0]}")
                    # Rounded to whole bytes.
                    self.assertLessEqual(abs(int(cell["Window mean (bytes)"]) - float(c["window_mean"])), 0.5011)
                    for col, key in RTT_COLUMNS:
                        if c[key] == "":
                            self.assertEqual(cell[col], "")  # no samples: empty, not 0
                        else:  # ms, 3 decimals (CSV: seconds, 6 decimals)
                            self.assertRegex(cell[col], r"^\d+\.\d{3}$")
                            self.assertAlmostEqual(float(cell[col]), float(c[key]) * 1000, delta=0.0011)

    def test_counts(self):
        for capture in CAPTURE_FILES:
            with self.subTest(capture=capture):
                _, header, tables = self.table(capture, "tcpstate,counts")
                self.assertEqual(header, ["Connections", "Count"])
                (rows,) = tables.values()
                p = self.ts.run(["-q", "-z", "tcpstate,json", "-r", self.ts.file(capture)], check=True)
                want = json.loads(p.stdout)["summary"]
                self.assertEqual([label for label, _ in rows], list(COUNT_KEYS))
                self.assertEqual({label: int(n) for label, n in rows},
                                 {label: want[key] for label, key in COUNT_KEYS.items()})

    def test_display_filter(self):
        filter_line, header, tables = self.table("lossy.pcap", "tcpstate,table,tcp.port==8080")
        self.assertEqual(filter_line, "Filter for statistics: tcp.port==8080")
        conns = next(v for k, v in tables.items() if k.startswith("Connections"))
        self.assertTrue(conns)
        for r in conns:
            self.assertIn("8080", (r[header.index("Src port")], r[header.index("Dst port")]))

    def test_beside_the_other_forms(self):
        f = self.ts.file("lossy.pcap")
        p = self.ts.run(["-q", "-z", "tcpstate,summary", "-z", "tcpstate,table", "-z", "tcpstate,csv",
                         "-r", f], check=True)
        self.assertIn("A) Total number of connections", p.stdout)
        self.assertIn("TCP Connection States:", p.stdout)
        self.assertIn("stream,src,sport,dst,dport,status", p.stdout)
        alone = self.ts.run(["-q", "-z", "tcpstate,summary", "-r", f], check=True).stdout
        self.assertIn(alone.strip(), p.stdout)

    def test_misspelt_and_bad_filter(self):
        f = self.ts.file("lossy.pcap")
        p = self.ts.run(["-q", "-z", "tcpstate,tablex", "-r", f])
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("tcpstate,table[,<display filter>]", p.stderr)
        p = self.ts.run(["-q", "-z", "tcpstate,table,no_such_field==1", "-r", f])
        self.assertNotEqual(p.returncode, 0)
        self.assertNotIn("TCP Connection States:", p.stdout)
        p = self.ts.run(["-q", "-z", "tcpstate,table", "-z", "tcpstate,table,tcp.port==80", "-r", f])
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("once per run", p.stderr)
        p = self.ts.run(["-q", "-z", "tcpstate,countsx", "-r", f])
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("tcpstate,counts[,<display filter>]", p.stderr)
        # The catch-all of the other forms still answers.
        p = self.ts.run(["-q", "-z", "tcpstate,foo", "-r", f])
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("tcpstate,summary", p.stderr)


if __name__ == "__main__":
    unittest.main()
