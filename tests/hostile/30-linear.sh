# 30-linear.sh — work that must stay linear in the input: ids shared by
# thousands of elements (renaming X-2, X-3... must not scan), binaries
# sharing an id, one element with 150,000 attributes (libxml2 checks each
# against all before it), and writers asked once per note, image or
# chapter. Each input is made at a size the old quadratic code could not
# finish in the limit; then a ratio check: CPU seconds at 4n over n (best
# of two when the first tries fail) must stay under 8 (linear is 4,
# quadratic 16).
# bench/bench_hostile times the same shapes at 100,000.

png='iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP4//8/AwAI/AL+p5qgoAAAAABJRU5ErkJggg=='
fb2_open='<?xml version="1.0" encoding="UTF-8"?><FictionBook xmlns="http://www.gribuser.ru/xml/fictionbook/2.0" xmlns:l="http://www.w3.org/1999/xlink"><description><title-info><book-title>Linear</book-title></title-info></description>'
rod_open='<?xml version="1.0" encoding="UTF-8"?><rod xmlns="urn:isolinear:rod:1" version="1"><head><title>Linear</title></head>'

# make KIND N: the input of that kind and size on standard output
make() {
    awk -v kind="$1" -v n="$2" -v png="$png" -v fb2="$fb2_open" -v rod="$rod_open" 'BEGIN {
    if (kind == "html-ids") {
        print "<html><head><title>Linear</title></head><body>"
        for (i = 0; i < n; i++) printf "<p id=\"a\">paragraph %d</p>\n", i
        print "<p><a href=\"#a\">the first</a></p></body></html>"
    } else if (kind == "fb2-ids") {
        print fb2 "<body>"
        for (i = 0; i < n; i++) printf "<section id=\"s\"><p>section %d</p></section>\n", i
        print "</body></FictionBook>"
    } else if (kind == "fb2-bins") {
        print fb2 "<body><section>"
        for (i = 0; i < n; i++) print "<image l:href=\"#b\"/>"
        print "</section></body>"
        for (i = 0; i < n; i++) printf "<binary id=\"b\" content-type=\"image/png\">%s</binary>\n", png
        print "</FictionBook>"
    } else if (kind ~ /-attrs$/) {
        if (kind == "rod-attrs") printf "%s<body><p", rod
        else if (kind == "html-attrs") printf "<html><head><title>A</title></head><body><p"
        else printf "%s<body><section><p", fb2
        for (i = 0; i < n; i++) printf " a%d=\"v\"", i
        if (kind == "rod-attrs") print ">text</p></body></rod>"
        else if (kind == "html-attrs") print ">text</p></body></html>"
        else print ">text</p></section></body></FictionBook>"
    } else if (kind == "rod-notes") {
        print rod "<body>"
        for (i = 0; i < n; i++) printf "<p>text<noteref to=\"#n%d\">%d</noteref></p>\n", i, i + 1
        print "</body><notes>"
        for (i = 0; i < n; i++) printf "<note id=\"n%d\"><p>note %d</p></note>\n", i, i + 1
        print "</notes></rod>"
    } else if (kind == "rod-images") {
        print rod "<body>"
        for (i = 0; i < n; i++) printf "<image src=\"#i%d\" alt=\"%d\"/>\n", i, i
        print "</body>"
        for (i = 0; i < n; i++) printf "<binary id=\"i%d\" type=\"image/png\">%s</binary>\n", i, png
        print "</rod>"
    } else if (kind == "rod-chapters") {
        print rod "<body>"
        for (i = 0; i < n; i++)
            printf "<section><title>Chapter %d</title><p>text<noteref to=\"#n%d\">1</noteref></p></section>\n", i + 1, i
        print "</body><notes>"
        for (i = 0; i < n; i++) printf "<note id=\"n%d\"><p>note</p></note>\n", i
        print "</notes></rod>"
    } else if (kind == "rod-dup-ids") {
        print rod "<body>"
        for (i = 0; i < n; i++) printf "<p id=\"a\">p <a href=\"#a\">%d</a></p>\n", i
        print "</body></rod>"
    }
    }'
}

# cpu_of FILE OUT: user+system seconds of one conversion (999 when it
# failed or ran past 15 s)
cpu_of() {
    /usr/bin/time -f '%U %S' -o "$tmp/cpu" timeout -s KILL 15 "$rod" convert "$1" "$2" -q \
        >/dev/null 2>&1 || { echo 999; return; }
    awk '{ printf "%.2f", $1 + $2 }' "$tmp/cpu"
}
least() { awk -v a="$1" -v b="$2" 'BEGIN { print (a < b ? a : b) }'; }
ratio_ok() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(b < 0.25 || (a > 0 && b / a < 8)) }'; }

