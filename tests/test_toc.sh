#!/usr/bin/env bash
# test_toc.sh — the contents tree, the progress bar's seeking and the page
# numbers of the lists (annotations, search results), used as a person
# uses them: `rod read --script` under SDL's offscreen driver (keys,
# clicks, a drag on the bar), and then the same under a real X server
# (Xvfb) driven by xdotool when it is installed, with screenshots. The
# book is tests/fixtures/nested-parts.html, four parts of twelve
# chapters, and a long contents made here in War and Peace's shape (376
# entries in three levels). The fonts' list and a place saved while the
# library is locked by another program are checked too. Page numbers are checked against `rod paginate` at the
# reader's layout (a 700 x 900 window at scale 1: size 20, spacing 1.45,
# margins 56 by 52). Speaks TAP.
set -u
rod=$1
fixtures=$2
book=$(cd "$fixtures" && pwd)/nested-parts.html
tmp=$(mktemp -d)
shots=${ROD_SHOTS:-}
export XDG_RUNTIME_DIR=$tmp ROD_CONFIG=$tmp/settings.conf ROD_LIBRARY=$tmp/library.db
. "$(dirname "$0")/tap.sh"
pid=
finish() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null
    rm -rf "$tmp"
}
trap finish EXIT

"$rod" paginate --width 700 --height 900 --size 20 --spacing 1.45 --margins 56,52 "$book" >"$tmp/pages" 2>/dev/null
total=$(sed -n 's/^pages: //p' "$tmp/pages")
check "rod paginate lays the fixture out ($total pages)" [ "${total:-0}" -gt 50 ]

# page_at B:O: the page rod paginate says holds position B:O
page_at() {
    awk -v pos="$1" 'BEGIN { split(pos, p, ":") }
        NR > 1 { split($2, s, ":"); if (s[1] + 0 < p[1] + 0 || (s[1] == p[1] && s[2] + 0 <= p[2] + 0)) n = $1 }
        END { print n }' "$tmp/pages"
}

# run SCRIPT: the reader on the book, a fresh library each time unless
# KEEP is set, the settings kept only when SAVE is set; prints its output
run() {
    [ -n "${KEEP:-}" ] || rm -f "$ROD_LIBRARY"
    printf "%s\n" "$1" | SDL_VIDEODRIVER=offscreen "$rod" read --size 700x900 --scale 1 \
        $([ -n "${SAVE:-}" ] || echo --keep-settings) --script - "$book" 2>>"$tmp/run.err"
}

# script NAME SCRIPT: one TAP line per expect
script() {
    local out line
    out=$(run "$2")
    while IFS= read -r line; do
        case "$line" in
        "pass "*) tap ok "$1: ${line#pass -:*: }" ;;
        "FAIL "*) tap fail "$1: ${line#FAIL -:*: }" ;;
        esac
    done <<<"$out"
}

