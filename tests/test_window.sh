#!/usr/bin/env bash
# test_window.sh — the reader window used as a person uses it, without a
# display: SDL's offscreen video driver, and `rod read --script`, which
# turns each command into the SDL event a person would make (keys, typing,
# clicks, the wheel, resizes, dropped files) and checks what is on screen
# (the first words of the page from the layout, words shown, pixels of the
# window). Each script's "pass"/"FAIL" line becomes one TAP line; what is
# on screen is judged again from screenshots with ImageMagick. Settings
# and the library live in a temporary folder, so runs also test what
# survives a restart. Speaks TAP.
set -u
rod=$1
fixtures=$2
sample=$fixtures/../../docs/the-archivist-of-lakat.rod
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SDL_VIDEODRIVER=offscreen XDG_RUNTIME_DIR=$tmp
export ROD_CONFIG=$tmp/settings.conf ROD_LIBRARY=$tmp/library.db
. "$(dirname "$0")/tap.sh"

# The page colour of each theme (reader/render/render.c), to judge screenshots.
page_colour() {
    case "$1" in
    day) echo FBFAF7 ;; sepia) echo F4ECD8 ;; night) echo 141518 ;; terok-nor) echo 0E0B08 ;; *) echo "?" ;;
    esac
}

# A screenshot judged from outside, with ImageMagick, for what an `expect`
# says is on screen: rod's own script checks share functions with the
# window they check, these share nothing with it.
#   judge SHOT KIND ARGS...: true when the picture agrees
px() {      # px SHOT X Y: RRGGBB at X, Y
    convert "$1" -format "%[hex:p{$2,$3}]" info: 2>/dev/null | cut -c1-6
}
judge() {
    local f=$1 kind=$2
    shift 2
    case "$kind" in
    pixel)  # X Y RRGGBB [TOLERANCE]
        local got want=$3 tol=${4:-0} c
        got=$(px "$f" "$1" "$2")
        [ ${#got} -eq 6 ] || return 1
        for c in 0 2 4; do
            local d=$(( 16#${got:$c:2} - 16#${want:$c:2} ))
            [ ${d#-} -le "$tol" ] || return 1
        done ;;
    inked)  # X Y W H: more than the page's one colour in the rectangle
        [ "$(convert "$f" -crop "${3}x${4}+${1}+${2}" +repage -format %k info: 2>/dev/null)" -gt 1 ] ;;
    theme)  # NAME: the page has the theme's colour
        [ "$(px "$f" 5 5)" = "$(page_colour "$1")" ] ;;
    two)    # 0|1: the fold, one colour down the middle, not the page's
        local w h a b c corner
        read -r w h < <(identify -format "%w %h" "$f")
        a=$(px "$f" $((w / 2)) $((h / 4)))
        b=$(px "$f" $((w / 2)) $((h / 2)))
        c=$(px "$f" $((w / 2)) $((h * 3 / 4)))
        corner=$(px "$f" 5 5)
        if [ "$a" = "$b" ] && [ "$b" = "$c" ] && [ "$a" != "$corner" ]; then [ "$1" = 1 ]; else [ "$1" = 0 ]; fi ;;
    *) return 1 ;;
    esac
}

# run NAME [rod read options...] <<< SCRIPT: every pass/FAIL line is a check;
# a script that fails without saying why is a failure too, and so is one
# that ended before all its `expect` lines ran. Before each expect of what
# is on screen (pixel, inked, theme, two, page) the window is saved as a
# PNG, judged afterwards with ImageMagick: one more check each, and a page
# number that changes must change the picture, one that stays must keep it.
runs=0
run() {
    local name=$1
    shift
    local out rc fails=0 script expects ran=0 shots
    runs=$((runs + 1))
    shots=$tmp/shots-$runs
    mkdir -p "$shots"
    script=$(cat)
    expects=$(grep -cE '^[[:space:]]*expect ' <<<"$script")
    # a shot before each on-screen expect; the list of them to judge
    # (a page record says "nav" when only keys, clicks, the wheel and
    # idle came since the last one: then the same page looks the same)
    awk -v dir="$shots" '
        /^[[:space:]]*expect (pixel|inked|theme|two|page) / {
            k++; print "shot " dir "/" k ".png"
            sub(/^[[:space:]]*expect /, "")
            if ($1 == "page") { print k " page " $2 " " (other ? "other" : "nav") > (dir "/list"); other = 0 }
            else print k " " $0 > (dir "/list")
            print "expect " $0; next }
        /^[[:space:]]*(key|click|wheel|idle|print|expect) / || /^[[:space:]]*(idle|print)$/ { print; next }
        /^[[:space:]]*(#|$)/ { print; next }
        { other = 1; print }' <<<"$script" >"$shots/script"
    out=$("$rod" read --size 800x1000 --scale 1 --script - "$@" <"$shots/script" 2>"$tmp/stderr")
    rc=$?
    while IFS= read -r line; do
        case "$line" in
        pass\ *) tap ok "$name: ${line#pass }"; ran=$((ran + 1)) ;;
        FAIL\ *) tap fail "$name: ${line#FAIL }"; fails=$((fails + 1))
                 case "$line" in *": expected "*) ran=$((ran + 1)) ;; esac ;;
        esac
    done <<<"$out"
    if [ $rc -ne 0 ] && [ $fails -eq 0 ]; then
        tap fail "$name: exit status $rc: $(head -c 300 "$tmp/stderr")"
    fi
    if [ "$ran" -eq "$expects" ] && grep -q '^script -: ' <<<"$out"; then
        tap ok "$name: all $expects checks ran and the script ran to its end"
    else
        tap fail "$name: $ran of $expects checks ran$(grep -q '^script -: ' <<<"$out" || echo ', the script stopped early')"
    fi
    local k kind args last_page= last_shot=
    while read -r k kind args; do
        local f=$shots/$k.png
        if [ "$kind" = page ]; then
            # the page shown changed or not, in the picture too
            local how=${args#* }
            args=${args%% *}
            if [ -n "$last_page" ] && [ -f "$f" ] && [ -f "$last_shot" ]; then
                local ae same_size
                ae=$(compare -metric AE "$f" "$last_shot" null: 2>&1)
                same_size=$([ "$(identify -format %wx%h "$f")" = "$(identify -format %wx%h "$last_shot")" ] && echo 1)
                if [ "$args" != "$last_page" ]; then
                    if [ "${ae%% *}" != 0 ]; then tap ok "$name: on screen, page $last_page then $args looks different"
                    else tap fail "$name: on screen, page $last_page then $args looks the same"; fi
                elif [ -n "$same_size" ] && [ "$how" = nav ]; then
                    if [ "${ae%% *}" = 0 ]; then tap ok "$name: on screen, page $args again looks the same"
                    else tap fail "$name: on screen, page $args again looks different ($ae pixels)"; fi
                fi
            fi
            last_page=$args
            last_shot=$f
        elif [ -f "$f" ] && judge "$f" "$kind" $args; then
            tap ok "$name: on screen (ImageMagick): $kind $args"
        else
            tap fail "$name: on screen (ImageMagick): $kind $args${f:+ (see $(basename "$f"))}"
        fi
    done < <([ -f "$shots/list" ] && cat "$shots/list")
}