# ratio NAME KIND EXT OUT N: CPU time at 4N over N stays under 8 (linear
# work gives 4, quadratic 16). One try of each size; only when that fails
# is each size tried again and the least of the two tries judged, as the
# check always judged, so noise still cannot fail linear work; a pass no
# longer pays for second tries. Quadratic work cannot pass by noise on the first try: it
# would need the small run slowed to twice its time and the large one not
# (16 / 2 = 8), while the two run back to back on the same machine.
ratio() {
    local name=$1 kind=$2 ext=$3 out=$4 small=$5
    make "$kind" "$small" >"$tmp/r1.$ext"
    make "$kind" $((small * 4)) >"$tmp/r4.$ext"
    local t1 t4
    t1=$(cpu_of "$tmp/r1.$ext" "$tmp/r1-out.$out")
    t4=$(cpu_of "$tmp/r4.$ext" "$tmp/r4-out.$out")
    if ! ratio_ok "$t1" "$t4"; then
        t1=$(least "$t1" "$(cpu_of "$tmp/r1.$ext" "$tmp/r1-out.$out")")
        t4=$(least "$t4" "$(cpu_of "$tmp/r4.$ext" "$tmp/r4-out.$out")")
    fi
    if ratio_ok "$t1" "$t4"; then
        tap ok "$name: 4x the input costs less than 8x the time ($t1 s, $t4 s of CPU)"
    else
        tap fail "$name: 4x the input costs less than 8x the time ($t1 s, $t4 s of CPU)"
    fi
}

make html-ids 20000 >"$tmp/ids.html"
stays_under "HTML, 20,000 <p id=\"a\"> to rod" 10 256 0 "$rod" convert "$tmp/ids.html" "$tmp/ids.rod" -q
check "HTML, 20,000 shared ids: the last is renamed a-20000" grep -q 'id="a-20000"' "$tmp/ids.rod"
stays_under "HTML, 20,000 shared ids: the .rod written validates" 10 256 0 "$rod" validate "$tmp/ids.rod"
ratio "HTML, shared ids" html-ids html rod 2000

make fb2-ids 20000 >"$tmp/ids.fb2"
stays_under "FB2, 20,000 sections id=\"s\" to rod" 10 256 0 "$rod" convert "$tmp/ids.fb2" "$tmp/ids-fb2.rod" -q
stays_under "FB2, 20,000 shared ids: the .rod written validates" 10 256 0 "$rod" validate "$tmp/ids-fb2.rod"
ratio "FB2, shared ids" fb2-ids fb2 rod 2000

make fb2-bins 20000 >"$tmp/bins.fb2"
stays_under "FB2, 20,000 binaries id=\"b\" to rod" 10 256 0 "$rod" convert "$tmp/bins.fb2" "$tmp/bins.rod"
check "FB2, shared binary ids: the later ones are named in a warning" grep -q "a second binary" "$tmp/err"
check "FB2, shared binary ids: one binary is kept" test "$(grep -c '<binary' "$tmp/bins.rod")" -eq 1
stays_under "FB2, 20,000 binaries: the .rod written validates" 10 256 0 "$rod" validate "$tmp/bins.rod"
ratio "FB2, shared binary ids" fb2-bins fb2 rod 1000

for kind in rod-attrs html-attrs fb2-attrs; do
    ext=${kind%-attrs}
    make "$kind" 150000 >"$tmp/attrs.$ext"
    stays_under "$ext, one element with 150,000 attributes" 10 256 0 \
        "$rod" convert "$tmp/attrs.$ext" "$tmp/attrs-$ext.rod"
    check "$ext, 150,000 attributes: the text is kept" grep -q '>text</p>' "$tmp/attrs-$ext.rod"
    if [ "$ext" != rod ]; then
        check "$ext, 150,000 attributes: a warning names the element and the cap" \
            grep -qE ':1:[0-9]+: warning: <p> has 150000 attributes; rod reads the first 64' "$tmp/err"
    fi
    ratio "$ext, attributes of one element" "$kind" "$ext" txt 5000
done
make rod-attrs 150000 >"$tmp/attrs.rod"
stays_under "rod validate, one element with 150,000 attributes" 10 256 1 \
    "$rod" validate "$tmp/attrs.rod"

# the writers, once per note, image and chapter
make rod-notes 50000 >"$tmp/notes.rod"
make rod-images 50000 >"$tmp/images.rod"
make rod-chapters 5000 >"$tmp/chapters.rod"
# (the formats whose writers look notes and images up)
for fmt in txt html epub; do
    stays_under ".rod with 50,000 notes to $fmt" 10 512 0 "$rod" convert "$tmp/notes.rod" "$tmp/notes.$fmt" -q
done
for fmt in html md epub; do
    stays_under ".rod with 50,000 images to $fmt" 10 512 0 "$rod" convert "$tmp/images.rod" "$tmp/images.$fmt" -q
done
stays_under ".rod with 5,000 chapters to epub" 10 512 0 "$rod" convert "$tmp/chapters.rod" "$tmp/chapters.epub" -q
ratio ".rod with notes, to html" rod-notes rod html 5000
ratio ".rod with images, to html" rod-images rod html 5000
ratio ".rod with chapters, to epub" rod-chapters rod epub 1000

# duplicate ids in a .rod: made unique on reading, so what rod writes validates
make rod-dup-ids 20000 >"$tmp/dup.rod"
stays_under ".rod with 20,000 equal ids to rod" 10 256 0 "$rod" convert "$tmp/dup.rod" "$tmp/dup-out.rod"
check ".rod with equal ids: the renaming is reported" grep -q "duplicate ids were renamed" "$tmp/err"
stays_under ".rod with 20,000 equal ids: the .rod written validates" 10 256 0 "$rod" validate "$tmp/dup-out.rod"
stays_under "rod validate, 20,000 equal ids: refused" 10 256 1 "$rod" validate "$tmp/dup.rod"
