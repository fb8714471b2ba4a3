#!/usr/bin/env python3
"""test_layers.py — the rooms of the source know only the rooms below them.

../shared/STYLE.md ("Layers, one way only") orders the folders:
formats/ and fonts/ at the bottom, knowing nothing of each other; library/
over formats/; then reader/layout/ (which knows fonts only through
rod_measure.h), reader/render/, reader/app/ and reader/cli/ at the top.
The build already fails when a room includes a header of a room above it
(each folder's include directories name only what it may use); this test
reads every #include "..." of every .c and .h file and checks the same rule
from the sources, so a violation is named with its file and line even where
an include path happens to reach, and a folder's *_internal.h is used by
that folder alone. It then plants a violation in a copy of the tree and
checks that it is caught, so the test itself can fail.
    test_layers.py SOURCE_ROOT
"""
import os
import re
import shutil
import sys
import tempfile

# room -> the rooms whose headers it may include (besides its own)
ALLOWED = {
    "formats": set(),
    "fonts": set(),
    "library": {"formats"},
    "reader/layout": {"formats", "fonts:rod_measure.h"},
    "reader/render": {"reader/layout", "formats", "fonts"},
    "reader/app": {"reader/render", "reader/layout", "formats", "fonts",
                   "library"},
    "reader/cli": {"reader/app", "reader/render", "reader/layout", "formats",
                   "fonts", "library"},
}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def headers(root):
    """Maps each project header's name to the room that holds it."""
    where = {}
    for room in ALLOWED:
        folder = os.path.join(root, room)
        for name in os.listdir(folder):
            if name.endswith(".h"):
                where[name] = room
    return where


def violations(root):
    """Every include that breaks the order: (file:line, message)."""
    where = headers(root)
    found = []
    for room, allowed in ALLOWED.items():
        folder = os.path.join(root, room)
        for name in sorted(os.listdir(folder)):
            if not name.endswith((".c", ".h")):
                continue
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as f:
                for no, line in enumerate(f, 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    inc = os.path.basename(m.group(1))
                    owner = where.get(inc)
                    place = "%s/%s:%d" % (room, name, no)
                    if owner is None:
                        found.append((place, '"%s" is no header of the project' % inc))
                    elif owner == room:
                        continue
                    elif inc.endswith("_internal.h"):
                        found.append((place, "%s is private to %s/" % (inc, owner)))
                    elif owner not in allowed and "%s:%s" % (owner, inc) not in allowed:
                        found.append((place, "%s/ may not include %s (%s/ is not below it)"
                                      % (room, inc, owner)))
    return found


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    n = 0

    def tap(ok, what):
        nonlocal n
        n += 1
        print("%s %d - %s" % ("ok" if ok else "not ok", n, what))

    for room in ALLOWED:
        tap(os.path.isdir(os.path.join(root, room)), "the tree has %s/" % room)
    bad = violations(root)
    for place, msg in bad:
        print("# %s: %s" % (place, msg))
    tap(not bad, "every #include of every room names a header of its own room "
        "or of a room below it (%d found out of order)" % len(bad))

    # the check must see planted violations: an engine file that includes
    # the window, render using layout's private header, fonts using formats
    plants = [("reader/layout/knuth_plass.c", "app.h"),
              ("reader/render/render.c", "layout_internal.h"),
              ("fonts/fonts.c", "rod_doc.h"),
              ("library/anchor.c", "rod_layout.h"),
              ("reader/layout/items.c", "rod_fonts.h")]
    with tempfile.TemporaryDirectory() as tmp:
        copy = os.path.join(tmp, "src")
        for room in ALLOWED:
            shutil.copytree(os.path.join(root, room), os.path.join(copy, room),
                            ignore=shutil.ignore_patterns("*.o", "build*"))
        for path, inc in plants:
            target = os.path.join(copy, path)
            if not os.path.exists(target):
                # the file may have been renamed: plant in any .c of the room
                room = os.path.dirname(path)
                cs = sorted(x for x in os.listdir(os.path.join(copy, room))
                            if x.endswith(".c"))
                target = os.path.join(copy, room, cs[0])
            with open(target, "a", encoding="utf-8") as f:
                f.write('\n#include "%s"\n' % inc)
            planted = any(p.startswith(os.path.relpath(target, copy).replace(os.sep, "/"))
                          for p, msg in violations(copy) if inc in msg)
            tap(planted, "a planted #include \"%s\" in %s is caught"
                % (inc, os.path.relpath(target, copy)))
            # take it out again so each plant is judged alone
            with open(target, encoding="utf-8") as f:
                text = f.read()
            with open(target, "w", encoding="utf-8") as f:
                f.write(text[: text.rfind('\n#include "%s"\n' % inc)])
    print("1..%d" % n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