# the current place: 60 % of the book, in Chapter 29 (Part Three)
to60='idle
key g
type 60%
key Return'
here=$(run "$to60
print" | sed -n 's/.* pos=\([0-9:]*\) .*/\1/p')
check "go to 60% lands in Chapter 29" [ -n "$here" ]

# the bar: 56 to 643 at y 892 (margin 56 in a 700 window; 900 - 8); its
# middle, x 350, is page total / 2 + 1
half=$((total / 2 + 1))

# the page of each of the entries shown, by going there from the panel
pos_of_row() {     # pos_of_row N: where Enter on row N goes
    local downs="" i
    for ((i = 0; i < $1; i++)); do downs+=$'key Down\n'; done
    run "$to60
key t
key Home
${downs}key Return
print" | sed -n 's/.* pos=\([0-9:]*\) .*/\1/p'
}
if [ -z "${ROD_XVFB_INNER:-}" ]; then
p_part1=$(page_at "$(pos_of_row 0)")
p_part3=$(page_at "$(pos_of_row 2)")
p_ch25=$(page_at "$(pos_of_row 3)")
p_ch29=$(page_at "$here")
p_part4=$(page_at "$(pos_of_row 15)")

script contents "$to60
key t
expect panel contents
expect rows 16
expect row 0 + Part One | $p_part1
expect row 1 + Part Two | *
expect row 2 - Part Three | $p_part3
expect row 3 . Chapter 25 | $p_ch25
expect row 7 . Chapter 29 | $p_ch29 (current) (selected)
expect row 15 + Part Four | $p_part4
key Home
key Right
expect rows 28
expect row 0 - Part One | $p_part1 (selected)
expect row 1 . Chapter 1 | *
key Left
expect rows 16
expect row 0 + Part One | $p_part1 (selected)
key Right
key Right
expect row 1 . Chapter 1 | * (selected)
key Left
expect row 0 - Part One | * (selected)
key -
expect rows 16
key +
expect rows 28
key Escape
key t
expect rows 16
click 22 70
expect panel contents
expect rows 28
expect row 1 - Part Two | *
click 150 70
expect panel none
expect words Part Two Part Two opens here
key alt+Left
expect pos $here
key t
key Down
key Down
key Return
expect words Chapter 31
key alt+Left
expect pos $here"

quarter=$((total * 144 / 587 + 1))
script seek "$to60
press 350 893
expect panel seek
move 200 893
expect row 0 Part * · Chapter * | Page $quarter of $total
release 200 893
expect panel none
expect page $quarter
key alt+Left
expect pos $here
press 350 893
release 350 893
expect page $half
key alt+Left
expect pos $here
key alt+Right
expect page $half"

# before the book is laid out: "…" for a page, and a seek by the text
# (half the text is where Part Three begins; half the pages is page $half)
script "before the layout" "key t
expect row 0 + Part One | … (selected)
key Escape
press 350 893
expect row 0 Part Three | Page … · 50%
release 350 893
expect words Part Three Part Three opens here
idle
key t
expect row 0 + Part One | $p_part1
expect row 2 + Part Three | $p_part3 (current) (selected)"

# search results and annotations: their page numbers
hitpos=$(run 'idle
key ctrl+f
type Chapter40para3
key Return
key Return
print' | sed -n 's/.* pos=\([0-9:]*\) .*/\1/p')
p_hit=$(page_at "$hitpos")
script results "idle
key ctrl+f
type Chapter40para3
key Return
expect panel results
expect row 0 $p_hit | Chapter40para3"
rm -f "$ROD_LIBRARY"
"$rod" annotations add "$book" --at "$here-${here%%:*}:7" --reader tester >/dev/null 2>&1
KEEP=1 script annotations "idle
key a
expect rows 1
expect row 0 p. $p_ch29 · tester · Highlight · *"
fi

# ---- a long contents: War and Peace's shape, 376 entries in three levels ----
if [ -z "${ROD_XVFB_INNER:-}" ]; then
# war_and_peace FILE: fifteen books of 22 chapters, then an epilogue in
# two parts of 16 and 12 chapters, made here (no corpus needed); each
# heading is followed by one paragraph and the title page is block 0, so
# entry E of the contents (in reading order) starts at block 2E + 1
war_and_peace() {
    local names=(One Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve Thirteen Fourteen Fifteen)
    local words="the prince said that the army had crossed the river at dawn while the guns were silent and the snow fell on the road to the village where the old count waited for news of his son"
    local b c
    {
        echo '<!DOCTYPE html>'
        echo '<html lang="en"><head><meta charset="utf-8"><title>The Long Book</title></head><body>'
        for ((b = 1; b <= 15; b++)); do
            echo "<h1>Book ${names[b - 1]}</h1><p>B${b}opens $words.</p>"
            for ((c = 1; c <= 22; c++)); do
                echo "<h2>Chapter $c</h2><p>B${b}C${c} $words.</p>"
            done
        done
        echo "<h1>Epilogue</h1><p>Eopens $words.</p>"
        echo "<h2>First Epilogue</h2><p>E1opens $words.</p>"
        for ((c = 1; c <= 16; c++)); do echo "<h3>Chapter $c</h3><p>E1C${c} $words.</p>"; done
        echo "<h2>Second Epilogue</h2><p>E2opens $words.</p>"
        for ((c = 1; c <= 12; c++)); do echo "<h3>Chapter $c</h3><p>E2C${c} $words.</p>"; done
        echo '</body></html>'
    } >"$1"
}
long=$tmp/long-book.html
war_and_peace "$long"
"$rod" paginate --width 700 --height 900 --size 20 --spacing 1.45 --margins 56,52 "$long" >"$tmp/long-pages" 2>/dev/null
lpage() {   # lpage E: the page rod paginate says holds entry E's start
    awk -v b=$((2 * $1 + 1)) 'NR > 1 { split($2, s, ":"); if (s[1] + 0 <= b) n = $1 } END { print n }' "$tmp/long-pages"
}
# long SCRIPT: the reader on the long book at Book Fourteen, Chapter 20
# (entry 13 * 23 + 20 = 319, block 639), which starts a page
long() {
    rm -f "$ROD_LIBRARY"
    printf "%s\n" "$1" | SDL_VIDEODRIVER=offscreen "$rod" read --size 700x900 --scale 1 --keep-settings \
        --at 639:0 --script - "$long" 2>/dev/null
}
lscript() {
    local line
    while IFS= read -r line; do
        case "$line" in
        "pass "*) tap ok "long contents: ${line#pass -:*: }" ;;
        "FAIL "*) tap fail "long contents: ${line#FAIL -:*: }" ;;
        esac
    done <<<"$(long "$1")"
}
check "the long book has 376 entries in its contents (rod paginate: $(sed -n 's/^pages: //p' "$tmp/long-pages") pages)" \
    [ "$(grep -c '<h[123]>' "$long")" = 376 ]