# the sample has a cover: page 1 is the cover, page 2 the title page and
# the first words (issue 14: a cover is the first page)
run "turning pages" "$sample" <<'S'
expect words The Archivist of Lakat
expect page 1
key Right
expect page 2
expect words The Archivist of Lakat The innocent keep no records
key Left
expect page 1
key space
expect page 2
key shift+space
expect page 1
key PageDown
expect page 2
key PageUp
expect page 1
click 700 500
expect page 2
click 100 500
expect page 1
click 400 500
expect page 1
wheel -1
expect page 2
wheel 1
expect page 1
wheel 0 4
expect page 2
key End
expect shows Notes
key Home
expect page 1
S

run "themes are drawn" "$sample" <<'S'
key Right Right
expect pixel 5 5 FBFAF7
expect inked 80 100 640 700
key 4
expect theme terok-nor
expect pixel 5 5 0E0B08
expect inked 80 100 640 700
key 2
expect pixel 5 5 F4ECD8
key 3
expect pixel 5 5 141518
key 1
expect theme day
S

run "contents, go to, history" "$sample" <<'S'
key t
expect panel contents
key Down Down Return
expect panel none
expect shows II.
key g
expect panel goto
type 100%
key Return
expect panel none
expect shows Notes
key alt+Left
expect shows II.
key alt+Right
expect shows Notes
key g
type 9999
key Return
expect toast pages at these settings
key Escape
expect panel none
S

run "search ignores case and accents" "$sample" <<'S'
key ctrl+f
expect panel search
type LEDGER
key Return
expect panel results
expect toast 10 matches
key Return
expect panel none
expect shows ledger
key F3
expect toast Match
key /
type dit-on a lakat
key Return
expect toast 1 match
key Escape
key ctrl+f
type zzzqqq
key Return
expect toast No matches
S

run "notes and links" "$sample" <<'S'
key ctrl+f
type Kalendae
key Return Return
expect shows 1
click-on 1
expect panel note
key Escape
expect panel none
# a note reference's target reaches beyond the superscript
click-beside 1 8
expect panel note
key Escape
expect shows 1
key ctrl+f
type first chapter
key Return Return
print
click-on first
expect shows I.
key alt+Left
expect shows first
S

