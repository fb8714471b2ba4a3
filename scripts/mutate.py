#!/usr/bin/env python3
"""mutate.py — does the test suite catch small deliberate bugs?

A developer's tool, run by hand (not part of the suite). Each mutation on
the list below is one small bug: a file, a piece of its code, what replaces
it, what that breaks, and the test programs (meson test names) that should
notice. The tree is copied to a scratch folder (the worktree is never
touched), built once without sanitizers, and every mutation is applied
alone to the copy, built, and its test programs run until one fails. A
mutation is *caught* when a test program fails (the report names the
failing checks), *survived* when all pass; a mutation whose code is no
longer in its file is *stale* and must be brought up to date. The copy has
no ../shared beside it, so the suite runs as in a user's clone; --corpus
links it in.

    python3 scripts/mutate.py                  # every mutation
    python3 scripts/mutate.py --list           # the list, nothing run
    python3 scripts/mutate.py --only kp-hyphen-run-3 widow-rule
    python3 scripts/mutate.py --scratch /tmp/rod-mut   # reuse a copy and its build

The exit status is 0 when every mutation is caught. Add a mutation with each
bug fixed or rule added: the bug as it was, and the tests that now see it.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time


class M:
    """One mutation: in `path`, `find` (exactly once) becomes `replace`;
    `breaks` says what that breaks, `tests` are the meson test names that
    should see it, `corpus` that only the corpus exercises it (then the
    corpus is linked in for this one)."""
    def __init__(self, name, path, find, replace, breaks, tests, corpus=False):
        self.name, self.path, self.find, self.replace = name, path, find, replace
        self.breaks, self.tests, self.corpus = breaks, tests, corpus


MUTATIONS = [
    # ---- the engine: line breaking, pagination, hyphenation ----
    M("kp-hyphen-run-3", "reader/layout/knuth_plass.c",
      ".max_hyphen_run = 2}", ".max_hyphen_run = 3}",
      "three hyphenated lines in a row are allowed by default", ["rules", "breaking"]),
    M("kp-no-fitness-demerits", "reader/layout/knuth_plass.c",
      "if (abs(fit - a->fitness) > 1)", "if (abs(fit - a->fitness) > 3)",
      "Knuth-Plass no longer charges a tight line next to a loose one", ["breaking"]),
    M("layout-always-first-fit", "reader/layout/typeset.c",
      "para_how how = {s->o->greedy || fmt->mode == SET_PRE,",
      "para_how how = {true || fmt->mode == SET_PRE,",
      "paragraphs are set first fit instead of Knuth-Plass", ["layout"]),
    M("orphan-rule", "reader/layout/typeset.c",
      "\n        out->meta[first_line + 1].flags |= PG_NO_BREAK_BEFORE;\n", "\n",
      "a paragraph's first line may stand alone at a page's foot", ["layout"]),
    M("widow-rule", "reader/layout/typeset.c",
      "\n        out->meta[out->nlines - 1].flags |= PG_NO_BREAK_BEFORE;\n", "\n",
      "a paragraph's last line may stand alone at a page's top", ["layout"]),
    M("heading-keep", "reader/layout/typeset.c",
      "            out->meta[i].flags |= PG_NO_BREAK_BEFORE | PG_KEEP;\n"
      "        s->pending_flags |= PG_NO_BREAK_BEFORE | PG_KEEP;\n",
      "            out->meta[i].flags |= PG_NO_BREAK_BEFORE | PG_KEEP;\n",
      "a heading is no longer kept with the next line", ["layout"]),
    M("stanza-widows", "reader/layout/typeset.c",
      "                s->out->meta[first_line + 1].flags |= PG_NO_BREAK_BEFORE;\n"
      "                s->out->meta[s->out->nlines - 1].flags |= PG_NO_BREAK_BEFORE;\n",
      "",
      "the widow and orphan rule is gone inside stanzas", ["rules", "layout"]),
    M("ornament-keep", "reader/layout/typeset.c",
      "            s->pending_space += ts_line_h(s) / 2;\n"
      "            s->pending_flags |= PG_NO_BREAK_BEFORE | PG_KEEP;\n",
      "            s->pending_space += ts_line_h(s) / 2;\n",
      "a scene break may end a page", ["layout"]),
    M("hyphen-min-letters", "reader/layout/hyphenate.c",
      "    d->lmin = d->hd->lhmin > 2 ? d->hd->lhmin : 2;\n    d->rmin = d->hd->rhmin > 3 ? d->hd->rhmin : 3;",
      "    d->lmin = 1;\n    d->rmin = 2;",
      "hyphens one letter from a word's start and two from its end", ["layout", "hyphen"]),
    M("bidi-logical-order", "reader/layout/bidi.c",
      "    ubidi_reorderVisual(levels, (int32_t)nu, map);\n",
      "    for (size_t v = 0; v < nu; v++)\n        map[v] = (int32_t)v;\n",
      "a line's runs stay in logical order: Hebrew and Arabic words run left to right", ["bidi"]),
    M("section-opening-alone", "reader/layout/chapters.c",
      "if (n == section->first && n->kind != ROD_SECTION && next && wait->n < CHAPTER_LEADS) {",
      "if (false) {",
      "a long section's title makes a page of its own before its first part", ["pages"]),
    M("notes-unlabelled", "reader/layout/typeset_notes.c",
      "    s->marker = s->number;\n}", "    s->marker = NULL;\n}",
      "the notes at the end are listed without their labels", ["pages"]),
    # ---- formats ----
    M("fingerprint-separator", "formats/blocks.c",
      'rod_sha256_update(&ctx, "\\n", 1);', 'rod_sha256_update(&ctx, " ", 1);',
      "the fingerprint joins blocks with a space, not U+000A (spec section 2)", ["cli", "rod"]),
    M("epub-spine-backwards", "formats/epub_read.c",
      "e->spine[e->nspine++] = (size_t)(it - e->items);",
      "e->spine[n - 1 - e->nspine++] = (size_t)(it - e->items);",
      "an EPUB's chapters are read in reverse spine order", ["import"]),
    M("xml-attribute-newline-raw", "formats/buf.c",
      "case '\\n': rep = \"&#10;\"; break;", "case '\\n': rep = \"\\n\"; break;",
      "a line break in an XML attribute (a quote's prefix) is written as it is, and reads back "
      "as a space", ["anchor", "rodnotes"]),
    M("epub-error-without-part", "formats/epub_read.c",
      "    e->diag->part = path;\n    rod_err err = rod_zip_read",
      "    e->diag->part = NULL;\n    rod_err err = rod_zip_read",
      "an error inside an EPUB no longer names the part of the archive it is in", ["cli"]),
    M("xml-entity-declarations", "formats/xml_tree.c",
      "    ctxt->sax->entityDecl = on_entity_decl;\n", "",
      "an entity declaration (XXE) is no longer refused in EPUB XML", ["cli", "import"]),
    M("cp1252-as-latin1", "formats/charset_detect.c",
      'const char *name = icu_name("windows-1252");', 'const char *name = icu_name("ISO-8859-1");',
      "a text guessed to be Windows-1252 is read as Latin-1: its quotes and dashes become C1 controls",
      ["charset"], corpus=True),
    M("links-any-scheme", "formats/link.c",
      'if (!mailto && !scheme_is(href, s, "http") && !scheme_is(href, s, "https"))',
      'if (false && !mailto && !scheme_is(href, s, "http") && !scheme_is(href, s, "https"))',
      "javascript: and file: links are kept", ["links"]),
    M("gutenberg-cut-40-lines-early", "formats/txt_front.c",
      "    size_t marker, end = footer_at(t, first, &marker);\n",
      "    size_t marker, end = footer_at(t, first, &marker);\n"
      "    if (end < t->n && end > first + 40)\n        end -= 40;\n",
      "the last 40 story lines go with the Gutenberg footer", ["txt", "corpus"]),
    M("md-quote-inside-paragraph", "formats/md_write.c",
      "        blank_before(w, w->prefix);\n        with_prefix(w, \"> \", n, depth);",
      "        with_prefix(w, \"> \", n, depth);",
      "Markdown: a quote's blank line is inside it, so pandoc reads it as the paragraph before",
      ["writers"]),
    M("html-heading-skips-h2", "formats/html_write.c",
      "(char)('0' + (depth < 6 ? depth : 6))", "(char)('1' + (depth < 6 ? depth : 5))",
      "HTML section titles start at h3 under the book's h1", ["writers"]),
    M("epub-ignores-source-date-epoch", "formats/epub_write.c",
      "time_t now = epoch ? (time_t)strtoll(epoch, NULL, 10) : time(NULL);",
      "time_t now = time(NULL);",
      "EPUB output is stamped with the clock even under SOURCE_DATE_EPOCH", ["writers"]),
    M("rodnotes-colour-unwarned", "formats/rodnotes_read.c",
      "        rod_warn(d, line, 0, \"unknown colour '%s'; shown as amber\", a->color);\n", "",
      "an unknown colour in a .rodnotes file is replaced silently", ["rodnotes"]),
    # ---- the library ----
    M("damaged-library-no-hint", "library/lib_internal.h",
      '#define LIB_DAMAGE_HINT "Run `rod library check` to make a recovery copy."',
      '#define LIB_DAMAGE_HINT "Make a recovery copy."',
      "a damaged library's message no longer names `rod library check`", ["cli", "library"]),
    M("search-ranks-every-match", "library/search.c",
      "MARK_CLOSE = 3, RANK_POOL = 2000 };", "MARK_CLOSE = 3, RANK_POOL = 1 << 30 };",
      "library search ranks every match again, half a second for a common word", ["search"]),
    M("sync-older-place-wins", "library/sync_merge.c",
      "    if (place_cmp(&b->place, &a->place) > 0) {", "    if (place_cmp(&b->place, &a->place) < 0) {",
      "a sync keeps the older of two reading places of a book", ["sync"]),
    M("library-filter-no-series", "reader/app/app_library.c",
      "b->title, b->authors, b->contributors, b->series, b->subjects, b->path};",
      "b->title, b->authors, b->contributors, b->path};",
      "the library's search as you type no longer finds a book by its series or subjects", ["window"]),
    M("merge-older-wins", "library/notes_store.c",
      "} else if (strcmp(a->modified ? a->modified : \"\", ours.modified ? ours.modified : \"\") > 0) {",
      "} else if (strcmp(a->modified ? a->modified : \"\", ours.modified ? ours.modified : \"\") < 0) {",
      "a merge keeps the older of two versions of a note", ["library", "cli"]),
    M("anchor-ignores-context", "library/anchor.c",
      "        k++;\n    return n + k;", "        k++;\n    return 0;",
      "a repeated quote is no longer told apart by its prefix and suffix", ["anchor"]),
    M("copy-detection-any", "library/related.c",
      "*same = err == ROD_OK && tried > 0 && found * 3 >= tried * 2;", "*same = err == ROD_OK;",
      "any book with the same title is taken for a copy and gets its notes", ["library"]),
    M("position-order-by-second", "library/related.c",
      '" WHERE fingerprint = ?1 AND seq > coalesce("\n'
      '                                   " (SELECT seq FROM positions WHERE fingerprint = ?2), -1)"',
      '" WHERE fingerprint = ?1 AND updated > coalesce("\n'
      '                                   " (SELECT updated FROM positions WHERE fingerprint = ?2), \'\')"',
      "the newer of two reading places is judged by a time to the second", ["library"]),
    M("salvage-skips-rows", "library/check.c",
      "last = past_damage(rd, last + 1) - 1;", "last += 1 + failures * 16;",
      "the recovery copy skips readable rows after a damaged page", ["library"]),
    M("output-written-in-place", "formats/outfile.c",
      "if (exists && !S_ISREG(st.st_mode)) {", "if (exists) {",
      "an existing output file is overwritten in place, not replaced whole", ["outfile", "app"]),
    M("settings-written-in-place", "reader/app/settings.c",
      "bool ok = rod_out_file(path, text, strlen(text), NULL, 0, &d) == ROD_OK;",
      "FILE *f = fopen(path, \"w\");\n    bool ok = f && fputs(text, f) >= 0;\n    ok = f && fclose(f) == 0 && ok;",
      "the settings file is written in place: a save cut short leaves it cut", ["app"]),
    # ---- the window ----
    M("running-head-part-only", "reader/app/app_book.c",
      'snprintf(out, n, "%s \\u00b7 %s", b->toc[k].title, e->title);', 'snprintf(out, n, "%s", e->title);',
      "a part's running head is \"I\", not the story and the part", ["app"]),
    M("note-popup-joined", "reader/app/app_book.c",
      'rod_buf_adds(out, "\\n\\n");', "(void)0;",
      "a note's paragraphs run together in its popup", ["app"]),
    M("link-pieces-gap", "reader/app/app_nav.c",
      "            *r = x0 + line->runs[j].x + line->runs[j].w;", "            (void)j;",
      "a click in the space inside a link turns the page", ["window"]),
    M("noteref-ink-only", "reader/app/app_nav.c",
      "        *l -= em / 2;\n        *r += em / 2;\n", "        (void)em;\n",
      "a click just beside a note's superscript turns the page", ["window"]),
    M("drag-from-the-letter", "reader/app/app_select.c",
      "rod_pos anchor = word_edge(a, a->press_pos, !forward);", "rod_pos anchor = a->press_pos;",
      "a drag pressed inside a word selects from that letter, not the word's start", ["window"]),
    M("figures-old-style", "reader/app/app_draw.c",
      "    if (!(style & APP_TEXT_FIGURES))\n        return a->fonts;", "    return a->fonts;",
      "the footer's figures are the book face's old-style ones", ["app"]),
    M("relayout-keeps-page-number", "reader/app/app_nav.c",
      "        b->page = (page_ref){c, i};\n    else",
      "        b->page = (page_ref){c, b->page.index < rod_layout_chapter_pages(b->layout, c) ? b->page.index : i};\n    else",
      "after a new font size or window size the page number stays, not the words read", ["window"]),
    M("never-two-pages", "reader/app/app_nav.c",
      "a->two_pages = two && W >= 400;", "a->two_pages = false;",
      "a wide window shows one page", ["window"]),
    M("fold-not-drawn", "reader/app/app_draw.c",
      "        if (a->two_pages) {\n            /* the fold",
      "        if (false) {\n            /* the fold",
      "two pages are shown without the fold between them (rod's state says two)", ["window"]),
    M("night-page-grey", "reader/render/render.c",
      '[ROD_THEME_NIGHT] = {"night", {0x141518,', '[ROD_THEME_NIGHT] = {"night", {0x808080,',
      "the night theme's page is mid grey, not dark", ["render"]),
    M("sepia-drawn-as-day", "reader/app/app_draw.c",
      "    rod_palette pal = rod_theme_palette(a->set.theme);\n    SDL_FillRect(victim->surface",
      "    rod_palette pal = rod_theme_palette(a->set.theme == ROD_THEME_SEPIA ? ROD_THEME_DAY : a->set.theme);\n"
      "    SDL_FillRect(victim->surface",
      "the sepia theme is chosen but the window is painted in day's colours", ["window"]),
]



def run(cmd, cwd=None, quiet=True, timeout=None):
    """The command's exit status (its output kept only when not quiet)."""
    out = subprocess.DEVNULL if quiet else None
    try:
        return subprocess.run(cmd, cwd=cwd, stdout=out, stderr=out, timeout=timeout).returncode
    except subprocess.TimeoutExpired:
        return -1


