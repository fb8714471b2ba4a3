# 95-noterefs.sh — many small inline elements in one paragraph: 10,000
# adjacent noterefs (and <em>, <sup>, <a>, <br/>, nested <strong><sub>),
# none with a space around it. The paragraph is one unbreakable run of
# one-character boxes; it must be cut between them like any word wider
# than the line, not lost ("out of memory", 0 pages, a chapter the reader
# skips). Each book goes through paginate, render and the reader window.
many_inline() {   # KIND OPEN CLOSE FILE
    {
        printf '<rod xmlns="urn:isolinear:rod:1" version="1" xml:lang="en"><head><title>T</title></head>'
        printf '<body><section><title>C</title><p>Start word'
        awk -v o="$2" -v c="$3" 'BEGIN { for (i = 0; i < 10000; i++) printf "%s7%s", o, c }'
        printf ' end.</p><p>After the run.</p></section></body>'
        printf '<notes><note id="n"><p>The note.</p></note></notes></rod>\n'
    } >"$4"
}

export SDL_VIDEODRIVER=offscreen XDG_RUNTIME_DIR="$tmp"
for spec in 'noteref|<noteref to="#n">|</noteref>' 'em|<em>|</em>' 'sup|<sup>|</sup>' \
            'a|<a href="#n">|</a>' 'br||<br/>' 'strong-sub|<strong><sub>|</sub></strong>'; do
    IFS='|' read -r kind open close <<<"$spec"
    book=$tmp/many-$kind.rod
    many_inline "$kind" "$open" "$close" "$book"

    stays_under "10,000 adjacent $kind: paginate" 20 128 0 "$rod" paginate --stats "$book"
    pages=$(sed -n 's/^pages: //p' "$tmp/out")
    if [ "${pages:-0}" -ge 3 ] && grep -q '^overfull lines: 0$' "$tmp/out"; then
        tap ok "10,000 adjacent $kind: $pages pages, no line past the margin"
    else
        tap fail "10,000 adjacent $kind: pages '${pages:-}', $(grep overfull "$tmp/out")"
    fi

    stays_under "10,000 adjacent $kind: render page 3" 20 192 0 "$rod" render "$book" --page 3 -o "$tmp/p3.png"
    check "10,000 adjacent $kind: page 3 is drawn" test -s "$tmp/p3.png"

    # the reader: the chapter is there (not skipped to the notes), its
    # pages are the run's characters, and the paragraph after it follows
    rm -f "$tmp/p3.png" "$tmp/window.db"
    printf '%s\n' 'key Right' 'expect words C Start word7' 'key Right' 'expect words 7' \
        'key End' 'expect words The note.' >"$tmp/script"
    ROD_LIBRARY=$tmp/window.db limited "10,000 adjacent $kind: the reader pages through" 30 256 \
        "$rod" read --size 800x1000 --scale 1 --keep-settings --script "$tmp/script" "$book"
    if [ "$status" -eq 0 ] && ! grep -q '^FAIL' "$tmp/out" && [ "$(grep -c '^pass' "$tmp/out")" -eq 3 ]; then
        tap ok "10,000 adjacent $kind: the reader shows the chapter's pages"
    else
        tap fail "10,000 adjacent $kind: the reader: $(grep -m1 '^FAIL' "$tmp/out") (status $status)"
    fi
done
