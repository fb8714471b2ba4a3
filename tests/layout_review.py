#!/usr/bin/env python3
"""The layout review (issue 17): every corpus book, at three page sizes,
set as a reader would see it, held to the figures `rod paginate --stats`
prints and to an independent reading of the hyphenation patterns.

For each book and size (600x800 at 18 px; 800x1100 at 22 px; one page of
a 1920x1080 two-page spread, 960x1080 at 20 px) these must all be 0:
pages holding only headings, pages ending early where no widow, orphan
or keep rule asks for it, runs of 3 or more hyphenated lines, widows,
orphans, gaps inside words and lines wider than the measure. At the
first size every hyphen the breaker added (`rod paginate --text`: a line
ending in a letter and '-' whose word is not written with a hyphen in
the book) must stand where scripts/liang.py, written apart from rod's
code, allows one in the book's language; a word hyphenated where only
another corpus language's patterns allow it (a French phrase in an
English book is set with French patterns) is counted and printed, not
failed. War and Peace's mean adjustment ratio must be under 1.

    layout_review.py ROD CORPUS ROOT [--all]     (speaks TAP)

ROD is the rod program to run (build/reader/rod of a release build is
fastest), CORPUS the corpus folder (../shared/corpus), ROOT the source
tree (for scripts/liang.py and tests/review-known.txt).

One rod at a time: the suite already runs two programs at once on a
machine of two cores, and the hostile program beside this one is held
to a minute.

Every book of every format in the corpus is taken (EPUB, FictionBook,
HTML, plain text, TEI, the right-to-left folder). The suite, under
AddressSanitizer, sets the EPUBs at every size and the other books at
the first size only, and prints a TAP SKIP line, with the reason, for
each size it leaves out; it checks the hyphens of the EPUBs and of one
other book for each language no EPUB has (a SKIP line for the others). --all sets
every book at every size (minutes under AddressSanitizer). Books known
not to pass yet are named with the reason in tests/review-known.txt and
reported as TAP TODO. Without the corpus the whole program is skipped.
"""
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

SIZES = [("600x800 18px", ["--width", "600", "--height", "800", "--size", "18"]),
         ("800x1100 22px", ["--width", "800", "--height", "1100", "--size", "22"]),
         ("1920x1080 two pages", ["--width", "960", "--height", "1080", "--size", "20"])]
MUST_BE_ZERO = ["pages holding only headings", "pages ending early where no rule asks",
                "runs of 3+ hyphenated lines", "widows", "orphans", "gaps inside words", "overfull lines"]
DICTS = {"en": "hyph_en_US.dic", "de": "hyph_de_DE.dic", "fr": "hyph_fr.dic", "ru": "hyph_ru_RU.dic",
         "nl": "hyph_nl_NL.dic"}
KINDS = ("epub", "fb2", "html", "txt", "tei", "rtl")
SKIP = (".md",)
SKIP_WHY = "the suite sets books other than EPUBs at the first size only, to stay in its time; --all sets all"

n = 0


def tap(ok, name, why=None):
    global n
    n += 1
    print(("ok" if ok else "not ok") + f" {n} - {name}")
    if why and not ok:
        for line in why.splitlines():
            print("# " + line)
    sys.stdout.flush()


def skip(name, why):
    global n
    n += 1
    print(f"ok {n} - {name} # SKIP {why}")
    sys.stdout.flush()


def todo(name, why):
    """A known failure, as TAP TODO, with its reason."""
    global n
    n += 1
    print(f"not ok {n} - {name} # TODO {why}")
    sys.stdout.flush()


def read_known(path):
    """Books whose figures are not all 0 yet: "BOOK  reason" lines."""
    known = {}
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            line = line.strip()
            if line and not line.startswith("#"):
                book, _, why = line.partition(" ")
                known[book] = why.strip()
    return known


def run(args):
    p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return p.returncode, p.stdout


def stats(rod, book, opts):
    code, out = run([rod, "paginate", "--stats"] + opts + [book])
    got = {}
    for line in out.splitlines():
        m = re.match(r"^([a-z0-9+ ]+): ([0-9.]+)", line)
        if m:
            got[m.group(1)] = float(m.group(2))
    return code, got


def language(rod, book):
    code, out = run([rod, "info", book])
    m = re.search(r"^language: *([A-Za-z]+)", out, re.M)
    lang = m.group(1).lower() if m else "und"
    return "en" if lang == "und" else lang     # rod hyphenates und as English


LETTER = re.compile(r"[^\W\d_]+$")
LEAD = re.compile(r"^[^\W\d_]+")


