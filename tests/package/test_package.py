"""The .deb of this build, installed into this system as a user would install it.

Needs root (dpkg -i). Checks: the package installs the plugin into the global plugin folder of
the Wireshark series it was built for and the profiles into Wireshark's global profiles folder;
it depends on the libwireshark package that the installed tshark uses, capped below the next
series; the installed tshark lists the plugin and prints the summary, whose connection count
must equal the number of tcp.stream values tshark itself finds.
"""
import os
import re
import shutil
import subprocess
import tempfile
import unittest

DEB = os.environ["TCPSTATE_DEB"]
SERIES = os.environ["TCPSTATE_WS_SERIES"]
VERSION = os.environ["TCPSTATE_VERSION"]
CAPTURE = os.path.join(os.environ["TCPSTATE_CAPTURES"], "lossy.pcap")
# The tcpstate profile (columns, colouring rules, filter buttons, I/O Graphs, column widths).
PROFILE_FILES = ("preferences", "colorfilters", "dfilter_buttons", "io_graphs", "recent")


def run(*cmd, **kw):
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL": "C", "HOME": "/root"}
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=env, **kw)
    if p.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} failed ({p.returncode}):\n{p.stdout}\n{p.stderr}")
    return p.stdout


@unittest.skipUnless(os.geteuid() == 0, "installing a package needs root")
class InstalledPackage(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not os.path.exists(DEB):
            raise AssertionError(f"{DEB} is missing: build it with cpack first")
        run("dpkg", "-i", DEB)
        cls.files = run("dpkg", "-L", "tcpstate").split()

    def test_file_name_names_the_series(self):
        self.assertRegex(os.path.basename(DEB),
                         rf"^tcpstate_{re.escape(VERSION)}_wireshark{re.escape(SERIES)}_[a-z0-9]+\.deb$")

    def test_plugin_in_the_series_global_folder(self):
        multiarch = run("dpkg-architecture", "-qDEB_HOST_MULTIARCH").strip()
        plugin = f"/usr/lib/{multiarch}/wireshark/plugins/{SERIES}/epan/tcpstate.so"
        self.assertIn(plugin, self.files)
        self.assertIn("/usr/share/wireshark/profiles/tcpstate-fast/preferences", self.files)
        for name in PROFILE_FILES:
            self.assertIn(f"/usr/share/wireshark/profiles/tcpstate/{name}", self.files)
        listed = run("tshark", "-G", "plugins")
        row = [[f.strip() for f in line.split("\t")] for line in listed.splitlines() if line.endswith(plugin)]
        self.assertEqual(len(row), 1, listed)
        self.assertEqual(row[0][0], "tcpstate.so")
        self.assertEqual(row[0][1], VERSION)

    def test_depends_on_the_libwireshark_tshark_uses(self):
        # The library file tshark is linked with, and the package that owns it.
        ldd = run("ldd", run("sh", "-c", "command -v tshark").strip())
        lib = re.search(r"libwireshark\.so\.\d+ => (\S+)", ldd).group(1)
        owner = run("dpkg", "-S", os.path.realpath(lib)).split(":")[0]
        depends = run("dpkg-deb", "-f", DEB, "Depends")
        major, minor = SERIES.split(".")
        self.assertIn(f"{owner} (<< {major}.{int(minor) + 1}~)", depends)

    def test_summary_of_the_installed_plugin(self):
        streams = set(run("tshark", "-r", CAPTURE, "-T", "fields", "-e", "tcp.stream").split())
        out = run("tshark", "-q", "-z", "tcpstate,summary", "-r", CAPTURE)
        self.assertIn(f"Total number of connections: {len(streams)}\n", out)
        # The profile the package installs gives the same report.
        fast = run("tshark", "-C", "tcpstate-fast", "-q", "-z", "tcpstate,summary", "-r", CAPTURE)
        self.assertEqual(out, fast)


    def test_tcpstate_profile_of_the_package(self):
        # A user's first `tshark -C tcpstate` copies the installed profile into their profiles
        # folder and uses it: no warning on stderr (a table or colouring rule it cannot read),
        # and the profile's columns in the packet list.
        home = tempfile.mkdtemp(prefix="tcpstate-package-")
        try:
            env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL": "C", "HOME": home}
            p = subprocess.run(["tshark", "-C", "tcpstate", "--color", "-r", CAPTURE, "-c", "3"],
                               capture_output=True, text=True, timeout=600, env=env)
            self.assertEqual(p.returncode, 0, p.stderr)
            warnings = [line for line in p.stderr.splitlines() if not line.startswith("Running as user")]
            self.assertEqual(warnings, [])
            copy = os.path.join(home, ".config", "wireshark", "profiles", "tcpstate")
            self.assertEqual(sorted(os.listdir(copy)), sorted(PROFILE_FILES))
            # frame 1 is the first SYN of connection 0: Conn, State and Phase columns
            self.assertRegex(p.stdout.splitlines()[0], r" 0 S1F0 handshake ")
        finally:
            shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
