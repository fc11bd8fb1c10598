"""From a connection to its packets in the real Wireshark (Qt, on Xvfb), with the plugin just
built: Statistics > Conversations, tab "tcpstate" (a row's Apply as Filter), and the packet
list's Conversation Filter > "TCP connection (tcpstate)".

The capture has two connections on one address and port pair (tests/e2e/port_reuse.py): a
filter on addresses and ports shows both, the right one shows one. The main window's filter
text is read back through the clipboard, the packets it shows through File > Export Packet
Dissections > As CSV; both are compared with tshark's own dissection (no plugin): the
tcp.stream, addresses, ports and length of every frame."""
import csv
import io
import os
import re
import shutil
import subprocess
import tempfile
import unittest

import gui_env
import port_reuse

DIALOG_RE = r"Conversations"
# Statistics: Capture File Properties, Resolved Addresses, Protocol Hierarchy, Conversations.
MENU_GUESS = 3
# Only the tcpstate tab: the dialog opens on it.
RECENT = "gui.conversation_tabs: tcpstate\n"
ROW = 1  # the dialog's second row: tcp.stream 1, on the addresses and ports of stream 0
# Where the first row of the dialog's table is below the dialog's top (inside it at the
# default font of 4.0 and of 4.4); the rows' height is measured (selection_band).
DIALOG_ROW0 = 65
# The packet list's first row below the main window's top, and its rows' height (4.0 to 4.6).
LIST_ROW0 = 120
ROW_HEIGHT = 17.08
# Items above Conversation Filter in the packet list's context menu on 4.0 (disabled ones are
# skipped by the arrow keys); the neighbours are tried too.
CONV_FILTER_GUESS = 9


def frames_by_tshark(path):
    """Every frame as tshark dissects it: number, tcp.stream, source, ports, length."""
    out = []
    for line in gui_env.plain_tshark(["-r", path, "-T", "fields", "-e", "frame.number", "-e", "tcp.stream",
                                      "-e", "ip.src", "-e", "tcp.srcport", "-e", "ip.dst", "-e", "tcp.dstport",
                                      "-e", "frame.len"]).splitlines():
        num, stream, src, sport, dst, dport, length = line.split("\t")
        if stream:
            out.append({"frame": int(num), "stream": int(stream), "src": (src, int(sport)),
                        "dst": (dst, int(dport)), "len": int(length)})
    return out


def connections(frames):
    """Per tcp.stream: A (the first frame's sender), B, packets and bytes each way, frames."""
    conns = {}
    for f in frames:
        c = conns.setdefault(f["stream"], {"a": f["src"], "b": f["dst"], "pkts": [0, 0], "bytes": [0, 0],
                                           "frames": [], "from_a": [], "from_b": []})
        d = 0 if f["src"] == c["a"] else 1
        c["pkts"][d] += 1
        c["bytes"][d] += f["len"]
        c["frames"].append(f["frame"])
        c["from_b" if d else "from_a"].append(f["frame"])
    return conns


@unittest.skipIf(gui_env.missing_tools() or not shutil.which("xclip"),
                 f"missing: {' '.join(gui_env.missing_tools() + ([] if shutil.which('xclip') else ['xclip']))}")