HOME = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def link_corpus(shared, wanted):
    """../shared (the corpus, beside this script's tree) beside the copy
    when wanted, else none: the test programs look for it when they run,
    so no rebuild follows."""
    there = os.path.islink(shared)
    if wanted and not there:
        os.symlink(os.path.join(os.path.dirname(HOME), "shared"), shared)
    elif not wanted and there:
        os.unlink(shared)


def sync_tree(src, dst):
    """Copies the project's files (tracked and untracked, not ignored) into
    dst, writing only those whose bytes differ, so a reused build is
    rebuilt only where the tree changed."""
    if os.path.exists(os.path.join(src, ".git")):
        files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=src,
                               stdout=subprocess.PIPE, check=True).stdout.decode().split("\0")
    else:   # an exported tree: everything but build folders
        files = [os.path.relpath(os.path.join(d, f), src) for d, dirs, names in os.walk(src)
                 for f in names if not os.path.relpath(d, src).startswith("build")]
    for rel in files:
        if not rel:
            continue
        a, b = os.path.join(src, rel), os.path.join(dst, rel)
        if not os.path.isfile(a):
            continue
        with open(a, "rb") as f:
            data = f.read()
        if os.path.isfile(b):
            with open(b, "rb") as f:
                if f.read() == data:
                    continue
        os.makedirs(os.path.dirname(b), exist_ok=True)
        with open(b, "wb") as f:
            f.write(data)
        shutil.copymode(a, b)


