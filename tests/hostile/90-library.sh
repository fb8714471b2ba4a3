# 90-library.sh — a damaged library is never written to, and a read-only
# one is reported as read-only. Twelve trials: a small healthy library is
# copied and bytes are overwritten at offsets drawn from a seed (printed;
# set ROD_HOSTILE_SEED to repeat a run), the first trial in the header.
# Then every write command either is refused and leaves the file's bytes
# as they were, or exits 0 only when SQLite's full integrity_check (run
# on an untouched copy of the damaged file) finds nothing wrong: damage in
# unused space changes nothing a write can make worse. `library check`
# offers a recovery copy only when it holds rows.
d90=$tmp/h90
mkdir -p "$d90"
(
    export ROD_LIBRARY=$d90/healthy.db ROD_READER="Jadzia Dax"
    "$rod" library add "$sample" "$fixtures/sample.txt" >/dev/null 2>&1
    "$rod" annotations add "$sample" --at 8:57-8:74 --note "a note" --tag t >/dev/null 2>&1
    "$rod" annotations add "$sample" --at 11:0-11:20 --color green >/dev/null 2>&1
)
seed=${ROD_HOSTILE_SEED:-1312}
echo "# damaged-library trials: seed $seed (ROD_HOSTILE_SEED=$seed repeats them)"
RANDOM=$seed
size=$(stat -c %s "$d90/healthy.db")
printf 'A new paragraph.\n\nAnother one, to add.\n' >"$d90/new.txt"
rows() {   # rows FILE: rows in the catalog and annotation tables
    python3 -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(sum(db.execute("SELECT count(*) FROM " + t).fetchone()[0] for t in ("books", "annotations")))' "$1" 2>/dev/null || echo 0
}
# the twelve offsets, drawn as before from the seed, then every copy damaged
# and judged by SQLite's full integrity_check (on an untouched copy,
# pristine-N.db) in one Python run: one start-up instead of twenty-four
offsets=()
for trial in 1 2 3 4 5 6 7 8 9 10 11 12; do
    if [ "$trial" -eq 1 ]; then
        offsets+=($((16 + RANDOM % 80)))
    else
        offsets+=($(( (RANDOM * 32768 + RANDOM) % size )))
    fi
done
python3 - "$d90" "$seed" "${offsets[@]}" >"$d90/states" <<'EOF_PY'
import random, shutil, sqlite3, sys
d, seed, offsets = sys.argv[1], int(sys.argv[2]), [int(a) for a in sys.argv[3:]]
for trial, at in enumerate(offsets, 1):
    t = "%s/t%d.db" % (d, trial)
    shutil.copyfile(d + "/healthy.db", t)
    r = random.Random(seed + trial)
    with open(t, "r+b") as f:
        f.seek(at)
        f.write(bytes(r.randrange(256) for _ in range(48)))
    p = "%s/pristine-%d.db" % (d, trial)
    shutil.copyfile(t, p)
    try:
        db = sqlite3.connect("file:" + p + "?mode=ro", uri=True)
        ok = db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        db.close()
    except Exception:
        ok = False
    print("ok" if ok else "damaged")
EOF_PY
bad_writes=0 unchanged_refusals=0 refusals=0 trials_damaged=0 bad_offers=0
for trial in 1 2 3 4 5 6 7 8 9 10 11 12; do
    t=$d90/t$trial.db
    at=${offsets[trial - 1]}
    state=$(sed -n "${trial}p" "$d90/states")
    [ "$state" = damaged ] && trials_damaged=$((trials_damaged + 1))
    for cmd in "annotations add $sample --at 20:0-20:9" "library add $sample" "library add $d90/new.txt"; do
        before=$(sha256sum <"$t")
        # shellcheck disable=SC2086
        limited "trial $trial (offset $at, $state): $cmd" 20 128 "$rod" $cmd --library "$t"
        after=$(sha256sum <"$t")
        if [ "$status" -eq 0 ] && [ "$state" = damaged ]; then
            bad_writes=$((bad_writes + 1))
            echo "#   trial $trial: '$cmd' exited 0 on a damaged file"
        elif [ "$status" -ne 0 ]; then
            refusals=$((refusals + 1))
            if [ "$before" = "$after" ]; then
                unchanged_refusals=$((unchanged_refusals + 1))
            else
                echo "#   trial $trial: '$cmd' was refused but changed the file"
            fi
        fi
        [ "$status" -eq 0 ] || break   # a refused file stays refused
    done
    rm -f "$t"-wal "$t"-shm
    limited "trial $trial: library check" 20 128 "$rod" library --library "$d90/pristine-$trial.db" check
    if grep -q "^  mv " "$tmp/out"; then
        copy=$(sed -n 's/^recovery copy: //p' "$tmp/out")
        if [ "$(rows "$copy")" -eq 0 ]; then
            bad_offers=$((bad_offers + 1))
            echo "#   trial $trial: a recovery copy with no rows was offered"
        fi
    fi
    rm -f "$d90/pristine-$trial".db*
done
echo "# $trials_damaged of 12 damaged copies were damaged by SQLite's integrity_check; $refusals writes refused"
if [ "$bad_writes" -eq 0 ]; then tap ok "no write exits 0 on a damaged library"
else tap fail "no write exits 0 on a damaged library ($bad_writes did)"; fi
if [ "$unchanged_refusals" -eq "$refusals" ]; then tap ok "every refused write left the file's bytes as they were"
else tap fail "every refused write left the file's bytes as they were ($((refusals - unchanged_refusals)) changed it)"; fi
if [ "$bad_offers" -eq 0 ]; then tap ok "library check never offers a recovery copy without rows"
else tap fail "library check never offers a recovery copy without rows ($bad_offers did)"; fi

# A healthy library on a read-only mount: read, not written, and called
# read-only, not damaged. Root writes past file permissions, so the mount
# is made read-only in a user and mount namespace of its own.
mkdir -p "$d90/ro"
cp "$d90/healthy.db" "$d90/ro/library.db"
ro_before=$(sha256sum <"$d90/ro/library.db")
if unshare -rm true 2>/dev/null; then
    limited "a read-only mount: list and add" 20 128 unshare -rm sh -c '
        mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" || exit 99
        "$2" library --library "$1/library.db" list || exit 98
        "$2" annotations --library "$1/library.db" add "$3" --at 20:0-20:9
        echo "add: $?"' sh "$d90/ro" "$rod" "$sample"
    if [ "$status" -eq 0 ] && grep -q "The Archivist of Lakat" "$tmp/out"; then
        tap ok "a library on a read-only mount is listed"
    else
        tap fail "a library on a read-only mount is listed (status $status)"
    fi
    if grep -q "^add: 3" "$tmp/out" && grep -q "read-only" "$tmp/err" && ! grep -q "damaged" "$tmp/err"; then
        tap ok "a write to it is refused as read-only, not as damage (3)"
    else
        tap fail "a write to it is refused as read-only, not as damage (3)"
        sed 's/^/#   /' "$tmp/err" | head -3
    fi
    if [ "$(sha256sum <"$d90/ro/library.db")" = "$ro_before" ]; then tap ok "and the file is unchanged"
    else tap fail "and the file is unchanged"; fi
else
    tap ok "a read-only mount # SKIP unshare -rm is not allowed here"
fi
