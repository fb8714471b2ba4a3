#!/usr/bin/env python3
"""epubs.py — EPUBs for the hostile cases, made at test time.

    epubs.py KIND OUT [ARGS]

KIND is one of
  alias N KB       one chapter of KB kilobytes named N times by the spine,
                   through N manifest items that spell its path five ways
                   (c.xhtml, ./c.xhtml, c.xhtml#sN, %63.xhtml, x/../c.xhtml)
  distinct N       N chapters of one heading and one paragraph each, and a
                   nav document listing them all
  big N MIB        N chapters of MIB mebibytes each (text that packs about
                   4:1, so it is no zip bomb by ratio)
  twice            a chapter named twice (c1.xhtml, c1.xhtml#s2) and one
                   once; each holds a word of its own ("zanzibar",
                   "quixotic")
  empty PART       a book whose PART is empty: "chapter" (one of two),
                   "opf" or "container"
Chapters are random words from a fixed seed, so every run makes the same
bytes.
"""
import random
import struct
import sys
import zipfile
import zlib

CONTAINER = ('<?xml version="1.0"?><container version="1.0" '
             'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
             '<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
             '</rootfiles></container>')


def opf(items, refs):
    return ('<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" '
            'unique-identifier="u"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
            '<dc:title>Hostile</dc:title><dc:identifier id="u">x</dc:identifier>'
            '<dc:language>en</dc:language></metadata><manifest>%s</manifest><spine>%s</spine>'
            '</package>' % (items, refs))


def item(ident, href):
    return '<item id="%s" href="%s" media-type="application/xhtml+xml"/>' % (ident, href)


def xhtml(body):
    return ('<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml">'
            '<head><title>c</title></head><body>%s</body></html>' % body)


def words(rng, size, vocabulary=300):
    vocab = [''.join(rng.choice('abcdefghijklmnopqrstuvwxyz') for _ in range(rng.randint(2, 9)))
             for _ in range(vocabulary)]
    out, n = [], 0
    while n < size:
        p = '<p>' + ' '.join(rng.choice(vocab) for _ in range(100)) + '.</p>\n'
        out.append(p)
        n += len(p)
    return ''.join(out)


def write(out, members, level=6):
    z = zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED, compresslevel=level)
    z.writestr(zipfile.ZipInfo('mimetype'), 'application/epub+zip')
    for name, data in members:
        z.writestr(name, data)
    z.close()


def alias(out, n, kb):
    rng = random.Random(2)
    spell = ['c.xhtml', './c.xhtml', 'c.xhtml#s%d', '%63.xhtml', 'x/../c.xhtml']
    items = ''.join(item('i%d' % i, spell[i % 5].replace('%d', str(i))) for i in range(n))
    refs = ''.join('<itemref idref="i%d"/>' % i for i in range(n))
    write(out, [('META-INF/container.xml', CONTAINER), ('OEBPS/content.opf', opf(items, refs)),
                ('OEBPS/c.xhtml', xhtml(words(rng, kb * 1024)))])


def distinct(out, n):
    items = ''.join(item('c%d' % i, 'c%d.xhtml' % i) for i in range(n))
    items += ('<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" '
              'properties="nav"/>')
    refs = ''.join('<itemref idref="c%d"/>' % i for i in range(n))
    nav = ('<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml" '
           'xmlns:epub="http://www.idpf.org/2007/ops"><head><title>Contents</title></head><body>'
           '<nav epub:type="toc"><ol>%s</ol></nav></body></html>'
           % ''.join('<li><a href="c%d.xhtml">Chapter %d</a></li>' % (i, i) for i in range(n)))
    members = [('META-INF/container.xml', CONTAINER), ('OEBPS/content.opf', opf(items, refs)),
               ('OEBPS/nav.xhtml', nav)]
    members += [('OEBPS/c%d.xhtml' % i, xhtml('<h1>Chapter %d</h1><p>Text of chapter %d.</p>' % (i, i)))
                for i in range(n)]
    write(out, members, level=1)