def failing_checks(build):
    """The 'not ok' lines (and timeouts) of the last meson test run."""
    log = os.path.join(build, "meson-logs", "testlog.txt")
    lines = []
    try:
        with open(log, errors="replace") as f:
            for line in f:
                if line.startswith("not ok "):
                    lines.append(re.sub(r"^not ok \d+ - ", "", line.strip()))
    except OSError:
        pass
    return lines


def meson_test(build, name):
    """Runs one test program; (passed, the failing checks)."""
    status = run(["meson", "test", "-C", build, "--no-rebuild", "--timeout-multiplier", "0.5", name])
    return status == 0, failing_checks(build)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--list", action="store_true", help="print the mutations and stop")
    ap.add_argument("--only", nargs="+", metavar="NAME", help="run only these mutations")
    ap.add_argument("--scratch", help="the scratch folder (kept; reused when it holds a build)")
    ap.add_argument("--corpus", action="store_true", help="link ../shared beside the copy")
    ap.add_argument("--keep", action="store_true", help="keep a temporary scratch folder")
    ap.add_argument("--source", help="the tree to copy (default: this script's), e.g. an older "
                    "commit exported, to see which mutations its tests miss")
    args = ap.parse_args()

    names = [m.name for m in MUTATIONS]
    assert len(names) == len(set(names)), "two mutations share a name"
    todo = [m for m in MUTATIONS if not args.only or m.name in args.only]
    if args.only and len(todo) != len(args.only):
        sys.exit("unknown mutation: " + ", ".join(set(args.only) - set(names)))
    if args.list:
        for m in todo:
            print(f"{m.name:32} {m.path:24} {m.breaks} [{', '.join(m.tests)}]"
                  + (" (needs the corpus)" if m.corpus else ""))
        return 0

    top = os.path.abspath(args.source) if args.source else HOME
    scratch = os.path.abspath(args.scratch) if args.scratch else tempfile.mkdtemp(prefix="rod-mutate-")
    tree, build = os.path.join(scratch, "rod"), os.path.join(scratch, "rod", "build")
    os.makedirs(tree, exist_ok=True)
    print(f"scratch copy: {tree}", flush=True)
    sync_tree(top, tree)
    shared = os.path.join(scratch, "shared")
    link_corpus(shared, args.corpus)
    if not os.path.isfile(os.path.join(build, "build.ninja")):
        if run(["meson", "setup", build, "-Dbuildtype=debugoptimized", "-Db_sanitize=none"], cwd=tree):
            sys.exit("meson setup failed in the scratch copy")
    if run(["ninja", "-C", build, "-j", "2"], quiet=False):
        sys.exit("the unchanged copy does not build")

    # test programs this tree has (an older tree may lack some)
    listed = subprocess.run(["meson", "test", "-C", build, "--no-rebuild", "--list"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout.split()
    have = {t.split(":")[-1].strip() for t in listed}
    for m in todo:
        m.tests = [t for t in m.tests if t in have]

    # the unchanged code must pass what the mutations are judged by
    t0 = time.time()
    for with_corpus in (False, True):
        wanted = sorted({t for m in todo if (m.corpus or args.corpus) == with_corpus for t in m.tests})
        link_corpus(shared, with_corpus)
        for t in wanted:
            ok, fails = meson_test(build, t)
            if not ok:
                print(f"the unchanged copy fails {t}{' (with the corpus)' if with_corpus else ''}: "
                      + "; ".join(fails[:5]))
                return 2
        if wanted:
            print(f"unchanged{' (with the corpus)' if with_corpus else ''}: {', '.join(wanted)} pass "
                  f"({time.time() - t0:.0f} s)", flush=True)

    results = []
    for m in todo:
        path = os.path.join(tree, m.path)
        with open(path, encoding="utf-8") as f:
            original = f.read()
        if original.count(m.find) != 1:
            results.append((m, "stale", f"the code occurs {original.count(m.find)} times in {m.path}"))
            print(f"{m.name}: stale", flush=True)
            continue
        if not m.tests:
            results.append((m, "untested", "none of its test programs is in this tree"))
            print(f"{m.name}: untested", flush=True)
            continue
        t0 = time.time()
        link_corpus(shared, m.corpus or args.corpus)
        with open(path, "w", encoding="utf-8") as f:
            f.write(original.replace(m.find, m.replace))
        try:
            if run(["ninja", "-C", build, "-j", "2"]):
                results.append((m, "no build", "the mutated code does not compile"))
            else:
                verdict, by = "survived", ""
                for t in m.tests:
                    ok, fails = meson_test(build, t)
                    if not ok:
                        verdict = "caught"
                        by = f"{t}: " + ("; ".join(fails[:2]) if fails else "the program failed")
                        break
                results.append((m, verdict, by))
        finally:
            with open(path, "w", encoding="utf-8") as f:
                f.write(original)
        print(f"{m.name}: {results[-1][1]} ({time.time() - t0:.0f} s) {results[-1][2]}", flush=True)
    link_corpus(shared, args.corpus)
    run(["ninja", "-C", build, "-j", "2"])

    print()
    print("| # | mutation | file | breaks | result | caught by |")
    print("|---|---|---|---|---|---|")
    for i, (m, verdict, by) in enumerate(results, 1):
        by = by.replace("|", "/")
        if len(by) > 160:
            by = by[:157] + "..."
        print(f"| {i} | {m.name}{' (corpus)' if m.corpus else ''} | {m.path} | {m.breaks} | {verdict} | {by} |")
    caught = sum(v == "caught" for _, v, _ in results)
    print(f"\n{caught} of {len(results)} mutations caught")
    if not args.scratch and not args.keep:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0 if caught == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
