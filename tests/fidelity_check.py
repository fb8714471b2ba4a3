#!/usr/bin/env python3
"""The judging half of tests/test_fidelity.sh: compares what rod made of a
book with scripts/extract_text.py's independent reading of the source.

  fidelity_check.py book LABEL SOURCE DIR    writes DIR/result.json
  fidelity_check.py report KNOWN RESULT...   prints TAP and the table

The report begins with the checks of the extractor itself
(tests/extract_selftest.py).

DIR holds what the shell made: a.rod (the import), a.txt (rod's plain-text
output of a.rod), b.rod (a.rod → EPUB → rod), c.rod (a.rod → FB2 → rod),
*.err files, one per step that failed, holding its messages, and for big
books X.info, `rod info` of X.rod, whose fingerprint is taken instead of
computing it with scripts/fingerprint.py (which takes a second a book in
Python).

Rod's side of the word count is its plain-text output, less what the
plain-text writer adds that is not the book's text: the heading it makes
from the metadata (every line before the first empty one: title, subtitle,
"by" and the authors; but see below), each "[image: ALT]" it puts for an
image, and the "NOTES" line it puts before the notes; and less each
"[image]" the importer put in place of an image it could not keep that had
no alt text (its file not in the book, or its bytes no picture): a
placeholder, marked as one, not the book's word (the extractor reads such
an image's alt text, here none, as text). Note labels are kept: the writer
prints a note's label before it, in place of the label the source gives
the note (an FB2 note's title) or leaves to its list numbering (Standard
Ebooks' endnotes), so they stay within a few words of the source.

The title page. Rod reads a source's title page into the head (rod's own
HTML export writes the head as a <header>: fixtures/sample.html is
docs/the-archivist-of-lakat.rod so written, and reading it back into the
head is the writer's exact inverse; an h1 over a whole one-poem file is
its title), and the head is the book's title page in every view rod has:
the window's first page (reader/layout/typeset_front.c), the plain text's
first lines, the HTML <header>; its title is the book's first text block
(ROD-FORMAT §2). So the words of the head's title, subtitles and creators
count as rod's where the source holds them in its text beyond what rod's
body has, and no more: a title the source names only in its metadata is
not counted as invented, and a body that keeps its own title page as well
does not count it twice. Leaving the head out, as this check first did,
called those words lost; copying them into the body as well would show
them twice in each of those views.
"""
import hashlib
import json
import os
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "scripts"))
import extract_text  # noqa: E402
import fingerprint  # noqa: E402

NS = "{urn:isolinear:rod:1}"
KINDS = ("section", "title", "p", "break", "quote", "epigraph", "poem",
         "stanza", "line", "cite", "pre", "list", "item", "image", "note")
CHECKS = ("valid", "valid-epub", "valid-fb2", "words", "notes", "images",
          "epub-trip", "fb2-trip")
FOUND_MIN = 0.995
COUNT_MAX = 1.005


def read_err(d, name):
    path = os.path.join(d, name + ".err")
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = [ln.strip() for ln in f if ln.strip()]
    return lines[0] if lines else "failed"


def rod_fingerprint(path, root):
    """The fingerprint `rod info` printed into the .info file beside path,
    or, without one, scripts/fingerprint.py's (slower in Python)."""
    info = path[:-4] + ".info"
    if os.path.exists(info):
        with open(info, encoding="utf-8") as f:
            for line in f:
                if line.startswith("fingerprint: "):
                    return line.split(None, 1)[1].strip()
    blocks = [fingerprint.plain(root.find(NS + "head").find(NS + "title"))]
    for part in ("body", "notes"):
        el = root.find(NS + part)
        if el is not None:
            fingerprint.walk(el, blocks)
    return "sha256:" + hashlib.sha256("\n".join(blocks).encode()).hexdigest()


def rod_facts(path):
    """Fingerprint, block-kind counts, noterefs and images of a .rod."""
    root = ET.parse(path).getroot()
    kinds = Counter()
    noterefs = 0
    shown = set()
    alts = []
    for part in ("body", "notes"):
        el = root.find(NS + part)
        if el is None:
            continue
        for e in el.iter():
            name = fingerprint.local(e)
            if name in KINDS:
                kinds[name] += 1
            if name == "noteref":
                noterefs += 1
            if name == "image":
                shown.add(e.get("src", ""))
                alts.append(e.get("alt", ""))
    images = kinds["image"]
    # the title page the reader makes from the head (see the opening comment)
    head = root.find(NS + "head")
    page = [e for e in head if fingerprint.local(e) in ("title", "subtitle", "creator")]
    page_words = Counter(w for e in page for w in extract_text.words("".join(e.itertext())))
    cover = root.find(NS + "head/" + NS + "cover")
    if cover is not None and cover.get("src", "") not in shown:
        images += 1
    return {"fingerprint": rod_fingerprint(path, root), "kinds": dict(kinds),
            "noterefs": noterefs, "images": images,
            "has_notes": root.find(NS + "notes") is not None, "alts": alts,
            "page_words": page_words}


