#!/usr/bin/env python3
"""Checks the layout rules of docs/design.md over the #include lines of the source tree.

1. No include circle between modules (a module is foo.c with foo.h, and foo_priv.h when it
   has one, in one folder).
2. A folder includes only from the folders the table below allows it, so that
   dependencies point one way: parse -> model <- align <- match <- facts, and
   register/ calls into plugin/ and taps/ without either calling back.

Usage: tools/check_layout.py [SOURCE_DIR]. Prints every violation with file and line;
exits 1 when there is one, 0 otherwise.
"""
import os
import re
import sys

# folder -> folders it may include from (its own folder is always allowed)
ALLOWED = {
    "core": [],
    "core/events/model": ["core"],
    "core/events/parse": ["core/events/model", "core"],
    "core/events/align": ["core/events/model", "core"],
    "core/events/match": ["core/events/align", "core/events/model", "core"],
    "core/events/facts": ["core/events/match", "core/events/align",
                          "core/events/model", "core"],
    "plugin/base": ["core"],
    "plugin/kernel": ["plugin/base", "core/events/facts", "core/events/match",
                      "core/events/align", "core/events/parse",
                      "core/events/model", "core"],
    "plugin/packet": ["plugin/base", "plugin/kernel", "core/events/facts",
                      "core/events/match", "core/events/align",
                      "core/events/model", "core"],
    "taps": ["plugin/base", "plugin/kernel", "core/events/facts",
             "core/events/match", "core/events/align", "core/events/model",
             "core"],
    "register": ["taps", "plugin/packet", "plugin/kernel", "plugin/base"],
}
# Folders whose code is a consumer only (tests, tools, fuzzers): they may include
# anything, and nothing in ALLOWED may include them.
CONSUMERS = ("tests", "tools")

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def source_files(top):
    tops = sorted({f.split("/")[0] for f in ALLOWED} | set(CONSUMERS))
    for folder in tops:
        for dirpath, dirnames, filenames in os.walk(os.path.join(top, folder)):
            dirnames.sort()
            for name in sorted(filenames):
                if name.endswith((".c", ".h")):
                    yield os.path.relpath(os.path.join(dirpath, name), top)


def module_of(path):
    """foo.c, foo.h and the private header foo_priv.h are one module."""
    stem = os.path.splitext(path)[0]
    return stem[:-len("_priv")] if stem.endswith("_priv") else stem


def folder_of(path):
    """The folder of the table a file belongs to: its own folder, or for tests and tools
    the top folder. A folder not in the table is returned as it is (and reported)."""
    folder = os.path.dirname(path)
    if folder.split("/")[0] in CONSUMERS:
        return folder.split("/")[0]
    return folder


def cycles(graph):
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def check(top):
    files = sorted(set(source_files(top)))
    headers = {}
    for f in files:
        if f.endswith(".h"):
            headers.setdefault(os.path.basename(f), []).append(f)
    problems = []
    for name, paths in headers.items():
        if len(paths) > 1:
            problems.append(f"header name {name} is used by {', '.join(paths)}")
    graph = {}
    folders = {}
    for f in files:
        folder = folder_of(f)
        if folder not in ALLOWED and folder not in CONSUMERS:
            problems.append(f"{f}: its folder {folder}/ has no row in the layout table "
                            f"(tools/check_layout.py): move the file into a folder that has one")
    for f in files:
        src_folder = folder_of(f)
        folders.setdefault(src_folder, set())
        mod = module_of(f)
        graph.setdefault(mod, set())
        with open(os.path.join(top, f), encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                m = INCLUDE.match(line)
                if not m:
                    continue
                target = headers.get(os.path.basename(m.group(1)))
                if not target:
                    continue  # a Wireshark or generated header
                dst = target[0]
                dst_folder = folder_of(dst)
                if module_of(dst) != mod:
                    graph[mod].add(module_of(dst))
                if dst_folder != src_folder:
                    folders[src_folder].add(dst_folder)
                if src_folder in CONSUMERS or dst_folder == src_folder:
                    continue
                if dst_folder in CONSUMERS:
                    problems.append(f"{f}:{lineno}: includes {dst}, which belongs "
                                    f"to {dst_folder}/ (tests and tools are consumers only)")
                elif src_folder in ALLOWED and dst_folder not in ALLOWED[src_folder]:
                    problems.append(f"{f}:{lineno}: {src_folder}/ may not include "
                                    f"{dst} from {dst_folder}/ (allowed: "
                                    f"{', '.join(ALLOWED.get(src_folder, [])) or 'nothing'})")
    for comp in cycles(graph):
        problems.append("include circle between modules: " + " <-> ".join(comp))
    for comp in cycles(folders):
        problems.append("include circle between folders: " + " <-> ".join(comp))
    return files, graph, problems


def main():
    top = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    top = os.path.abspath(top)
    files, graph, problems = check(top)
    for p in problems:
        print(p)
    edges = sum(len(v) for v in graph.values())
    print(f"check_layout: {len(files)} files, {len(graph)} modules, {edges} module "
          f"dependencies, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
