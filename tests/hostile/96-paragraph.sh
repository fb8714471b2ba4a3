# 96-paragraph.sh — one paragraph of 2 MB (a text without blank lines, a
# careless conversion). Setting it must take memory for the lines it
# makes, not 60 bytes and more per byte of text for items, break
# opportunities and Knuth–Plass's nodes (the old code took 180 MB here,
# and 6.8 GB for 100 MB): it is broken a window at a time. Paginate,
# render its first page and page through it in the reader; its words are
# numbered, so the pages must show them in order.
book=$tmp/one-paragraph.rod
{
    printf '<rod xmlns="urn:isolinear:rod:1" version="1" xml:lang="en"><head><title>T</title></head>'
    printf '<body><section><title>C</title><p>'
    awk 'BEGIN { for (i = 1; i <= 100000; i++) printf "w%d extraordinary ", i }'
    printf 'end.</p><p>After the paragraph.</p></section></body></rod>\n'
} >"$book"

# 128 MB of resident memory: most of it is the program itself, not the
# paragraph — the libraries' code, ICU's data, the fonts mapped, the
# hyphenation patterns; massif puts the heap's peak at 16 MB
stays_under "a 2 MB paragraph: paginate" 30 128 0 "$rod" paginate --stats "$book"
pages=$(sed -n 's/^pages: //p' "$tmp/out")
if [ "${pages:-0}" -ge 500 ] && grep -q '^overfull lines: 0$' "$tmp/out" && grep -q '^widows: 0$' "$tmp/out"; then
    tap ok "a 2 MB paragraph: $pages pages, no line past the margin, no widow"
else
    tap fail "a 2 MB paragraph: pages '${pages:-}', $(grep -E 'overfull|widows' "$tmp/out" | tr '\n' ' ')"
fi

stays_under "a 2 MB paragraph: render its first page" 30 128 0 "$rod" render "$book" --page 2 -o "$tmp/p2.png"
check "a 2 MB paragraph: its first page is drawn" test -s "$tmp/p2.png"
rm -f "$tmp/p2.png"

# the reader opens at the title page, goes into the paragraph and on,
# then to the end: the pages' first words are w1, then later words in
# order, and the last page is the paragraph after it
export SDL_VIDEODRIVER=offscreen XDG_RUNTIME_DIR="$tmp"
rm -f "$tmp/window.db"
printf '%s\n' 'key Right' 'expect words C w1 extraordinary' 'print' 'key Right' 'print' 'key Right' 'print' \
    'key End' 'expect shows After' >"$tmp/script"
ROD_LIBRARY=$tmp/window.db limited "a 2 MB paragraph: the reader pages through" 60 160 \
    "$rod" read --size 800x1000 --scale 1 --keep-settings --script "$tmp/script" "$book"
firsts=$(sed -n 's/.* words="\([^"]*\)".*/\1/p' "$tmp/out" | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^w[0-9]+$/) { print substr($i, 2); break } }' | tr '\n' ' ')
if [ "$status" -eq 0 ] && ! grep -q '^FAIL' "$tmp/out" && [ "$(grep -c '^pass' "$tmp/out")" -eq 2 ] &&
    echo "$firsts" | awk '{ exit !(NF == 3 && $1 < $2 && $2 < $3) }'; then
    tap ok "a 2 MB paragraph: the reader shows its words in order (pages start at w$firsts)"
else
    tap fail "a 2 MB paragraph: the reader: $(grep -m1 '^FAIL' "$tmp/out") (status $status, words $firsts)"
fi
