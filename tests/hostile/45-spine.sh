# 45-spine.sh — each spine file is read once, at its first place: entries
# naming one member by any spelling (c1.xhtml, c1.xhtml#s2, ./c1.xhtml,
# %63.xhtml, x/../c.xhtml, another idref) are one chapter, with one
# warning; and a spine of 100,000 entries is no quadratic walk.
# the three books, made by one Python run
python3 - "$here/hostile" "$tmp" <<'EOF_PY'
import sys
sys.path.insert(0, sys.argv[1])
import epubs
t = sys.argv[2]
epubs.twice(t + '/twice.epub')
epubs.alias(t + '/alias.epub', 100000, 1)
epubs.distinct(t + '/distinct.epub', 30000)
EOF_PY

stays_under "a spine naming c1.xhtml, c1.xhtml#s2, c2.xhtml, c1.xhtml" 5 64 0 \
    "$rod" convert "$tmp/twice.epub" "$tmp/twice.txt"
check "  ... reads c1.xhtml once" bash -c "[ \$(grep -c zanzibar '$tmp/twice.txt') -eq 1 ]"
check "  ... and c2.xhtml after it" \
    bash -c "grep -n -e zanzibar -e quixotic '$tmp/twice.txt' | cut -d: -f1 | sort -c -n"
check "  ... with one warning for both repeats" \
    bash -c "[ \$(grep -c 'again' '$tmp/err') -eq 1 ] && grep -q \"the spine names 'OEBPS/c1.xhtml' again; each file is read once, at its first place in the spine (2 repeated entries ignored)\" '$tmp/err'"

# one chapter, 100,000 entries, five spellings of its path
stays_under "a spine of 100,000 entries naming one chapter" 10 256 0 \
    "$rod" convert "$tmp/alias.epub" "$tmp/alias.rod" -q
check "  ... which is read once" \
    bash -c "[ \$(grep -c '<p>' '$tmp/alias.rod') -lt 20 ]"

# 30,000 chapters and a contents naming each (the spine was walked once for
# every contents entry, and every spine entry looked its item up by a walk
# of the manifest: 70 s; now 1 s, 10 under AddressSanitizer)
stays_under "an EPUB of 30,000 chapters" 30 256 0 "$rod" convert "$tmp/distinct.epub" "$tmp/d.rod" -q
check "  ... all of them" bash -c "[ \$(grep -c '<section' '$tmp/d.rod') -eq 30000 ]"
rm -f "$tmp"/*.epub "$tmp/twice.txt" "$tmp/alias.rod" "$tmp/d.rod"