# An outside link asks first and opens nothing until Open (under a script
# the address is recorded, never handed to the desktop); links of other
# schemes are plain text in the book and open nothing at all.
ROD_LIBRARY=$tmp/links.db run "an outside link asks before it opens" "$sample" <<'S'
key ctrl+f
type public register
key Return Return
click-on register
expect panel link
expect asking https://example.org/lakat-records
expect opened none
key Escape
expect panel none
expect opened none
# the space inside the link "public register" follows it too (the
# page also holds a "public" outside any link: the gap is found from
# "register", the one word of its kind on the page)
click-beside register -2
expect panel link
key Escape
expect panel none
click-on register
click 100 150
expect panel none
expect opened none
click-on register
click 530 568
expect panel none
expect opened none
click-on register
key Return
expect panel none
expect opened https://example.org/lakat-records
expect toast Opening https://example.org/lakat-records
S
cat > "$tmp/links.rod" <<'R'
<rod xmlns="urn:isolinear:rod:1" version="1"><head><title>Links</title></head><body>
<p>Read <a href="file:///etc/passwd">secrets</a> or <a href="JavaScript:alert(1)">scripts</a> or
<a href="https://example.org/safe">safely</a> here.</p></body></rod>
R
ROD_LIBRARY=$tmp/links.db run "a link rod does not keep opens nothing" "$tmp/links.rod" <<'S'
key Right
click-on secrets
expect panel none
key Right
click-on scripts
expect panel none
expect opened none
key Right
click-on safely
expect asking https://example.org/safe
click 650 568
expect opened https://example.org/safe
S

run "size and window keep the first word" "$sample" <<'S'
key Right Right Right
expect font 20
key ctrl+=
key ctrl+= ctrl+=
expect font 23
expect anchor-shown
key ctrl+-
expect font 22
expect anchor-shown
key ctrl+0
expect font 20
resize 1600 900
expect two 1
expect anchor-shown
resize 700 900
expect two 0
expect anchor-shown
key j
expect toast Ragged
expect anchor-shown
key j h
expect anchor-shown
key h
key F1
expect panel help
key x
expect panel none
key s
expect panel settings
key Down Right
expect font 21
key Left
expect font 20
key Escape
resize 800 1000
S

# the first run left theme and place; a new process finds them again
run "settings and position: set" "$sample" <<'S'
key 2
key Home Right Right
idle
expect page 3
S
run "settings and position: after a restart" "$sample" <<'S'
expect theme sepia
idle
expect page 3
key 1
S
if grep -q '^theme = day' "$tmp/settings.conf" 2>/dev/null; then
    tap ok "the settings file keeps the last theme"
else
    tap fail "the settings file keeps the last theme"
fi

run "the library view" <<S
expect books 1
expect panel none
key Return
idle
expect page 3
key l
expect books 1
drop $fixtures/sample.txt
expect page 1
S

# the library view (issue 20 item 5): search as you type over title,
# authors, other creators, series and subjects; sort by Tab; a grid of
# covers by Ctrl+G, kept in the settings; covers at a size one can read,
# counted on the screenshot by their colour (a solid #C03020 cover); the
# library holds the sample and the text dropped above, and these two
cover_png=$(convert -size 200x300 xc:'#C03020' png:- | base64 -w0)
book_rod() {   # book_rod TITLE AUTHOR EXTRA-HEAD TEXT [BINARIES]
    printf '<?xml version="1.0" encoding="UTF-8"?>\n<rod xmlns="urn:isolinear:rod:1" version="1" xml:lang="en"><head><title>%s</title><creator>%s</creator>%s</head><body><section><title>One</title><p>%s</p></section></body>%s</rod>\n' \
        "$1" "$2" "$3" "$4" "${5:-}"
}
book_rod "Zeta Chronicle" "Benjamin Sisko" '<subject>station life</subject><cover src="#c"/>' "Zeta words on a page." \
    "<binary id=\"c\" type=\"image/png\">$cover_png</binary>" >"$tmp/zeta.rod"