def rod_words(txt_path, facts):
    """Words of rod's plain text of the book, less the writer's additions
    (see the opening comment)."""
    with open(txt_path, encoding="utf-8") as f:
        text = f.read()
    parts = re.split(r"\n[ \t]*\n", text, maxsplit=1)
    body = parts[1] if len(parts) > 1 else ""
    # each image of the .rod, in order, is one "[image: ALT]" (or "[image]")
    out, at, missed = [], 0, 0
    for alt in facts["alts"]:
        mark = "[image: %s]" % alt if alt else "[image]"
        i = body.find(mark, at)
        if i < 0:
            missed += 1
            continue
        out.append(body[at:i])
        at = i + len(mark)
    out.append(body[at:])
    # what is left of "[image]" stands for an image the book could not keep
    body = " ".join(out).replace("[image]", " ")
    if facts["has_notes"]:
        i = body.rfind("\nNOTES\n")
        if i >= 0:
            notes = re.sub(r"^\[[^\]\n]*\]", "", body[i + 7:], flags=re.M)
            body = body[:i] + "\n" + notes
    return Counter(extract_text.words(body)), missed


def kind_diff(a, b):
    out = []
    for k in KINDS:
        if a.get(k, 0) != b.get(k, 0):
            out.append("%s %d to %d" % (k, a.get(k, 0), b.get(k, 0)))
    return ", ".join(out)


def judge_book(label, source, d):
    res = {"label": label, "checks": {}, "row": {}, "diag": {}}
    checks, row = res["checks"], res["row"]

    def put(name, ok, detail=""):
        checks[name] = {"ok": bool(ok), "detail": detail}

    ref = None
    try:
        ref = extract_text.extract(source, with_multiset=True)
    except Exception as e:  # the extractor's own failure is reported, not hidden
        res["diag"]["extractor"] = "extractor failed: %s" % e
    facts = {}
    for name, step in (("a", "valid"), ("b", "valid-epub"), ("c", "valid-fb2")):
        err = read_err(d, name)
        path = os.path.join(d, name + ".rod")
        if err is None and os.path.exists(path):
            try:
                facts[name] = rod_facts(path)
            except ET.ParseError as e:
                err = "not well-formed: %s" % e
        put(step, err is None, err or "validates")
    if "a" not in facts or ref is None:
        for c in CHECKS[3:]:
            put(c, False, res["diag"].get("extractor", "no .rod to compare"))
        return res
    a = facts["a"]
    txt = os.path.join(d, "a.txt")
    err = read_err(d, "txt")
    if err is not None or not os.path.exists(txt):
        put("words", False, "no plain text from rod: %s" % (err or "a.txt missing"))
        rod = None
    else:
        rod, missed = rod_words(txt, a)
    if rod is None:
        rod, missed = Counter(), 0
    if missed:
        res["diag"]["txt"] = "%d images of the .rod not found as [image] in its text" % missed
    want = Counter(ref["multiset"])
    # the title page's words, where the source holds them in its text
    page = (want - rod) & a["page_words"]
    if page:
        rod += page
        res["diag"]["title page"] = "%d words of the title page, which the source has in its text" \
            % sum(page.values())
    nref, nrod = sum(want.values()), sum(rod.values())
    common = sum(min(n, rod[w]) for w, n in want.items())
    found = common / nref if nref else 1.0
    ratio = nrod / nref if nref else (1.0 if nrod == 0 else float("inf"))
    row.update(ref_words=nref, rod_words=nrod, found=found, ratio=ratio)
    missing = (want - rod).most_common(6)
    extra = (rod - want).most_common(6)
    detail = "%.2f%% of %d found, %.2f%% as many" % (100 * found, nref, 100 * ratio)
    if "words" not in checks:
        put("words", found >= FOUND_MIN and ratio <= COUNT_MAX, detail)
    res["diag"]["missing"] = " ".join("%s×%d" % kv for kv in missing)
    res["diag"]["extra"] = " ".join("%s×%d" % kv for kv in extra)
    row.update(ref_notes=ref["noterefs"], rod_notes=a["noterefs"],
               ref_images=ref["images"], rod_images=a["images"])
    put("notes", ref["noterefs"] == a["noterefs"],
        "%d in the source, %d in the .rod" % (ref["noterefs"], a["noterefs"]))
    put("images", ref["images"] == a["images"],
        "%d in the source, %d in the .rod" % (ref["images"], a["images"]))
    if ref.get("remarks"):
        res["diag"]["extractor"] = "; ".join(ref["remarks"])
    for name, step, fmt in (("b", "epub-trip", "EPUB"), ("c", "fb2-trip", "FB2")):
        if name not in facts:
            put(step, False, "no .rod back from %s" % fmt)
            row[step] = "-"
            continue
        f = facts[name]
        problems = []
        if f["fingerprint"] != a["fingerprint"]:
            problems.append("fingerprint changed")
        kd = kind_diff(a["kinds"], f["kinds"])
        if kd:
            problems.append(kd)
        put(step, not problems, "; ".join(problems) or "same fingerprint and blocks")
        row[step] = "same" if not problems else (
            "fp" if not kd else ("blocks" if f["fingerprint"] == a["fingerprint"] else "fp+blocks"))
    return res


