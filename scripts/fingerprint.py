#!/usr/bin/env python3
"""An independent reading of ROD-FORMAT.md §2, for checking rod's own code.

Prints the text blocks of a .rod file (with --blocks) and its fingerprint.
Written with the standard library only and none of rod's code, so that a
test comparing the two catches a misreading of the spec in either.
"""
import hashlib
import re
import sys
import xml.etree.ElementTree as ET

NS = "{urn:isolinear:rod:1}"
TEXT_BLOCKS = {"title", "p", "line", "cite", "pre", "image"}
BLOCK_ELEMENTS = {"section", "title", "p", "break", "quote", "epigraph", "poem",
                  "stanza", "line", "cite", "pre", "list", "item", "image"}


def local(el):
    return el.tag[len(NS):] if el.tag.startswith(NS) else el.tag


def raw_inline(el):
    """Text with br as LF (marked so folding keeps it), noteref as its label."""
    out = [el.text or ""]
    for child in el:
        if local(child) == "br":
            out.append("\x00")
        else:
            out.append(raw_inline(child))
        out.append(child.tail or "")
    return "".join(out)


def fold(s):
    s = re.sub(r"[ \t\r\n]+", " ", s)
    parts = [p.strip(" ") for p in s.split("\x00")]
    return "\n".join(parts)


def plain(el):
    name = local(el)
    if name == "image":
        return "\ufffc"
    if name == "pre":
        text = "".join(el.itertext())
        return text[1:] if text.startswith("\n") else text
    return fold(raw_inline(el))


def walk(el, out):
    for child in el:
        name = local(child)
        if name == "item":
            if any(local(c) in BLOCK_ELEMENTS for c in child):
                walk(child, out)
            else:
                out.append(plain(child))
        elif name in TEXT_BLOCKS:
            out.append(plain(child))
        else:
            walk(child, out)


def main():
    path = sys.argv[-1]
    root = ET.parse(path).getroot()
    blocks = [plain(root.find(NS + "head").find(NS + "title"))]
    for part in ("body", "notes"):
        el = root.find(NS + part)
        if el is not None:
            walk(el, blocks)
    if "--blocks" in sys.argv:
        for i, b in enumerate(blocks):
            print(i, repr(b))
    digest = hashlib.sha256("\n".join(blocks).encode("utf-8")).hexdigest()
    print("sha256:" + digest)


if __name__ == "__main__":
    main()
