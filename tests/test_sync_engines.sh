#!/usr/bin/env bash
# test_sync_engines.sh — `rod sync` through two real engines (issue 21,
# item 8). git: a bare repository and three clones in a temporary folder
# (file paths only, no network), each clone one device's sync folder with
# its own library; the devices add and delete notes and move their places
# concurrently, exchanging by commit, pull and push in changing orders
# (a push refused because another came first is pulled and pushed again).
# rsync: three folders, files copied between them in random orders, which
# also puts an older copy of a device's own file back in its folder. In
# both, at the end every device's file holds the same notes, deletions and
# places, every note added and not deleted is there, no deleted note came
# back, and each book has the latest place. Speaks TAP.
#   test_sync_engines.sh ROD FIXTURES
set -u
rod=$1
fixtures=$2
book=$fixtures/../../docs/the-archivist-of-lakat.rod
. "$(dirname "$0")/tap.sh"
tmp=$(mktemp -d)
[ -n "${ROD_KEEP:-}" ] && echo "# kept $tmp" || trap 'rm -rf "$tmp"' EXIT
seed=${ROD_SEED:-$$}
RANDOM=$seed
echo "# seed $seed (rerun: ROD_SEED=$seed)"
export ROD_READER="A Reader"
fp=$("$rod" info "$book" | sed -n 's/^fingerprint: *//p')

lib() { echo "$tmp/lib$1.db"; }
r() { local d=$1; shift; ROD_LIBRARY=$(lib "$d") "$rod" "$@"; }

# one random change on device d: add a note, delete one, or read on
change() {
    local d=$1 what=$((RANDOM % 6)) block=$((RANDOM % 30 + 5))
    if [ $what -lt 3 ]; then
        local id
        id=$(r "$d" annotations add "$book" --at "$block:0-$block:12" --note "from $d" 2>/dev/null) &&
            echo "$id" >>"$tmp/added"
    elif [ $what -lt 5 ]; then
        local id
        id=$(r "$d" annotations list "$book" 2>/dev/null | grep -o '^[0-9a-f-]\{36\}' | shuf -n1 --random-source=<(yes $RANDOM))
        [ -n "$id" ] && r "$d" annotations delete "$id" >/dev/null 2>&1 && echo "$id" >>"$tmp/deleted"
    else
        local now
        now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
        sqlite3 "$(lib "$d")" "INSERT INTO positions(fingerprint, block, offset, progress, updated)
            VALUES ('$fp', $block, 0, 0.5, '$now') ON CONFLICT(fingerprint) DO UPDATE SET
            block = $block, offset = 0, updated = '$now'" 2>/dev/null && echo "$now" >>"$tmp/places"
    fi
}

own_file() { ls "$1"/dev"$2"-*.rodsync 2>/dev/null | head -1; }

