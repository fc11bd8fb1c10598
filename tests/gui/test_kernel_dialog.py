"""Statistics > TCP Connection States and > TCP Connection Processes in the real Wireshark with
an events file set in the preferences: the kernel columns (process of each end,
retransmissions, max cwnd, mean srtt) and the rows per process, read back through the
dialogs' "Save as...", show what tshark -2 -z tcpstate,json and -z tcpstate,processes say."""
import csv
import json
import os
import re
import shutil
import unittest

import gui_env

CAPTURE = "http.pcap"
EVENTS = os.path.join("events", "http.ftrace.txt")
DIALOG_RE = r"TCP Connection States"
MENU_GUESS = 13  # as in test_stats_dialog.py
PROCESSES_RE = r"TCP Connection Processes"
PROCESSES_MENU_GUESS = 12
KERNEL_COLUMNS = ["Process A", "Process B", "Retransmits (kernel)", "Retransmits (wire)",
                  "Max cwnd (segments)", "Mean srtt (ms)"]


def saved_rows(text):
    """Header and connection rows of the plain-text Save as (cells apart by 2+ blanks)."""
    lines = text.splitlines()
    rules = [i for i, line in enumerate(lines) if line and set(line) == {"-"}]
    header = re.split(r"\s{2,}", lines[rules[0] - 1].strip())
    rows = []
    for line in lines[rules[0] + 1:rules[-1]]:
        cells = re.split(r"\s{2,}", line.strip())
        if len(cells) > 2 and re.match(r"^[\d.:a-f]+$", cells[1]):
            rows.append(dict(zip(header, cells)))
    return rows


@unittest.skipIf(gui_env.missing_tools(), f"missing: {' '.join(gui_env.missing_tools())}")
class KernelDialogTest(gui_env.QuitsCleanly, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir, cls.events = gui_env.readable_copy(EVENTS)
        cls.ws = gui_env.Wireshark(CAPTURE, preferences=f"tcpstate.events_file: {cls.events}\n",
                                   name="kernel-dialog")

    @classmethod
    def tearDownClass(cls):
        cls.ws.close()
        shutil.rmtree(cls.dir, ignore_errors=True)

    def test_1_kernel_columns(self):
        ws = self.ws
        dialog = ws.open_statistics_item(DIALOG_RE, MENU_GUESS)
        ws.place(dialog, 20, 120, gui_env.SCREEN[0] - 40, 400)
        ws.wait_stable(dialog)
        ws.snapshot("kernel-dialog", dialog)
        path = os.path.join(ws.out, "kernel-table.txt")
        ws.save_statistics_text(dialog, path)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        with open(os.path.join(ws.artifacts, "kernel-table.txt"), "w", encoding="utf-8") as f:
            f.write(text)
        rows = saved_rows(text)
        # With an events file the kernel columns come last.
        self.assertEqual(list(rows[0])[-6:], KERNEL_COLUMNS)

        p = ws.ts.run(["-2", "-q", "-o", "tcpstate.events_file:" + self.events, "-z", "tcpstate,json",
                       "-r", ws.capture], check=True)
        conns = json.loads(p.stdout)["connections"]
        self.assertEqual([int(r["Conn"]) for r in rows], [c["stream"] for c in conns])
        for r, c in zip(rows, conns):
            k = c["kernel"]
            with self.subTest(conn=r["Conn"]):
                self.assertEqual(r["Process A"], f"{k['client']['comm']} ({k['client']['pid']})")
                self.assertEqual(r["Process B"], f"{k['server']['comm']} ({k['server']['pid']})")
                self.assertEqual(int(r["Retransmits (kernel)"]), k["retransmits"]["kernel"])
                self.assertEqual(int(r["Retransmits (wire)"]), k["retransmits"]["wire"])
                self.assertEqual(int(r["Max cwnd (segments)"]), k["max_cwnd"])
                # ms with 3 decimals, the precision of every RTT column
                self.assertRegex(r["Mean srtt (ms)"], r"^\d+\.\d{3}$")
                self.assertAlmostEqual(float(r["Mean srtt (ms)"]), k["mean_srtt_us"] / 1000, delta=0.0005 + 1e-9)
        # the owners as the events file's lines name them (test_kernel_report checks the rule)
        self.assertEqual([r["Process A"] for r in rows], ["curl (5515)", "curl (5517)", "curl (5519)"])
        self.assertEqual([r["Process B"] for r in rows], ["python3 (5516)", "python3 (5518)", "python3 (5520)"])

    def test_2_processes_dialog(self):
        """Statistics > TCP Connection Processes: the rows of tshark -z tcpstate,processes
        (itself checked against the JSON report in test_kernel_report.py)."""
        ws = self.ws
        dialog = ws.open_statistics_item(PROCESSES_RE, PROCESSES_MENU_GUESS)
        ws.wait_stable(dialog)
        ws.snapshot("processes-dialog", dialog)
        path = os.path.join(ws.out, "processes.csv")
        ws.save_statistics(dialog, path, csv=True)
        with open(path, encoding="utf-8", newline="") as f:
            shown = {r["Process (pid)"]: r for r in csv.DictReader(f)}
        out = ws.ts.run(["-q", "-o", "tcpstate.events_file:" + self.events, "-z", "tcpstate,processes",
                         "-r", ws.capture], check=True).stdout
        header = next(line for line in out.splitlines() if line.startswith("Process (pid) |"))
        names = [c.strip() for c in header.split("|")[:-1]]
        want = {}
        for line in out.split("Processes (from the kernel events")[1].splitlines()[1:]:
            if line.startswith("==="):
                break
            cells = [c.strip() for c in line.split(" |")][:len(names)]
            want[cells[0]] = dict(zip(names, cells))
        self.assertEqual(sorted(shown), sorted(want))
        self.assertEqual(sorted(shown), ["curl (5515)", "curl (5517)", "curl (5519)", "python3 (5516)",
                                         "python3 (5518)", "python3 (5520)"])
        for name, w in want.items():
            for col in names:
                self.assertEqual(shown[name][col].strip(), w[col], f"{name} {col}")
        ws.close_window(dialog)


if __name__ == "__main__":
    unittest.main()
