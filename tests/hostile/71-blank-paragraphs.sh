# 71-blank-paragraphs.sh — an HTML file of 100,000 empty paragraphs, each
# with an id, and links to them. Each one's ids go to the block after it
# (html_map.c's drop_blank): a run of them must share one search for that
# block, not walk the rest of the run each (5 x 10^9 steps here), and the
# book must keep no empty paragraph and every link.
book=$tmp/blank.html
{
    printf '<html><head><title>Blank</title></head><body><p>Links: '
    awk 'BEGIN { for (i = 1; i <= 100; i++) printf "<a href=\"#b%d\">%d</a> ", i * 1000, i }'
    printf '</p>'
    awk 'BEGIN { for (i = 1; i <= 100000; i++) printf "<p id=\"b%d\"></p>\n", i }'
    printf '<p>The end.</p></body></html>\n'
} >"$book"
stays_under "100,000 empty paragraphs with ids: convert" 30 200 0 "$rod" convert -q "$book" "$tmp/blank.rod"
if [ -s "$tmp/blank.rod" ] && ! grep -q '<p[^>]*/>' "$tmp/blank.rod" &&
    [ "$(grep -o 'href="#b1"' "$tmp/blank.rod" | wc -l)" -eq 100 ] && "$rod" validate "$tmp/blank.rod" >/dev/null 2>&1; then
    tap ok "100,000 empty paragraphs: none kept, every link lands on the paragraph after them, valid"
else
    tap fail "100,000 empty paragraphs: $(grep -c '<p[^>]*/>' "$tmp/blank.rod" 2>/dev/null) empty kept, $(grep -o 'href="#[^"]*"' "$tmp/blank.rod" 2>/dev/null | sort -u | head -3 | tr '\n' ' ')"
fi
rm -f "$tmp/blank.rod"