check "it opens at Book Fourteen, Chapter 20" grep -q 'words="Chapter 20 B14C20' <<<"$(long print)"
# the rows shown when the panel opens: the fifteen books and the epilogue
# closed but Book Fourteen, opened at the current chapter (16 + 22 rows);
# the window has room for (900 - 64) / 28 = 29 of them, so the current
# one (row 33) is shown only if the panel scrolled to it
rows=$(for i in $(seq 0 37); do echo "expect row $i ?"; done)
shown=$(long "idle
key t
$rows" | sed -n 's/.*: expected row \([0-9]*\) ?, but it reads "\(.*\)"$/\1 \2/p')
first=$(grep -v "(off screen)" <<<"$shown" | head -1 | cut -d' ' -f1)
scrolled() { [ -n "$first" ] && [ "$first" -gt 0 ] && [ "$first" -le 33 ] && [ $((first + 28)) -ge 33 ]; }
check "the panel shows rows ${first:-?} to $((${first:-0} + 28)), scrolled to the current chapter (row 33)" scrolled
full() { [ -n "$first" ] && [ $((first + 28)) -le 37 ]; }
check "and is not scrolled past its last row (37), leaving rows empty" full
lscript "idle
key t
expect panel contents
expect rows 38
expect row 0 + Book One | $(lpage 0) (off screen)
expect row 12 + Book Thirteen | $(lpage 276)*
expect row 13 - Book Fourteen | $(lpage 299)*
expect row 14 . Chapter 1 | $(lpage 300)*
expect row 33 . Chapter 20 | $(lpage 319) (current) (selected)
expect row 35 . Chapter 22 | $(lpage 321)
expect row 36 + Book Fifteen | $(lpage 322)
expect row 37 + Epilogue | $(lpage 345)
shot $tmp/long-toc.png
key Left
expect row 13 - Book Fourteen | * (selected)
expect row 33 . Chapter 20 | * (current)
key Left
expect rows 16
expect row 13 + Book Fourteen | $(lpage 299) (selected)
key End
expect row 15 + Epilogue | $(lpage 345) (selected)
key Right
expect rows 18
expect row 15 - Epilogue | * (selected)
expect row 16 + First Epilogue | $(lpage 346)
expect row 17 + Second Epilogue | $(lpage 363)
key Right
expect row 16 + First Epilogue | * (selected)
key Right
expect rows 34
expect row 17 . Chapter 1 | $(lpage 347)
expect row 32 . Chapter 16 | $(lpage 362)*
expect row 33 + Second Epilogue | *
key Left
expect rows 18
key Down
expect row 17 + Second Epilogue | * (selected)
key +
expect rows 30
expect row 18 . Chapter 1 | $(lpage 364)
expect row 29 . Chapter 12 | $(lpage 375)*
key -
expect rows 18
key +
expect rows 30
expect row 24 . Chapter 7 | $(lpage 370)"
# a click on a deep entry (Second Epilogue, Chapter 7: row 24), at its
# place in the window as the panel is scrolled then
deep="idle
key t
key Left
key Left
key End
key Right
key Right
key Right
key Left
key Down
key +"
top=$(long "$deep
$(for i in $(seq 0 29); do echo "expect row $i ?"; done)" |
    sed -n 's/.*: expected row \([0-9]*\) ?, but it reads "\(.*\)"$/\1 \2/p' | grep -v "(off screen)" | head -1 | cut -d' ' -f1)
lscript "$deep
expect row 24 . Chapter 7 | $(lpage 370)
click 150 $((44 + 28 * (24 - ${top:-0})))
expect panel none
expect page $(lpage 370)
expect shows E2C7
key t
expect rows 30
expect row 15 - Epilogue | *
expect row 17 - Second Epilogue | *
expect row 24 . Chapter 7 | $(lpage 370)*
expect row 13 + Book Fourteen | *"
# the highlight, seen on the screenshot: the current row (row 33, on the
# window's row 33 - $first) has a mark at its left edge in the link colour,
# the rows above it do not
px() { convert "$tmp/long-toc.png" -format "%[pixel:p{$1,$2}]" info: 2>/dev/null; }
ycur=$((44 + 28 * (33 - first)))
check "the screenshot of the contents was taken" [ -s "$tmp/long-toc.png" ]
marked() {  # marked Y: the row at window y Y has the mark at its left edge
    local edge inside
    edge=$(px 2 "$1") inside=$(px 250 "$1")
    [ -n "$edge" ] && [ -n "$inside" ] && [ "$edge" != "$inside" ]
}
check "on it the current chapter's row is marked at its left edge" marked $ycur
unmarked() {
    local edge inside
    edge=$(px 2 "$1") inside=$(px 250 "$1")
    [ -n "$edge" ] && [ "$edge" = "$inside" ]
}
check "and the row above it is not" unmarked $((ycur - 28))
fi

if [ -z "${ROD_XVFB_INNER:-}" ]; then
# fonts: every family for the book's language, optical sizes once; a
# choice lays the book out again keeping the first word, and is kept
fc=$(fc-list :lang=en family | cut -d, -f1 | sort -u | wc -l)
rm -f "$ROD_LIBRARY" "$ROD_CONFIG"
first=$(run "$to60
print" | sed -n 's/.* words="\([^ ]*\) .*/\1/p')
printf '%s\n' "$to60" 'key s' 'key Return' 'expect panel fonts' 'expect row 0 Default (EB Garamond) (current)' \
    "expect row $fc *" "expect row $((fc + 1)) none" | SDL_VIDEODRIVER=offscreen "$rod" read --size 700x900 \
    --scale 1 --script - "$book" >"$tmp/fonts.out" 2>&1
check "the settings' Font row opens the list of faces" grep -q "^pass.*panel fonts" "$tmp/fonts.out"
check "the default face is listed first, as the one set" grep -q "^pass.*Default (EB Garamond) (current)" "$tmp/fonts.out"
check "the list has one row for each of the $fc families fontconfig has for English" \
    grep -q "^pass.*row $fc \*" "$tmp/fonts.out"
check "and no more" grep -q "expected row $((fc + 1)) none, but the panel fonts has no row" "$tmp/fonts.out"
rows=$(for i in $(seq 1 "$fc"); do echo "expect row $i ?"; done)
names=$(run "key s
key Return
$rows" | sed -n 's/.*it reads "\(.*\)"$/\1/p')
for f in "DejaVu Serif" "DejaVu Sans" "EB Garamond"; do
    check "the list names $f once" [ "$(grep -cx "$f" <<<"$names")" = 1 ]
done
no_sizes() { ! grep -q "Garamond [0-9]" <<<"$names"; }
check "no optical size is listed apart (EB Garamond 08, 12)" no_sizes
serif=$(grep -nx "DejaVu Serif" <<<"$names" | cut -d: -f1)
: >"$tmp/run.err"
SAVE=1 script fonts "$to60
key s
key Return
$(for ((i = 0; i < serif; i++)); do echo "key Down"; done)
key Return
expect row $serif DejaVu Serif (current)
expect pos $here
expect words $first"
check "the settings file keeps the face" grep -q "^font = DejaVu Serif" "$ROD_CONFIG"
KEEP=1 script "fonts after a restart" "idle
key s
key Return
expect row $serif DejaVu Serif (current)
key Escape
key Escape
expect pos $here"
# what the two runs said, should the place be lost again (a flake seen
# once under load, not reproduced since): shown in the log
sed 's/^/# rod said: /' "$tmp/run.err" | head -5
rm -f "$ROD_CONFIG"
fi
# a place saved while another program holds the library's write lock past
# SQLite's five-second wait (as a loaded machine or a second rod can):
# the window tries again and keeps it, never dropping it without a word
if [ -z "${ROD_XVFB_INNER:-}" ]; then
rm -f "$ROD_LIBRARY" "$ROD_LIBRARY-wal" "$ROD_LIBRARY-shm" "$tmp/go.png" "$tmp/locked"
run "$to60" >/dev/null
# the locker takes the lock once the window says so (its shot), for 14 s: past the save of the page turn (5 s) and of the close after it
python3 -c 'import os, sqlite3, sys, time
go, done, db = sys.argv[1:4]
for _ in range(1200):
    if os.path.exists(go):
        break
    time.sleep(0.05)
c = sqlite3.connect(db, isolation_level=None)
c.execute("BEGIN IMMEDIATE")
open(done, "w").close()
time.sleep(14)
c.execute("COMMIT")' "$tmp/go.png" "$tmp/locked" "$ROD_LIBRARY" &
locker=$!
printf '%s\n' idle "shot $tmp/go.png" "wait 3" 'key g' 'type 30%' 'key Return' print |
    SDL_VIDEODRIVER=offscreen "$rod" read --size 700x900 --scale 1 --keep-settings --script - "$book" \
    >"$tmp/busy.out" 2>"$tmp/busy.err"
wait "$locker"
not_said() { ! grep -q '^rod:' "$1"; }
check "the library was locked while the window saved its place" [ -f "$tmp/locked" ]
at30=$(sed -n 's/.* pos=\([0-9:]*\) .*/\1/p' "$tmp/busy.out")
got=$(KEEP=1 run "print" | sed -n 's/.* pos=\([0-9:]*\) .*/\1/p')
kept() { [ -n "$at30" ] && [ "$at30" != "$here" ] && [ "$got" = "$at30" ]; }
check "the place saved under the lock (${at30:-none}) is the one the next start opens at (${got:-none})" kept
# (a sanitizer build adds its own lines there: only rod's words count)
check "and nothing was said to have failed" not_said "$tmp/busy.err"
rm -f "$ROD_LIBRARY"
fi
if [ -z "${ROD_XVFB_INNER:-}" ]; then
# a book in another language lists the faces for that language only
arabic=$fixtures/../../../shared/corpus/rtl/ar-abd-al-hamid-risala-pandoc.epub
if [ -f "$arabic" ]; then
    far=$(fc-list :lang=ar family | cut -d, -f1 | sort -u | wc -l)
    out=$(printf '%s\n' 'key s' 'key Return' "expect row $far *" "expect row $((far + 1)) none" \
          "$(for i in $(seq 1 "$far"); do echo "expect row $i EB Garamond"; done)" |
          SDL_VIDEODRIVER=offscreen "$rod" read --size 700x900 --scale 1 --keep-settings --script - "$arabic" 2>&1)
    check "an Arabic book lists the $far families fontconfig has for Arabic" grep -q "^pass.*row $far \*" <<<"$out"
    check "and no more" grep -q "expected row $((far + 1)) none, but the panel fonts has no row" <<<"$out"
    check "EB Garamond, which has no Arabic, is not among them" [ "$(grep -c "^pass.*EB Garamond" <<<"$out")" = 0 ]
else
    echo "# the corpus is not here: the Arabic list of faces is not checked"
fi
fi

# ---- under X, with xdotool: the same as a person, and screenshots ----
if [ -z "${ROD_XVFB_INNER:-}" ]; then
    for tool in xvfb-run xdotool import; do
        if ! command -v "$tool" >/dev/null; then
            echo "# $tool is not installed: the X part is skipped"
            echo "1..$n"
            [ $failed -eq 0 ]
            exit
        fi
    done
    ROD_XVFB_INNER=1 xvfb-run -a -s "-screen 0 1280x1024x24" \
        bash "$0" "$@" >"$tmp/x.tap"
    while IFS= read -r line; do
        case "$line" in
        "ok "*) tap ok "X: ${line#ok * - }" ;;
        "not ok "*) tap fail "X: ${line#not ok * - }" ;;
        "#"*) echo "$line" ;;
        esac
    done <"$tmp/x.tap"
    echo "1..$n"
    [ $failed -eq 0 ]
    exit