def load_known(path):
    known = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split(None, 2)
            if len(parts) < 3 or parts[1] not in CHECKS:
                sys.exit("%s:%d: expected BOOK CHECK REASON, CHECK one of %s"
                         % (path, n, " ".join(CHECKS)))
            known[(parts[0], parts[1])] = parts[2]
    return known


def clean(s):
    return s.replace("#", "no.").replace("\n", " ")


def report(known_path, results):
    known = load_known(known_path)
    n = failed = todo = 0
    stale = []
    rows = []
    seen = set()
    import extract_selftest
    for name, ok, detail in extract_selftest.run():
        n += 1
        if ok:
            print("ok %d - %s" % (n, name))
        else:
            failed += 1
            print("not ok %d - %s: %s" % (n, name, clean(detail)))
    for path in results:
        with open(path, encoding="utf-8") as f:
            res = json.load(f)
        label = res["label"]
        if "skip" in res:
            n += 1
            print("ok %d - %s # SKIP %s" % (n, label, clean(res["skip"])))
            continue
        for c in CHECKS:
            r = res["checks"][c]
            n += 1
            seen.add((label, c))
            desc = "%s %s: %s" % (label, c, clean(r["detail"]))
            why = known.get((label, c))
            if r["ok"]:
                print("ok %d - %s" % (n, desc))
                if why:
                    stale.append("%s %s" % (label, c))
            elif why:
                todo += 1
                print("not ok %d - %s # TODO known: %s" % (n, desc, clean(why)))
            else:
                failed += 1
                print("not ok %d - %s" % (n, desc))
            if c == "words" and (not r["ok"] or os.environ.get("ROD_FIDELITY_VERBOSE")):
                for k in ("missing", "extra"):
                    if res["diag"].get(k):
                        print("#   %s: %s" % (k, res["diag"][k]))
        for k in ("extractor", "txt", "title page"):
            if res["diag"].get(k):
                print("#   %s: %s" % (k, clean(res["diag"][k])))
        rows.append(res)
    run = {r["label"] for r in rows}
    corpus_skipped = any(json.load(open(p, encoding="utf-8")).get("label") == "corpus"
                         for p in results)
    unseen = sorted("%s %s" % k for k in known if k[0] not in run and not (
        corpus_skipped and not k[0].startswith(("fixtures/", "docs/"))))
    if unseen:
        print("# known failures naming no book of this run (a typo, or a book "
              "gone): " + ", ".join(unseen))
    print("#")
    print("# Fidelity per book: words (source's, rod's, found, as many), note "
          "references and images (source/rod),")
    print("# round trips rod > epub > rod and rod > fb2 > rod (same = fingerprint "
          "and block counts kept).")
    head = "# %-52s %8s %8s %7s %7s %9s %7s %9s %9s" % (
        "book", "words", "rod", "found", "many", "noterefs", "images",
        "epub", "fb2")
    print(head)
    for res in rows:
        r = res["row"]
        if "ref_words" not in r:
            print("# %-52s %s" % (res["label"], "no comparison: " +
                                  clean(res["checks"]["valid"]["detail"])))
            continue
        print("# %-52s %8d %8d %6.2f%% %6.2f%% %4d/%-4d %3d/%-3d %9s %9s" % (
            res["label"][:52], r["ref_words"], r["rod_words"], 100 * r["found"],
            100 * min(r["ratio"], 99.99), r["ref_notes"], r["rod_notes"],
            r["ref_images"], r["rod_images"], r.get("epub-trip", "-"),
            r.get("fb2-trip", "-")))
    print("# %d checks: %d passed, %d known failures (TODO), %d new failures"
          % (n, n - failed - todo, todo, failed))
    if stale:
        print("# known failures that now pass (remove them from "
              "tests/fidelity-known.txt): " + ", ".join(stale))
    print("1..%d" % n)
    return 1 if failed else 0


def main():
    if len(sys.argv) >= 5 and sys.argv[1] == "book":
        label, source, d = sys.argv[2:5]
        res = judge_book(label, source, d)
        with open(os.path.join(d, "result.json"), "w", encoding="utf-8") as f:
            json.dump(res, f)
        return 0
    if len(sys.argv) >= 3 and sys.argv[1] == "skip":
        label, why, out = sys.argv[2:5]
        with open(out, "w", encoding="utf-8") as f:
            json.dump({"label": label, "skip": why}, f)
        return 0
    if len(sys.argv) >= 3 and sys.argv[1] == "report":
        return report(sys.argv[2], sys.argv[3:])
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main())