book_rod "Alpha Manual" "Odo" '<series index="2">Security Notes</series>' "Alpha words of the manual." >"$tmp/alpha.rod"
"$rod" library add "$tmp/zeta.rod" >/dev/null 2>&1
"$rod" library add "$tmp/alpha.rod" >/dev/null 2>&1
run "the library view: search, sort and covers" <<S
expect books 4
expect first-book The Archivist of Lakat
type cardassian
expect books 1
expect first-book The Archivist of Lakat
key Escape
expect books 4
type Security
expect first-book Alpha Manual
key Escape
type mela tarvik
expect books 1
key Escape
type SISKO zeta
expect first-book Zeta Chronicle
expect books 1
key Backspace
key Backspace
key Backspace
key Backspace
key Backspace
expect books 1
key Backspace
key Backspace
key Backspace
key Backspace
key Backspace
expect books 4
shot $tmp/library-list.png
key Tab
expect first-book Alpha Manual
key Tab
expect first-book Zeta Chronicle
key Tab
expect first-book Alpha Manual
key Tab
key Tab
expect first-book The Archivist of Lakat
key ctrl+g
shot $tmp/library-grid.png
key Right
key Return
idle
expect panel none
print
S
# pixels of the cover's own colour: the grid's cover at least 100 × 150,
# the list's at least 40 × 60 (they were 20 × 30)
cover_px() { convert "$1" -fill black +opaque '#C03020' -fill white -opaque '#C03020' -format '%[fx:int(mean*w*h+0.5)]' info: 2>/dev/null; }
grid_px=$(cover_px "$tmp/library-grid.png")
list_px=$(cover_px "$tmp/library-list.png")
if [ "${grid_px:-0}" -ge 15000 ] && [ "${list_px:-0}" -ge 2400 ]; then
    tap ok "the library's covers are drawn at a size one can read ($grid_px px in the grid, $list_px in the list)"
else
    tap fail "the library's covers: ${grid_px:-?} px in the grid (want 15000), ${list_px:-?} in the list (want 2400)"
fi
if grep -q '^library_view = grid$' "$tmp/settings.conf" && grep -q '^library_sort = read$' "$tmp/settings.conf"; then
    tap ok "the library's view and order are kept in the settings"
else
    tap fail "the library's view and order are kept in the settings: $(grep '^library' "$tmp/settings.conf" | tr '\n' ' ')"
fi
run "the library view: the grid and order come back" <<S
expect books 4
expect first-book The Archivist of Lakat
type alpha
key Return
idle
expect words Alpha Manual One Alpha words
S

# annotations: made with the mouse and keys as a reader makes them
export ROD_READER=Kira
run "annotations: select and mark" --at 11:0 "$sample" <<'S'
idle
expect annots 0
double-click-on superior,
expect selection superior
key 2
expect annots 1 Kira highlight green
expect selection none
triple-click-on widowed
expect selection His superior, Gul Madred’s widowed sister-in-law Ahket, ran the Hall the way a spring runs a clock. She listened without blinking.
key Escape
expect selection none
drag-on His|blinking.
expect selection His superior, Gul Madred’s widowed sister-in-law Ahket, ran the Hall the way a spring runs a clock. She listened without blinking.
key n
expect panel edit
type Ahket is the real power — déjà vu.
key Tab
type politics, #vorn
key Return
expect panel none
expect annots 1 Kira note amber
expect annots 2 Kira
key b
expect annots 1 Kira bookmark
click-on superior,
expect panel annotation
key 4
expect annots 1 Kira highlight rose
key Escape
click-on superior,
key Delete
expect annots 0 Kira highlight
key ctrl+z
expect annots 1 Kira highlight rose
key a
expect panel annotations
expect rows 3
key Escape
key b
expect annots 0 Kira bookmark
key b
expect annots 1 Kira bookmark
S
out=$("$rod" annotations list "$sample" 2>&1)
check_list() {  # check_list NAME PATTERN
    if grep -q -- "$2" <<<"$out"; then tap ok "rod annotations list: $1"; else
        tap fail "rod annotations list: $1 (no '$2' in: $(head -c 400 <<<"$out"))"; fi
}
check_list "the note made in the window" "note  amber  Kira  11:0-11:130  exact"
check_list "its text, not ASCII" "note: Ahket is the real power — déjà vu."
check_list "its tags" "tags: politics, vorn"
check_list "the highlight, recoloured" "highlight  rose  Kira  11:4-11:12"
check_list "the bookmark" "bookmark  -  Kira"

# a second reader's notes, merged from their .rodnotes
mkdir -p "$tmp/garak"
ROD_READER=Garak ROD_LIBRARY=$tmp/garak/l.db "$rod" annotations add "$sample" --at 11:0-11:130 \
    --note "A spring runs a clock only until someone winds it the other way." --color blue >/dev/null
