# 20-depth.sh — nesting without end: 100,000 nested sections, quotes,
# lists, epigraphs and inline elements in every format rod reads. Readers
# hold a book to ROD_MAX_DEPTH (250) levels and flatten what lies deeper
# with one warning naming file:line:col, keeping its text; libxml2's own
# limit (256) in HTML, XHTML and FB2 is reported the same way; writers
# neither overflow the stack nor write indentation that grows with depth;
# every refusal says why.

# nest N OPEN CLOSE HEAD TAIL CORE: HEAD, N times OPEN, CORE, N times CLOSE, TAIL
nest() {
    awk -v n="$1" -v o="$2" -v c="$3" -v h="$4" -v t="$5" -v core="$6" \
        'BEGIN { printf "%s", h; for (i = 0; i < n; i++) printf "%s", o; printf "%s", core;
                 for (i = 0; i < n; i++) printf "%s", c; printf "%s\n", t }'
}
rod_head='<?xml version="1.0" encoding="UTF-8"?>
<rod xmlns="urn:isolinear:rod:1" version="1"><head><title>Deep</title></head><body>'
rod_tail='</body></rod>'
html_head='<html><head><title>Deep</title></head><body>'
xhtml_head='<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>Deep</title></head><body>'
fb2_head='<?xml version="1.0" encoding="UTF-8"?><FictionBook xmlns="http://www.gribuser.ru/xml/fictionbook/2.0"><description><title-info><book-title>Deep</book-title></title-info></description><body>'

# the last command's warning about depth, with its place: FILE:LINE:COL:
warned_deep() {   # warned_deep NAME FILE (as rod was given it)
    if grep -F "$2:" "$tmp/err" | grep -qE "^[^ ]*:[0-9]+:[0-9]+: warning: .*(deep|depth)"; then
        tap ok "$1: a warning names the place"
    else
        tap fail "$1: a warning names the place"
        sed 's/^/#   /' "$tmp/err" | head -3
    fi
}

# 100,000 nested sections, the paragraph "core" at the bottom
nest 100000 '<section>' '</section>' "$rod_head" "$rod_tail" '<p>core</p>' >"$tmp/sections.rod"
for fmt in txt rod fb2 html md epub; do
    stays_under "100,000 nested sections to $fmt" 10 256 0 \
        "$rod" convert "$tmp/sections.rod" "$tmp/sections-out.$fmt"
done
warned_deep "100,000 nested sections" "$tmp/sections.rod"
check "100,000 nested sections: the innermost text is kept" grep -qx core "$tmp/sections-out.txt"
size=$(stat -c %s "$tmp/sections-out.rod" 2>/dev/null || echo 0)
if [ "$size" -gt 0 ] && [ "$size" -lt 1000000 ]; then
    tap ok "100,000 nested sections: the .rod written is small ($size bytes)"
else tap fail "100,000 nested sections: the .rod written is small ($size bytes)"; fi
stays_under "100,000 nested sections: the .rod written validates" 10 256 0 \
    "$rod" validate "$tmp/sections-out.rod"
for fmt in html epub fb2; do
    limited "100,000 nested sections: the $fmt written reads back" 10 256 \
        "$rod" convert "$tmp/sections-out.$fmt" "$tmp/back-$fmt.txt"
    check "100,000 nested sections: the $fmt written keeps the innermost text" \
        grep -qx core "$tmp/back-$fmt.txt"
done

# depth 30,000, rod to rod: indentation must not grow with depth squared
nest 30000 '<section><p>x</p>' '</section>' "$rod_head" "$rod_tail" '' >"$tmp/deep30k.rod"
stays_under "30,000 nested sections, rod to rod" 10 256 0 \
    "$rod" convert "$tmp/deep30k.rod" "$tmp/deep30k-out.rod" -q
size=$(stat -c %s "$tmp/deep30k-out.rod" 2>/dev/null || echo 0)
if [ "$size" -gt 0 ] && [ "$size" -lt 5000000 ]; then
    tap ok "30,000 nested sections: the .rod written stays linear ($size bytes)"
else tap fail "30,000 nested sections: the .rod written stays linear ($size bytes)"; fi
check "30,000 nested sections: every paragraph is kept" \
    test "$(grep -o '<p>x</p>' "$tmp/deep30k-out.rod" | wc -l)" -eq 30000

