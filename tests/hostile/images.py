#!/usr/bin/env python3
"""images.py — image bombs for the hostile cases, made at test time.

    images.py KIND OUT [ARGS]

KIND is one of
  gif-frame W H      a GIF whose screen says 1 x 1 but whose one frame is W x H
  gif-zero W H       a GIF whose first frame has width 0, then a W x H frame
                     hidden in its data (where SDL2_image reads on)
  png W H            a grey PNG of W x H (compresses about 1000:1)
  jpeg-sof W H       a JPEG header saying W x H, a scan and no data
  svg W H            an SVG whose root says width W, height H
  rod IMAGE          a .rod book showing IMAGE (any bytes) on its first page
  fb2 IMAGE          the same as FictionBook
  epub IMAGE         the same as EPUB
"""
import base64, io, struct, sys, zipfile, zlib


def gif_frame(w, h, screen=(1, 1)):
    head = b'GIF89a' + struct.pack('<HHBBB', screen[0], screen[1], 0, 0, 0)
    desc = b',' + struct.pack('<HHHHB', 0, 0, w, h, 0)
    # LZW code size 2: a clear code (4) and the end code (5) in 3-bit codes
    return head + desc + b'\x02' + b'\x01\x2c' + b'\x00' + b';'


def gif_zero(w, h):
    hidden = b',' + struct.pack('<HHHHB', 0, 0, w, h, 0) + b'\x02\x01\x2c\x00'
    head = b'GIF89a' + struct.pack('<HHBBB', 1, 1, 0, 0, 0)
    desc = b',' + struct.pack('<HHHHB', 0, 0, 0, 1, 0)
    return head + desc + b'\x02' + bytes([len(hidden)]) + hidden + b'\x00;'


def chunk(kind, data):
    return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))


def png(w, h):
    comp = zlib.compressobj(9)
    row = b'\x00' + b'\x80' * w
    parts = [comp.compress(row) for _ in range(h)]
    parts.append(comp.flush())
    ihdr = struct.pack('>IIBBBBB', w, h, 8, 0, 0, 0, 0)
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', ihdr) + chunk(b'IDAT', b''.join(parts)) +
            chunk(b'IEND', b''))


def jpeg_sof(w, h):
    sof = b'\xff\xc2' + struct.pack('>HBHHB', 17, 8, h, w, 3) + b'\x01\x11\x00\x02\x11\x00\x03\x11\x00'
    sos = b'\xff\xda' + struct.pack('>HB', 8, 1) + b'\x01\x00\x00\x3f\x00'
    return b'\xff\xd8\xff\xe0' + struct.pack('>H', 16) + b'JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00' + sof + sos + b'\xff\xd9'


def svg(w, h):
    return ('<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s">'
            '<rect width="10" height="10" fill="red"/></svg>' % (w, h)).encode()


def media_type(data):
    if data[:4] == b'\x89PNG':
        return 'image/png'
    if data[:3] == b'\xff\xd8\xff':
        return 'image/jpeg'
    if data[:3] == b'GIF':
        return 'image/gif'
    return 'image/svg+xml'


def rod(data):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<rod xmlns="urn:isolinear:rod:1" version="1" xml:lang="en"><head><title>Bomb</title>'
            '</head><body><p>Before.</p><image src="#i" alt="the picture"/><p>After.</p></body>'
            '<binary id="i" type="%s">%s</binary></rod>\n'
            % (media_type(data), base64.b64encode(data).decode())).encode()


def fb2(data):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<FictionBook xmlns="http://www.gribuser.ru/xml/fictionbook/2.0" '
            'xmlns:l="http://www.w3.org/1999/xlink"><description><title-info>'
            '<book-title>Bomb</book-title><lang>en</lang></title-info></description><body>'
            '<section><p>Before.</p><image l:href="#i" alt="the picture"/><p>After.</p></section>'
            '</body><binary id="i" content-type="%s">%s</binary></FictionBook>\n'
            % (media_type(data), base64.b64encode(data).decode())).encode()


def epub(data):
    out = io.BytesIO()
    z = zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED)
    z.writestr(zipfile.ZipInfo('mimetype'), 'application/epub+zip')
    z.writestr('META-INF/container.xml', '<?xml version="1.0"?><container version="1.0" '
               'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile '
               'full-path="content.opf" media-type="application/oebps-package+xml"/></rootfiles>'
               '</container>')
    z.writestr('content.opf', '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" '
               'version="3.0" unique-identifier="u"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
               '<dc:title>Bomb</dc:title><dc:identifier id="u">x</dc:identifier><dc:language>en'
               '</dc:language></metadata><manifest><item id="c" href="c.xhtml" '
               'media-type="application/xhtml+xml"/><item id="i" href="i.img" media-type="%s"/>'
               '</manifest><spine><itemref idref="c"/></spine></package>' % media_type(data))
    z.writestr('c.xhtml', '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head>'
               '<title>c</title></head><body><p>Before.</p><img src="i.img" alt="the picture"/>'
               '<p>After.</p></body></html>')
    z.writestr('i.img', data)
    z.close()
    return out.getvalue()


def main():
    kind, out = sys.argv[1], sys.argv[2]
    args = sys.argv[3:]
    if kind in ('rod', 'fb2', 'epub'):
        data = globals()[kind](open(args[0], 'rb').read())
    else:
        w, h = int(args[0]), int(args[1])
        data = {'gif-frame': gif_frame, 'gif-zero': gif_zero, 'png': png, 'jpeg-sof': jpeg_sof,
                'svg': svg}[kind](w, h)
    open(out, 'wb').write(data)


if __name__ == '__main__':
    main()
