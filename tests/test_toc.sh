#!/usr/bin/env bash
# test_toc.sh — the contents tree, the progress bar's seeking and the page
# numbers of the lists (annotations, search results), used as a person
# uses them: `rod read --script` under SDL's offscreen driver (keys,
# clicks, a drag on the bar), and then the same under a real X server
# (Xvfb) driven by xdotool when it is installed, with screenshots. The
# book is tests/fixtures/nested-parts.html, four parts of twelve
# chapters. Page numbers are checked against `rod paginate` at the
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
        $([ -n "${SAVE:-}" ] || echo --keep-settings) --script - "$book" 2>/dev/null
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
rm -f "$ROD_CONFIG"
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