ROD_LIBRARY=$tmp/garak/l.db "$rod" annotations export "$sample" --format rodnotes -o "$tmp/garak.rodnotes"
"$rod" annotations import "$tmp/garak.rodnotes" >/dev/null
run "annotations: after a restart, a font change, a resize; two readers" --at 11:0 "$sample" <<'S'
idle
expect annots 4
expect annots 1 Garak note
expect annots 3 Kira
key ctrl+=
key ctrl+=
resize 1400 900
expect two 1
expect annots 4
click-on widowed
expect panel annotation
key Escape
key a
expect rows 4
key r
expect rows 1
key r
expect rows 3
key r
expect rows 4
key Tab
expect rows 1
key Escape
double-click-on superior,
expect selection superior
key End
shift-click-on the
expect selection-blocks 11 45
key 3
expect annots 1 Kira highlight blue
S
out=$("$rod" annotations list "$sample" 2>&1)
check_list "a selection across pages" "highlight  blue  Kira  11:4-45:"
check_list "the other reader keeps their name" "note  blue  Garak  11:0-11:130"

# a discussion (issue 21 item 5), in a library of its own: Garak's note,
# and Odo's answer to it arriving in a .rodnotes file; Kira opens the
# note's passage, sees the thread, and replies in the window; the reply
# stands under the note, after Odo's
disc=$tmp/discussion.db
ROD_READER=Garak ROD_LIBRARY=$disc "$rod" annotations add "$sample" --at 24:0-24:60 \
    --note "A ledger read twice is a confession." --color green >/dev/null
ROD_LIBRARY=$disc "$rod" annotations export "$sample" --format rodnotes -o "$tmp/disc.rodnotes"
python3 - "$tmp/disc.rodnotes" "$tmp/odo.rodnotes" <<'PY'
import re, sys
s = open(sys.argv[1]).read()
a = re.search(r'<annotation [^>]*reader="Garak".*?</annotation>', s, re.S).group(0)
gid = re.search(r' id="([^"]+)"', a).group(1)
a = a.replace(' id="%s"' % gid, ' id="odo-1" reply-to="%s"' % gid, 1).replace('reader="Garak"', 'reader="Odo"')
a = re.sub(r'(created|modified)="[^"]*"', r'\1="2024-01-01T00:00:00Z"', a)
a = re.sub(r'<body>.*?</body>', '<body><p>Only by the one who wrote it.</p></body>', a, flags=re.S)
head = s[:s.index('<annotation ')].replace('version="1"', 'version="2"')
open(sys.argv[2], 'w').write(head + a + '</annotations>\n')
PY
ROD_LIBRARY=$disc "$rod" annotations import "$tmp/odo.rodnotes" >/dev/null
ROD_LIBRARY=$disc run "a discussion: the note's replies under it, and a reply written in the window" --at 24:0 "$sample" <<'S'
idle
expect annots 2
click-on twice
expect panel annotation
expect row 0 Garak · Note · A ledger read twice is a confession.
expect row 1 ↳ Odo · Reply · Only by the one who wrote it.
key r
expect panel edit
type Then who wrote it?
key Return
expect panel none
expect toast Reply saved
expect annots 3
click-on twice
expect panel annotation
expect row 1 ↳ Odo · Reply · Only by*
expect row 2 ↳ Kira · Reply · Then who wrote it?
key Escape
key a
expect rows 3
expect row 0 *Garak*
expect row 1 ↳ p. * · Odo · Reply · Only by the one who wrote it.
expect row 2 ↳ p. * · Kira · Reply · Then who wrote it?
S
out=$(ROD_LIBRARY=$disc "$rod" annotations list "$sample" 2>&1)
check_list "the window's reply is kept as a reply to Garak's note" "  ↳ [0-9a-f-]*  reply  -  Kira  24:0-24:60  exact  to "
odo_before_kira() {   # the replies under Garak's note, in the list's order
    grep '↳' <<<"$out" | tr '\n' '|' | grep -q '^  ↳ odo-1 .*|  ↳ [0-9a-f-]*  reply  -  Kira'
}
check "the command's list shows Odo's reply before Kira's, both under Garak's note" odo_before_kira
unset ROD_READER

# a drag selects whole words: pressed inside a word, from its start;
# released inside one, to its end; backwards the same
ROD_CONFIG=$tmp/fresh.conf run "a drag selects whole words" "$sample" <<'S'
key ctrl+f
type one line too long
key Return Return
key Escape
drag-within however,|long.
expect selection however, was one line too long
drag-within long.|however,
expect selection however, was one line too long
S

# a drag held at the window's edge turns the page and goes on selecting
ROD_CONFIG=$tmp/fresh.conf run "a selection dragged across pages" --at 3:0 "$sample" <<'S'
idle
expect page 4
press 285 500
move 795 600
expect page 4
expect selection-blocks 7 10
idle
expect page 5
expect selection-blocks 7 26
idle
expect page 6
move 400 300
release 400 300
expect page 6
expect selection-blocks 7 30
key Escape
S

