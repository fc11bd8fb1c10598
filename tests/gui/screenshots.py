"""Makes the README's screenshots with the real Wireshark (Xvfb) and the plugin just built:

    <out>/stats-dialog.png          Statistics > TCP Connection States on captures/lossy.pcap
    <out>/packet-list-columns.png   the packet list with custom tcpstate columns
    <out>/io-graph-kernel-cwnd.png  Statistics > I/O Graphs of tcpstate.kernel.cwnd and srtt_us
                                    (captures/events/bulk_loss.pcap with its events file,
                                    io_graph.py)

Run by tools/screenshots.sh (which sets TCPSTATE_PLUGIN_DIR and TCPSTATE_CAPTURES)."""
import os
import shutil
import sys
import tempfile

import gui_env
import io_graph

CAPTURE = "lossy.pcap"
COLUMNS = [("No.", "%m"), ("Time", "%t"), ("Source", "%s"), ("Destination", "%d"),
           ("Protocol", "%p"), ("Length", "%L"),
           ("Conn", "%Cus:tcpstate.conn:0:R"), ("State", "%Cus:tcpstate.state:0:R"),
           ("Phase", "%Cus:tcpstate.phase:0:R"), ("RTT", "%Cus:tcpstate.rtt:0:R"),
           ("Info", "%i")]
PREFERENCES = ("gui.column.format:\n" + ",\n".join(f'\t"{t}", "{f}"' for t, f in COLUMNS) + "\n"
               # Only the packet list and the details, the details of a handshake packet.
               + "gui.layout_content_3: NONE\n")
WIDTHS = [("%m", 50), ("%t", 80), ("%s", 90), ("%d", 90), ("%p", 70), ("%L", 60),
          ("%Cus:tcpstate.conn", 50), ("%Cus:tcpstate.state", 70), ("%Cus:tcpstate.phase", 85),
          ("%Cus:tcpstate.rtt", 100), ("%i", 700)]
RECENT = ("gui.geometry_main_upper_pane: 380\n"
          "column.width: " + ", ".join(f'"{c}", {w}' for c, w in WIDTHS) + "\n")


def main(out_dir):
    missing = gui_env.missing_tools()
    if missing:
        sys.exit(f"screenshots: missing {' '.join(missing)} (tools/deps.sh installs them)")
    os.makedirs(out_dir, exist_ok=True)
    ws = gui_env.Wireshark(CAPTURE, preferences=PREFERENCES, name="screenshots",
                           main_size=(1400, 600), recent=RECENT)
    try:
        ws.wait_stable(ws.main)
        shot = ws.snapshot("packet-list-columns", ws.main)
        shutil.copyfile(shot, os.path.join(out_dir, "packet-list-columns.png"))

        dialog = ws.open_statistics_item("TCP Connection States", 12)
        ws.place(dialog, 20, 40, 1840, 400)
        ws.park_mouse()
        ws.wait_stable(dialog)
        shot = ws.snapshot("stats-dialog", dialog)
        shutil.copyfile(shot, os.path.join(out_dir, "stats-dialog.png"))
        ws.quit()
    finally:
        ws.close()

    events_dir = tempfile.mkdtemp(prefix="tcpstate-events-")
    ws = io_graph.start(io_graph.events_copy(events_dir), "screenshots-io-graph")
    try:
        dialog = io_graph.open_dialog(ws, 20, 40, 1100, 650)
        shot = ws.snapshot("io-graph-kernel-cwnd", dialog)
        shutil.copyfile(shot, os.path.join(out_dir, "io-graph-kernel-cwnd.png"))
        ws.quit()
    finally:
        ws.close()
        shutil.rmtree(events_dir, ignore_errors=True)
    for name in ("stats-dialog.png", "packet-list-columns.png", "io-graph-kernel-cwnd.png"):
        print(os.path.join(out_dir, name))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs/images")
