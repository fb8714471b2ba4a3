#!/usr/bin/env python3
"""An independent reading of a book's text, for measuring rod's importers.

Reads EPUB, HTML/XHTML, FictionBook 2, plain text and rod's own .rod with
the standard library only (zipfile, html.parser, xml.etree), written from
the formats' specifications and the books themselves and not from rod's
importers, so that a test comparing the two catches a misreading in either.
It prints, as JSON, the number of words, a digest of the word multiset, the
number of note references and of images, and (with --multiset) every word
with its count.

What counts as a word, on both sides of a comparison (words() below):
- the text is put in NFC and case-folded;
- U+00AD soft hyphen, U+200B zero-width space, U+200C/U+200D (non-)joiners,
  U+2060 word joiner and U+FEFF are removed first: they are invisible and
  may sit inside a word, so "won\\u00adder" is one word "wonder";
- a word is then a letter or digit (Unicode \\w without the underscore)
  followed by letters, digits and combining marks (categories Mn, Mc, Me,
  so that Hebrew points, Arabic vowel signs and Cyrillic stress marks stay
  inside their word; a mark after a symbol, like the variation selector in
  "↩︎", is no word);
- everything else separates words: spaces of every kind (U+00A0 included),
  hyphens and dashes ("well-known" is "well" and "known"), apostrophes
  straight or curly ("don't" is "don" and "t", so straight and curly quotes
  compare equal), the underscore and all punctuation and symbols.

What counts as the book's text:
- EPUB: META-INF/container.xml names the package; its spine gives the
  order; each spine member is read once (linear="no" ones too: they are
  content); inside each, the <body> only, without script, style, template,
  elements marked hidden, and the text of inline <svg>.
- HTML: the <body> the same way (the whole document when there is none).
  A Project Gutenberg file is cut at its "*** START OF" and "*** END OF"
  lines like a plain-text one.
- FictionBook: every <body> (the main one, then the notes and comments
  bodies), not the <description> and not the <binary> data. A notes body's
  own <title>, and a note's <title> that only repeats the label of a
  reference to it, are labels, not text (see read_fb2). A file that is not
  well-formed is read by a forgiving tag reader instead (reported as
  "lenient": true), with references to undefined entities dropped, as XML
  gives them no text.
- Plain text: all of it; a Project Gutenberg header and licence are cut at
  the "*** START OF" and "*** END OF" lines.
- .rod: the text of <body> and <notes>.
Block elements (paragraphs, headings, cells, list items, <br>, images)
separate words; inline elements (em, span, a, sup ...) do not, so
"<em>wo</em>rd" is one word, except that a note reference is set apart
from the word it follows ("word<a>1</a>" is "word" and "1"), as a reader
shows it, and so is a verse line's number that a stylesheet floats into
the margin (class lnum, linenum or line-number: "dust.<span
class="lnum">30</span>" is "dust" and "30"). The numbers of an ordered list (<ol>, .rod list type="number")
are words, as every reader shows them, except in a list of endnotes, where
they are the notes' labels.

Note references: EPUB and HTML links with epub:type "noteref", role
"doc-noteref" or a class naming a note reference (noteref, footnote-ref,
fnanchor), and links whose target is a note: an element with epub:type or
role footnote, endnote, rearnote or note, or a list item of an endnotes
section (Standard Ebooks' endnotes.xhtml); backlinks, and links from inside
a note to what is not a note, never count. FictionBook: <a type="note"> and
links to a section of a notes (or comments) body. A link to a place inside a
note (a paragraph's id) is a cross-reference, not a note reference. .rod:
<noteref>.

Images: <img>, an inline <svg> (once, whatever it holds), an <object> of an
image type; FictionBook <image> in a body; .rod <image>; each only when the
book holds its data (a zip member, a data: URI, a file beside an HTML file,
a <binary>) and that data is a picture (it begins as PNG, JPEG, GIF, WebP,
BMP, TIFF or SVG do, is_picture): an image that is not there, or whose bytes
are no picture (FictionBook test books hold damaged ones on purpose),
cannot be kept, and counting it would ask a reader to keep bytes it can
only show as a placeholder. Such an image's alt text is then text, set
apart like an image: HTML defines alt as what stands in for an image that
is not available, and a browser shows it in the image's place. (An image
that is there is no text: its alt text describes it.) The cover is counted
once: it adds one unless the same image is also shown in the text.
"""
import argparse
import binascii
import hashlib
import html.parser
import json
import os
import posixpath
import re
import sys
import unicodedata
import urllib.parse
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter

INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"


def _marks():
    """Every combining mark (categories Mn, Mc, Me), as one string."""
    # none lie above U+1F000 but the variation selectors supplement
    return "".join(chr(cp) for cp in range(0x300, 0x1F000)
                   if unicodedata.category(chr(cp))[0] == "M") + \
        "".join(map(chr, range(0xE0100, 0xE01F0)))


def _class(chars):
    """chars as the body of a regex character class, in ranges."""
    out = []
    cps = sorted(map(ord, chars))
    i = 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        out.append("\\U%08x-\\U%08x" % (cps[i], cps[j]))
        i = j + 1
    return "".join(out)


MARKS = _marks()
# Two patterns for speed: a class of code points below U+10000 compiles to a
# bitmap, one with astral ranges to a list searched char by char (4x slower),
# so the astral one is used only on a text that has astral characters.
WORD_BMP = re.compile("[\\w" + _class(m for m in MARKS if m < "\U00010000") + "]+")
WORD_ALL = re.compile("[\\w" + _class(MARKS) + "]+")
ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def words(text):
    """The words of text, as defined in the module's opening comment."""
    for c in INVISIBLE:
        text = text.replace(c, "")
    text = unicodedata.normalize("NFC", text.replace("_", " ")).casefold()
    pattern = WORD_ALL if ASTRAL.search(text) else WORD_BMP
    out = []
    for w in pattern.findall(text):
        if not w[0].isalnum():          # a word starts with a letter or digit
            w = w.lstrip(MARKS)
            if not w:
                continue
        out.append(w)
    return out


GUTENBERG_START = re.compile(r"^[ \t]*\*\*\*[ \t]*START OF[^\n]*$", re.M | re.I)
GUTENBERG_END = re.compile(r"^[ \t]*\*\*\*[ \t]*END OF[^\n]*$", re.M | re.I)


# Project Gutenberg's own lines just inside the markers: the volunteers'
# credit right after START, and the "End of the Project Gutenberg EBook"
# line right before END. Neither is the book's text.
GUTENBERG_CREDIT = re.compile(r"\A\s*(produced by|transcribed by|e-?text prepared by)[^\n]*(\n[^\S\n]*\S[^\n]*)*",
                              re.I)
GUTENBERG_END_LINE = re.compile(r"^[ \t]*end of (the |this )?project gutenberg[^\n]*\s*\Z",
                                re.M | re.I)


def cut_gutenberg(text):
    """The text between Project Gutenberg's START and END lines, if any,
    without the credit and end lines just inside them."""
    start = GUTENBERG_START.search(text)
    if start:
        text = text[start.end():]
        text = GUTENBERG_CREDIT.sub("", text, count=1)
    end = GUTENBERG_END.search(text)
    if end:
        text = text[:end.start()]
        text = GUTENBERG_END_LINE.sub("", text, count=1)
    return text