# the book saved as plain text has other blocks and another fingerprint:
# opening the copy brings the notes and the place over, re-anchored
"$rod" convert "$sample" "$tmp/archivist.txt" -q
run "notes follow into a plain-text copy" "$tmp/archivist.txt" <<'S'
idle
expect toast From another copy of this book: 5 notes and the place you read last.
expect annots 5 *
expect annots 1 Kira note
expect annots 1 Garak note
expect anchor-shown
print
S

# reading statistics (issue 20 item 10), in a library of their own: the
# gaps between page turns are time read (`wait` moves the reading clocks
# on), a gap over five minutes is not and ends the session; closing keeps
# the time (the last turn, after the panel was seen), reopening adds to
# it, and a turn onto the last page finishes the book (a jump there with
# End does not). Runs a second apart: a session is known by its start
# second.
stats_lib=$tmp/stats.db
ROD_LIBRARY=$stats_lib run "reading statistics: pages turned and time read" "$sample" <<'S'
    key i
    expect panel stats
    expect row 1 0 s read, 0 pages, 0 pages an hour
    expect row 2 No sessions yet
    key Escape
    advance 30
    key Right
    advance 40
    key Right
    advance 50
    key Right
    advance 400
    key Right
    advance 20
    key Right
    key i
    expect panel stats
    expect row 1 2 min read, 4 pages, 103 pages an hour
    expect row 2 2 sessions, first *
    expect row 3 Not finished (*% read)
    expect row 5 Today: 2 min
    expect row 7 Finished: 0 books
    key Escape
    expect panel none
    advance 15
    key Right
S
sleep 1
ROD_LIBRARY=$stats_lib run "reading statistics: after a restart, the time adds up; the end finishes the book" "$sample" <<'S'
    key i
    expect row 1 2 min read, 5 pages, 116 pages an hour
    key Escape
    advance 60
    key Right
    key i
    expect row 1 3 min read, 6 pages, 100 pages an hour
    expect row 2 3 sessions, first *
    key Escape
    key End
    key i
    expect row 3 Not finished (*% read)
    key Escape
    key Left
    advance 10
    key Right
    key i
    expect row 3 Finished 20*
    expect row 7 Finished: 1 book
    expect row 8 20??-??-??  The Archivist of Lakat
S
# across midnight (UTC): the sitting ends with the day and the next one
# begins at midnight, each holding its part of the gap that spans it
# (`clock` sets the wall clock the statistics see; the book is dropped
# after it, so the window opens it at that time)
ROD_LIBRARY=$tmp/midnight.db run "reading statistics: a sitting across midnight is two days' sessions" <<S
    clock 2026-01-01T23:58:00Z
    drop $sample
    advance 60
    key Right
    advance 60
    key Right
    advance 60
    key Right
    key i
    expect row 1 3 min read, 3 pages, 60 pages an hour
    expect row 2 2 sessions, first 2026-01-01, last 2026-01-02
    expect row 5 Today: 1 min
    expect row 6 Last 7 days: 3 min
S
if ROD_LIBRARY=$stats_lib "$rod" library stats "$sample" 2>/dev/null | grep -qx '  time read       3 min (225 s)'; then
    tap ok "reading statistics: rod library stats shows the window's 225 s"
else
    tap fail "reading statistics: rod library stats shows the window's 225 s: $(ROD_LIBRARY=$stats_lib "$rod" library stats "$sample" 2>&1 | head -3)"
fi

# bad input: a clear message and a status, no window left hanging
"$rod" read "$tmp/missing.rod" 2>"$tmp/err"
rc=$?
if [ $rc -eq 3 ] && grep -q "cannot open" "$tmp/err"; then
    tap ok "a missing book: exit 3 and why"
else
    tap fail "a missing book: exit 3 and why (got $rc)"
fi
printf '<?xml version="1.0"?>\n<rod xmlns="urn:isolinear:rod:1"><head>' >"$tmp/broken.rod"
"$rod" read --script - "$tmp/broken.rod" </dev/null 2>"$tmp/err"
rc=$?
if [ $rc -eq 1 ] && grep -q "broken.rod:[0-9]*:[0-9]*:" "$tmp/err"; then
    tap ok "a broken book: exit 1 and file:line:col"
else
    tap fail "a broken book: exit 1 and file:line:col (got $rc: $(head -c 200 "$tmp/err"))"
fi
if "$rod" read --help | grep -q "Ctrl+F"; then
    tap ok "rod read --help lists the keys"
else
    tap fail "rod read --help lists the keys"
fi

