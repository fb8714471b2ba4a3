# 50-links.sh — nothing from a file runs or opens things: hrefs of every
# dangerous spelling (javascript: in mixed case, behind white space,
# control characters, entities and percent-encoding; vbscript:, data:,
# file:) and the malformed ones `rod validate` rejects leave the book as
# plain text in every output format, with a warning; the .rod written
# validates; `rod validate` names the real cause; and books of 100 000
# links are judged and validated within the usual limits.
l=$tmp/links
mkdir -p "$l"
{
    printf '<html><head><title>Links</title></head><body><section><h1>One</h1><p>\n'
    for h in 'javascript:alert(1)' 'JaVaScRiPt:alert(2)' ' &#9;javascript:alert(3)' 'java&#9;script:alert(4)' \
             '&#106;avascript:alert(5)' 'javascript&#58;alert(6)' '%6Aavascript:alert(7)' 'vbscript:msgbox(8)' \
             'data:text/html,&lt;script&gt;alert(9)&lt;/script&gt;' 'file:///etc/passwd' \
             'http://http://example.org/' 'http://[bad/' 'http://example.org/%zz'; do
        printf '<a href="%s">bad</a>\n' "$h"
    done
    printf '<a href="https://example.org/good">good</a></p></section></body></html>\n'
} > "$l/links.html"
for fmt in rod html md fb2 epub txt; do
    stays_under "hostile links to $fmt" 10 64 0 "$rod" convert "$l/links.html" "$l/out.$fmt"
    if [ "$fmt" = epub ]; then
        python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); sys.stdout.write("".join(z.read(n).decode("utf-8", "replace") for n in z.namelist()))' \
            "$l/out.epub" > "$l/out.epub.txt"
        text=$l/out.epub.txt
    else
        text=$l/out.$fmt
    fi
    if grep -Eiq 'javascript|vbscript|data:text|file:|http://http:|\[bad|%zz' "$text"; then
        tap fail "  $fmt: no refused address is written ($(grep -Eio 'javascript[^"]*|vbscript[^"]*|file:[^"]*' "$text" | head -2 | tr '\n' ' '))"
    else
        tap ok "  $fmt: no refused address is written"
    fi
    if [ "$(grep -o 'bad' "$text" | wc -l)" -ge 13 ]; then tap ok "  $fmt: the text of every refused link stays"
    else tap fail "  $fmt: the text of every refused link stays"; fi
done
if grep -q "javascript:alert(1)' is not kept" "$tmp/err"; then tap ok "  a refused link is a warning naming it"
else tap fail "  a refused link is a warning naming it"; fi
grep -q 'href="https://example.org/good"' "$l/out.html" && tap ok "  the https link is kept" || tap fail "  the https link is kept"
stays_under "the .rod written validates" 10 64 0 "$rod" validate "$l/out.rod"

# rod validate: the cause, not the enclosing section
printf '<?xml version="1.0" encoding="UTF-8"?>\n<rod xmlns="urn:isolinear:rod:1" version="1">\n<head>\n<title>T</title>\n</head>\n<body>\n<section>\n<title>C</title>\n<p>Text <a href="http://http://example.org/">x</a>.</p>\n</section>\n</body>\n</rod>\n' \
    > "$l/bad.rod"
stays_under "validate a section with a bad href" 10 64 1 "$rod" validate "$l/bad.rod"
if grep -q "bad.rod:9:[0-9]*: error: .*anyURI.*http://http://example.org/" "$tmp/err" && ! grep -q epigraph "$tmp/err"; then
    tap ok "  names the href and its line, not 'Expecting element epigraph'"
else
    tap fail "  names the href and its line, not 'Expecting element epigraph'"
    sed 's/^/#   /' "$tmp/err" | head -5
fi

# many links, each judged once
awk 'BEGIN { print "<html><head><title>Many</title></head><body>";
             for (i = 0; i < 10000; i++) { printf "<p>";
               for (j = 0; j < 10; j++) printf "<a href=\"%s%d\">w</a> ", (j % 2 ? "https://example.org/p" : "javascript:x"), i;
               print "</p>" }
             print "</body></html>" }' > "$l/many.html"
stays_under "100 000 links, half refused" 20 256 0 "$rod" convert -q "$l/many.html" "$l/many.rod"
stays_under "  and the .rod validates" 20 256 0 "$rod" validate "$l/many.rod"
# and a .rod that holds them: one warning each would be quadratic work
awk 'BEGIN { print "<rod xmlns=\"urn:isolinear:rod:1\" version=\"1\"><head><title>M</title></head><body>";
             for (i = 0; i < 10000; i++) { printf "<p>";
               for (j = 0; j < 10; j++) printf "<a href=\"javascript:x%d\">w</a> ", i;
               print "</p>" }
             print "</body></rod>" }' > "$l/many-js.rod"
stays_under "validate 100 000 javascript: hrefs in a .rod" 20 256 0 "$rod" validate "$l/many-js.rod"
stays_under "read them: every one becomes text" 20 256 0 "$rod" convert "$l/many-js.rod" "$l/many-js.html"
if ! grep -q javascript "$l/many-js.html" && [ "$(grep -c 'not kept' "$tmp/err")" -le 6 ]; then
    tap ok "  none is written, and the warnings stop at a count"
else
    tap fail "  none is written, and the warnings stop at a count"
fi
# a book of 50 000 links inside it: every #id is checked, none searched
# for its column unless it is wrong (it was, for each: 13 s)
awk 'BEGIN { print "<rod xmlns=\"urn:isolinear:rod:1\" version=\"1\"><head><title>M</title></head><body>";
             for (i = 0; i < 50000; i++) printf "<p id=\"p%d\">x <a href=\"#p%d\">w</a></p>\n", i, i;
             print "</body></rod>" }' > "$l/internal.rod"
stays_under "validate 50 000 links inside the book" 10 256 0 "$rod" validate "$l/internal.rod"
