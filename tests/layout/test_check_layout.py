#!/usr/bin/env python3
"""tools/check_layout.py: the source tree keeps the layout rules, and the check finds a module
circle, a folder circle and a dependency against the table when they are there."""
import os
import subprocess
import sys
import tempfile
import unittest

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CHECK = os.path.join(TOP, "tools", "check_layout.py")


def run(top):
    p = subprocess.run([sys.executable, CHECK, top], capture_output=True, text=True)
    return p.returncode, p.stdout


def tree(files):
    d = tempfile.TemporaryDirectory()
    for path, text in files.items():
        full = os.path.join(d.name, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as fh:
            fh.write(text)
    return d


class Layout(unittest.TestCase):
    def test_source_tree_keeps_the_rules(self):
        rc, out = run(TOP)
        self.assertEqual(rc, 0, out)
        self.assertIn("0 problem(s)", out)
        # the tree was read: every stage folder has files
        for folder in ("core/events/model", "core/events/parse", "core/events/align",
                       "core/events/match", "core/events/facts", "plugin/base",
                       "plugin/packet", "plugin/kernel", "taps", "register"):
            self.assertTrue(any(n.endswith((".c", ".h"))
                                for n in os.listdir(os.path.join(TOP, folder))), folder)

    def test_module_circle_is_found(self):
        with tree({"core/a.c": '#include "a.h"\n#include "b.h"\n', "core/a.h": "",
                   "core/b.c": '#include "b.h"\n#include "a.h"\n', "core/b.h": ""}) as d:
            rc, out = run(d)
        self.assertEqual(rc, 1)
        self.assertIn("include circle between modules: core/a <-> core/b", out)

    def test_private_header_is_part_of_its_module(self):
        with tree({"core/a.c": '#include "a.h"\n#include "a_priv.h"\n', "core/a.h": "",
                   "core/a_priv.h": '#include "a.h"\n'}) as d:
            rc, out = run(d)
        self.assertEqual(rc, 0, out)

    def test_dependency_against_the_table_is_found(self):
        # align may not read the parsers; plugin/ and taps/ may not call register/
        with tree({"core/events/parse/p.h": "",
                   "core/events/align/a.c": '#include "p.h"\n',
                   "register/r.h": "",
                   "taps/t.c": '#include "r.h"\n'}) as d:
            rc, out = run(d)
        self.assertEqual(rc, 1)
        self.assertIn("core/events/align/a.c:1: core/events/align/ may not include "
                      "core/events/parse/p.h", out)
        self.assertIn("taps/t.c:1: taps/ may not include register/r.h", out)

    def test_folder_circle_is_found(self):
        with tree({"plugin/base/x.h": "", "plugin/base/x.c": '#include "y.h"\n',
                   "taps/y.h": "", "taps/y.c": '#include "x.h"\n'}) as d:
            rc, out = run(d)
        self.assertEqual(rc, 1)
        self.assertIn("include circle between folders: plugin/base <-> taps", out)

    def test_file_outside_the_table_is_found(self):
        with tree({"plugin/loose.c": ""}) as d:
            rc, out = run(d)
        self.assertEqual(rc, 1)
        self.assertIn("plugin/loose.c: its folder plugin/ has no row", out)


if __name__ == "__main__":
    unittest.main()
