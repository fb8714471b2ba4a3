#!/usr/bin/env bash
# test_window.sh — the reader window used as a person uses it, without a
# display: SDL's offscreen video driver, and `rod read --script`, which
# turns each command into the SDL event a person would make (keys, typing,
# clicks, the wheel, resizes, dropped files) and checks what is on screen
# (the first words of the page from the layout, words shown, pixels of the
# window). Each script's "pass"/"FAIL" line becomes one TAP line. Settings
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

# run NAME [rod read options...] <<< SCRIPT: every pass/FAIL line is a check;
# a script that fails without saying why is a failure too.
run() {
    local name=$1
    shift
    local out rc fails=0
    out=$("$rod" read --size 800x1000 --scale 1 --script - "$@" 2>"$tmp/stderr")
    rc=$?
    while IFS= read -r line; do
        case "$line" in
        pass\ *) tap ok "$name: ${line#pass }" ;;
        FAIL\ *) tap fail "$name: ${line#FAIL }"; fails=$((fails + 1)) ;;
        esac
    done <<<"$out"
    if [ $rc -ne 0 ] && [ $fails -eq 0 ]; then
        tap fail "$name: exit status $rc: $(head -c 300 "$tmp/stderr")"
    fi
}

run "turning pages" "$sample" <<'S'
expect words The Archivist of Lakat
expect page 1
key Right
expect page 2
expect words The innocent keep no records
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
click-on public
expect panel link
expect asking https://example.org/lakat-records
expect opened none
key Escape
expect panel none
expect opened none
click-on register
click 100 150
expect panel none
expect opened none
click-on register
click 530 568
expect panel none
expect opened none
click-on public
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
unset ROD_READER

# a drag held at the window's edge turns the page and goes on selecting
ROD_CONFIG=$tmp/fresh.conf run "a selection dragged across pages" --at 3:0 "$sample" <<'S'
idle
expect page 3
press 300 500
move 795 600
expect page 3
expect selection-blocks 7 10
idle
expect page 4
expect selection-blocks 7 26
idle
expect page 5
move 400 300
release 400 300
expect page 5
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

echo "1..$n"
[ $failed -eq 0 ]
