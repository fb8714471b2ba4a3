#!/usr/bin/env bash
# test_fit.sh — the window on small screens, in a real X server (Xvfb) as
# a new user meets it (issue 20): the first window at 1366×768 lies wholly
# on the screen, and so does the remembered one on a 1024×600 screen the
# next day; a window left off the screen comes back onto it; the title is
# the book's, in UTF-8 (_NET_WM_NAME) and in ICCCM's types (WM_NAME), even
# for a Russian title in the C locale, and the window has rod's icon; `rod`
# alone opens the library window; under a window manager (openbox) the
# frame around the window is on the screen too. Geometry from xwininfo,
# names from xprop, both outside rod. Each screen is its own Xvfb; settings and the
# library are kept between them, as on one computer. Speaks TAP.
# ROD_SHOTS=DIR keeps the screenshots there.
set -u
rod=$1
fixtures=$2
here=$(cd "$(dirname "$0")" && pwd)

if [ -z "${ROD_FIT_SCREEN:-}" ]; then
    for tool in xvfb-run xdotool xprop xwininfo import; do
        if ! command -v "$tool" >/dev/null; then
            echo "1..0 # SKIP $tool is not installed (scripts/install-deps.sh installs it)"
            exit 0
        fi
    done
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    . "$here/tap.sh"
    # the last run has a window manager (openbox, when installed), whose
    # frame around the window must be on the screen too
    runs="1366x768 1024x600"
    if command -v openbox >/dev/null; then runs="$runs 1366x768+wm"
    else tap_skip=1; fi
    for screen in $runs; do
        # the inner runs print "ok - NAME" or "not ok - NAME"; numbered here
        while IFS= read -r line; do
            case "$line" in
            "ok - "*) tap ok "$screen: ${line#ok - }" ;;
            "not ok - "*) tap fail "$screen: ${line#not ok - }" ;;
            *) echo "# $line" ;;
            esac
        done < <(ROD_FIT_SCREEN=${screen%+wm} ROD_FIT_WM=$([ "$screen" != "${screen%+wm}" ] && echo 1) \
                 ROD_FIT_TMP=$tmp xvfb-run -a -s "-screen 0 ${screen%+wm}x24" bash "$0" "$@" 2>&1)
    done
    if [ -n "${tap_skip:-}" ]; then
        n=$((n + 1))
        echo "ok $n - the frame of a window manager on screen # SKIP openbox is not installed"
    fi
    echo "1..$n"
    [ $failed -eq 0 ] && [ $n -gt 0 ]
    exit
fi

# ---- inside one Xvfb ----
tmp=$ROD_FIT_TMP
screen_w=${ROD_FIT_SCREEN%x*}
screen_h=${ROD_FIT_SCREEN#*x}
export ROD_CONFIG=$tmp/settings.conf ROD_LIBRARY=$tmp/library.db XDG_RUNTIME_DIR=$tmp
russian=$fixtures/window/ru-title.rod
title="Дама с собачкой — rod"
pid=

say() {     # say ok|fail NAME
    if [ "$1" = ok ]; then echo "ok - $2"; else echo "not ok - $2"; fi
}
check() {
    local name=$1
    shift
    if "$@" >/dev/null 2>&1; then say ok "$name"; else say fail "$name"; fi
}
finish() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null
}
trap finish EXIT

# start ARGS...: rod started in the C locale (the hard case for the
# title), its window found by its process (_NET_WM_PID), so the checks of
# its name are apart; wid and the geometry set
start() {
    LC_ALL=C LANG=C "$rod" "$@" 2>"$tmp/stderr" &
    pid=$!
    wid=$(timeout 20 xdotool search --sync --onlyvisible --pid "$pid" | head -1)
    [ -n "$wid" ] || { echo "stderr: $(head -c 300 "$tmp/stderr")"; return 1; }
    settle
}

# settle: the geometry once it stays the same for 0.3 s (at most 5 s)
settle() {
    local i prev= cur
    for i in $(seq 50); do
        cur=$(geometry)
        [ -n "$prev" ] && [ "$cur" = "$prev" ] && break
        prev=$cur
        sleep 0.1
    done
    read -r wx wy ww wh <<<"$cur"
}

geometry() {    # X Y W H of the window, from xwininfo
    xwininfo -id "$wid" | awk '/Absolute upper-left X/ {x=$NF} /Absolute upper-left Y/ {y=$NF}
        /^ *Width:/ {w=$NF} /^ *Height:/ {h=$NF} END {print x, y, w, h}'
}

on_screen() {   # the whole window lies on the screen
    echo "window ${ww}x${wh}+${wx}+${wy} on ${screen_w}x${screen_h}"
    [ "$wx" -ge 0 ] && [ "$wy" -ge 0 ] && [ $((wx + ww)) -le "$screen_w" ] && [ $((wy + wh)) -le "$screen_h" ]
}

shot() {        # shot NAME: the screen, kept under ROD_SHOTS
    sleep 0.5
    [ -n "${ROD_SHOTS:-}" ] && mkdir -p "$ROD_SHOTS" && import -window root "$ROD_SHOTS/$1.png"
    return 0
}