def added_hyphens(text, plain):
    """(prefix, word) for each line-end hyphen the breaker added: the
    line ends in letters and '-', and the letters with the next line's
    first ones make a word the book holds whole (a hyphen the book itself
    writes at a line's end, "klaver- en", "herum-" in verse, joins
    nothing the book holds whole) — unless the book also writes them with
    a hyphen ("e-book" beside "ebook"): then it may be the book's own."""
    whole = set(re.findall(r"[^\W\d_]+", plain))
    written = set(re.findall(r"([^\W\d_]+)-\s*([^\W\d_]+)", plain))
    lines = text.replace("\f", "\n").split("\n")
    for a, b in zip(lines, lines[1:]):
        if not a.endswith("-") or len(a) < 2:
            continue
        m, k = LETTER.search(a[:-1]), LEAD.match(b.lstrip())
        if not m or not k:
            continue
        prefix, suffix = m.group(0), k.group(0)
        if len(prefix) < 2:
            continue    # rod leaves 2 letters at least before a hyphen: the book's own
        if m.start() > 0 and a[m.start() - 1] == "-":
            continue    # the last piece of a compound the book writes ("a-t-elle")
        if prefix + suffix in whole and (prefix, suffix) not in written:
            yield prefix, prefix + suffix


def main(argv):
    if len(argv) < 4 or argv[1] in ("-h", "--help"):
        print(__doc__)
        return 0 if len(argv) > 1 and argv[1] in ("-h", "--help") else 2
    rod, corpus, root = argv[1], argv[2], argv[3]
    if not os.path.isdir(corpus):
        print(f"1..0 # SKIP no corpus at {corpus}")
        return 0
    sys.path.insert(0, os.path.join(root, "scripts"))
    import liang
    dicts = {}
    for lang, f in DICTS.items():
        path = os.path.join("/usr/share/hyphen", f)
        if os.path.exists(path):
            dicts[lang] = liang.Dictionary(path)
    every = len(argv) > 4 and argv[4] == "--all"
    def corpus_books(kinds):
        return sorted(os.path.join(corpus, k, f) for k in kinds if os.path.isdir(os.path.join(corpus, k))
                      for f in os.listdir(os.path.join(corpus, k)) if not f.endswith(SKIP))
    # every book; the suite sets the EPUBs at every size, the others at
    # the first (the opening paragraph says why)
    books = corpus_books(KINDS)
    hyph_books = books
    known = read_known(os.path.join(root, "tests", "review-known.txt"))
    def sizes_of(book):
        return SIZES if every or os.path.relpath(book, corpus).startswith("epub" + os.sep) else SIZES[:1]
    jobs = [(b, name, opts) for b in books for name, opts in sizes_of(b)]
    with ThreadPoolExecutor(max_workers=1) as pool:
        results = list(pool.map(lambda j: (j, stats(rod, j[0], j[2])), jobs))
    for (book, name, _), (code, got) in results:
        short = os.path.relpath(book, corpus)
        bad = [f"{k}: {got.get(k)}" for k in MUST_BE_ZERO if got.get(k, -1) != 0]
        label = f"{short} at {name}: {int(got.get('pages', 0))} pages, every figure 0"
        why = known.get(short)
        if why and code == 0 and bad:
            todo(label + " (" + "; ".join(bad) + ")", why)
        else:
            tap(code == 0 and not bad, label, f"exit {code}; " + "; ".join(bad))
        if short == "epub/tolstoy-war-and-peace.epub" and name == SIZES[0][0]:
            tap(got.get("mean adjustment ratio", 99) < 1,
                f"War and Peace's mean adjustment ratio is under 1 ({got.get('mean adjustment ratio')})")
        if name == SIZES[0][0] and len(sizes_of(book)) < len(SIZES):
            for left, _ in SIZES[1:]:
                skip(f"{short} at {left}", SKIP_WHY)
    # hyphens against Liang's patterns, at the first size
    def liang_job(book):
        lang = language(rod, book)
        _, text = run([rod, "paginate", "--text"] + SIZES[0][1] + [book])
        _, plain = run([rod, "convert", "--to", "txt", book, "-"])
        return book, lang, text, plain
    if not every:
        # the suite checks the hyphens of the EPUBs and of one other book
        # for each language no EPUB has: the breaker and the patterns are
        # the same for every format of a language (--all checks them all)
        langs = {}
        for b in books:
            langs[b] = language(rod, b)
        covered = {langs[b] for b in books if os.path.relpath(b, corpus).startswith("epub" + os.sep)}
        hyph_books = []
        for b in books:
            if os.path.relpath(b, corpus).startswith("epub" + os.sep) or langs[b] not in covered:
                hyph_books.append(b)
                covered.add(langs[b])
            else:
                skip(f"{os.path.relpath(b, corpus)}: hyphens", "the suite checks the hyphens of one book per "
                     "language beside the EPUBs (the same breaker and patterns); --all checks every book")
    with ThreadPoolExecutor(max_workers=1) as pool:
        texts = list(pool.map(liang_job, hyph_books))
    for book, lang, text, plain in texts:
        short = os.path.relpath(book, corpus)
        own = dicts.get(lang)
        checked, other, wrong = 0, 0, []
        for prefix, word in added_hyphens(text, plain):
            at = len(prefix) - 1
            checked += 1
            if own and at in own.points(word):
                continue
            if any(at in d.points(word) for l, d in dicts.items() if l != lang):
                other += 1
                continue
            wrong.append(liang.hyphenated(word, {at}))
        tap(not wrong, f"{short} ({lang}): {checked} hyphens the breaker added, each where Liang's patterns "
            f"allow one" + (f" ({other} by another language's patterns)" if other else ""),
            "not allowed: " + ", ".join(wrong[:20]))
    print(f"1..{n}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
