"""Checks of scripts/extract_text.py itself, on small books made here, so
that the yardstick of tests/test_fidelity.sh is measured too. Each case
names what it holds and what the reading must find; run() returns them as
(name, ok, detail) for fidelity_check.py to print as TAP lines."""
import os
import struct
import sys
import tempfile
import zipfile
import zlib

import extract_text as et

CONTAINER = """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="OPS/book.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>"""

OPF = """<?xml version="1.0"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0">
<manifest>
<item id="ch1" href="ch1.xhtml" media-type="application/xhtml+xml"/>
<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
<item id="notes" href="notes.xhtml" media-type="application/xhtml+xml"/>
<item id="cover" href="cover.png" media-type="image/png" properties="cover-image"/>
<item id="pic" href="pic.png" media-type="image/png"/>
</manifest>
<spine><itemref idref="ch1"/><itemref idref="nav" linear="no"/><itemref idref="ch1"/>
<itemref idref="notes"/></spine>
</package>"""

XHTML = """<?xml version="1.0"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
<head><title>Head title</title><style>p { color: red }</style></head>
<body>%s</body></html>"""

CH1 = XHTML % """<h1>Chapter</h1>
<p>Alpha<a epub:type="noteref" id="r1" href="notes.xhtml#n1">1</a> be<em>ta</em>&#160;gamma&nbsp;delta</p>
<p>Epsilon<a class="noteref" id="r2" href="notes.xhtml#n2">2</a></p>
<ol><li>first</li><li>second</li></ol>
<p><img src="pic.png" alt="a picture"/><img src="missing.png" alt="gone"/></p>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
<title>svg title</title><image xlink:href="cover.png"/></svg>"""

NAV = XHTML % """<nav epub:type="toc"><ol><li><a href="ch1.xhtml">Chapter</a></li></ol></nav>
<nav epub:type="landmarks" hidden=""><h2>Guide</h2></nav>"""

NOTES = XHTML % """<section epub:type="endnotes"><ol>
<li id="n1"><p>Note text <a href="ch1.xhtml#r1" epub:type="backlink">↩︎</a></p></li>
</ol></section>
<p class="footnote" id="n2"><a class="noteref" href="ch1.xhtml#r2">2</a> Foot</p>"""

FB2 = """<?xml version="1.0" encoding="UTF-8"?>
<FictionBook xmlns="http://www.gribuser.ru/xml/fictionbook/2.0" xmlns:l="http://www.w3.org/1999/xlink">
<description><title-info><book-title>Not text</book-title>
<coverpage><image l:href="#c.png"/></coverpage></title-info></description>
<body><section><p>One<a l:href="#n1" type="note">1</a> two <a l:href="#n2">[2]</a>.</p>
<image l:href="#c.png"/><image l:href="#absent.png"/></section></body>
<body name="notes"><title><p>Notes</p></title>
<section id="n1"><title><p>1</p></title><p>First note.</p></section>
<section id="n2"><title><p>Sources, 2</p></title><p>Second note.</p></section>
</body>
<binary id="c.png" content-type="image/png">iVBORw0KGgo=</binary>
</FictionBook>"""

TXT = """The Project Gutenberg eBook of Something
Licence words here.
*** START OF THE PROJECT GUTENBERG EBOOK SOMETHING ***
Real words only.
*** END OF THE PROJECT GUTENBERG EBOOK SOMETHING ***
More licence words.
"""


def png():
    """A valid 1x1 PNG, so that a reader keeps the image."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b""))


def write_epub(path):
    """The EPUB of the cases below: a chapter named twice in the spine, a
    non-linear nav with a hidden landmarks list, a noteref into an endnotes
    list and one by class, an image present and one missing, an inline svg
    showing the cover. test_fidelity.sh checks rod on it too."""
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/epub+zip")
        z.writestr("META-INF/container.xml", CONTAINER)
        z.writestr("OPS/book.opf", OPF)
        z.writestr("OPS/ch1.xhtml", CH1)
        z.writestr("OPS/nav.xhtml", NAV)
        z.writestr("OPS/notes.xhtml", NOTES)
        z.writestr("OPS/cover.png", png())
        z.writestr("OPS/pic.png", png())


def write_fb2(path):
    """The FictionBook of the cases below."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(FB2.replace("iVBORw0KGgo=", __import__("base64").b64encode(png()).decode()))