def decode(data, declared=None):
    """Bytes to text: a BOM wins, then the declared encoding, then UTF-8,
    then windows-1252 (a superset of Latin-1's printable range)."""
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"),
                     (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(enc, errors="replace")
    for enc in ([declared] if declared else []) + ["utf-8"]:
        try:
            return data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            pass
    return data.decode("cp1252", errors="replace")


def declared_encoding(data):
    """The encoding an XML declaration or an HTML meta element names."""
    head = data[:2048].decode("ascii", errors="replace")
    m = re.search(r"<\?xml[^>]*encoding=[\"']([A-Za-z0-9_.:-]+)", head)
    if not m:
        m = re.search(r"<meta[^>]*charset=[\"']?([A-Za-z0-9_.:-]+)", head, re.I)
    return m.group(1).lower() if m else None


class Reading:
    """What one reading of a book found."""

    def __init__(self, fmt):
        self.format = fmt
        self.chunks = []        # text, with "\n" between blocks
        self.noterefs = 0
        self.images = 0
        self.image_refs = set() # what the images in the text show
        self.cover = None       # what the cover shows, if the book has one
        self.lenient = False
        self.notes = []         # remarks for the log

    def text(self):
        return "".join(self.chunks)

    def result(self, with_multiset):
        w = words(self.text())
        counts = Counter(w)
        images = self.images
        if self.cover is not None and self.cover not in self.image_refs:
            images += 1
        digest = hashlib.sha256("\n".join(
            "%s %d" % kv for kv in sorted(counts.items())).encode()).hexdigest()
        out = {"format": self.format, "words": len(w),
               "multiset_sha256": digest, "noterefs": self.noterefs,
               "images": images, "cover": self.cover is not None}
        if self.lenient:
            out["lenient"] = True
        if self.notes:
            out["remarks"] = self.notes
        if with_multiset:
            out["multiset"] = dict(counts)
        return out


# ---------------------------------------------------------------- HTML

INLINE = set("""a abbr acronym b bdi bdo big cite code data del dfn em font i
ins kbd label mark nobr q rb rp rt rtc ruby s samp small span strike strong
sub sup time tt u var wbr""".split())
VOID = set("""area base br col embed hr img input link meta param source track
wbr""".split())
SKIP = {"head", "script", "style", "template", "svg", "title"}
NOTE_TYPES = {"footnote", "endnote", "rearnote", "note", "doc-footnote",
              "doc-endnote"}
NOTEREF_TYPES = {"noteref", "doc-noteref"}
NOTEREF_CLASSES = {"noteref", "footnote-ref", "footnoteref", "fnanchor"}
BACKLINK_TYPES = {"backlink", "doc-backlink", "footnote-back", "fnarrow"}
LINE_NUMBER_CLASSES = {"lnum", "linenum", "line-number", "linenumber"}
IMAGE_TYPES = re.compile(r"^image/", re.I)


def tokens(value):
    return set((value or "").lower().split())


class Frame:
    """One open element, as HtmlText keeps it."""
    __slots__ = ("tag", "note", "endnotes", "number", "link", "skips", "apart")

    def __init__(self, tag):
        self.tag = tag
        self.note = False       # a note: links to its id are note references
        self.endnotes = False   # a list or section of endnotes
        self.number = None      # an <ol>: the number of its last item
        self.link = None        # an <a href>: its index in links
        self.skips = False      # its text is not shown (head, script, hidden ...)
        self.apart = False      # set apart from the words around it (a line number)


LINK_MARK = re.compile("\x00([0-9]+)\x00")
IMAGE_MARK = re.compile("\x01([0-9]+)\x01")


class HtmlText(html.parser.HTMLParser):
    """Body text of one HTML or XHTML document, with the ids of note targets
    and every link, to be resolved once all documents are read. Each link's
    text is framed by marks (NUL, its index, NUL) that text() turns into
    word breaks for note references (a reader sets the label apart: "word¹")
    and into nothing for other links."""

    def __init__(self, name):
        super().__init__(convert_charrefs=True)
        self.name = name
        self.out = []
        self.stack = []         # open elements, as Frames
        self.skip = 0           # depth inside elements whose text is skipped
        self.links = []         # (href, is_noteref, is_backlink, in_note)
        self.note_ids = set()
        self.images = []        # ("img" | "svg", src or None)

    def _inside(self, attr):
        return any(getattr(f, attr) for f in self.stack)

    def _list(self):
        for f in reversed(self.stack):
            if f.tag in ("ol", "ul", "menu", "dl"):
                return f
        return None

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): (v or "") for k, v in attrs}
        kinds = tokens(a.get("epub:type")) | tokens(a.get("role"))
        classes = tokens(a.get("class"))
        f = Frame(tag)
        if tag == "body":
            self.out = []       # text before the body (a stray title) is not the book's
        f.note = bool(kinds & NOTE_TYPES) or bool(
            classes & {"footnote", "footnotes", "endnote", "endnotes"})
        f.endnotes = bool(kinds & {"endnotes", "footnotes", "rearnotes",
                                   "doc-endnotes"})
        in_endnotes = self._inside("endnotes")
        if tag == "li" and in_endnotes:
            f.note = True
        if f.note and a.get("id"):
            self.note_ids.add(a["id"])
        f.apart = bool(classes & LINE_NUMBER_CLASSES)
        if tag not in INLINE or f.apart:
            self.out.append("\n")
        if self.skip == 0:
            if tag == "a" and a.get("href"):
                noteref = bool(kinds & NOTEREF_TYPES or classes & NOTEREF_CLASSES)
                back = bool(kinds & BACKLINK_TYPES or classes & BACKLINK_TYPES)
                f.link = len(self.links)
                self.links.append((a["href"], noteref, back, self._inside("note")))
                self.out.append("\x00%d\x00" % f.link)
            elif tag == "img":
                # marked, to become its alt text if the book lacks the image
                self.out.append("\x01%d\x01" % len(self.images))
                self.images.append(("img", a.get("src", ""), a.get("alt", "")))
            elif tag == "object" and IMAGE_TYPES.match(a.get("type", "")):
                self.images.append(("img", a.get("data", ""), ""))
            elif tag == "svg":
                self.images.append(("svg", None, ""))
            elif tag == "ol":
                try:
                    f.number = int(a.get("start", "1")) - 1
                except ValueError:
                    f.number = 0
            elif tag == "li":
                # an ordered list's numbers are shown, so they are words,
                # except in a list of endnotes, where they are the labels
                lst = self._list()
                if lst is not None and lst.number is not None and not in_endnotes:
                    try:
                        lst.number = int(a["value"])
                    except (KeyError, ValueError):
                        lst.number += 1
                    self.out.append("%d " % lst.number)
        if tag == "image" and self.skip and self.images and self.images[-1] == ("svg", None, ""):
            self.images[-1] = ("svg", a.get("xlink:href") or a.get("href") or "", "")
        f.skips = tag in SKIP or "hidden" in a
        if f.skips:
            self.skip += 1
        if tag not in VOID:
            self.stack.append(f)
        elif f.skips:
            self.skip -= 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        # close up to the matching element; an end tag that matches nothing
        # open is ignored, as browsers do
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].tag == tag:
                for f in reversed(self.stack[i:]):
                    if f.skips:
                        self.skip -= 1
                    if f.link is not None:
                        self.out.append("\x00%d\x00" % f.link)
                    if f.tag not in INLINE or f.apart:
                        self.out.append("\n")
                del self.stack[i:]
                break

    def handle_data(self, data):
        if self.skip == 0:
            self.out.append(data.replace("\x00", "").replace("\x01", ""))

    def text(self, noterefs=(), missing=()):
        """The text, with the links whose indexes are in noterefs set apart
        and the images whose indexes are in missing as their alt text."""
        text = LINK_MARK.sub(lambda m: "\n" if int(m.group(1)) in noterefs else "",
                             "".join(self.out))
        return IMAGE_MARK.sub(lambda m: "\n%s\n" % self.images[int(m.group(1))][2]
                              if int(m.group(1)) in missing else "", text)


