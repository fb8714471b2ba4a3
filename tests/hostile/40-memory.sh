# 40-memory.sh — memory is bounded by the limits rod states: an archive's
# inflated members (128 MiB in all, each member counted once), a text's
# blank lines, and every image's decoded size, frame by frame, whatever the
# format (the importers and the renderer ask the same probe). Each input is
# at most 64 MB; no command may pass 512 MB on it.
# Every input is made by one Python run here: each start-up of Python and
# of its zip and zlib modules was time the program's minute does not have
python3 - "$here/hostile" "$tmp" <<'EOF_PY'
import base64, struct, sys, zlib
sys.path.insert(0, sys.argv[1])
import epubs, images
t = sys.argv[2]
def put(name, data):
    open(t + '/' + name, 'wb').write(data)
# 135 MiB of chapters in an EPUB a quarter that size
epubs.big(t + '/big.epub', 3, 45)
# one 1 MB chapter named 10,000 times
epubs.alias(t + '/alias.epub', 10000, 1024)
# eight bytes a paragraph
put('tiny.rod', b'<rod xmlns="urn:isolinear:rod:1" version="1"><head><title>T'
                b'</title></head><body>' + b'<p>a</p>' * 4000000 + b'</body></rod>')
put('tiny.html', b'<html><body>' + b'<p>a</p>' * 4000000 + b'</body></html>')
put('tiny.txt', b'a\n\n' * 10000000)
# a 28-byte GIF whose screen is 1 x 1 and whose frame is 40000 x 40000
gif = images.gif_frame(40000, 40000)
put('frame.gif', gif)
for fmt in ('rod', 'fb2', 'epub'):
    put('frame.' + fmt, getattr(images, fmt)(gif))
# a GIF whose first frame is 0 pixels wide, a 30000 x 30000 frame after it
put('zero.rod', images.rod(images.gif_zero(30000, 30000)))
# a 23000 x 23000 PNG of 560 KB
put('png.rod', images.rod(images.png(23000, 23000)))
# a progressive JPEG of 8000 x 8000
put('jpeg.rod', images.rod(images.jpeg_sof(8000, 8000)))
# an SVG of 100000 x 100000
put('svg.rod', images.rod(images.svg(100000, 100000)))
# a path of 4,000 overlapping curves
d = 'M0 0' + ' C0 0 1000 1000 0 1000 C1000 0 0 0 1000 1000' * 2000
put('curves.rod', images.rod(('<svg xmlns="http://www.w3.org/2000/svg" width="1000" '
    'height="1000"><path d="%s" fill="none" stroke="black"/></svg>' % d).encode()))
# six 7000 x 7000 PNGs (147 MB each decoded), one deflated picture six times
w = h = 7000
c = zlib.compressobj(9)
row = b'\x00' + b'\xc8\x1e\x1e' * w
idat = b''.join(c.compress(row) for _ in range(h)) + c.flush()
png = (b'\x89PNG\r\n\x1a\n' + images.chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0)) +
       images.chunk(b'IDAT', idat) + images.chunk(b'IEND', b''))
b64 = base64.b64encode(png).decode()
body = ''.join('<p>Picture %d.</p><image src="#i%d"/>' % (i, i) for i in range(6))
bins = ''.join('<binary id="i%d" type="image/png">%s</binary>' % (i, b64) for i in range(6))
put('six.rod', ('<?xml version="1.0" encoding="UTF-8"?>\n<rod xmlns="urn:isolinear:'
    'rod:1" version="1" xml:lang="en"><head><title>Six</title></head><body>%s</body>%s</rod>\n'
    % (body, bins)).encode())
EOF_PY

# --- archives --------------------------------------------------------------
# 135 MiB of chapters in an EPUB a quarter that size: refused at the archive's budget, with
# the real figures (the old message said "1 MiB, over rod's limit of 0 MiB")
stays_under "EPUB of three 45 MiB chapters" 30 512 1 "$rod" convert "$tmp/big.epub" "$tmp/big.rod" -q
check "  ... is refused naming the archive's limit and what is left of it" \
    grep -Eq "more than the [0-9.]+ MiB left of rod's limit of 128 MiB for a whole archive \([0-9]+\.[0-9] MiB already read\)" "$tmp/err"
check "  ... never says 0 MiB" bash -c "! grep -q ' 0 MiB' '$tmp/err'"
rm -f "$tmp/big.epub"

