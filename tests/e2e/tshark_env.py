"""Runs tshark with the plugin just built, never an installed copy.

As root, tshark loads plugins only from the global directory, so the tests run it as
user `nobody` with WIRESHARK_PLUGIN_DIR pointing at a private copy of the build's plugin
folder; captures are copied beside it so that `nobody` can read them.
"""
import os
import re
import shutil
import subprocess
import tempfile
import unittest

BUILD_PLUGINS = os.environ["TCPSTATE_PLUGIN_DIR"]      # <build>/plugins
# <build>/profiles: the configuration profiles as the package installs them
BUILD_PROFILES = os.path.join(os.path.dirname(BUILD_PLUGINS), "profiles")
SERIES = os.environ["TCPSTATE_WS_SERIES"]               # "4.4": the plugin folder's name
CAPTURES = os.environ["TCPSTATE_CAPTURES"]              # <source>/captures


class Tshark:
    def __init__(self):
        self.home = tempfile.mkdtemp(prefix="tcpstate-test-")
        os.chmod(self.home, 0o755)
        self.plugins = os.path.join(self.home, "plugins")
        shutil.copytree(BUILD_PLUGINS, self.plugins)
        for root, dirs, files in os.walk(self.home):
            for name in dirs + files:
                os.chmod(os.path.join(root, name), 0o755)
        if os.environ.get("TCPSTATE_PRELOAD"):
            # `tshark -G plugins` waits forever on a child process under the sanitizer
            # runtime; WIRESHARK_PLUGIN_DIR replaces the global plugin folder, so the
            # protocol being there is enough to know the copy was loaded.
            loaded = self.run(["-G", "protocols"]).stdout
            ok = "\ttcpstate\t" in loaded
        else:
            loaded = self.run(["-G", "plugins"]).stdout
            ok = os.path.join(self.plugins, SERIES, "epan", "tcpstate.so") in loaded
        if not ok:
            raise RuntimeError("tshark did not load the built plugin:\n" + loaded[-2000:])

    def close(self):
        shutil.rmtree(self.home, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def file(self, path):
        """A copy of path that tshark's user can read; relative paths are in captures/."""
        src = path if os.path.isabs(path) else os.path.join(CAPTURES, path)
        # captures/ keeps its folders, so that a file lies beside the same files as there
        # (events recorded with a capture are found beside it)
        dst = os.path.join(self.home, os.path.basename(src) if os.path.isabs(path) else path)
        if not os.path.exists(dst):
            os.makedirs(os.path.dirname(dst), mode=0o755, exist_ok=True)
            shutil.copyfile(src, dst)
            os.chmod(dst, 0o644)
        return dst

    def run(self, args, check=False, env_extra=None, stdin=None, program="tshark", input_text=None):
        env = {"HOME": self.home, "WIRESHARK_PLUGIN_DIR": self.plugins,
               "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C"}
        if os.environ.get("TCPSTATE_PRELOAD"):
            # A sanitizer build of the plugin: tshark leaks by design at exit, so only
            # memory errors and undefined behaviour are reported.
            env["LD_PRELOAD"] = os.environ["TCPSTATE_PRELOAD"]
            env["ASAN_OPTIONS"] = "detect_leaks=0:abort_on_error=0:exitcode=99"
            env["UBSAN_OPTIONS"] = "print_stacktrace=1:halt_on_error=1"
        env.update(env_extra or {})
        cmd = ["env"] + [f"{k}={v}" for k, v in env.items()] + [program] + args
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "nobody", "--"] + cmd
        p = subprocess.run(cmd, capture_output=True, text=True, cwd=self.home, timeout=600, stdin=stdin,
                           input=input_text)
        if check and p.returncode != 0:
            raise RuntimeError(f"{program} {' '.join(args)} failed ({p.returncode}):\n{p.stderr}")
        return p


class TsharkTestCase(unittest.TestCase):
    """Test cases sharing one tshark set-up (a private copy of the plugin)."""

    @classmethod
    def setUpClass(cls):
        cls.ts = Tshark()

    @classmethod
    def tearDownClass(cls):
        cls.ts.close()


def plain_tshark(args, allow_error=False):
    """tshark's own dissection, for expected values (no plugin needed)."""
    p = subprocess.run(["tshark"] + args, capture_output=True, text=True, timeout=600,
                       env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C",
                            "HOME": tempfile.gettempdir()})
    if p.returncode != 0 and not allow_error:
        raise RuntimeError(p.stderr)
    return p.stdout


def global_data_dir(home, profiles=BUILD_PROFILES):
    """A folder for WIRESHARK_DATA_DIR, in home: Wireshark's global data folder with links to
    every entry of the installed one but `profiles`, which holds a copy of each profile folder
    of `profiles` (by default <build>/profiles: the global profiles the package installs)."""
    folders = plain_tshark(["-G", "folders"])
    system = re.search(r"^Global configuration:\s+(\S.*)$", folders, re.M).group(1).strip()
    data = os.path.join(home, "data")
    os.makedirs(os.path.join(data, "profiles"))
    for entry in os.listdir(system):
        if entry != "profiles":
            os.symlink(os.path.join(system, entry), os.path.join(data, entry))
    for name in sorted(os.listdir(profiles)):
        if os.path.isdir(os.path.join(profiles, name)) and not name.startswith(("CMake", ".")):
            shutil.copytree(os.path.join(profiles, name), os.path.join(data, "profiles", name))
    for root, dirs, files in os.walk(data):
        for n in dirs:
            os.chmod(os.path.join(root, n), 0o755)
        for n in files:
            os.chmod(os.path.join(root, n), 0o644)
    os.chmod(data, 0o755)
    return data
