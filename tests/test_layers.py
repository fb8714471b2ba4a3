#!/usr/bin/env python3
"""test_layers.py — the rooms of the source know only the rooms below them.

../shared/STYLE.md ("Layers, one way only") orders the folders:
formats/ and fonts/ at the bottom, knowing nothing of each other; lookup/
(dictionaries) beside them, knowing nothing at all; library/ over formats/; then reader/layout/ (which knows fonts only through
rod_measure.h), reader/render/, reader/app/ and reader/cli/ at the top.
The build already fails when a room includes a header of a room above it
(each folder's include directories name only what it may use); this test
reads every #include "..." of every .c and .h file and checks the same rule
from the sources, so a violation is named with its file and line even where
an include path happens to reach, and a folder's *_internal.h is used by
that folder alone. It then plants a violation in a copy of the tree and
checks that it is caught, so the test itself can fail.

Inside reader/app/ the window's panels know nothing of each other: app.c
dispatches to them through app_panel tables (app.h), and no other file
calls a function, or uses a table, that a panel file defines without
`static`. A panel file is one of PANEL_FILES or any file that defines an
app_panel table; its non-static names are read from its definitions, so a
function that loses its `static` is caught as soon as another file calls
it. Planted calls in a copy show that this check can fail too.
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
    "lookup": set(),
    "library": {"formats"},
    "reader/layout": {"formats", "fonts:rod_measure.h"},
    "reader/render": {"reader/layout", "formats", "fonts"},
    "reader/app": {"reader/render", "reader/layout", "formats", "fonts",
                   "library", "lookup"},
    "reader/cli": {"reader/app", "reader/render", "reader/layout", "formats",
                   "fonts", "library", "lookup"},
}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')

# reader/app/: the files that are panels (others may be found by their
# app_panel tables) and the one file that may call into them
APP = "reader/app"
PANEL_FILES = {"app_panels.c", "app_toc.c", "app_seek.c", "app_fonts.c", "app_link.c", "app_annots.c", "app_library.c", "app_define.c", "app_stats.c"}
DISPATCH = "app.c"
PANEL_TABLE = re.compile(r"^\s*const\s+app_panel\s+\w", re.M)
# comments, strings and character constants, and preprocessor lines
NOISE = re.compile(r'/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'|^[ \t]*#[^\n]*',
                   re.S | re.M)


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


def code_of(text):
    """text with comments, strings and preprocessor lines blanked (the
    newlines kept, so offsets still give line numbers)."""
    return NOISE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def file_scope(code):
    """The declarations at file scope of code: (text, ends) pairs, where
    text is what precedes a '{' or ';' at brace depth 0 and ends is that
    character. An initializer's braces and a function's body are skipped."""
    out, depth, start = [], 0, 0
    pending = None      # the text before a '{' at depth 0
    for i, c in enumerate(code):
        if c == "{":
            if depth == 0:
                pending = code[start:i]
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                text = pending
                if re.search(r"=\s*$", text) or re.search(r"\b(struct|union|enum)\b[\w\s]*$", text):
                    # an initializer, or a struct's members: the ';' ends
                    # the declaration (a typedef's name is no definition)
                    start = i + 1
                    continue
                out.append((text, "{"))
                pending = None
                start = i + 1
        elif c == ";" and depth == 0:
            if pending is not None and re.search(r"=\s*$", pending):
                out.append((pending, "="))
            elif pending is not None:
                out.append((pending + " {} " + code[start:i], ";"))
            else:
                out.append((code[start:i], ";"))
            pending = None
            start = i + 1
    return out


def exported(code):
    """Names code defines at file scope without static: its functions and
    its variables (tables)."""
    names = set()
    for text, ends in file_scope(code):
        t = " ".join(text.split())
        if not t or re.search(r"\b(static|typedef|extern)\b", t):
            continue
        if ends == "{":
            m = re.search(r"(\w+)\s*\((?:[^()]|\([^()]*\))*\)$", t)
            if m and not re.match(r"(struct|union|enum)\b", t):
                names.add(m.group(1))
        elif ends == "=":
            m = re.search(r"(\w+)\s*(\[[^\]]*\]\s*)*=$", t)
            if m:
                names.add(m.group(1))
        elif "(" not in t:
            # struct s {...} a, b;  defines a and b; struct s {...}; nothing
            for part in t.split("{}")[-1].split(",") if "{}" in t else t.split(","):
                m = re.search(r"(\w+)\s*(\[[^\]]*\]\s*)*$", part)
                if m:
                    names.add(m.group(1))
    return names


def panel_violations(root):
    """Every use, outside app.c, of a name a panel file exports:
    (file:line, message); and the panel files found."""
    folder = os.path.join(root, APP)
    codes = {}
    for name in sorted(os.listdir(folder)):
        if name.endswith(".c"):
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                codes[name] = code_of(f.read())
    panels = {n for n, c in codes.items() if n in PANEL_FILES or PANEL_TABLE.search(c)}
    owner = {}
    for n in panels:
        for sym in exported(codes[n]):
            owner[sym] = n
    found = []
    for name, code in codes.items():
        if name == DISPATCH:
            continue
        for m in re.finditer(r"\b[A-Za-z_]\w*\b", code):
            o = owner.get(m.group(0))
            if o and o != name:
                line = code.count("\n", 0, m.start()) + 1
                found.append(("%s/%s:%d" % (APP, name, line),
                              "%s uses %s of the panel file %s (only %s may)"
                              % (name, m.group(0), o, DISPATCH)))
    return found, panels


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
              ("reader/layout/items.c", "rod_fonts.h"),
              ("lookup/dict.c", "rod_buf.h"),
              ("reader/layout/items.c", "rod_lookup.h")]
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

    # ---- the window's panels ----
    bad, panels = panel_violations(root)
    tap(PANEL_FILES <= panels, "the panel files of %s/ are found: %s"
        % (APP, ", ".join(sorted(panels))))
    for place, msg in bad:
        print("# %s: %s" % (place, msg))
    tap(not bad, "no file of %s/ but %s calls into a panel file (%d found)"
        % (APP, DISPATCH, len(bad)))
    # planted: a frame file calling a panel's function, one panel file
    # using another's table, and a panel function that lost its static
    plants = [("app_draw.c", "", "\nvoid planted_call(app *a) { search_step(a, 1); }\n",
               "search_step"),
              ("app_annots.c", "", "\nvoid planted_table(app *a) { panel_link.draw(a, NULL); }\n",
               "panel_link"),
              ("app_select.c", "static void link_draw(",
               "\nvoid planted_unstatic(app *a) { link_draw(a, NULL); }\n", "link_draw")]
    for path, unstatic, call, sym in plants:
        with tempfile.TemporaryDirectory() as tmp:
            copy = os.path.join(tmp, "src")
            shutil.copytree(os.path.join(root, APP), os.path.join(copy, APP),
                            ignore=shutil.ignore_patterns("*.o", "build*"))
            if unstatic:
                for name in os.listdir(os.path.join(copy, APP)):
                    target = os.path.join(copy, APP, name)
                    with open(target, encoding="utf-8") as f:
                        text = f.read()
                    if unstatic in text:
                        with open(target, "w", encoding="utf-8") as f:
                            f.write(text.replace(unstatic, unstatic[len("static "):]))
            with open(os.path.join(copy, APP, path), "a", encoding="utf-8") as f:
                f.write(call)
            caught = any(p.startswith("%s/%s:" % (APP, path)) and (" %s " % sym) in msg
                         for p, msg in panel_violations(copy)[0])
        tap(caught, "a planted use of %s in %s/%s is caught%s"
            % (sym, APP, path, " (its static taken away)" if unstatic else ""))
    print("1..%d" % n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