# one 1 MB chapter named 10,000 times: read once (the budget counts members,
# not spine entries), so the book converts
stays_under "EPUB naming one 1 MB chapter 10,000 times" 10 128 0 \
    "$rod" convert "$tmp/alias.epub" "$tmp/alias.txt" -q
check "  ... holds the chapter's text once" \
    bash -c "[ \$(wc -c < '$tmp/alias.txt') -lt 2000000 ] && [ \$(wc -c < '$tmp/alias.txt') -gt 900000 ]"
rm -f "$tmp/alias.epub" "$tmp/alias.txt"

# --- text --------------------------------------------------------------------
head -c 50000000 /dev/zero | tr '\0' '\n' > "$tmp/newlines.txt"
stays_under "50 MB of newlines as text" 20 256 1 "$rod" convert "$tmp/newlines.txt" "$tmp/nl.rod" -q
rm -f "$tmp/newlines.txt" "$tmp/nl.rod"

# --- many small things -------------------------------------------------------
# eight bytes a paragraph: the model spends 250 on each, libxml2's tree as
# much again; refused at the limit stated for a file of its size
for f in tiny.rod tiny.html tiny.txt; do
    stays_under "32 MB of one-letter paragraphs ($f)" 30 512 1 "$rod" convert "$tmp/$f" "$tmp/tiny.epub" -q
    check "  ... refused at rod's limit for its size" grep -Eq "rod's limit for (a [a-z]+ of )?its size" "$tmp/err"
done
rm -f "$tmp"/tiny.*

# --- images --------------------------------------------------------------------
# a 28-byte GIF whose screen is 1 x 1 and whose frame is 40000 x 40000
stays_under "a .rod with a 1 x 1 GIF holding a 40000 x 40000 frame, rendered" 20 128 0 \
    "$rod" render "$tmp/frame.rod" --page 2 -o "$tmp/page.png"
stays_under "  ... read" 20 128 0 "$rod" info "$tmp/frame.rod"
check "  ... warns that the frame is over the limit" \
    grep -q 'is not drawn: 40000 x 40000 pixels in frame 1 is 1526 megapixels, over rod.s limit of 64' "$tmp/err"
for fmt in fb2 epub; do
    stays_under "  ... as $fmt, converted" 20 128 0 "$rod" convert "$tmp/frame.$fmt" "$tmp/frame-$fmt.rod"
    check "  ... as $fmt: the image is not kept, with a warning naming the frame" \
        bash -c "grep -q 'too large to keep: 40000 x 40000 pixels in frame 1' '$tmp/err' && ! grep -q '<binary' '$tmp/frame-$fmt.rod'"
done

# a GIF whose first frame is 0 pixels wide: SDL2_image reads on inside its
# data, where a 30000 x 30000 frame waits
stays_under "a GIF frame of width 0 hiding a 30000 x 30000 frame, rendered" 20 128 0 \
    "$rod" render "$tmp/zero.rod" --page 2 -o "$tmp/page.png"

# a 23000 x 23000 PNG of 560 KB inside a .rod (binaries there were never checked)
stays_under "a .rod with a 23000 x 23000 PNG, rendered" 20 128 0 \
    "$rod" render "$tmp/png.rod" --page 2 -o "$tmp/page.png"

# a progressive JPEG of 8000 x 8000: 61 megapixels, but libjpeg keeps the
# coefficients of the whole image besides the picture (611 MiB)
stays_under "a .rod with a progressive 8000 x 8000 JPEG, rendered" 20 128 0 \
    "$rod" render "$tmp/jpeg.rod" --page 2 -o "$tmp/page.png"

# an SVG of 100000 x 100000 is drawn at the size it is shown at
stays_under "a .rod with an SVG of 100000 x 100000, rendered" 20 128 0 \
    "$rod" render "$tmp/svg.rod" --page 2 -o "$tmp/page.png"
# a path of 4,000 overlapping curves: nanosvg's time grows with their square
stays_under "a .rod with an SVG path of 4,000 overlapping curves, rendered" 5 128 0 \
    "$rod" render "$tmp/curves.rod" --page 2 -o "$tmp/page.png"

# six 7000 x 7000 images: laying the book out measured each by decoding it
# and kept them all (147 MB each)
stays_under "a .rod with six 7000 x 7000 PNGs, paginated" 30 256 0 "$rod" paginate "$tmp/six.rod"
stays_under "  ... a page of them rendered" 30 512 0 "$rod" render "$tmp/six.rod" --page 3 -o "$tmp/page.png"
rm -f "$tmp/six.rod" "$tmp"/*.gif "$tmp"/*.jpg "$tmp"/*.svg "$tmp/page.png"