# nested block containers (20,000 deep, a paragraph at each level) and
# inline elements (100,000 deep) in .rod
nest 20000 '<quote><p>q</p>' '</quote>' "$rod_head" "$rod_tail" '<p>core</p>' >"$tmp/quotes.rod"
nest 20000 '<list><item><p>i</p>' '</item></list>' "$rod_head" "$rod_tail" '<p>core</p>' >"$tmp/lists.rod"
nest 20000 '<section><title>t</title><epigraph><p>e</p><cite>c</cite></epigraph>' '</section>' \
    "$rod_head" "$rod_tail" '<poem><stanza><line>core</line></stanza></poem>' >"$tmp/epigraphs.rod"
nest 100000 '<em>' '</em>' "$rod_head<p>" "</p>$rod_tail" 'core' >"$tmp/em.rod"
nest 100000 '<span id="s"><a href="#s">' '</a></span>' "$rod_head<p>" "</p>$rod_tail" 'core' >"$tmp/links.rod"
nest 100000 '<noteref to="#n">' '</noteref>' "$rod_head<p>" \
    "</p></body><notes><note id=\"n\"><p>note</p></note></notes></rod>" 'core' >"$tmp/noterefs.rod"
for case in quotes lists epigraphs em links noterefs; do
    stays_under "nested $case to rod" 10 256 0 \
        "$rod" convert "$tmp/$case.rod" "$tmp/$case-out.rod" -q
    stays_under "nested $case: the .rod written validates" 10 256 0 \
        "$rod" validate "$tmp/$case-out.rod"
    limited "nested $case to txt" 10 256 "$rod" convert "$tmp/$case.rod" "$tmp/$case-out.txt" -q
    check "nested $case: the innermost text is kept" grep -q core "$tmp/$case-out.txt"
done
check "20,000 nested quotes: all 20,000 paragraphs are kept" \
    test "$(grep -c '^ *q$' "$tmp/quotes-out.txt")" -eq 20000

# HTML, XHTML and FB2: libxml2 stops at 256 levels; the user hears where
nest 100000 '<em>' '</em>' "$html_head<p>" '</p></body></html>' 'core' >"$tmp/em.html"
nest 100000 '<div>' '</div>' "$xhtml_head" '</body></html>' '<p>core</p>' >"$tmp/div.xhtml"
nest 100000 '<section>' '</section>' "$fb2_head" '</body></FictionBook>' '<p>core</p>' >"$tmp/sections.fb2"
nest 100000 '<span>' '</span>' "$html_head<p>" '</p></body></html>' 'core' >"$tmp/span.html"
for f in em.html div.xhtml sections.fb2 span.html; do
    stays_under "100,000 nested in $f" 10 256 0 "$rod" convert "$tmp/$f" "$tmp/$f.rod"
    warned_deep "100,000 nested in $f" "$tmp/$f"
    stays_under "100,000 nested in $f: the .rod written validates" 10 256 0 "$rod" validate "$tmp/$f.rod"
done
# 250 quotes: within libxml2's limit, past ours: flattened, every word kept
nest 250 '<blockquote><p>d</p>' '</blockquote>' "$html_head" '</body></html>' '<p>core</p>' \
    >"$tmp/quotes250.html"
stays_under "250 nested quotes in HTML" 10 256 0 \
    "$rod" convert "$tmp/quotes250.html" "$tmp/quotes250.rod"
warned_deep "250 nested quotes in HTML" "$tmp/quotes250.html"
"$rod" convert "$tmp/quotes250.rod" "$tmp/quotes250.txt" -q 2>/dev/null
check "250 nested quotes in HTML: every paragraph is kept" \
    test "$(grep -c '^ *d$' "$tmp/quotes250.txt")" -eq 250
check "250 nested quotes in HTML: the innermost text is kept" grep -q core "$tmp/quotes250.txt"
stays_under "250 nested quotes in HTML: the .rod written validates" 10 256 0 \
    "$rod" validate "$tmp/quotes250.rod"

# rod validate says why it refuses a deep file, with the place
nest 300 '<section>' '</section>' "$rod_head" "$rod_tail" '<p>core</p>' >"$tmp/deep300.rod"
nest 251 '<quote>' '</quote>' "$rod_head" "$rod_tail" '<p>core</p>' >"$tmp/deep251.rod"
for f in deep300.rod deep251.rod; do
    stays_under "rod validate $f" 10 256 1 "$rod" validate "$tmp/$f"
    if grep -qE "$f:[0-9]+:[0-9]+: error: " "$tmp/err"; then tap ok "rod validate $f: an error names the place"
    else tap fail "rod validate $f: an error names the place"; sed 's/^/#   /' "$tmp/err" | head -3; fi
done
