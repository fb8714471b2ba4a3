# 41-svg-outside.sh — an SVG image that names what is outside the book (an
# <image> at an http: address and at file:///etc/passwd, a <use> of another
# file, an @import, a stylesheet PI, a script, a DTD) is kept with all of
# that taken out: rod opens no file and no socket for it, and what rod
# writes from it (.rod, EPUB, FictionBook, HTML) names none of it. An SVG
# declaring entities (billion laughs) is refused, quickly. A single HTML
# file's image reached through a symbolic link out of its folder is not
# read.
svg_out=$fixtures/images/outside.svg
mkdir -p "$tmp/svg/book"
python3 - "$svg_out" "$tmp/svg/outside.epub" "$tmp/svg/laughs.epub" <<'EOF'
import sys, zipfile
svg = open(sys.argv[1], 'rb').read()
laughs = (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
          + b''.join(b'<!ENTITY %c "&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;">'
                     % ((98 + i,) + (97 + i,) * 10) for i in range(8))
          + b']><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><title>&i;</title></svg>')
opf = ('<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" '
       'unique-identifier="u"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
       '<dc:identifier id="u">x</dc:identifier><dc:title>Outside</dc:title>'
       '<dc:language>en</dc:language></metadata><manifest>'
       '<item id="cover" href="cover.svg" media-type="image/svg+xml" properties="cover-image"/>'
       '<item id="c" href="c.xhtml" media-type="application/xhtml+xml"/></manifest>'
       '<spine><itemref idref="c"/></spine></package>')
page = ('<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>c</title>'
        '</head><body><h1>One</h1><p>Text <img src="cover.svg" alt="inline"/> more.</p>'
        '</body></html>')
for out, image in ((sys.argv[2], svg), (sys.argv[3], laughs)):
    with zipfile.ZipFile(out, 'w') as z:
        z.writestr('mimetype', 'application/epub+zip', compress_type=zipfile.ZIP_STORED)
        z.writestr('META-INF/container.xml',
                   '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:'
                   'opendocument:xmlns:container"><rootfiles><rootfile full-path="content.opf" '
                   'media-type="application/oebps-package+xml"/></rootfiles></container>')
        z.writestr('content.opf', opf)
        z.writestr('c.xhtml', page)
        z.writestr('cover.svg', image)
EOF
traced=()
if command -v strace >/dev/null; then
    # LeakSanitizer cannot run under ptrace: leaks are checked by the runs without it
    traced=(env "ASAN_OPTIONS=${ASAN_OPTIONS:-}:detect_leaks=0" strace -f -qq -e trace=open,openat,connect,socket -o "$tmp/svg/trace")
fi
stays_under "an EPUB whose SVG cover and image name outside files" 10 128 0 \
    "${traced[@]}" "$rod" convert "$tmp/svg/outside.epub" "$tmp/svg/outside.rod"
check "  ... keeps the SVG, with a warning that what leads outside was taken out" \
    bash -c "grep -q 'image/svg+xml' '$tmp/svg/outside.rod' && grep -q 'taken out, nothing was fetched' '$tmp/err'"
if [ ${#traced[@]} -gt 0 ]; then
    check "  ... opens no socket and no file named in the SVG" \
        bash -c "! grep -E 'socket\\(|connect\\(|/etc/passwd|fetched.png|other.svg|outside.css|svg11.dtd' '$tmp/svg/trace'"
fi
for to in epub fb2 html rod; do
    limited "  ... written as $to" 10 128 "$rod" convert -q "$tmp/svg/outside.rod" "$tmp/svg/out.$to"
    check "  ... the $to names nothing outside" bash -c "
        [ -s '$tmp/svg/out.$to' ] || exit 1
        if [ $to = epub ]; then unzip -p '$tmp/svg/out.epub' > '$tmp/svg/flat'; else cp '$tmp/svg/out.$to' '$tmp/svg/flat'; fi
        # the SVG is base64 in .rod, FictionBook and HTML: decode every run of it
        python3 -c '
import base64, re, sys
data = open(sys.argv[1], \"rb\").read()
blobs = [data] + [base64.b64decode(m) for m in re.findall(rb\"[A-Za-z0-9+/=\\s]{400,}\", data) if len(m.split()) > 0]
bad = [w for w in (b\"example.org\", b\"/etc/passwd\", b\"other.svg\", b\"<script\", b\"svg11.dtd\") for b in blobs if w in b]
sys.exit(1 if bad else 0)
' '$tmp/svg/flat'"
done
stays_under "an SVG cover declaring entities (billion laughs)" 5 128 0 \
    "$rod" convert "$tmp/svg/laughs.epub" "$tmp/svg/laughs.rod"
check "  ... is not kept, and says why" \
    bash -c "! grep -q 'image/svg+xml' '$tmp/svg/laughs.rod' && grep -Eq \"cover.svg' (is not PNG, JPEG, GIF or SVG|is not kept)\" '$tmp/err'"
# a single HTML file and a link out of its folder
cp "$svg_out" "$tmp/svg/secret.svg"
ln -sf "$tmp/svg/secret.svg" "$tmp/svg/book/link.svg"
printf '<!DOCTYPE html><html><head><title>L</title></head><body><p>x</p><p><img src="link.svg" alt="linked"/></p></body></html>' \
    >"$tmp/svg/book/page.html"
stays_under "an HTML file whose image is a symbolic link out of its folder" 5 64 0 \
    "${traced[@]}" "$rod" convert "$tmp/svg/book/page.html" "$tmp/svg/page.rod"
check "  ... does not read it, and says so" \
    bash -c "! grep -q '<binary' '$tmp/svg/page.rod' && grep -q 'leads outside the book' '$tmp/err'"
if [ ${#traced[@]} -gt 0 ]; then
    check "  ... never opens it" bash -c "! grep -q 'secret.svg' '$tmp/svg/trace'"
fi
rm -rf "$tmp/svg"
