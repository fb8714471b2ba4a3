#!/usr/bin/env bash
# test_define.sh — looking a word up as a reader does: `rod define` on a
# small dictionary made here and on the dictionaries installed on the
# machine (skipped, naming the package, when they are missing), then the
# window in a real X server (Xvfb): a double click on a word, made with
# xdotool, opens the popup with the word's definition. Speaks TAP.
#   test_define.sh ROD FIXTURES
set -u
window=
if [ "${1:-}" = --window ]; then
    window=1
    shift
fi
rod=$1
fixtures=$2
sample=$(cd "$fixtures/../../docs" && pwd)/the-archivist-of-lakat.rod
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export ROD_CONFIG=$tmp/settings.conf ROD_LIBRARY=$tmp/library.db XDG_RUNTIME_DIR=$tmp
. "$(dirname "$0")/tap.sh"

# ---- the window, inside Xvfb (the script runs itself there) ----
if [ -n "$window" ]; then
    n=$3
    # where the word is: the scripted double click (offscreen) marks it;
    # the difference in the top half of the page is the selection
    SDL_VIDEODRIVER=offscreen "$rod" read --size 900x1000 --scale 1 --at 11:0 --script - "$sample" \
        >"$tmp/offscreen.out" 2>&1 <<S
idle
shot $tmp/before.png
double-click-on superior,
expect panel define
expect define Superior \\Su*pe"ri*or\\
shot $tmp/popup-script.png
S
    if grep -q '^script -: 0 failed' "$tmp/offscreen.out"; then
        tap ok "the scripted double click on 'superior' opens the popup showing gcide's entry"
    else
        tap fail "the scripted double click on 'superior' opens the popup showing gcide's entry: $(grep FAIL "$tmp/offscreen.out" | head -3)"
    fi
    geo=$(convert "$tmp/before.png" "$tmp/popup-script.png" -compose difference -composite \
          -crop 900x400+0+0 +repage -threshold 1% -trim -format '%w %h %X %Y' info: 2>/dev/null)
    read -r w h x y <<<"$geo"
    cx=$((${x#+} + w / 2))
    cy=$((${y#+} + h / 2))
    "$rod" read --size 900x1000 --scale 1 --at 11:0 "$sample" 2>"$tmp/stderr" &
    pid=$!
    wid=$(timeout 20 xdotool search --sync --onlyvisible --name "Archivist" | head -1)
    if [ -z "$wid" ]; then
        tap fail "the window opens: $(head -c 300 "$tmp/stderr")"
    else
        eval "$(xdotool getwindowgeometry --shell "$wid")"
        sleep 1
        import -window root "$tmp/x-before.png"
        xdotool mousemove $((X + cx)) $((Y + cy)) click --repeat 2 --delay 60 1
        sleep 1.5
        import -window root "$tmp/x-popup.png"
        mkdir -p "${ROD_SHOTS:-$tmp}" && cp "$tmp/x-popup.png" "${ROD_SHOTS:-$tmp}/define-xvfb.png"
        # the popup's card, in the half away from the click (the bottom)
        card="600x400+$((X + 150))+$((Y + 520))"
        ae=$(compare -metric AE "$tmp/x-before.png[$card]" "$tmp/x-popup.png[$card]" null: 2>&1)
        if [ "${ae%% *}" -gt 10000 ] 2>/dev/null; then
            tap ok "a double click with the mouse draws the popup over the bottom of the page ($ae pixels changed)"
        else
            tap fail "a double click with the mouse draws the popup over the bottom of the page ($ae pixels changed)"
        fi
        # the same popup as the scripted one, whose text was checked above
        ae=$(compare -metric AE -fuzz 3% "$tmp/x-popup.png[600x420+$((X + 150))+$((Y + 500))]" \
             "$tmp/popup-script.png[600x420+150+500]" null: 2>&1)
        if [ "${ae%% *}" -lt 500 ] 2>/dev/null; then
            tap ok "it shows what the scripted popup shows: gcide's 'Superior \\Su*pe\"ri*or\\' first ($ae pixels differ)"
        else
            tap fail "it shows what the scripted popup shows ($ae pixels differ)"
        fi
        xdotool key --clearmodifiers Escape
        sleep 0.7
        import -window root "$tmp/x-closed.png"
        ae=$(compare -metric AE "$tmp/x-closed.png[$card]" "$tmp/x-before.png[$card]" null: 2>&1)
        if [ "${ae%% *}" -lt 50 ] 2>/dev/null; then
            tap ok "Esc closes it: the page is back as it was"
        else
            tap fail "Esc closes it: the page is back as it was ($ae pixels differ)"
        fi
        xdotool key --clearmodifiers q
        wait "$pid"
    fi
    echo "counts $n $failed"
    exit 0
fi

# ---- rod define on a dictionary made here (a plain .dict) ----
dict=$tmp/dict
mkdir -p "$dict"
printf 'color\n   The hue of a thing.\ncolour\n   See {color}.\n' >"$dict/tiny.dict"
# color at 0 (29 bytes = "d"), colour at 29 (23 bytes = "X")
printf 'color\tA\td\ncolour\td\tX\n' >"$dict/tiny.index"
out=$("$rod" define --dict-dir "$dict" --hunspell-dir "$tmp/none" Colour 2>&1)
check "rod define names the dictionary and the headword" grep -qx -- '-- tiny: colour' <<<"$out"
check "and follows 'See {color}' to color's entry, marked as referred to" \
    grep -qx -- '-- tiny: color (referred to)' <<<"$out"
check "the braces are out of the text" grep -q '^   See color\.$' <<<"$out"
check "the referred entry's text follows" grep -q 'The hue of a thing' <<<"$out"
"$rod" define --dict-dir "$dict" --hunspell-dir "$tmp/none" zebra >"$tmp/out" 2>"$tmp/err"
check "a word not there exits 1" [ $? -eq 1 ]
check "saying no entry for 'zebra' in tiny" grep -q "no entry for 'zebra' in tiny" "$tmp/err"
"$rod" define --dict-dir "$dict" --lang ru дом >"$tmp/out" 2>"$tmp/err"
check "a Russian word with no Russian dictionary exits 1" [ $? -eq 1 ]
check "naming the package missing (dict-freedict-rus-eng)" grep -q "dict-freedict-rus-eng" "$tmp/err"
"$rod" define >/dev/null 2>&1
check "rod define without a word is a usage error (2)" [ $? -eq 2 ]
check "rod define --help explains itself" bash -c "'$rod' define --help | grep -q 'usage: rod define WORD'"
# a dictionary whose offset is past its text: a warning, no crash
printf 'color\tA\tBAAA\n' >"$dict/tiny.index"
"$rod" define --dict-dir "$dict" --hunspell-dir "$tmp/none" color >"$tmp/out" 2>"$tmp/err"
check "an entry past the end of the text is a warning naming the file, and exit 1" \
    bash -c "[ $? -eq 1 ] && grep -q 'tiny.dict: bytes 0-262144 are past the end' '$tmp/err'"

# ---- the installed dictionaries ----
if [ -f /usr/share/dictd/wn.index ] && [ -f /usr/share/dictd/gcide.index ]; then
    out=$("$rod" define house 2>&1)
    check "rod define house: wn's 'a dwelling that serves as living quarters'" \
        grep -q 'a dwelling that serves as living quarters' <<<"$out"
    check "and gcide's entry" grep -qx -- '-- gcide: House' <<<"$out"
    if [ -f /usr/share/hunspell/en_US.aff ]; then
        out=$("$rod" define walked 2>&1)
        check "rod define walked finds walk through hunspell" grep -qx -- "-- wn: walk (the stem of 'walked')" <<<"$out"
    else
        tap ok "rod define walked # SKIP hunspell-en-us is not installed"
    fi
    "$rod" define qwxzvb >/dev/null 2>"$tmp/err"
    check "rod define of no word: exit 1, naming gcide, wn" \
        bash -c "[ $? -eq 1 ] && grep -q \"no entry for 'qwxzvb' in gcide, wn\" '$tmp/err'"
else
    tap ok "rod define house # SKIP dict-wn or dict-gcide is not installed"
fi
if [ -f /usr/share/dictd/freedict-fra-eng.index ]; then
    check "rod define --lang fr maisons: house, through the stem maison" \
        bash -c "'$rod' define --lang fr maisons | grep -qx house"
else
    tap ok "rod define --lang fr # SKIP dict-freedict-fra-eng is not installed"
fi

# ---- the popup, scripted (SDL's offscreen driver) ----
if [ -f /usr/share/dictd/gcide.index ] && [ -f /usr/share/dictd/wn.index ]; then
    SDL_VIDEODRIVER=offscreen "$rod" read --size 900x1000 --scale 1 --at 11:0 --script - "$sample" \
        >"$tmp/script.out" 2>&1 <<'S'
idle
double-click-on Ahket,
expect panel define
expect define No entry for “Ahket” in gcide, wn.
key Return
expect panel search
key Return
expect panel results
key Escape
double-click-on superior,
expect define Superior
key Escape
expect panel none
expect selection superior
key w
expect panel define
expect define Superior
key Down
key PageDown
expect panel define
key 3
expect panel none
expect annots 1
S
    for line in 4 6 8 11 14 16 17 20 22 23; do
        if grep -q "^pass -:$line: " "$tmp/script.out"; then
            tap ok "popup: $(grep "^pass -:$line: " "$tmp/script.out" | cut -d' ' -f3-) (line $line)"
        else
            tap fail "popup, line $line: $(grep "^FAIL -:$line: " "$tmp/script.out")"
        fi
    done
else
    tap ok "the popup, scripted # SKIP dict-gcide or dict-wn is not installed"
fi

# ---- the window ----
missing=
for tool in xvfb-run xdotool import convert compare; do
    command -v "$tool" >/dev/null || missing=$tool
done
if [ -n "$missing" ]; then
    tap ok "the popup in a real X server # SKIP $missing is not installed"
elif [ ! -f /usr/share/dictd/gcide.index ]; then
    tap ok "the popup in a real X server # SKIP dict-gcide is not installed"
else
    xvfb-run -a -s "-screen 0 1280x1024x24" bash "$0" --window "$rod" "$fixtures" "$n" >"$tmp/window.out" 2>&1
    grep -E '^(not )?ok ' "$tmp/window.out"
    read -r _ n2 f2 < <(grep '^counts ' "$tmp/window.out")
    if [ -n "${n2:-}" ]; then
        n=$n2
        failed=$((failed + f2))
    else
        tap fail "the window part ran: $(tail -3 "$tmp/window.out")"
    fi
fi
echo "1..$n"
[ "$failed" -eq 0 ]
