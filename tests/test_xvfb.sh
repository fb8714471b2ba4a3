#!/usr/bin/env bash
# test_xvfb.sh — the reader in a real X server (Xvfb), driven by xdotool
# like a person at a keyboard, watched through screenshots (ImageMagick's
# import): the window opens on the sample book, turns pages, resizes into a
# two-page spread, switches theme, grows the text, quits on Q, and a second
# start finds the theme and the page again. Speaks TAP.
set -u
rod=$1
fixtures=$2
if [ -z "${ROD_XVFB_INNER:-}" ]; then
    for tool in xvfb-run xdotool import convert compare; do
        if ! command -v "$tool" >/dev/null; then
            echo "1..0 # SKIP $tool is not installed (scripts/install-deps.sh installs it)"
            exit 0
        fi
    done
    exec xvfb-run -a -s "-screen 0 1280x1024x24" env ROD_XVFB_INNER=1 bash "$0" "$@"
fi

sample=$(cd "$fixtures/../../docs" && pwd)/the-archivist-of-lakat.rod
tmp=$(mktemp -d)
export ROD_CONFIG=$tmp/settings.conf ROD_LIBRARY=$tmp/library.db XDG_RUNTIME_DIR=$tmp
. "$(dirname "$0")/tap.sh"

pid=

finish() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null
    rm -rf "$tmp"
}
trap finish EXIT

pixel() {   # pixel NAME X Y: RRGGBB at window coordinates X, Y
    convert "$tmp/$1.png" -format "%[hex:p{$((wx + $2)),$((wy + $3))}]" info: | cut -c1-6
}

differ() {  # differ A B: the screenshots are not the same
    local ae
    ae=$(compare -metric AE "$tmp/$1.png" "$tmp/$2.png" null: 2>&1)
    [ "${ae%% *}" != 0 ]
}

same() {
    ! differ "$1" "$2"
}

# shot NAME: the screen once the window has answered, judged from the
# screen itself rather than a fixed sleep: it has changed since the last
# shot (every action between two shots changes it), the window is drawn
# (its corner is not the black of the empty screen) and two grabs 0.1 s
# apart are the same. At most 15 s; the checks that follow then say what
# is wrong.
last=
shot() {
    local i prev=
    for i in $(seq 150); do
        import -window root "$tmp/grab.png"
        if [ -n "$prev" ] && same grab prev && { [ -z "$last" ] || differ grab "$last"; } &&
           [ "$(pixel grab 5 5)" != 000000 ]; then
            break
        fi
        cp "$tmp/grab.png" "$tmp/prev.png"
        prev=prev
        sleep 0.1
    done
    cp "$tmp/grab.png" "$tmp/$1.png"
    last=$1
}

# size_is W H: waits (at most 10 s) until the window has that size
size_is() {
    local i
    for i in $(seq 100); do
        eval "$(xdotool getwindowgeometry --shell "$wid")"
        [ "$WIDTH" -eq "$1" ] && [ "$HEIGHT" -eq "$2" ] && return 0
        sleep 0.1
    done
    return 1
}

start() {
    "$rod" read --size 900x1000 --scale 1 "$sample" 2>"$tmp/stderr" &
    pid=$!
    wid=$(timeout 20 xdotool search --sync --onlyvisible --name "Archivist" | head -1)
    [ -n "$wid" ] || return 1
    xdotool windowfocus --sync "$wid" 2>/dev/null || xdotool windowfocus "$wid"
    eval "$(xdotool getwindowgeometry --shell "$wid")"
    wx=$X
    wy=$Y
    return 0
}

key() {
    xdotool key --clearmodifiers "$@"
}

if start; then tap ok "the window opens on the sample book"; else
    tap fail "the window opens on the sample book: $(head -c 300 "$tmp/stderr")"
    echo "1..$n"
    exit 1
fi
shot first
check "the page is drawn in the Day theme" [ "$(pixel first 5 5)" = FBFAF7 ]
key Right
shot second
check "Right turns the page (the screen changes)" differ first second
key Left
shot back
check "Left comes back to the same page, pixel for pixel" same first back
key Right
shot again
check "Right again shows the same second page" same second again
xdotool windowsize "$wid" 1200 800
check "resizing the window changes its size (to 1200 x 800)" size_is 1200 800
shot wide
check "a wide window shows two pages (the fold is drawn)" [ "$(pixel wide 600 400)" != FBFAF7 ]
check "a wide window lays the book out again" differ again wide
key 4
shot terok
check "4 switches to Terok Nor" [ "$(pixel terok 5 5)" = 0E0B08 ]
key ctrl+equal
shot bigger
check "Ctrl+= sets larger text" differ terok bigger
key q
for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$pid" 2>/dev/null; then
    tap fail "Q quits"
else
    wait "$pid"
    status=$?
    check "Q quits, with status 0" [ $status -eq 0 ]
    [ $status -eq 0 ] || sed 's/^/# /' "$tmp/stderr" | head -40
fi
pid=
check "the settings file keeps the theme" grep -q "^theme = terok-nor" "$tmp/settings.conf"
check "the settings file keeps the size" grep -q "^size = 21" "$tmp/settings.conf"

if start; then
    shot restarted
    check "a new start keeps the theme" [ "$(pixel restarted 5 5)" = 0E0B08 ]
    key q
    wait "$pid"
    status=$?
    check "the second run quits with status 0" [ $status -eq 0 ]
    [ $status -eq 0 ] || sed 's/^/# /' "$tmp/stderr" | head -40
    pid=
else
    tap fail "the window opens again"
fi
out=$(printf 'expect words The Archivist of Lakat The innocent keep no records\n' |
      SDL_VIDEODRIVER=offscreen "$rod" read --script - --keep-settings "$sample" 2>&1)
case "$out" in
*"pass "*) tap ok "a new start opens at the page left (second page)" ;;
*) tap fail "a new start opens at the page left (second page): $out" ;;
esac

# rod library search --open: the reader opens at the hit
"$rod" library search --open 1 '"one line too long"' >/dev/null 2>"$tmp/stderr" &
pid=$!
wid=$(timeout 20 xdotool search --sync --onlyvisible --name "Archivist" | head -1)
if [ -n "$wid" ]; then
    xdotool windowfocus --sync "$wid" 2>/dev/null || xdotool windowfocus "$wid"
    eval "$(xdotool getwindowgeometry --shell "$wid")"
    wx=$X
    wy=$Y
    shot search-hit
    key q
    wait "$pid"
    check "library search --open shows the hit in the reader, and quits" [ $? -eq 0 ]
else
    tap fail "library search --open shows the hit in the reader: $(head -c 300 "$tmp/stderr")"
fi
pid=
out=$(printf 'expect shows Tarlak\nexpect shows long.\n' |
      SDL_VIDEODRIVER=offscreen "$rod" read --script - --keep-settings "$sample" 2>&1)
case "$out" in
*FAIL*) tap fail "the reader left off at the search hit: $out" ;;
*"pass "*) tap ok "the reader left off at the search hit" ;;
*) tap fail "the reader left off at the search hit: $out" ;;
esac

echo "1..$n"
[ $failed -eq 0 ]