def _case(name, got, want):
    return (name, got == want, "got %r, want %r" % (got, want))


def run():
    out = [_case("extractor: words fold case, join at soft hyphens, split at "
                 "apostrophes, hyphens and underscores, keep combining marks",
                 et.words("Won\u00adder DON’T well-known ↩\ufe0e a\u0301b _x_ שָׁלוֹם"),
                 ["wonder", "don", "t", "well", "known", "áb", "x", "שָׁלוֹם"])]
    with tempfile.TemporaryDirectory() as tmp:
        epub = os.path.join(tmp, "t.epub")
        write_epub(epub)
        r = et.extract(epub, with_multiset=True)
        out.append(_case("extractor: EPUB spine read once each, body only, hidden "
                         "nav skipped, note label apart, list numbers counted, "
                         "a missing image's alt text is text, a present one's not",
                         sorted(r["multiset"].items()),
                         sorted({"chapter": 2, "alpha": 1, "1": 3, "beta": 1,
                                 "gamma": 1, "delta": 1, "2": 3, "first": 1,
                                 "second": 1, "note": 1, "text": 1,
                                 "epsilon": 1, "foot": 1, "gone": 1}.items())))
        out.append(_case("extractor: EPUB noterefs by type and by class, the "
                         "links back from the notes not", r["noterefs"], 2))
        out.append(_case("extractor: EPUB images present counted, the cover "
                         "shown in an svg not twice", r["images"], 2))
        fb2 = os.path.join(tmp, "t.fb2")
        write_fb2(fb2)
        r = et.extract(fb2, with_multiset=True)
        out.append(_case("extractor: FB2 bodies read, a note title repeating its "
                         "label is not text, one saying more is",
                         sorted(r["multiset"].items()),
                         sorted({"one": 1, "1": 1, "two": 1, "2": 2, "first": 1,
                                 "note": 2, "sources": 1, "second": 1}.items())))
        out.append(_case("extractor: FB2 note references by type and by target",
                         r["noterefs"], 2))
        out.append(_case("extractor: FB2 image without binary not counted, "
                         "the cover shown in the text not twice", r["images"], 1))
        damaged = os.path.join(tmp, "d.fb2")
        with open(damaged, "w", encoding="utf-8") as f:
            # the bytes of fb2cng's damaged bb_broken.jpg: no picture's signature
            f.write(FB2.replace("iVBORw0KGgo=", "MTJREBQjQVL/2gAIAQEABj8CZZ9u"))
        r = et.extract(damaged)
        out.append(_case("extractor: FB2 binary whose bytes are no picture is no "
                         "image, in the text or as the cover", r["images"], 0))
        broken = os.path.join(tmp, "b.fb2")
        with open(broken, "w", encoding="utf-8") as f:
            f.write(FB2.replace("two <a", "two &Undefined; <a").replace(
                "</section></body>", "</sektion></section></body>"))
        r = et.extract(broken, with_multiset=True)
        out.append(_case("extractor: a broken FB2 read leniently, an undefined "
                         "entity gives no text", (r.get("lenient"), "undefined" in r["multiset"],
                                                  r["words"]), (True, False, 10)))
        html = os.path.join(tmp, "t.html")
        with open(html, "w", encoding="utf-8") as f:
            f.write('<html><body><p>So intelligent<span class="lnum">130</span> a '
                    'wo<span>r</span>d</p></body></html>')
        r = et.extract(html, with_multiset=True)
        out.append(_case("extractor: a verse line's number is set apart from its "
                         "word, other spans are not",
                         sorted(r["multiset"].items()),
                         sorted({"so": 1, "intelligent": 1, "130": 1, "a": 1,
                                 "word": 1}.items())))
        txt = os.path.join(tmp, "t.txt")
        with open(txt, "w", encoding="utf-8") as f:
            f.write(TXT)
        r = et.extract(txt, with_multiset=True)
        out.append(_case("extractor: Gutenberg header and licence cut",
                         sorted(r["multiset"]), ["only", "real", "words"]))
    return out


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--write":
        # the made books test_fidelity.sh checks rod on, beside the fixtures
        write_epub(os.path.join(sys.argv[2], "made-cases.epub"))
        write_fb2(os.path.join(sys.argv[2], "made-cases.fb2"))
    else:
        for name, ok, detail in run():
            print("ok" if ok else "FAIL", name, "" if ok else detail)
