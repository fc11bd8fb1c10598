"""Runs the real Wireshark GUI with the plugin just built, on a private Xvfb display.

The private home and plugin copy come from tests/e2e/tshark_env.py (its Tshark class also
checks that tshark loads that copy); Wireshark runs exactly like that tshark: as user
`nobody` when root, with HOME and WIRESHARK_PLUGIN_DIR pointing at the copy, never the
installed plugin. The display is driven with xdotool (XTEST key presses and mouse clicks)
and photographed with ImageMagick's `import`. Without a window manager, keyboard focus is
given with `xdotool windowfocus`; menus open with Alt+<mnemonic>.

Every wait polls with a deadline; Wireshark and Xvfb are always killed by their process
group (they were started in a session of their own).
"""
import contextlib
import hashlib
import os
import pwd
import re
import select
import shutil
import signal
import subprocess
import tempfile
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
from tshark_env import BUILD_PROFILES, CAPTURES, Tshark, global_data_dir, plain_tshark  # noqa: E402,F401

TOOLS = ("Xvfb", "xdotool", "xwininfo", "import", "wireshark", "tshark")
ARTIFACTS = os.environ.get("TCPSTATE_GUI_ARTIFACTS") or os.path.join(os.getcwd(), "gui-artifacts")
SCREEN = (1920, 1080)
# Generous: a 2-core CI machine running other tests at the same time.
START_TIMEOUT = float(os.environ.get("TCPSTATE_GUI_TIMEOUT", "120"))
STEP_TIMEOUT = START_TIMEOUT / 2


# "     0x200006 "lossy.pcap": ("wireshark" "Wireshark")  1580x960+0+0  +0+0" (children of root)
_TREE_LINE = re.compile(r'^     (0x[0-9a-f]+) "((?:[^"\\]|\\.)*)":', re.M)
_INFO = {"x": re.compile(r"Absolute upper-left X:\s+(-?\d+)"),
         "y": re.compile(r"Absolute upper-left Y:\s+(-?\d+)"),
         "w": re.compile(r"Width:\s+(\d+)"), "h": re.compile(r"Height:\s+(\d+)")}


# No capture interfaces and no extcap programs: nothing to capture here, a faster start, and
# no child process (dumpcap, extcap) inheriting the sanitizer runtime: dumpcap hangs at exit
# under it (p11-kit's destructor waits on glibc's locale lock). Written as the personal
# preferences and, when the run has its own global data folder, as the global ones, so that
# they also hold after a profile is chosen in the running Wireshark.
NO_CAPTURE_PREFERENCES = "capture.no_interface_load: TRUE\ncapture.no_extcap: TRUE\n"


def missing_tools():
    return [t for t in TOOLS if shutil.which(t) is None]


