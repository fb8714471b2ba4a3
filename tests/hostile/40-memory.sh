# 40-memory.sh — memory is bounded by the limits rod states: an archive's
# inflated members (128 MiB in all, each member counted once), a text's
# blank lines, and every image's decoded size, frame by frame, whatever the
# format (the importers and the renderer ask the same probe). Each input is
# at most 64 MB; no command may pass 512 MB on it.
here_hostile=$here/hostile
epubs() { python3 "$here_hostile/epubs.py" "$@"; }
images() { python3 "$here_hostile/images.py" "$@"; }

# --- archives --------------------------------------------------------------
# 135 MiB of chapters in an EPUB a quarter that size: refused at the archive's budget, with
# the real figures (the old message said "1 MiB, over rod's limit of 0 MiB")
epubs big "$tmp/big.epub" 3 45
stays_under "EPUB of three 45 MiB chapters" 30 512 1 "$rod" convert "$tmp/big.epub" "$tmp/big.rod" -q
check "  ... is refused naming the archive's limit and what is left of it" \
    grep -Eq "more than the [0-9.]+ MiB left of rod's limit of 128 MiB for a whole archive \([0-9]+\.[0-9] MiB already read\)" "$tmp/err"
check "  ... never says 0 MiB" bash -c "! grep -q ' 0 MiB' '$tmp/err'"
rm -f "$tmp/big.epub"

# one 1 MB chapter named 10,000 times: read once (the budget counts members,
# not spine entries), so the book converts
epubs alias "$tmp/alias.epub" 10000 1024
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
python3 - "$tmp" <<'EOF'
import sys
t = sys.argv[1]
open(t + '/tiny.rod', 'wb').write(b'<rod xmlns="urn:isolinear:rod:1" version="1"><head><title>T'
                                  b'</title></head><body>' + b'<p>a</p>' * 4000000 + b'</body></rod>')
open(t + '/tiny.html', 'wb').write(b'<html><body>' + b'<p>a</p>' * 4000000 + b'</body></html>')
open(t + '/tiny.txt', 'wb').write(b'a\n\n' * 10000000)
EOF
for f in tiny.rod tiny.html tiny.txt; do
    stays_under "32 MB of one-letter paragraphs ($f)" 30 512 1 "$rod" convert "$tmp/$f" "$tmp/tiny.epub" -q
    check "  ... refused at rod's limit for its size" grep -Eq "rod's limit for (a [a-z]+ of )?its size" "$tmp/err"
done
rm -f "$tmp"/tiny.*

# --- images --------------------------------------------------------------------
# a 28-byte GIF whose screen is 1 x 1 and whose frame is 40000 x 40000
images gif-frame "$tmp/frame.gif" 40000 40000
images rod "$tmp/frame.rod" "$tmp/frame.gif"
stays_under "a .rod with a 1 x 1 GIF holding a 40000 x 40000 frame, rendered" 20 128 0 \
    "$rod" render "$tmp/frame.rod" --page 2 -o "$tmp/page.png"
stays_under "  ... read" 20 128 0 "$rod" info "$tmp/frame.rod"
check "  ... warns that the frame is over the limit" \
    grep -q 'is not drawn: 40000 x 40000 pixels in frame 1 is 1526 megapixels, over rod.s limit of 64' "$tmp/err"
for fmt in fb2 epub; do
    images $fmt "$tmp/frame.$fmt" "$tmp/frame.gif"
    stays_under "  ... as $fmt, converted" 20 128 0 "$rod" convert "$tmp/frame.$fmt" "$tmp/frame-$fmt.rod"
    check "  ... as $fmt: the image is not kept, with a warning naming the frame" \
        bash -c "grep -q 'too large to keep: 40000 x 40000 pixels in frame 1' '$tmp/err' && ! grep -q '<binary' '$tmp/frame-$fmt.rod'"
done