fi
differ() {  # differ A B: two screenshots are not the same
    ! cmp -s "$tmp/$1.png" "$tmp/$2.png"
}
shot() {    # shot NAME: the window, once it is still
    local i
    for i in $(seq 30); do
        sleep 0.2
        import -window "$wid" "$tmp/a.png" 2>/dev/null
        import -window "$wid" "$tmp/b.png" 2>/dev/null
        cmp -s "$tmp/a.png" "$tmp/b.png" && break
    done
    cp "$tmp/a.png" "$tmp/$1.png"
    [ -n "$shots" ] && cp "$tmp/$1.png" "$shots/$1.png"
}
place() {   # the saved place, read back by a script run
    KEEP=1 run "idle
print" | sed -n 's/^page=\([0-9]*\)\/.*/\1/p'
}
KEEP=1 run "$to60" >/dev/null
"$rod" read --size 700x900 --scale 1 "$book" 2>"$tmp/stderr" &
pid=$!
wid=$(timeout 20 xdotool search --sync --onlyvisible --name "Nested" | head -1)
if [ -z "$wid" ]; then
    tap fail "the window opens: $(head -c 300 "$tmp/stderr")"
    echo "1..$n"
    exit 1
fi
xdotool windowfocus --sync "$wid" 2>/dev/null || xdotool windowfocus "$wid"
sleep 1
shot page
xdotool key --clearmodifiers t
shot contents
xdotool key --clearmodifiers Home
shot contents-home
xdotool key --clearmodifiers Right
shot contents-open
check "T opens the contents (the window changes)" differ page contents
check "Right opens a part (the panel changes)" differ contents-home contents-open
xdotool key --clearmodifiers Escape
xdotool mousemove --window "$wid" 350 893 mousedown 1
sleep 0.3
xdotool mousemove --window "$wid" 250 893
shot drag
check "a drag on the bar shows where it goes" differ page drag
xdotool mousemove --window "$wid" 350 893 mouseup 1
sleep 0.5
xdotool key --clearmodifiers q
wait "$pid"
check "the reader quits after the seek, with status 0" [ $? -eq 0 ]
pid=
got=$(place)
check "a click at 50 % of the bar goes to page $half of $total (page $got)" [ "$got" = "$half" ]
"$rod" read --size 700x900 --scale 1 "$book" 2>"$tmp/stderr" &
pid=$!
wid=$(timeout 20 xdotool search --sync --onlyvisible --name "Nested" | head -1)
xdotool windowfocus --sync "$wid" 2>/dev/null || xdotool windowfocus "$wid"
sleep 1
xdotool mousemove --window "$wid" 150 893 click 1
sleep 0.5
xdotool key --clearmodifiers alt+Left
sleep 0.5
xdotool key --clearmodifiers q
wait "$pid"
pid=
check "Alt+Left after a seek comes back to page $half" [ "$(place)" = "$half" ]
echo "1..$n"
[ $failed -eq 0 ]