# small windows (issue 20): the texts of each frame, as `print texts`
# lists them (part, box, words), judged here — the footer's never overlap
# and stay inside the window, the keys' panel (F1) stays inside it and
# scrolls to its last line — and the footer's ink in the screenshot lies
# inside the boxes listed, so the list is where the words really are.
#   frames FILE: the output split into frame files FILE.1, FILE.2, ...
frames() {
    awk -v base="$1" '/^texts [0-9]+ in / { k++ } k && /^(texts|text) / { print > (base "." k) }' "$1"
}
# footer_ok FRAME: footer boxes inside the window, pairwise apart
footer_ok() {
    awk 'NR == 1 { split($4, wh, "x"); W = wh[1]; next }
         $2 == "footer" { n++; x[n] = $3; w[n] = $5; if ($3 < 0 || $3 + $5 > W) bad = bad " outside:" $3 "+" $5 }
         END { if (n == 0) bad = bad " no footer"
               for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
                   if (x[i] < x[j] + w[j] && x[j] < x[i] + w[i]) bad = bad " overlap:" i "," j
               if (bad != "") { print bad; exit 1 } }' "$1"
}
# panel_ok FRAME: the panel's texts inside the window and not over each other
panel_ok() {
    awk 'NR == 1 { split($4, wh, "x"); W = wh[1]; H = wh[2]; next }
         $2 == "panel" { n++; x[n] = $3; y[n] = $4; w[n] = $5; h[n] = $6
             if ($3 < 0 || $4 < 0 || $3 + $5 > W || $4 + $6 > H) bad = bad " outside:" $0 }
         END { if (n == 0) bad = bad " no panel text"
               for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
                   if (x[i] < x[j] + w[j] && x[j] < x[i] + w[i] && y[i] < y[j] + h[j] && y[j] < y[i] + h[i])
                       bad = bad " overlap:" i "," j
               if (bad != "") { print bad; exit 1 } }' "$1"
}
# ink_in_boxes FRAME SHOT: every inked column of the footer's line lies
# in one of the footer's boxes (2 pixels of slack for a glyph's overhang)
ink_in_boxes() {
    local y h
    read -r y h < <(awk '$2 == "footer" { print $4, $6; exit }' "$1")
    [ -n "$y" ] || return 1
    local page
    page=$(convert "$2" -format '%[hex:p{1,'"$y"'}]' info: | cut -c1-6)
    convert "$2" -crop "10000x$((h - 2))+0+$((y + 1))" +repage txt:- |
        awk -v page="$page" -v boxes="$(awk '$2 == "footer" { printf "%d:%d ", $3, $3 + $5 }' "$1")" '
            BEGIN { n = split(boxes, b, " "); for (i = 1; i <= n; i++) { split(b[i], e, ":"); lo[i] = e[1]; hi[i] = e[2] } }
            /^[0-9]/ { split($1, xy, ","); x = xy[1] + 0; c = toupper($3); sub(/^#/, "", c); c = substr(c, 1, 6)
                       if (c == page) next; inked++
                       ok = 0; for (i = 1; i <= n; i++) if (x >= lo[i] - 2 && x < hi[i] + 2) ok = 1
                       if (!ok) { print "ink at", x; bad = 1; exit } }
            END { exit bad || !inked }'
}
small=$tmp/small
mkdir -p "$small"
for size in 480x360 320x240 1000x420; do
    printf '%s\n' 'key Right' 'key Right' idle 'print texts' "shot $small/$size-footer.png" \
                  'key End' idle 'print texts' 'key F1' 'print texts' "shot $small/$size-help.png" \
                  'key End' 'print texts' "shot $small/$size-help-end.png" |
        "$rod" read --size "$size" --scale 1 --keep-settings --script - "$sample" >"$small/$size" 2>"$tmp/stderr"
    frames "$small/$size"
    why= why2=
    if why=$(footer_ok "$small/$size.1") && why2=$(footer_ok "$small/$size.2"); then
        tap ok "$size: the footer's texts stay apart and inside the window (page 3 and the last page)"
    else
        tap fail "$size: the footer's texts stay apart and inside the window:$why$why2"
    fi
    if ink_in_boxes "$small/$size.1" "$small/$size-footer.png"; then
        tap ok "$size: on screen (ImageMagick), the footer's ink lies in its boxes"
    else
        tap fail "$size: on screen (ImageMagick), the footer's ink lies in its boxes"
    fi
    why= why2=
    if why=$(panel_ok "$small/$size.3") && why2=$(panel_ok "$small/$size.4"); then
        tap ok "$size: the keys (F1) stay inside the window, no line over another, at the top and the end"
    else
        tap fail "$size: the keys (F1) stay inside the window:$why$why2"
    fi
    check "$size: F1 scrolls to its last line, Q's meaning" grep -q '^text panel .*remembered)$' "$small/$size.4"
    check "$size: and opens at its first, the next page" grep -q '^text panel .* next page$' "$small/$size.3"
done
if grep -q '^text panel .*remembered)$' "$small/480x360.3"; then
    tap fail "480x360: the keys do not all fit at once, so their end is not shown before scrolling"
else
    tap ok "480x360: the keys do not all fit at once, so their end is not shown before scrolling"
fi

# a right-to-left book (dir="rtl"): Left and a click on the left turn
# forward, the spread's first page is on the right (issue 18)
run "right to left pages" "$fixtures/rtl-pages.html" <<'S'
expect page 1
key Left
expect page 2
key Left
expect page 3
key Right
expect page 2
click 100 500
expect page 3
click 700 500
expect page 2
resize 1600 900
expect two 1
key Home
expect side right בדיקה
expect side left פרק
key Left
expect page 3
S

# the window's own text in visual order (issue 18): a Hebrew running
# head reads right to left, word by word, and in a right-to-left book the
# title stands on the right, the chapter on the left
run "right to left running heads" "$fixtures/rtl-pages.html" <<S
key Home
key Left
expect page 2
expect order head ראשון פרק
expect order head בדיקה ספר
expect order head פרק בדיקה
expect text-side head right ספר
expect text-side head left ראשון
shot $tmp/rtl-head.png
S
# judged from the picture alone: the title's two words, "ספר" (three
# letters) then "בדיקה" (five), read from the right, so the wider word
# is on the left; set left to right, the narrow one would be
ink_words() {   # ink_words SHOT X Y W H: widths of the ink clusters, left to right
    convert "$1" -crop "${4}x${5}+${2}+${3}" +repage -colorspace gray -negate -threshold 12% \
        -scale "${4}x1!" -depth 8 txt:- 2>/dev/null |
        awk -F'[,: ]+' 'BEGIN { start = -1 }
            NR > 1 && $0 !~ /#000000/ { x = $1
                if (start < 0) start = x; else if (x - last > 3) { printf "%d ", last - start + 1; start = x }
                last = x }
            END { if (start >= 0) printf "%d", last - start + 1; print "" }'
}
words=$(ink_words "$tmp/rtl-head.png" 400 8 360 28)
read -r w1 w2 rest <<<"$words"
if [ -n "${w2:-}" ] && [ -z "${rest:-}" ] && [ "$w1" -gt "$w2" ]; then
    tap ok "on screen (ImageMagick): the Hebrew title head reads right to left (word widths $words)"