def parse_html(data, name):
    p = HtmlText(name)
    p.feed(decode(data, declared_encoding(data)))
    p.close()
    return p


def resolve(base, href):
    """A link's (file, fragment) in the zip, from the document named base."""
    url = urllib.parse.urlsplit(href)
    if url.scheme or url.netloc:
        return None
    path = urllib.parse.unquote(url.path)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(base), path)) \
        if path else base
    return target, urllib.parse.unquote(url.fragment)


def find_noterefs(docs):
    """For each document (keyed by name), the indexes of its links that are
    note references."""
    note_ids = {(name, i) for name, d in docs.items() for i in d.note_ids}
    found = {}
    for name, d in docs.items():
        found[name] = set()
        for k, (href, noteref, back, in_note) in enumerate(d.links):
            target = resolve(name, href)
            to_note = target is not None and target in note_ids
            # a link from inside a note to what is not a note leads back
            # to the reference, whatever its class says
            if back or (in_note and not to_note):
                continue
            if noteref or to_note:
                found[name].add(k)
    return found


def is_picture(head):
    """Whether bytes begin as a picture does: the signatures of PNG, JPEG,
    GIF, WebP, BMP and TIFF, or an SVG document's <svg near its start.
    Bytes that are none of these are no image a reader can show."""
    return (head.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a",
                             b"BM", b"II*\x00", b"MM\x00*"))
            or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")
            or b"<svg" in head[:4096].lower())