# the final state of each device agrees, and with what was done
judge() {   # judge ENGINE FOLDER-OF-1 FOLDER-OF-2 FOLDER-OF-3
    local engine=$1
    shift
    local same=1 first="" i=1
    for f in "$@"; do
        local own
        own=$(own_file "$f" $i)
        grep -v '^<sync ' "$own" >"$tmp/state$i" 2>/dev/null || same=0
        [ -z "$first" ] && first=$tmp/state$i
        cmp -s "$first" "$tmp/state$i" || same=0
        i=$((i + 1))
    done
    if [ $same = 1 ]; then tap ok "$engine: the three devices hold the same notes, deletions and places"
    else tap fail "$engine: the three devices hold the same notes, deletions and places"; fi
    local lost=0 back=0
    touch "$tmp/added" "$tmp/deleted" "$tmp/places"
    for d in 1 2 3; do
        r $d annotations list "$book" 2>/dev/null | grep -o '^[0-9a-f-]\{36\}' | sort >"$tmp/have$d"
        lost=$((lost + $(sort "$tmp/added" | comm -23 - "$tmp/have$d" | comm -23 - <(sort "$tmp/deleted") | wc -l)))
        back=$((back + $(sort -u "$tmp/deleted" | comm -12 - "$tmp/have$d" | wc -l)))
    done
    local made kept
    made=$(sort -u "$tmp/added" | wc -l)
    kept=$(wc -l <"$tmp/have1")
    if [ $lost = 0 ] && [ "$made" -gt 0 ]; then tap ok "$engine: no note added on any device is lost ($made added, $kept kept)"
    else tap fail "$engine: no note added on any device is lost ($lost missing of $made)"; fi
    if [ $back = 0 ]; then tap ok "$engine: no deleted note came back ($(sort -u "$tmp/deleted" | wc -l) deleted)"
    else tap fail "$engine: $back deleted notes came back"; fi
    local latest
    latest=$(sort "$tmp/places" | tail -1)
    if [ -z "$latest" ] || grep -q "<place [^>]*time=\"$latest\"" "$tmp/state1"; then
        tap ok "$engine: the book's place is the latest one read on any device (${latest:-none})"
    else
        tap fail "$engine: the book's place is the latest one read on any device ($latest)"
    fi
}

reset() {
    rm -rf "$tmp"/lib* "$tmp/added" "$tmp/deleted" "$tmp/places"
    for d in 1 2 3; do r $d library add "$book" >/dev/null 2>&1; done
}

# ---- git ----
if command -v git >/dev/null && command -v sqlite3 >/dev/null; then
    reset
    git init -q --bare "$tmp/hub.git"
    for d in 1 2 3; do
        git clone -q "$tmp/hub.git" "$tmp/g$d" 2>/dev/null
        git -C "$tmp/g$d" config user.name "device $d"
        git -C "$tmp/g$d" config user.email "d$d@example.invalid"
        git -C "$tmp/g$d" config pull.rebase true
        r $d sync --folder "$tmp/g$d" --name "dev$d" -q
    done
    # commit, then pull and push until the push is taken
    exchange() {
        local d=$1 g=$tmp/g$1 k
        r "$d" sync -q 2>>"$tmp/warnings"
        git -C "$g" add -A && git -C "$g" commit -qm "dev$d" >/dev/null 2>&1
        for k in 1 2 3 4 5 6 7 8 9 10; do
            git -C "$g" pull -q >/dev/null 2>&1
            git -C "$g" push -q origin HEAD:master >/dev/null 2>&1 && break
            git -C "$g" push -q origin HEAD:main >/dev/null 2>&1 && break
            sleep 0.$((RANDOM % 5))
        done
        r "$d" sync -q 2>>"$tmp/warnings"
    }
    device() {   # device D: several rounds of changes and exchanges
        local d=$1 round
        RANDOM=$((seed + d))
        for round in 1 2 3 4; do
            change "$d"
            [ $((RANDOM % 2)) = 0 ] && change "$d"
            exchange "$d"
        done
    }
    device 1 & device 2 & device 3 &
    wait
    # then exchanges in changing orders until everyone has everything
    for order in "1 2 3" "3 1 2" "2 3 1"; do
        for d in $order; do exchange "$d"; done
    done
    for d in 1 2 3; do git -C "$tmp/g$d" pull -q >/dev/null 2>&1; r $d sync -q; done
    judge git "$tmp/g1" "$tmp/g2" "$tmp/g3"
    if [ -s "$tmp/warnings" ]; then tap fail "git: no warnings"; sed 's/^/# /' "$tmp/warnings"
    else tap ok "git: no warnings (every file read was whole)"; fi
else
    echo "ok $((n + 1)) - git # SKIP git or sqlite3 is not installed"
    n=$((n + 1))
fi