else
    tap fail "on screen (ImageMagick): the Hebrew title head reads right to left (word widths ${words:-none})"
fi

# the contents of a right-to-left book open from the right, titles set
# right to left and flush right; search results in their paragraph's
# direction, an English paragraph's Hebrew words in Hebrew order
run "right to left contents and results" "$fixtures/rtl-mixed.html" <<'S'
key t
expect panel contents
expect order panel ראשון פרק
expect order panel שלישי פרק
expect text-side panel right פרק
expect text-side panel right Contents
expect rows 4
key Right
expect rows 3
key Left
expect rows 4
expect row 1 *סעיף קטן*
key Escape
key ctrl+f
type gamma
key Return
expect panel results
expect order panel קריאה ספר alpha beta עולם שלום
key Escape
key ctrl+f
type five
key Return
expect order panel The two ארבע שלוש six here.
S

# selection, search hits and positions on mixed lines (issue 18 item 3):
# a logical range is painted where its words are drawn, in pieces when
# the line's direction changes inside it; a drag selects in reading
# order; a press beside the left end of a right-to-left line is its end
run "mixed lines: selection and hits" "$fixtures/rtl-mixed.html" <<'S'
key Left
drag-on two|שלוש
expect selection two שלוש
expect marked two all
expect marked שלוש all
expect marked ארבע none
key Return
expect selection none
expect annots 1
expect marked ארבע none
expect marked two all
expect marked שלוש all
key a
expect row 0 * · two שלוש
key Escape
drag-on עולם|ספר
expect selection עולם alpha beta gamma ספר
expect marked עולם all
expect marked gamma all
expect marked ספר all
expect marked שלום none
expect marked קריאה. none
click-on five
press שלום
move קריאה. -15
release קריאה. -15
expect selection שלום עולם alpha beta gamma ספר קריאה.
click-on five
key ctrl+f
type שלו
key Return
key Return
expect marked שלום right
expect marked עולם none
S

# a note written in Hebrew reads from the right in the editor (wrapped
# text of a right-to-left base is set from the right, in that base)
run "right to left note editor" "$fixtures/rtl-mixed.html" <<'S'
key Left
drag-on שלום|עולם
key n
expect panel edit
type הערה קצרה
expect order panel קצרה הערה
expect text-side panel right הערה
S

echo "1..$n"
[ $failed -eq 0 ]