# a GIF whose first frame is 0 pixels wide: SDL2_image reads on inside its
# data, where a 30000 x 30000 frame waits
images gif-zero "$tmp/zero.gif" 30000 30000
images rod "$tmp/zero.rod" "$tmp/zero.gif"
stays_under "a GIF frame of width 0 hiding a 30000 x 30000 frame, rendered" 20 128 0 \
    "$rod" render "$tmp/zero.rod" --page 2 -o "$tmp/page.png"

# a 23000 x 23000 PNG of 560 KB inside a .rod (binaries there were never checked)
images png "$tmp/big.png" 23000 23000
images rod "$tmp/png.rod" "$tmp/big.png"
stays_under "a .rod with a 23000 x 23000 PNG, rendered" 20 128 0 \
    "$rod" render "$tmp/png.rod" --page 2 -o "$tmp/page.png"
rm -f "$tmp/big.png"

# a progressive JPEG of 8000 x 8000: 61 megapixels, but libjpeg keeps the
# coefficients of the whole image besides the picture (611 MiB)
images jpeg-sof "$tmp/prog.jpg" 8000 8000
images rod "$tmp/jpeg.rod" "$tmp/prog.jpg"
stays_under "a .rod with a progressive 8000 x 8000 JPEG, rendered" 20 128 0 \
    "$rod" render "$tmp/jpeg.rod" --page 2 -o "$tmp/page.png"

# an SVG of 100000 x 100000 is drawn at the size it is shown at
images svg "$tmp/huge.svg" 100000 100000
images rod "$tmp/svg.rod" "$tmp/huge.svg"
stays_under "a .rod with an SVG of 100000 x 100000, rendered" 20 128 0 \
    "$rod" render "$tmp/svg.rod" --page 2 -o "$tmp/page.png"
# a path of 4,000 overlapping curves: nanosvg's time grows with their square
python3 -c "
d = 'M0 0' + ' C0 0 1000 1000 0 1000 C1000 0 0 0 1000 1000' * 2000
open('$tmp/curves.svg', 'w').write('<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1000\" '
    'height=\"1000\"><path d=\"%s\" fill=\"none\" stroke=\"black\"/></svg>' % d)"
images rod "$tmp/curves.rod" "$tmp/curves.svg"
stays_under "a .rod with an SVG path of 4,000 overlapping curves, rendered" 5 128 0 \
    "$rod" render "$tmp/curves.rod" --page 2 -o "$tmp/page.png"

# six 7000 x 7000 images: laying the book out measured each by decoding it
# and kept them all (147 MB each)
python3 - "$tmp/six.rod" <<'EOF'
import base64, struct, sys, zlib
def chunk(k, d):
    return struct.pack('>I', len(d)) + k + d + struct.pack('>I', zlib.crc32(k + d))
w = h = 7000
c = zlib.compressobj(9)
row = b'\x00' + b'\xc8\x1e\x1e' * w
idat = b''.join(c.compress(row) for _ in range(h)) + c.flush()
png = (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0)) +
       chunk(b'IDAT', idat) + chunk(b'IEND', b''))
b64 = base64.b64encode(png).decode()
body = ''.join('<p>Picture %d.</p><image src="#i%d"/>' % (i, i) for i in range(6))
bins = ''.join('<binary id="i%d" type="image/png">%s</binary>' % (i, b64) for i in range(6))
open(sys.argv[1], 'w').write('<?xml version="1.0" encoding="UTF-8"?>\n<rod xmlns="urn:isolinear:'
    'rod:1" version="1" xml:lang="en"><head><title>Six</title></head><body>%s</body>%s</rod>\n'
    % (body, bins))
EOF
stays_under "a .rod with six 7000 x 7000 PNGs, paginated" 30 256 0 "$rod" paginate "$tmp/six.rod"
stays_under "  ... a page of them rendered" 30 512 0 "$rod" render "$tmp/six.rod" --page 3 -o "$tmp/page.png"
rm -f "$tmp/six.rod" "$tmp"/*.gif "$tmp"/*.jpg "$tmp"/*.svg "$tmp/page.png"