quit() {        # Ctrl+Q (a plain Q is the library view's search), and the status 0
    xdotool windowfocus "$wid" 2>/dev/null
    xdotool key --window "$wid" ctrl+q 2>/dev/null  # the release finds the window gone
    local i
    for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill "$pid"   # still open after 5 s: a failure, not a hang
    wait "$pid"
    local rc=$?
    pid=
    [ $rc -eq 0 ]
}

if [ -n "${ROD_FIT_WM:-}" ]; then
    # a new user's first window under a window manager: the frame (title
    # bar and edges, _NET_FRAME_EXTENTS) lies on the screen with it
    mkdir -p "$tmp/wm"
    export ROD_CONFIG=$tmp/wm/settings.conf ROD_LIBRARY=$tmp/wm/library.db HOME=$tmp/wm
    openbox --sm-disable >/dev/null 2>&1 &
    wm=$!
    for _ in $(seq 50); do xprop -root _NET_SUPPORTING_WM_CHECK 2>/dev/null | grep -q 'window id' && break; sleep 0.1; done
    if start "$russian"; then
        sleep 1
        settle
        read -r fl fr ft fb < <(xprop -id "$wid" _NET_FRAME_EXTENTS | sed 's/.*= //; s/,//g')
        echo "window ${ww}x${wh}+${wx}+${wy}, frame left $fl right $fr top $ft bottom $fb"
        if [ -n "${fb:-}" ] && [ $((wx - fl)) -ge 0 ] && [ $((wy - ft)) -ge 0 ] &&
           [ $((wx + ww + fr)) -le "$screen_w" ] && [ $((wy + wh + fb)) -le "$screen_h" ]; then
            say ok "the window and its frame ($fl, $fr, $ft, $fb) are wholly on the screen"
        else
            say fail "the window and its frame (${fl:-?}, ${fr:-?}, ${ft:-?}, ${fb:-?}) are wholly on the screen"
        fi
        shot fit-1366x768-openbox
        quit || say fail "Q quits, with status 0"
    else
        say fail "the window opens under a window manager"
    fi
    kill "$wm" 2>/dev/null
elif [ "$screen_w" = 1366 ]; then
    # a new user: no settings yet, no --size
    if start "$russian"; then
        if on_screen; then say ok "the first window is wholly on the screen"
        else say fail "the first window is wholly on the screen: $(on_screen)"; fi
        net=$(LC_ALL=C.UTF-8 xprop -id "$wid" _NET_WM_NAME)
        check "_NET_WM_NAME is the book's title as UTF8_STRING ($net)" \
            [ "$net" = "_NET_WM_NAME(UTF8_STRING) = \"$title\"" ]
        # xprop decodes STRING as Latin-1 and COMPOUND_TEXT by its
        # charsets: raw UTF-8 typed STRING reads back as mojibake
        legacy=$(LC_ALL=C.UTF-8 xprop -id "$wid" WM_NAME)
        check "WM_NAME is COMPOUND_TEXT or STRING and reads back as the title ($legacy)" \
            bash -c "grep -Eq '^WM_NAME\((COMPOUND_TEXT|STRING)\) = ' <<<'$legacy' && [ '${legacy#*= }' = '\"$title\"' ]"
        check "xdotool finds the window by its Russian name" \
            bash -c "LC_ALL=C.UTF-8 xdotool search --name 'собачкой' | grep -qx $wid"
        check "the window has rod's icon (_NET_WM_ICON, 128 x 128)" \
            bash -c "xprop -id $wid _NET_WM_ICON | grep -q 'Icon (128 x 128)'"
        shot fit-1366x768-first
        # left off the screen (a monitor unplugged): the place is kept,
        # and the next start brings the window back
        xdotool windowmove "$wid" 3000 2000
        sleep 0.5
        quit || say fail "Q quits, with status 0"
        check "the settings keep where the window was" grep -q '^window_at = ' "$tmp/settings.conf"
        grep '^window' "$tmp/settings.conf" | sed 's/^/settings: /'
    else
        say fail "the window opens on a book with a Russian title"
    fi
    if start "$russian"; then
        if on_screen; then say ok "a window left off the screen opens on it again"
        else say fail "a window left off the screen opens on it again: $(on_screen)"; fi
        quit || say fail "Q quits, with status 0"
    else
        say fail "the window opens again"
    fi
    # a remembered size as large as this screen, for the smaller one
    sed -i 's/^window = .*/window = 1366x768/; s/^window_at = .*/window_at = 0,0/' "$tmp/settings.conf"
else
    if start "$russian"; then
        if on_screen; then say ok "the window remembered from a larger screen shrinks to fit"
        else say fail "the window remembered from a larger screen shrinks to fit: $(on_screen)"; fi
        shot fit-1024x600-book
        quit || say fail "Q quits, with status 0"
    else
        say fail "the window opens on the remembered book"
    fi
    # rod alone: the library window, as the README says
    if start; then
        say ok "rod alone opens the library window"
        check "named Library — rod" bash -c "LC_ALL=C.UTF-8 xprop -id $wid -notype _NET_WM_NAME | grep -qx '_NET_WM_NAME = \"Library — rod\"'"
        if on_screen; then say ok "the library window is wholly on the screen"
        else say fail "the library window is wholly on the screen: $(on_screen)"; fi
        shot fit-1024x600-library
        quit || say fail "the library window quits on Q, with status 0"
    else
        say fail "rod alone opens the library window"
    fi
fi