def wait_for(predicate, timeout, what, interval=0.2, alive=None):
    """Polls predicate until it returns something true; TimeoutError after timeout s."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if alive is not None:
            alive()
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


def _kill_group(proc, grace=10):
    """Ends a process started with start_new_session=True, and everything it started."""
    if proc is None or proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            pass


class Xvfb:
    """A virtual X server on a display number it picks itself (-displayfd)."""

    def __init__(self, size=SCREEN, log_dir=None):
        self.log = open(os.path.join(log_dir or ARTIFACTS, "xvfb.log"), "w")
        r, w = os.pipe()
        try:
            self.proc = subprocess.Popen(
                ["Xvfb", "-displayfd", str(w), "-screen", "0", f"{size[0]}x{size[1]}x24",
                 "-nolisten", "tcp", "-noreset"],
                pass_fds=(w,), stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log,
                start_new_session=True)
        finally:
            os.close(w)
        try:
            number = b""
            deadline = time.monotonic() + START_TIMEOUT
            while not number.endswith(b"\n"):
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    raise RuntimeError("Xvfb did not start; see xvfb.log")
                ready, _, _ = select.select([r], [], [], left)
                if ready:
                    chunk = os.read(r, 16)
                    if not chunk:
                        raise RuntimeError("Xvfb did not start; see xvfb.log")
                    number += chunk
        except BaseException:
            self.close()
            raise
        finally:
            os.close(r)
        self.display = ":" + number.decode().strip()

    def close(self):
        _kill_group(self.proc)
        self.log.close()


class Wireshark:
    """Wireshark on an Xvfb display, with a private home holding the built plugin."""

    def __init__(self, capture, preferences=None, extra_args=(), name="wireshark",
                 main_size=None, artifacts=None, recent=None, profile_files=None, beside=(),
                 global_profiles=None):
        # One folder per run name, emptied first: no screenshot of an earlier run stays.
        self.artifacts = os.path.join(artifacts or ARTIFACTS, name)
        shutil.rmtree(self.artifacts, ignore_errors=True)
        os.makedirs(self.artifacts)
        self.name = name
        self.proc = None
        self.xvfb = None
        self.ts = Tshark()  # private home + plugin copy, checked with tshark
        try:
            self.data_dir = global_data_dir(self.ts.home, global_profiles) if global_profiles else None
            if self.data_dir:  # global preferences: they hold in every profile chosen
                with open(os.path.join(self.data_dir, "preferences"), "w") as f:
                    f.write(NO_CAPTURE_PREFERENCES)
                os.chmod(os.path.join(self.data_dir, "preferences"), 0o644)
            self._setup_home(preferences, main_size or (SCREEN[0] - 20, SCREEN[1] - 40), recent,
                             profile_files or {})
            for f in beside:  # files of captures/ copied next to the capture, as they lie there
                self.ts.file(f)
            self.capture = self.ts.file(capture)
            self.xvfb = Xvfb(SCREEN, self.artifacts)
            self.env_display = dict(os.environ, DISPLAY=self.xvfb.display)
            self._start(["-r", self.capture] + list(extra_args))
            self.main = self.wait_window("^" + re.escape(os.path.basename(self.capture)) + "$",
                                         START_TIMEOUT, "the main window with the capture read")
        except BaseException:
            self.snapshot("startup-failure")
            self.close()
            raise

    # --- set-up -------------------------------------------------------------------
    def _setup_home(self, preferences, size, recent, profile_files):
        home = self.ts.home
        conf = os.path.join(home, ".config", "wireshark")
        os.makedirs(conf, exist_ok=True)
        # Main window geometry (the statistics dialogs take 2/3 x 3/4 of it).
        with open(os.path.join(conf, "recent_common"), "w") as f:
            f.write("gui.geometry_main_x: 0\ngui.geometry_main_y: 0\n"
                    f"gui.geometry_main_width: {size[0]}\n"
                    f"gui.geometry_main_height: {size[1]}\n"
                    "gui.geometry_main_maximized: FALSE\n")
        if recent:  # the profile's recent settings: pane sizes, column widths
            with open(os.path.join(conf, "recent"), "w") as f:
                f.write(recent)
        for name, text in profile_files.items():  # e.g. a UAT such as io_graphs
            with open(os.path.join(conf, name), "w") as f:
                f.write(text)
        with open(os.path.join(conf, "preferences"), "w") as f:
            f.write(NO_CAPTURE_PREFERENCES)
            f.write(preferences or "")
        self.extcap = os.path.join(home, "extcap")  # empty
        self.out = os.path.join(home, "out")  # where Wireshark saves files
        self.runtime = os.path.join(home, "runtime")
        os.makedirs(self.out, exist_ok=True)
        os.makedirs(self.extcap, exist_ok=True)
        os.makedirs(self.runtime, exist_ok=True)
        os.chmod(self.runtime, 0o700)
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            for root, dirs, files in os.walk(home):
                for n in dirs + files:
                    os.chown(os.path.join(root, n), nobody.pw_uid, nobody.pw_gid)
            os.chown(home, nobody.pw_uid, nobody.pw_gid)

    def _start(self, args):
        env = {"HOME": self.ts.home, "WIRESHARK_PLUGIN_DIR": self.ts.plugins,
               "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C.UTF-8",
               "DISPLAY": self.xvfb.display, "XDG_RUNTIME_DIR": self.runtime,
               "WIRESHARK_EXTCAP_DIR": self.extcap,
               "QT_ACCESSIBILITY": "0", "NO_AT_BRIDGE": "1"}
        if self.data_dir:
            env["WIRESHARK_DATA_DIR"] = self.data_dir
        if os.environ.get("TCPSTATE_PRELOAD"):
            env["LD_PRELOAD"] = os.environ["TCPSTATE_PRELOAD"]
            env["ASAN_OPTIONS"] = "detect_leaks=0:abort_on_error=0:exitcode=99"
            env["UBSAN_OPTIONS"] = "print_stacktrace=1:halt_on_error=1"
        cmd = ["env"] + [f"{k}={v}" for k, v in env.items()] + ["wireshark"] + args
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "nobody", "--"] + cmd
        self.log_path = os.path.join(self.artifacts, f"{self.name}.log")
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(cmd, cwd=self.ts.home, stdin=subprocess.DEVNULL,
                                     stdout=self.log, stderr=self.log, start_new_session=True)

    # --- ending -------------------------------------------------------------------
    def alive(self):
        if self.proc.poll() is not None:
            raise RuntimeError(f"wireshark exited ({self.proc.returncode}):\n" + self.log_text()[-3000:])

    def log_text(self):
        with open(self.log_path, errors="replace") as f:
            return f.read()

    def quit(self, timeout=None):
        """Ctrl+Q, then waits for a clean exit; returns its status (None if killed)."""
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        with contextlib.suppress(Exception):
            self.escape_all()
            self.focus(self.main)
            self.key("ctrl+q")
        try:
            return self.proc.wait(timeout=timeout or STEP_TIMEOUT)
        except subprocess.TimeoutExpired:
            _kill_group(self.proc)
            return None

    def close(self):
        with contextlib.suppress(Exception):
            if self.proc is not None:
                _kill_group(self.proc)
        if self.proc is not None:
            self.log.close()
        if self.xvfb is not None:
            self.xvfb.close()
        self.ts.close()

    def sanitizer_errors(self):
        text = self.log_text() if self.proc is not None else ""
        return [line for line in text.splitlines()
                if "ERROR: AddressSanitizer" in line or "runtime error:" in line]

    # --- X helpers ----------------------------------------------------------------
    def x(self, *args, check=True, timeout=30):
        p = subprocess.run(list(args), env=self.env_display, capture_output=True, text=True,
                           timeout=timeout)
        if check and p.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed: {p.stderr}")
        return p.stdout

    def xdotool(self, *args, check=True):
        return self.x("xdotool", *args, check=check)

    def windows(self, name_regex):
        """Mapped top-level windows whose name matches, largest first:
        [(id, name, (x, y, w, h))]. From xwininfo, which (unlike xdotool search) also
        lists the override-redirect windows of open menus."""
        found = []
        for m in _TREE_LINE.finditer(self.root_tree()):
            wid, name = m.group(1), m.group(2)
            if not re.search(name_regex, name):
                continue
            try:
                info = self.x("xwininfo", "-id", wid)
            except (RuntimeError, subprocess.TimeoutExpired):
                continue  # went away meanwhile
            if "Map State: IsViewable" not in info:
                continue
            geo = tuple(int(_INFO[k].search(info).group(1)) for k in ("x", "y", "w", "h"))
            found.append((wid, name, geo))
        found.sort(key=lambda w: -w[2][2] * w[2][3])
        return found

    def geometry(self, wid):
        info = self.x("xwininfo", "-id", wid)
        return tuple(int(_INFO[k].search(info).group(1)) for k in ("x", "y", "w", "h"))

    def wait_window(self, name_regex, timeout, what):
        w = wait_for(lambda: self.windows(name_regex), timeout, what, alive=self.alive)
        return w[0][0]

    def wait_gone(self, wid, timeout, what):
        def gone():
            return wid not in [w[0] for w in self.windows(".")]
        wait_for(gone, timeout, what, alive=self.alive)

    def root_tree(self):
        return self.x("xwininfo", "-root", "-tree")

    def focus(self, wid):
        def focused():
            self.xdotool("windowfocus", wid, check=False)
            now = self.xdotool("getwindowfocus", check=False).strip()
            return now.isdigit() and int(now) == int(wid, 0)
        wait_for(focused, STEP_TIMEOUT, f"focus on window {wid}", interval=0.3, alive=self.alive)

    def key(self, *keys):
        self.xdotool("key", "--delay", "60", *keys)

    def type(self, text):
        self.xdotool("type", "--delay", "40", text)

    def move_mouse(self, x, y):
        self.xdotool("mousemove", str(x), str(y))
        wait_for(lambda: f"x:{x} y:{y} " in self.xdotool("getmouselocation"), STEP_TIMEOUT,
                 f"the pointer at {x},{y}", interval=0.05)

    def click(self, x, y, button=1):
        self.move_mouse(x, y)
        self.xdotool("click", str(button))

    def popup_open(self):
        """A menu is open: a visible override-redirect window named like the app."""
        return self.windows("^Wireshark$")

    def escape_all(self):
        for _ in range(4):
            if not self.popup_open():
                return
            self.key("Escape")
            time.sleep(0.3)

    def place(self, wid, x, y, width, height):
        """Moves and resizes a window (no window manager: the X requests are granted)."""
        self.xdotool("windowmove", wid, str(x), str(y))
        self.xdotool("windowsize", wid, str(width), str(height))
        wait_for(lambda: self.geometry(wid) == (x, y, width, height), STEP_TIMEOUT,
                 f"window {wid} at {x},{y} {width}x{height}", alive=self.alive)

    def park_mouse(self):
        """Moves the pointer to the screen's bottom-right corner: no hover highlight."""
        self.move_mouse(SCREEN[0] - 1, SCREEN[1] - 1)

    def snapshot(self, name, wid="root"):
        """Screenshot into the artifacts directory; returns its path (None if impossible)."""
        if self.xvfb is None:
            return None
        path = os.path.join(self.artifacts, name + ".png")
        with contextlib.suppress(Exception):
            self.park_mouse()
        with contextlib.suppress(Exception):
            self.x("import", "-window", wid, path, timeout=60)
            return path
        return None

    def pixels(self, wid):
        p = subprocess.run(["import", "-window", wid, "-depth", "8", "rgb:-"], env=self.env_display,
                           capture_output=True, timeout=60)
        return hashlib.sha1(p.stdout).hexdigest() if p.returncode == 0 else None

    def wait_stable(self, wid, timeout=None, interval=0.5):
        """Waits until the window has stopped changing: a grab equal to one of the two
        before it (a blinking text cursor alternates between two images)."""
        seen = []

        def settled():
            now = self.pixels(wid)
            ok = now is not None and now in seen[-2:]
            seen.append(now)
            return ok
        wait_for(settled, timeout or STEP_TIMEOUT, f"window {wid} to stop changing",
                 interval=interval, alive=self.alive)

    # --- Wireshark actions --------------------------------------------------------
    def open_menu(self, mnemonic):
        """Alt+<mnemonic> on the main window; waits for the menu to show."""
        self.escape_all()
        self.focus(self.main)
        self.key("alt+" + mnemonic)
        wait_for(self.popup_open, STEP_TIMEOUT, f"the menu of Alt+{mnemonic}", alive=self.alive)

    def menu_item(self, mnemonic, downs, then_keys, window_regex, timeout):
        """Opens a menu, moves down `downs` items (disabled ones are skipped), presses
        then_keys; returns the window matching window_regex, or None if none came."""
        self.open_menu(mnemonic)
        if downs:
            self.key(*["Down"] * downs)
        self.key(*then_keys)
        try:
            return self.wait_window(window_regex, timeout, window_regex)
        except TimeoutError:
            return None

    def new_windows_since(self, before):
        return [w for w in self.windows(".") if w[0] not in before and w[1] != "Wireshark"]

    def close_window(self, wid):
        with contextlib.suppress(Exception):
            self.focus(wid)
            self.key("Escape")
            self.wait_gone(wid, STEP_TIMEOUT, "a dialog to close")

    def open_statistics_item(self, title_regex, first_guess):
        """Statistics > <item>: tries the item `first_guess` places below the first, then
        the neighbouring ones, closing whatever other dialog opens, until a window whose
        name matches title_regex shows. Returns its id."""
        tried = []
        for downs in [first_guess] + [d for d in range(first_guess - 4, first_guess + 12) if d != first_guess]:
            if downs < 0:
                continue
            tried.append(downs)
            before = {w[0] for w in self.windows(".")}
            self.open_menu("s")
            if downs:
                self.key(*["Down"] * downs)
            self.key("Return")

            def opened():
                target = self.windows(title_regex)
                return ("target", target[0][0]) if target else (
                    ("other", None) if self.new_windows_since(before) else None)
            try:
                kind, wid = wait_for(opened, STEP_TIMEOUT if downs == first_guess else 10,
                                     "a window from the Statistics menu", alive=self.alive)
            except TimeoutError:
                kind, wid = None, None
            if kind == "target":
                return wid
            if kind == "other":  # maybe ours is still coming up: give it a moment
                time.sleep(1)
                target = self.windows(title_regex)
                if target:
                    return target[0][0]
            self.escape_all()
            for other in self.new_windows_since(before):
                self.close_window(other[0])
        raise RuntimeError(f"no Statistics menu item opened {title_regex} (tried {tried})")

    def export_packet_list_csv(self, path):
        """File > Export Packet Dissections > As CSV..., all displayed packets, to path."""
        wid = self.menu_item("f", 8, ["Right", "c"], "Export Packet Dissections", STEP_TIMEOUT)
        if not wid:
            raise RuntimeError("File > Export Packet Dissections > As CSV did not open")
        self.save_in_file_dialog(wid, path)

    def save_in_file_dialog(self, wid, path):
        self.focus(wid)
        self.type(path)
        self.key("Return")
        wait_for(lambda: _complete_file(path), STEP_TIMEOUT, f"{path} to be written", alive=self.alive)
        with contextlib.suppress(TimeoutError):
            self.wait_gone(wid, STEP_TIMEOUT, "the file dialog to close")

    def save_statistics_text(self, dialog, path):
        """The dialog's context menu > Save as..., plain text (its default) to path."""
        self.save_statistics(dialog, path, csv=False)

    def save_statistics(self, dialog, path, csv=False):
        """The dialog's context menu > Save as..., to path: plain text (the default), or with
        csv the second file type, "Comma separated values" (Wireshark picks the format from
        the file type, not from the name)."""
        x, y, w, h = self.geometry(dialog)
        self.focus(dialog)
        self.click(x + w // 2, y + h // 3, button=3)
        wait_for(self.popup_open, STEP_TIMEOUT, "the table's context menu", alive=self.alive)
        self.key("Down", "Down", "Return")  # Copy, Save as...
        wid = self.wait_window("Save Statistics As", STEP_TIMEOUT, "the Save Statistics As dialog")
        if not csv:
            self.save_in_file_dialog(wid, path)
            return
        # Qt's own file dialog: the name first (the focus is there), then "Files of type", the
        # combo box along the bottom edge (its list: Down, Return); Return again saves.
        self.focus(wid)
        self.type(path)
        wx, wy, ww, wh = self.geometry(wid)
        self.click(wx + ww // 2, wy + wh - 24)
        time.sleep(1)
        self.key("Down", "Return")
        time.sleep(1)
        self.key("Return")
        wait_for(lambda: _complete_file(path), STEP_TIMEOUT, f"{path} to be written", alive=self.alive)
        with contextlib.suppress(TimeoutError):
            self.wait_gone(wid, STEP_TIMEOUT, "the file dialog to close")

    def set_dialog_filter(self, dialog, text):
        """Types text in the statistics dialog's display filter and presses Apply."""
        x, y, w, h = self.geometry(dialog)
        self.escape_all()
        self.focus(dialog)
        self.click(x + w // 2, y + h // 3)  # the table: focus starts there
        self.key("Tab")                      # display filter
        self.key("ctrl+a")
        self.type(text)
        # The filter's field-name completer may be showing (a popup that would take the
        # Tab): let it come, then close it; Escape goes to the dialog only without it.
        self.wait_stable(dialog)
        self.escape_all()
        self.key("Tab", "space")             # Apply

    def apply_main_filter(self, text=None):
        """Focuses the main display filter bar (Ctrl+/), optionally replaces its text,
        and applies it (Return)."""
        self.escape_all()
        self.focus(self.main)
        self.key("ctrl+slash")
        time.sleep(0.3)
        if text is not None:
            self.key("ctrl+a")
            self.type(text)
        self.key("Return")


def readable_copy(relpath):
    """A copy of captures/<relpath> in a new folder that Wireshark's user can read: (folder,
    path of the copy). The caller removes the folder."""
    folder = tempfile.mkdtemp(prefix="tcpstate-events-")
    os.chmod(folder, 0o755)
    path = os.path.join(folder, os.path.basename(relpath))
    shutil.copyfile(os.path.join(CAPTURES, relpath), path)
    os.chmod(path, 0o644)
    return folder, path


class QuitsCleanly:
    """Mixin of the GUI test cases: the last test quits Wireshark (self.ws) and checks that it
    exited with status 0 and, under the sanitizers, without a finding."""

    def test_9_quits_cleanly(self):
        ws = self.ws
        status = ws.quit()
        self.assertEqual(ws.sanitizer_errors(), [])
        self.assertEqual(status, 0, ws.log_text()[-3000:])


def _complete_file(path):
    """The file exists, is not empty and has stopped growing."""
    try:
        size = os.path.getsize(path)
    except OSError:
        return False
    if size == 0:
        return False
    time.sleep(0.3)
    return os.path.getsize(path) == size