def big(out, n, mib):
    # a 256 KiB block of random words, repeated: deflate's window is 32 KiB,
    # so the repeats pack no better than the block itself
    block = words(random.Random(3), 256 * 1024, vocabulary=64)
    body = block * ((mib << 20) // len(block))
    chapter = xhtml(body).encode()
    items = ''.join(item('c%d' % i, 'c%d.xhtml' % i) for i in range(n))
    refs = ''.join('<itemref idref="c%d"/>' % i for i in range(n))
    members = [('META-INF/container.xml', CONTAINER), ('OEBPS/content.opf', opf(items, refs))]
    # the n chapters are the same bytes: deflated once, and the archive
    # written by hand around that one stream (zipfile would deflate each)
    packed = zlib.compressobj(1, zlib.DEFLATED, -15)
    packed = packed.compress(chapter) + packed.flush()
    raw = [(name, data.encode(), None) for name, data in members]
    raw += [('OEBPS/c%d.xhtml' % i, chapter, packed) for i in range(n)]
    write_raw(out, raw)


def write_raw(out, members):
    """A zip of (name, data, deflated or None) members, mimetype first and stored."""
    entries, offset = [], 0
    with open(out, 'wb') as f:
        for name, data, packed in [('mimetype', b'application/epub+zip', None)] + members:
            if packed is None and name != 'mimetype':
                c = zlib.compressobj(6, zlib.DEFLATED, -15)
                packed = c.compress(data) + c.flush()
            method, stored = (0, data) if packed is None else (8, packed)
            crc = zlib.crc32(data)
            head = struct.pack('<IHHHHHIIIHH', 0x04034b50, 20, 0, method, 0, 0x21, crc,
                               len(stored), len(data), len(name), 0)
            f.write(head + name.encode())
            f.write(stored)
            entries.append((name, method, crc, len(stored), len(data), offset))
            offset += len(head) + len(name) + len(stored)
        cd = b''
        for name, method, crc, csize, size, at in entries:
            cd += struct.pack('<IHHHHHHIIIHHHHHII', 0x02014b50, 20, 20, 0, method, 0, 0x21, crc,
                              csize, size, len(name), 0, 0, 0, 0, 0, at) + name.encode()
        f.write(cd + struct.pack('<IHHHHIIH', 0x06054b50, 0, 0, len(entries), len(entries),
                                 len(cd), offset, 0))


def twice(out):
    items = item('a', 'c1.xhtml') + item('b', 'c1.xhtml#s2') + item('c', 'c2.xhtml')
    refs = '<itemref idref="a"/><itemref idref="b"/><itemref idref="c"/><itemref idref="a"/>'
    write(out, [('META-INF/container.xml', CONTAINER), ('OEBPS/content.opf', opf(items, refs)),
                ('OEBPS/c1.xhtml', xhtml('<h1>One</h1><p>A zanzibar.</p><h2 id="s2">Two</h2>'
                                         '<p>More of it.</p>')),
                ('OEBPS/c2.xhtml', xhtml('<h1>Three</h1><p>A quixotic end.</p>'))])


def empty(out, part):
    items = item('a', 'c1.xhtml') + item('b', 'c2.xhtml')
    refs = '<itemref idref="a"/><itemref idref="b"/>'
    c1 = '' if part == 'chapter' else xhtml('<h1>One</h1><p>First.</p>')
    write(out, [('META-INF/container.xml', '' if part == 'container' else CONTAINER),
                ('OEBPS/content.opf', '' if part == 'opf' else opf(items, refs)),
                ('OEBPS/c1.xhtml', c1), ('OEBPS/c2.xhtml', xhtml('<h1>Two</h1><p>Second.</p>'))])


def main():
    kind, out, args = sys.argv[1], sys.argv[2], sys.argv[3:]
    if kind == 'alias':
        alias(out, int(args[0]), int(args[1]))
    elif kind == 'distinct':
        distinct(out, int(args[0]))
    elif kind == 'big':
        big(out, int(args[0]), int(args[1]))
    elif kind == 'twice':
        twice(out)
    elif kind == 'empty':
        empty(out, args[0])
    else:
        sys.exit('epubs.py: unknown kind ' + kind)


if __name__ == '__main__':
    main()
