#!/usr/bin/env bash
# test_sync_window.sh — the window keeping in step with another device
# through the sync folder (issue 21 items 1 and 3). Two libraries share a
# temporary folder: device A names it in its settings (`sync = DIR`),
# device B with `rod sync --folder`. B reads on and adds a note and syncs;
# A's window opens the book and shows the note, B's place and the toast.
# While A is open B adds another and syncs, and A shows it when the folder
# changes (its watcher), without a key pressed. A makes a note in the
# window; B's `rod sync` receives it while A is open (A's exchange every
# minute, shortened), and A's place after A quits (its exchange at the end). A's script comes
# through a FIFO, so B acts while A's window is open. Speaks TAP.
#   test_sync_window.sh ROD FIXTURES
set -u
rod=$1
fixtures=$2
book=$fixtures/../../docs/the-archivist-of-lakat.rod
. "$(dirname "$0")/tap.sh"
tmp=$(mktemp -d)
apid=
cleanup() {
    [ -n "$apid" ] && kill "$apid" 2>/dev/null
    exec 3>&- 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
# a window that ended early fails the checks still to come, with what it
# printed; writing it more of its script must not kill this program
trap '' PIPE
export SDL_VIDEODRIVER=offscreen XDG_RUNTIME_DIR=$tmp
mkdir -p "$tmp/folder"
printf 'sync = %s\n' "$tmp/folder" >"$tmp/a.conf"
: >"$tmp/b.conf"
A() { ROD_CONFIG=$tmp/a.conf ROD_LIBRARY=$tmp/a.db ROD_READER=Kira "$rod" "$@"; }
B() { ROD_CONFIG=$tmp/b.conf ROD_LIBRARY=$tmp/b.db ROD_READER=Garak "$rod" "$@"; }

A library add "$book" >/dev/null 2>&1
B library add "$book" >/dev/null 2>&1
check "B: rod sync --folder" B sync -q --folder "$tmp/folder" --name "Garak's tablet"
# B reads on to 20:0 in its window (which syncs when it closes) and notes
printf 'idle\nprint\nquit\n' | B read --keep-settings --at 20:0 --script - "$book" >"$tmp/b-read.out" 2>&1
bwords=$(sed -n 's/.* words="\(.*\)"$/\1/p' "$tmp/b-read.out")
check "B: a note added" B annotations add "$book" --at 11:0-11:130 --note "A spring runs a clock."
check "B: rod sync" B sync -q
check "B read on (its page starts \"$bwords\")" test -n "$bwords"

# the lines A's script has printed that match PATTERN, waited for (30 s)
wait_for() {
    local i
    for i in $(seq 300); do
        grep -q -- "$1" "$tmp/a.out" && return 0
        kill -0 "$apid" 2>/dev/null || break
        sleep 0.1
    done
    grep -q -- "$1" "$tmp/a.out"
}
# one result per script line: its pass or FAIL
result() {  # result NAME PATTERN (of the pass line)
    if wait_for "^pass .*$2"; then tap ok "$1"; else
        tap fail "$1: $(grep -E "FAIL|toast" "$tmp/a.out" | tail -3 | tr '\n' ' ')"; fi
}

mkfifo "$tmp/script"
ROD_SYNC_EVERY_MS=1000 A read --keep-settings --script "$tmp/script" "$book" >"$tmp/a.out" 2>&1 &
apid=$!
exec 3>"$tmp/script"
cat >&3 <<S
idle
expect annots 1 Garak note
expect toast From another device: 1 note and your place in The Archivist of Lakat (Garak's tablet)
expect words $bwords
S
result "A opens the book: B's note is there" "annots 1 Garak note"
result "A opens the book: the toast says what came from B" "toast From another device"
result "A opens the book: at B's newer place, its page" "words $bwords"

# B adds another while A is open; A hears of it through the folder
B annotations add "$book" --at 12:0-12:40 --note "Wound the other way." >/dev/null
B sync -q
cat >&3 <<'S'
wait-toast 10 From another device: 1 note (Garak's tablet)
expect annots 2 Garak note
S
result "A, open, shows the toast when the folder changes" "wait-toast From another device"
result "A, open, has B's second note at once" "annots 2 Garak note"

# A notes in the window; the exchange of every minute (a second here:
# ROD_SYNC_EVERY_MS) sends it while A is still open
cat >&3 <<'S'
double-click-on Vorn
key n
type Kira was here.
key Return
expect annots 1 Kira note
wait 3
print
S
result "A: a note made in the window" "annots 1 Kira note"
wait_for "^page=" || true
out=$(B sync 2>&1)
if grep -q "^from .*: 1 note" <<<"$out"; then tap ok "B's rod sync receives the note A made, while A is open"; else
    tap fail "B's rod sync receives the note A made, while A is open: $out"; fi
if B annotations list "$book" 2>/dev/null | grep -q "note: Kira was here."; then tap ok "B has A's note"; else
    tap fail "B has A's note: $(B annotations list "$book" 2>&1 | head -c 400)"; fi

# A quits: the exchange at the end sends the place it closed at
echo quit >&3
exec 3>&-
wait "$apid"
code=$?
apid=
if [ $code -eq 0 ]; then tap ok "A's script passed"; else tap fail "A's script: $(grep FAIL "$tmp/a.out" | tr '\n' ' ')"; fi
out=$(B sync 2>&1)
if grep -q "^from .*your place in The Archivist of Lakat" <<<"$out"; then
    tap ok "B's rod sync receives the place A's window closed at"; else
    tap fail "B's rod sync receives the place A's window closed at: $out"; fi

# the settings' folder wins over the one the library remembers
mkdir -p "$tmp/other"
printf 'sync = %s\n' "$tmp/other" >"$tmp/b.conf"
B sync -q
if ls "$tmp/other" | grep -q '\.rodsync$'; then tap ok "rod sync: the settings' sync = DIR wins over the remembered folder"; else
    tap fail "rod sync: the settings' sync = DIR wins over the remembered folder: $(ls "$tmp/other")"; fi

# a book club (issue 21 item 6): A also keeps a club folder with Odo,
# carrying only each reader's own notes and no places; A's window syncs
# with both folders, shows Odo's note with his name, and sends the club
# its own notes only, and no place
mkdir -p "$tmp/club"
C() { ROD_CONFIG=$tmp/c.conf ROD_LIBRARY=$tmp/c.db ROD_READER=Odo "$rod" "$@"; }
: >"$tmp/c.conf"
C library add "$book" >/dev/null 2>&1
C annotations add "$book" --at 24:0-24:60 --note "Odo reads the ledger twice." >/dev/null
check "C (Odo): rod sync --folder CLUB --share my-notes" C sync -q --folder "$tmp/club" --share my-notes --name "Odo's desk"
check "A keeps the club folder too, carrying only A's own notes" A sync -q --folder "$tmp/club" --share my-notes
# Odo's second note comes only with the window's own exchange
C annotations add "$book" --at 25:0-25:20 --note "Odo again." >/dev/null
C sync -q
printf 'sync = %s\n' "$tmp/folder" >"$tmp/a.conf"
A annotations add "$book" --at 30:0-30:20 --note "Kira again." >/dev/null 2>&1
printf 'idle\nexpect annots 2 Odo note\nexpect annots 2 Garak note\nquit\n' |
    A read --keep-settings --script - "$book" >"$tmp/a-club.out" 2>&1
if grep -q '^pass .*annots 2 Odo note' "$tmp/a-club.out" && grep -q "^pass .*annots 2 Garak note" "$tmp/a-club.out"; then
    tap ok "A's window syncs with both folders: Odo's new note from the club, Garak's from the private folder"
else tap fail "A's window syncs with both folders: $(grep -E 'FAIL|toast' "$tmp/a-club.out" | head -3 | tr '\n' ' ')"; fi
kfile=$(ls "$tmp"/club/*.rodsync | grep -v odo | head -1)
if [ -n "$kfile" ] && grep -q 'reader="Kira"' "$kfile" && ! grep -q 'reader="Garak"' "$kfile" && ! grep -q '<place' "$kfile"; then
    tap ok "A's club file holds Kira's notes only, and no place"
else tap fail "A's club file holds Kira's notes only, and no place: $(head -c 600 "$kfile" 2>/dev/null)"; fi
C sync -q
if C annotations list "$book" --reader Kira 2>/dev/null | grep -q 'Kira again.' &&
   ! C annotations list "$book" --reader Garak 2>&1 | grep -q 'note:'; then
    tap ok "Odo sees Kira's notes under her name, and none of Garak's"
else tap fail "Odo sees Kira's notes under her name, and none of Garak's: $(C annotations list "$book" 2>&1 | head -c 400)"; fi

# the window watches the club folder too: Odo's note arrives while A is
# open, and shows without a key pressed (Odo syncs once A's window has
# shown what it had; A's script is a file, A waits for the toast)
printf 'idle\nexpect annots 2 Odo note\nwait-toast 20 From another device: 1 note\nexpect annots 3 Odo note\nquit\n' >"$tmp/script2"
A read --keep-settings --script "$tmp/script2" "$book" >"$tmp/a.out" 2>&1 &
apid=$!
if wait_for "annots 2 Odo note"; then
    C annotations add "$book" --at 26:0-26:20 --note "Odo, a third time." >/dev/null
    C sync -q
fi
result "A, open, hears of Odo's note through the club folder it also watches" "annots 3 Odo note"
wait "$apid"
code=$?
apid=
[ $code -eq 0 ] || { echo "# A's second window ended with $code:"; sed "s/^/#   /" "$tmp/a.out" | tail -8; }

echo "1..$n"
[ $failed -eq 0 ]