class ConvDialogTest(gui_env.QuitsCleanly, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp(prefix="tcpstate-conv-")
        os.chmod(cls.folder, 0o755)
        cls.capture = os.path.join(cls.folder, "port_reuse.pcap")
        port_reuse.write(os.path.join(gui_env.CAPTURES, "http.pcap"), cls.capture)
        cls.conns = connections(frames_by_tshark(cls.capture))
        cls.ws = gui_env.Wireshark(cls.capture, name="conv-dialog", recent=RECENT)
        cls.dialog = None
        cls.rows = None
        cls.exports = 0

    @classmethod
    def tearDownClass(cls):
        cls.ws.close()
        shutil.rmtree(cls.folder, ignore_errors=True)

    def run(self, result=None):
        before = len(result.failures) + len(result.errors) if result else 0
        out = super().run(result)
        if result and len(result.failures) + len(result.errors) > before and getattr(self, "ws", None):
            self.ws.snapshot("failure-" + self._testMethodName)
        return out

    # --- helpers ------------------------------------------------------------------
    def clipboard(self):
        return self.ws.x("xclip", "-o", "-selection", "clipboard", check=False)

    def mark_clipboard(self):
        """Puts "frame" on the clipboard (typed in the main filter bar, not applied), so that
        a later read tells a new text from an old one."""
        ws = self.ws
        ws.escape_all()
        ws.focus(ws.main)
        ws.key("ctrl+slash")
        ws.key("ctrl+a")
        ws.type("frame")
        ws.key("ctrl+a", "ctrl+c")
        gui_env.wait_for(lambda: self.clipboard() == "frame", gui_env.STEP_TIMEOUT, "the clipboard mark",
                         alive=ws.alive)

    def main_filter(self):
        """The text of the main window's display filter bar, through the clipboard (after
        mark_clipboard)."""
        ws = self.ws

        def copied():
            ws.escape_all()
            ws.focus(ws.main)
            ws.key("ctrl+slash")
            ws.key("ctrl+a", "ctrl+c")
            text = self.clipboard()
            return text if text and text != "frame" else None
        return gui_env.wait_for(copied, gui_env.STEP_TIMEOUT, "the main filter on the clipboard",
                                interval=0.5, alive=ws.alive)

    def displayed_frames(self, want):
        """The frame numbers the packet list shows (exported as CSV; again while they differ
        from want, as the list may still be filtering)."""
        ws = self.ws
        for _ in range(3):
            type(self).exports += 1
            path = os.path.join(ws.out, f"displayed{self.exports}.csv")
            ws.export_packet_list_csv(path)
            with open(path, encoding="utf-8") as f:
                frames = [int(m.group(1)) for m in re.finditer(r'^"(\d+)"', f.read(), re.M)]
            if frames == want:
                break
            ws.wait_stable(ws.main)
        return frames

    def selection_band(self):
        """The rows of the dialog (y from its top) painted in the selection colour across
        most of its width: (top, bottom) of the selected table row."""
        ws = self.ws
        _, _, w, h = ws.geometry(self.dialog)
        p = subprocess.run(["import", "-window", self.dialog, "-depth", "8", "rgb:-"], env=ws.env_display,
                           capture_output=True, timeout=60, check=True)
        data = p.stdout
        rows = []
        for yy in range(h):
            line = data[yy * w * 3:(yy + 1) * w * 3]
            blue = sum(1 for i in range(0, len(line), 3) if line[i + 2] > 150 and line[i] < 110)
            if blue > w // 3:
                rows.append(yy)
        if not rows:
            raise AssertionError("no selected row in the dialog")
        return rows[0], rows[-1]

    def dialog_row_menu(self, row, *keys, shot=None):
        """Right-click on the dialog's row, then keys, the last of which chooses an entry;
        shot: the name of a screenshot taken before that last key."""
        ws = self.ws
        x, y, w, h = ws.geometry(self.dialog)
        ws.escape_all()
        ws.focus(self.dialog)
        ws.click(x + 270, y + DIALOG_ROW0)  # the first row, to measure the rows' height
        ws.wait_stable(self.dialog)
        top, bottom = self.selection_band()
        row_y = y + (top + bottom) // 2 + (bottom - top + 1) * row
        ws.click(x + 270, row_y)
        ws.click(x + 270, row_y, button=3)
        gui_env.wait_for(ws.popup_open, gui_env.STEP_TIMEOUT, "the row's context menu", alive=ws.alive)
        ws.key(*keys[:-1])
        if shot:
            ws.x("import", "-window", "root", os.path.join(ws.artifacts, shot + ".png"), timeout=60)
        ws.key(keys[-1])
        self.menus_closed()

    def menus_closed(self, timeout=gui_env.STEP_TIMEOUT):
        """Waits for the menus to go after an entry was chosen (an Escape meant for a menu still
        on the screen would close the dialog)."""
        gui_env.wait_for(lambda: not self.ws.popup_open(), timeout, "the menus to close", alive=self.ws.alive)

    def show_all_packets(self):
        ws = self.ws
        ws.escape_all()
        ws.focus(ws.main)
        ws.key("ctrl+slash", "ctrl+a", "BackSpace", "Return")
        ws.wait_stable(ws.main)

    # --- tests --------------------------------------------------------------------
    def test_1_rows_are_the_connections(self):
        """The tcpstate tab: one row per tcp.stream, with TCP's addresses, ports and counts
        (the dialog's Copy Conversation table > as CSV)."""
        ws = self.ws
        type(self).dialog = ws.open_statistics_item(DIALOG_RE, MENU_GUESS)
        ws.wait_stable(self.dialog)
        ws.snapshot("conversations", self.dialog)
        self.dialog_row_menu(0, *["Down"] * 5, "Right", "Return")  # Copy Conversation table > as CSV
        text = gui_env.wait_for(lambda: (lambda t: t if t.startswith("Address A") else None)(self.clipboard()),
                                gui_env.STEP_TIMEOUT, "the table as CSV on the clipboard", alive=ws.alive)
        with open(os.path.join(ws.artifacts, "table.csv"), "w", encoding="utf-8") as f:
            f.write(text)
        type(self).rows = list(csv.DictReader(io.StringIO(text)))
        got = sorted((int(r["Stream ID"]), r["Address A"], int(r["Port A"]), r["Address B"], int(r["Port B"]),
                      int(r["Packets A \u2192 B"]), int(r["Bytes A \u2192 B"]),
                      int(r["Packets B \u2192 A"]), int(r["Bytes B \u2192 A"])) for r in self.rows)
        want = sorted((s, *c["a"], *c["b"], c["pkts"][0], c["bytes"][0], c["pkts"][1], c["bytes"][1])
                      for s, c in self.conns.items())
        self.assertEqual(got, want)

    def test_2_apply_as_filter(self):
        """A row's Apply as Filter > Selected: each direction entry shows exactly that
        connection's packets (A <-> B all of them, A -> B those A sent)."""
        ws = self.ws
        self.assertIsNotNone(self.rows, "needs the table of test_1")
        stream = int(self.rows[ROW]["Stream ID"])
        conn = self.conns[stream]
        other = [c for s, c in self.conns.items() if s != stream and {c["a"], c["b"]} == {conn["a"], conn["b"]}]
        self.assertTrue(other, "the capture must reuse the row's addresses and ports")
        seen = set()
        for entry in range(4):  # 4.0 puts "Filter on stream id" first
            self.mark_clipboard()
            self.dialog_row_menu(ROW, "Down", "Right", "Right", *["Down"] * entry, "Return",
                                 shot=None if entry else "apply-as-filter-menu")
            text = self.main_filter()
            with open(os.path.join(ws.artifacts, "filters.txt"), "a", encoding="utf-8") as f:
                f.write(f"Apply as Filter > Selected, entry {entry}: {text}\n")
            if not text.startswith(f"tcp.stream eq {stream}"):
                self.fail(f"entry {entry} of Apply as Filter > Selected gave {text!r}")
            # What the filter selects, by plain tshark: frames of the row's connection only
            # (its addresses and ports are reused by another connection); an entry without a
            # source port term (stream id, A <-> B: 4.0 writes ip.addr, 4.4 and 4.6 ip.src and
            # ip.dst with tcp.port) selects all of them.
            want = [int(n) for n in gui_env.plain_tshark(["-r", ws.capture, "-Y", text, "-T", "fields",
                                                          "-e", "frame.number"]).split()]
            self.assertTrue(want, text)
            self.assertLessEqual(set(want), set(conn["frames"]), text)
            kind = "A->B" if "tcp.srcport" in text or "tcp.dstport" in text else "A<->B"
            if kind == "A<->B":
                self.assertEqual(want, conn["frames"], text)
            else:
                self.assertIn(want, (conn["from_a"], conn["from_b"]), text)
            with self.subTest(entry=kind, filter=text):
                self.assertEqual(self.displayed_frames(want), want)
            seen.add(kind)
            if {"A<->B", "A->B"} <= seen:
                break
        self.assertIn("A<->B", seen)

    def test_3_packet_list_conversation_filter(self):
        """The packet list's context menu > Conversation Filter > TCP connection (tcpstate)
        on a frame of the row's connection: its packets, as tcp.stream eq N."""
        ws = self.ws
        self.assertIsNotNone(self.rows, "needs the table of test_1")
        ws.close_window(self.dialog)
        self.show_all_packets()
        stream = int(self.rows[ROW]["Stream ID"])
        conn = self.conns[stream]
        frame = conn["frames"][2]
        _, my, _, _ = ws.geometry(ws.main)
        row_y = my + LIST_ROW0 + round(ROW_HEIGHT * (frame - 1))
        guesses = [CONV_FILTER_GUESS] + [CONV_FILTER_GUESS + d for d in (-1, 1, -2, 2, -3, 3)]
        text = None
        for downs in guesses:
            self.mark_clipboard()
            before = {w[0] for w in ws.windows(".")}
            ws.escape_all()
            ws.click(300, row_y)
            ws.click(300, row_y, button=3)
            gui_env.wait_for(ws.popup_open, gui_env.STEP_TIMEOUT, "the packet's context menu", alive=ws.alive)
            ws.key(*["Down"] * downs, "Right")
            try:  # a submenu: a second pop-up
                gui_env.wait_for(lambda: len(ws.popup_open()) > 1, 3, "a submenu", alive=ws.alive)
            except TimeoutError:
                continue
            ws.key("Up", "Return")  # from the first entry up to the last: ours, registered last
            try:
                self.menus_closed(5)
            except TimeoutError:  # a submenu without an enabled entry
                ws.escape_all()
                continue
            try:
                text = self.main_filter()
            except TimeoutError:
                text = None
            for w in ws.new_windows_since(before):
                ws.close_window(w[0])
            if text == f"tcp.stream eq {stream}":
                break
        ws.snapshot("conversation-filter")
        self.assertEqual(text, f"tcp.stream eq {stream}")
        self.assertEqual(self.displayed_frames(conn["frames"]), conn["frames"])

    def test_4_follow_tcp_stream(self):
        """From the filtered list, Follow TCP Stream (Ctrl+Alt+Shift+T) on the selected frame
        follows the same connection."""
        ws = self.ws
        self.assertIsNotNone(self.rows, "needs the table of test_1")
        stream = int(self.rows[ROW]["Stream ID"])
        ws.escape_all()
        ws.focus(ws.main)
        ws.key("ctrl+alt+shift+t")
        wid = ws.wait_window(rf"Follow TCP Stream \(tcp\.stream eq {stream}\)", gui_env.STEP_TIMEOUT,
                             "the Follow TCP Stream window")
        ws.wait_stable(wid)
        ws.snapshot("follow", wid)
        ws.close_window(wid)


if __name__ == "__main__":
    unittest.main()
