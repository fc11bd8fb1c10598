"""Statistics > I/O Graphs plotting the per-packet kernel fields, as the README shows it:
MAX(tcpstate.kernel.cwnd) and AVG(tcpstate.kernel.srtt_us) per 100 ms of the bulk sender's
tcp_probe events, on captures/events/bulk_loss.pcap with bulk_loss.ftrace.txt. Shared by
test_io_graph.py and screenshots.py.

The graphs come from the profile's `io_graphs` UAT, one quoted cell per column in Wireshark
4.0's order: enabled, name, display filter, colour, style, Y axis, Y field, SMA period,
Y axis factor. 4.0 and 4.4 keep the interval out of the UAT (1 s when the dialog opens), so it is
chosen in the dialog with the keyboard."""
import os
import shutil
import time

import gui_env

CAPTURE = os.path.join("events", "bulk_loss.pcap")
EVENTS = os.path.join("events", "bulk_loss.ftrace.txt")
SERIES = os.environ.get("TCPSTATE_WS_SERIES", "4.0")
# The interval box's choices, in order; the dialog opens on 1 s. 4.4 adds microseconds.
INTERVALS_MS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
if SERIES == "4.4":
    INTERVALS_MS = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5] + INTERVALS_MS
# 4.4 puts an "Enable legend" check box between Automatic update and Reset.
TABS_TO_RESET = 2 if SERIES == "4.4" else 1
# 4.6 reworked the dialog: the io_graphs UAT has another column ("Avg over Time") and the
# controls beside the interval changed, so the keyboard path below does not fit it.
UNSUPPORTED = None if SERIES in ("4.0", "4.4") else f"the keyboard path is written for 4.0 and 4.4, not {SERIES}"
INTERVAL_MS = 100
# The sender's tcp_probe events are on the frames it received: the receiver's ACKs. (The
# receiver's own, one per data segment, keep its initial cwnd of 10.)
SENDER_PROBES = "ip.src == 10.98.0.2"
# cwnd (segments) and srtt (us) share the one Y axis of 4.0: x 2000 puts cwnd 50 beside an
# srtt of 100 ms.
CWND_FACTOR = 2000
CWND_NAME = f"MAX(tcpstate.kernel.cwnd) x {CWND_FACTOR}"
SRTT_NAME = "AVG(tcpstate.kernel.srtt_us)"
GRAPHS = [
    ("Enabled", CWND_NAME, SENDER_PROBES, "#1F77B4", "Line", "MAX(Y Field)", "tcpstate.kernel.cwnd",
     "None", str(CWND_FACTOR)),
    ("Enabled", SRTT_NAME, SENDER_PROBES, "#D62728", "Line", "AVG(Y Field)", "tcpstate.kernel.srtt_us",
     "None", "1"),
]
IO_GRAPHS_UAT = "".join(",".join(f'"{cell}"' for cell in g) + "\n" for g in GRAPHS)
DIALOG_RE = r"I/O Graphs"
MENU_GUESS = 8  # Downs in the Statistics menu; open_statistics_item also tries the neighbours


def events_copy(directory):
    """A copy of the events file that Wireshark's user (nobody when root) can read."""
    path = os.path.join(directory, os.path.basename(EVENTS))
    shutil.copyfile(os.path.join(gui_env.CAPTURES, EVENTS), path)
    os.chmod(directory, 0o755)
    os.chmod(path, 0o644)
    return path


def start(events, name, artifacts=None):
    # Automatic update off: the dialog opens without reading the packets, so that the
    # interval can be changed first. Each change with automatic update on starts a new read
    # of the packets, and a change arriving during one (keys are handled while it runs) is
    # refused ("nested process_specified_records"), leaving the graphs half made.
    prefs = f"tcpstate.events_file: {events}\ngui.io_graph_automatic_update: FALSE\n"
    return gui_env.Wireshark(CAPTURE, preferences=prefs, name=name, artifacts=artifacts,
                             profile_files={"io_graphs": IO_GRAPHS_UAT})


def open_dialog(ws, x, y, width, height):
    """Statistics > I/O Graphs, placed at x, y, width x height, set to INTERVAL_MS intervals,
    then automatic update on (one read of the packets) and its axes fitted; returns the
    dialog's window id."""
    dialog = ws.open_statistics_item(DIALOG_RE, MENU_GUESS)
    ws.place(dialog, x, y, width, height)
    ws.wait_stable(dialog)
    ws.focus(dialog)
    # Focus starts on the plot; Tab passes the graph table, its four tool buttons and the
    # Mouse radio group before the Interval box (INTERVALS_MS), then Time of day, Log scale,
    # Automatic update and Reset.
    ws.key(*["Tab"] * 7, "Home", *["Down"] * INTERVALS_MS.index(INTERVAL_MS))
    ws.key(*["Tab"] * 3, "space")
    ws.wait_stable(dialog)
    ws.key(*["Tab"] * TABS_TO_RESET, "space")
    ws.wait_stable(dialog)
    return dialog


def copy_csv(ws, dialog):
    """The dialog's Copy button (two Tabs after Reset, past Save As...): the graphs as CSV on
    the clipboard, read back with xclip; copied again until two copies a second apart agree."""
    def clipboard():
        text = ws.x("xclip", "-o", "-selection", "clipboard", check=False)
        return text if text.startswith('"Interval start"') else None

    ws.focus(dialog)
    ws.key("Tab", "Tab", "space")
    text = gui_env.wait_for(clipboard, gui_env.STEP_TIMEOUT, "the graphs' CSV on the clipboard",
                            alive=ws.alive)

    def settled():
        nonlocal text
        time.sleep(1)
        ws.wait_stable(dialog)
        ws.key("space")  # the Copy button still has the focus
        again = gui_env.wait_for(clipboard, gui_env.STEP_TIMEOUT, "the graphs' CSV", alive=ws.alive)
        same, text = again == text, again
        return same
    gui_env.wait_for(settled, gui_env.STEP_TIMEOUT, "the graphs' CSV to stop changing", alive=ws.alive)
    return text