def b64_head(text):
    """The first bytes of base64 text, decoded leniently: characters
    outside the alphabet are skipped, as common decoders do."""
    clean = re.sub(r"[^A-Za-z0-9+/]", "", text[:8192])
    clean = clean[:len(clean) // 4 * 4]
    try:
        return binascii.a2b_base64(clean)
    except binascii.Error:
        return b""


def count_images(r, doc, name, holds):
    """Adds doc's images whose data the book holds to r: an inline <svg>
    always, an <img> whose src is a data: URI of a picture or names
    something holds() finds to be one. Returns the indexes of the others,
    which doc.text() shows as their alt text."""
    missing = set()
    for k, (kind, src, _) in enumerate(doc.images):
        if kind == "svg":
            r.images += 1
            if src:
                t = resolve(name, src)
                if t:
                    r.image_refs.add(t[0])
            continue
        if src.startswith("data:"):
            comma = src.find(",")
            head = src[comma + 1:]
            data = b64_head(head) if ";base64" in src[:max(comma, 0)] else \
                urllib.parse.unquote_to_bytes(head[:4096])
            if is_picture(data):
                r.images += 1
            else:
                r.notes.append("a data: image is no picture; not counted, its alt text is text")
                missing.add(k)
            continue
        t = resolve(name, src)
        if t is not None and holds(t[0]):
            r.images += 1
            r.image_refs.add(t[0])
        else:
            r.notes.append("image %s is not in the book (or is no picture); not counted, "
                           "its alt text is text" % src)
            missing.add(k)
    return missing


def file_is_picture(path):
    if not os.path.isfile(path):
        return False
    with open(path, "rb") as f:
        return is_picture(f.read(4096))


def read_html(path):
    r = Reading("html")
    with open(path, "rb") as f:
        data = f.read()
    doc = parse_html(data, "")
    refs = find_noterefs({"": doc})[""]
    folder = os.path.dirname(os.path.abspath(path))
    missing = count_images(r, doc, "", lambda p: file_is_picture(os.path.join(folder, p)))
    text = doc.text(refs, missing)
    cut = cut_gutenberg(text)
    if cut is not text:
        r.notes.append("Project Gutenberg header and licence cut")
    r.chunks.append(cut)
    r.noterefs = len(refs)
    return r


# ---------------------------------------------------------------- EPUB

OPF_NS = "{http://www.idpf.org/2007/opf}"
CONTAINER_NS = "{urn:oasis:names:tc:opendocument:xmlns:container}"


def local(tag):
    return tag.rsplit("}", 1)[-1]


def member_is_picture(z, names, p):
    if p not in names:
        return False
    with z.open(p) as f:
        return is_picture(f.read(4096))


def read_epub(path):
    r = Reading("epub")
    with zipfile.ZipFile(path) as z:
        container = ET.fromstring(z.read("META-INF/container.xml"))
        rootfile = next(e for e in container.iter() if local(e.tag) == "rootfile")
        opf_path = rootfile.get("full-path")
        opf = ET.fromstring(z.read(opf_path))
        base = posixpath.dirname(opf_path)
        items = {}
        cover_id = None
        for e in opf.iter():
            name = local(e.tag)
            if name == "item":
                href = urllib.parse.unquote(e.get("href", ""))
                items[e.get("id")] = (posixpath.normpath(posixpath.join(base, href)),
                                      e.get("media-type", ""),
                                      tokens(e.get("properties")))
            elif name == "meta" and e.get("name") == "cover":
                cover_id = e.get("content")
        for item_id, (zpath, mtype, props) in items.items():
            if "cover-image" in props:
                r.cover = zpath
        if r.cover is None and cover_id in items and items[cover_id][1].startswith("image/"):
            r.cover = items[cover_id][0]
        docs = {}
        for e in opf.iter():
            if local(e.tag) != "itemref":
                continue
            item = items.get(e.get("idref"))
            if item is None:
                r.notes.append("spine names a missing item " + str(e.get("idref")))
                continue
            zpath, mtype, _ = item
            if zpath in docs:
                r.notes.append("spine names %s twice; read once" % zpath)
                continue
            if "html" not in mtype:
                r.notes.append("spine item %s is %s; not read" % (zpath, mtype))
                continue
            try:
                data = z.read(zpath)
            except KeyError:
                r.notes.append("spine item %s is not in the zip" % zpath)
                continue
            docs[zpath] = parse_html(data, zpath)
        refs = find_noterefs(docs)
        names = set(z.namelist())
        for zpath, d in docs.items():
            missing = count_images(r, d, zpath, lambda p: member_is_picture(z, names, p))
            r.chunks.append(d.text(refs[zpath], missing))
            r.chunks.append("\n")
            r.noterefs += len(refs[zpath])
        if r.cover is not None and not member_is_picture(z, names, r.cover):
            r.notes.append("cover %s is not in the book; not counted" % r.cover)
            r.cover = None
    return r


# ---------------------------------------------------------------- FB2

FB2_BLOCKS = set("""body section title subtitle epigraph p v poem stanza cite
text-author date annotation table tr td th empty-line image""".split())


class LenientTree(html.parser.HTMLParser):
    """An element tree from markup that is not well-formed: end tags close
    the nearest open element of their name and are ignored otherwise;
    undefined entities stay as text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = ET.Element("document")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        el = ET.SubElement(self.stack[-1], tag, {k: v or "" for k, v in attrs})
        self.stack.append(el)

    def handle_startendtag(self, tag, attrs):
        ET.SubElement(self.stack[-1], tag, {k: v or "" for k, v in attrs})

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        parent = self.stack[-1]
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + data
        else:
            parent.text = (parent.text or "") + data


def href_of(el):
    for k, v in el.attrib.items():
        if local(k) == "href" or k.endswith(":href"):
            return v
    return None


def fb2_walk(el, out, r, book):
    name = local(el.tag)
    if id(el) in book["labels"] or name == "binary":
        return
    noteref = False
    if name == "a":
        href = href_of(el) or ""
        noteref = el.get("type") == "note" or (
            href.startswith("#") and href[1:] in book["note_ids"])
        r.noterefs += noteref
    sep = name in FB2_BLOCKS or noteref
    if sep:
        out.append("\n")
    if name == "image":
        href = (href_of(el) or "").lstrip("#")
        if href in book["binaries"]:
            r.images += 1
            r.image_refs.add(href)
        else:
            r.notes.append("image #%s has no binary; not counted, its alt text is text" % href)
            out.append("\n%s\n" % el.get("alt", ""))
    out.append(el.text or "")
    for child in el:
        fb2_walk(child, out, r, book)
        out.append(child.tail or "")
    if sep:
        out.append("\n")


UNDEFINED_ENTITY = re.compile(r"&(?!(?:amp|lt|gt|quot|apos);)([A-Za-z_][A-Za-z0-9_.-]*);")


def read_fb2(path):
    """Every body's text. The bodies after the first are the notes (and
    comments). A notes body's own <title> names the notes, and a note's
    <title> that only repeats the label of a reference to it ("1" for a
    reference "1", "[1]" for "note 1") is its label; rod's plain text shows
    "NOTES" and "[label]" in their place, so neither side counts them. A
    note title that says more ("Note 1: sources") is text."""
    r = Reading("fb2")
    with open(path, "rb") as f:
        data = f.read()
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        r.lenient = True
        r.notes.append("not well-formed (%s); read leniently" % e)
        text = decode(data, declared_encoding(data))
        # XML defines only five entities; one the file does not define
        # has no text
        text, n = UNDEFINED_ENTITY.subn("", text)
        if n:
            r.notes.append("%d references to undefined entities dropped" % n)
        t = LenientTree()
        t.feed(text)
        t.close()
        root = t.root
    bodies = [e for e in root.iter() if local(e.tag) == "body"]
    book = {"note_ids": set(), "labels": set(),
            "binaries": {e.get("id") for e in root.iter()
                         if local(e.tag) == "binary" and is_picture(b64_head(e.text or ""))}}
    labels = {}                 # note id: words of the references' labels
    for a in root.iter():
        href = href_of(a) if local(a.tag) == "a" else None
        if href and href.startswith("#"):
            labels.setdefault(href[1:], Counter()).update(words("".join(a.itertext())))
    for body in bodies[1:]:
        book["note_ids"] |= {e.get("id") for e in body.iter()
                             if e.get("id") and local(e.tag) == "section"}
        for child in body:
            if local(child.tag) == "title":
                book["labels"].add(id(child))
        for sec in body.iter():
            if local(sec.tag) != "section" or sec.get("id") not in labels:
                continue
            for t in sec:
                if local(t.tag) == "title" and not (
                        Counter(words("".join(t.itertext()))) - labels[sec.get("id")]):
                    book["labels"].add(id(t))
    for body in bodies:
        fb2_walk(body, r.chunks, r, book)
    for e in root.iter():
        if local(e.tag) == "coverpage":
            for img in e.iter():
                if local(img.tag) == "image":
                    href = (href_of(img) or "").lstrip("#")
                    if href in book["binaries"]:
                        r.cover = href
                    break
    return r


# ---------------------------------------------------------------- txt, rod

def read_txt(path):
    r = Reading("txt")
    with open(path, "rb") as f:
        text = decode(f.read())
    cut = cut_gutenberg(text)
    if cut is not text:
        r.notes.append("Project Gutenberg header and licence cut")
    r.chunks.append(cut)
    return r


ROD_NS = "{urn:isolinear:rod:1}"
ROD_INLINE = set("em strong sc code sup sub del span a noteref".split())


def rod_text(el, out, r, binaries):
    name = local(el.tag)
    block = name not in ROD_INLINE or name == "noteref"
    if block:
        out.append("\n")
    if name == "noteref":
        r.noterefs += 1
    if name == "image":
        src = el.get("src", "").lstrip("#")
        if src in binaries:
            r.images += 1
            r.image_refs.add(src)
    if name == "list" and el.get("type") == "number":
        for i, item in enumerate(el, 1):
            item.text = "%d %s" % (i, item.text or "")
    out.append(el.text or "")
    for child in el:
        rod_text(child, out, r, binaries)
        out.append(child.tail or "")
    if block:
        out.append("\n")


def read_rod(path):
    """The text of <body> and <notes>; a numbered list's numbers are words,
    as in HTML."""
    r = Reading("rod")
    root = ET.parse(path).getroot()
    binaries = {e.get("id") for e in root.findall(ROD_NS + "binary")}
    for part in ("body", "notes"):
        el = root.find(ROD_NS + part)
        if el is not None:
            rod_text(el, r.chunks, r, binaries)
    cover = root.find(ROD_NS + "head/" + ROD_NS + "cover")
    if cover is not None and cover.get("src", "").lstrip("#") in binaries:
        r.cover = cover.get("src", "").lstrip("#")
    return r


# ---------------------------------------------------------------- main

READERS = {"epub": read_epub, "html": read_html, "htm": read_html,
           "xhtml": read_html, "fb2": read_fb2, "txt": read_txt,
           "rod": read_rod}


def format_of(path):
    ext = path.rsplit(".", 1)[-1].lower()
    return ext if ext in READERS else None


def extract(path, with_multiset=False):
    """The JSON-ready reading of the book at path; ValueError when its
    format is not one this script reads."""
    fmt = format_of(path)
    if fmt is None:
        raise ValueError("no reader for this format")
    return READERS[fmt](path).result(with_multiset)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("book")
    ap.add_argument("--multiset", action="store_true",
                    help="also print every word with its count")
    ap.add_argument("--text", action="store_true",
                    help="print the text read instead of JSON")
    args = ap.parse_args()
    try:
        if args.text:
            sys.stdout.write(READERS[format_of(args.book)](args.book).text())
            return 0
        print(json.dumps(extract(args.book, args.multiset), ensure_ascii=False))
    except (ValueError, KeyError, OSError, zipfile.BadZipFile, ET.ParseError) as e:
        print("extract_text: %s: %s" % (args.book, e), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