# ---- rsync ----
if command -v rsync >/dev/null && command -v sqlite3 >/dev/null; then
    reset
    for d in 1 2 3; do
        mkdir -p "$tmp/f$d"
        r $d sync --folder "$tmp/f$d" --name "dev$d" -q
    done
    for step in $(seq 1 14); do
        d=$((RANDOM % 3 + 1))
        change $d
        r $d sync -q
        from=$((RANDOM % 3 + 1))
        to=$((RANDOM % 3 + 1))
        # everything, the receiver's own file too: an older copy put back
        [ $from != $to ] && rsync -a "$tmp/f$from/" "$tmp/f$to/"
    done
    # then everyone copies everyone's newer files (--update: an older copy
    # from a third folder must not replace a newer one), in random orders
    for round in 1 2 3; do
        for d in $(shuf -e 1 2 3 --random-source=<(yes $RANDOM)); do
            for from in 1 2 3; do
                [ $from != $d ] && rsync -a --update --exclude "$(basename "$(own_file "$tmp/f$d" $d)")" \
                    "$tmp/f$from/" "$tmp/f$d/"
            done
            r $d sync -q
        done
    done
    judge rsync "$tmp/f1" "$tmp/f2" "$tmp/f3"
else
    echo "ok $((n + 1)) - rsync # SKIP rsync or sqlite3 is not installed"
    n=$((n + 1))
fi

# ---- rod library add takes a newer place from another device ----
if command -v sqlite3 >/dev/null; then
    reset
    rm -f "$(lib 2)"*           # a library without the book, that knows the folder
    mkdir -p "$tmp/p"
    r 2 sync --folder "$tmp/p" --name "Kira's tablet" -q      # before Garak writes anything
    r 1 sync --folder "$tmp/p" --name "Garak's laptop" -q
    hour_ago=$(date -u -d '1 hour ago' +%Y-%m-%dT%H:%M:%SZ)
    sqlite3 "$(lib 1)" "UPDATE positions SET block = 42, offset = 3, updated = '$hour_ago' WHERE fingerprint = '$fp';
        INSERT OR IGNORE INTO positions(fingerprint, block, offset, progress, updated) VALUES ('$fp', 42, 3, 0.5, '$hour_ago')"
    r 1 sync -q
    out=$(r 2 library add "$book" 2>&1)
    case $out in
        *"the reading place came from Garak's laptop, read there 1 hour ago"*)
            tap ok "library add takes the newer place another device's file holds, and says whose" ;;
        *) tap fail "library add takes the newer place another device's file holds, and says whose"
           echo "$out" | sed 's/^/# /' ;;
    esac
    pos=$(sqlite3 "$(lib 2)" "SELECT block || ':' || offset FROM positions WHERE fingerprint = '$fp'")
    check "and it is the place read there (42:3: ${pos:-none})" test "$pos" = "42:3"
    # a hostile file: a place far past the end of the book, newer
    now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    sed -e 's/device="[^"]*"/device="0dd0-1"/' -e 's/name="[^"]*"/name="Odo"/' \
        -e "s|<place [^>]*/>|<place block=\"999999\" offset=\"5\" progress=\"0.9\" time=\"$now\"/>|" \
        "$tmp"/p/garak*.rodsync >"$tmp/p/odo-0dd00001.rodsync"
    out=$(r 2 library add "$book" 2>&1)
    pos=$(sqlite3 "$(lib 2)" "SELECT block FROM positions WHERE fingerprint = '$fp'")
    blocks=$("$rod" info "$book" | sed -n 's/^blocks: *//p')
    case $out in
        *"beyond the end of this text; moved inside it"*)
            if [ -n "$blocks" ] && [ "$pos" -lt "$blocks" ]; then
                tap ok "a place from a file far past the book's end is moved inside it (block $pos of $blocks)"
            else tap fail "a place past the end is moved inside the book (block $pos of ${blocks:-?})"; fi ;;
        *) tap fail "a place from a file far past the book's end is moved inside it"; echo "$out" | sed 's/^/# /' ;;
    esac
fi

echo "1..$n"
[ "$failed" -eq 0 ]
