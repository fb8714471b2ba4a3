#!/usr/bin/env bash
# test_fuzz.sh — runs each parser's libFuzzer target (the five book
# formats, the .rodnotes exchange file, the sync file, the image probe, the settings
# file) and the writers' (fuzz_write, on the seeds of all five book
# formats) for a fixed time (ROD_FUZZ_SECONDS, default 12) on seeds from
# the fixtures and the corpus, and reports the executions. The .rodnotes
# and settings targets get libFuzzer dictionaries of their formats' words
# (tests/fuzz/*.dict). Builds the targets with clang in build-fuzz beside
# the sources the first time. Skips when clang or its fuzzer runtime is
# missing. Longer runs: see README, "Fuzzing".
#   test_fuzz.sh SOURCE_ROOT FIXTURES CORPUS
src=$1
fixtures=$2
corpus=$3
seconds=${ROD_FUZZ_SECONDS:-12}
. "$(dirname "$0")/tap.sh"

if ! command -v clang >/dev/null; then
    echo "ok 1 - fuzzing # SKIP clang is not installed"
    echo "1..1"
    exit 0
fi
build="$src/build-fuzz"
log=$(mktemp)
if [ ! -f "$build/build.ninja" ]; then
    CC=clang meson setup "$build" "$src" -Dfuzz=true -Db_sanitize=address,undefined \
        -Db_lundef=false -Dbuildtype=debugoptimized >"$log" 2>&1
fi
# ROD_FUZZ_TARGETS="rodsync" runs only the targets named
formats=${ROD_FUZZ_TARGETS:-"rod txt html fb2 epub write rodnotes image settings dict rodsync"}
targets=""
for fmt in $formats; do targets="$targets tests/fuzz/fuzz_$fmt"; done
if ! ninja -C "$build" $targets >"$log" 2>&1; then
    tap fail "the fuzz targets build with clang"
    sed 's/^/# /' "$log" | tail -20
    echo "1..$n"
    exit 1
fi
tap ok "the fuzz targets ($formats) build with clang, ASan and UBSan"

work=$(mktemp -d)
trap 'rm -rf "$work" "$log"' EXIT
seed() {   # seed FORMAT FILE... : copies small files as seeds
    local dir="$work/seeds-$1"
    mkdir -p "$dir"
    shift
    for f in "$@"; do
        [ -f "$f" ] && [ "$(stat -c %s "$f")" -le 200000 ] && cp "$f" "$dir/"
    done
}
seed rod "$src"/docs/*.rod "$fixtures"/*.rod
seed txt "$fixtures"/*.txt "$corpus"/txt/*.txt
seed html "$fixtures"/*.html "$corpus"/html/*.html
seed fb2 "$corpus"/fb2/*.fb2
seed epub "$corpus"/epub/*.epub
# a book of each kind made by rod itself, so every format has a seed
rod="$src/build-test/reader/rod"
[ -x "$rod" ] || rod="$src/build/reader/rod"
if [ -x "$rod" ]; then
    "$rod" convert "$src/docs/the-archivist-of-lakat.rod" "$work/seeds-epub/sample.epub" -q
    "$rod" convert "$src/docs/the-archivist-of-lakat.rod" "$work/seeds-fb2/sample.fb2" -q
    "$rod" convert "$src/docs/the-archivist-of-lakat.rod" "$work/seeds-html/sample.html" -q
    # a second reader's notes: a note with tags, a bookmark, a highlight
    mkdir -p "$work/seeds-rodnotes"
    export ROD_LIBRARY="$work/notes.db"
    "$rod" annotations add "$src/docs/the-archivist-of-lakat.rod" --at 11:0-11:40 \
        --note "Ahket — déjà vu" --tag politics >/dev/null
    "$rod" annotations add "$src/docs/the-archivist-of-lakat.rod" --at 14:0 --bookmark >/dev/null
    "$rod" annotations add "$src/docs/the-archivist-of-lakat.rod" --at 20:5-20:15 --color green >/dev/null
    "$rod" annotations export "$src/docs/the-archivist-of-lakat.rod" --format rodnotes \
        -o "$work/seeds-rodnotes/sample.rodnotes"
    # and that library's sync file, once with a deletion and a place
    mkdir -p "$work/seeds-rodsync" "$work/sync"
    "$rod" library add "$src/docs/the-archivist-of-lakat.rod" >/dev/null
    "$rod" sync --folder "$work/sync" --name "Garak's laptop" -q
    cp "$work"/sync/*.rodsync "$work/seeds-rodsync/a.rodsync"
    id=$("$rod" annotations list "$src/docs/the-archivist-of-lakat.rod" | grep -o '^[0-9a-f-]\{36\}' | head -1)
    [ -n "$id" ] && "$rod" annotations delete "$id" >/dev/null
    "$rod" sync -q
    cp "$work"/sync/*.rodsync "$work/seeds-rodsync/b.rodsync"
    unset ROD_LIBRARY
fi
# the writers read whatever the readers do
mkdir -p "$work/seeds-write"
for fmt in rod txt html fb2 epub; do
    cp "$work/seeds-$fmt"/* "$work/seeds-write/" 2>/dev/null
done
seed rodnotes "$fixtures"/*.rodnotes
# small images of each kind the probe knows, and the bombs it must refuse
mkdir -p "$work/seeds-image"
for k in "gif-frame 3 2" "gif-zero 40 40" "png 4 3" "jpeg-sof 16 8" "svg 30 20"; do
    set -- $k
    python3 "$src/tests/hostile/images.py" "$1" "$work/seeds-image/$1" "$2" "$3"
done
cp "$src/data/rod.svg" "$src"/tests/fixtures/images/*.svg "$work/seeds-image/"
mkdir -p "$work/seeds-settings"
printf '# rod reader settings\nfont = EB Garamond\nsize = 20\nspacing = 1.40  # airy\nmargin = 64\njustify = true\nhyphenate = true\ntheme = terok-nor\nspread = auto\npace = 250\nwindow = 1200x800\nreader = Kira Nerys\n' \
    >"$work/seeds-settings/settings.conf"

# a dictd dictionary as fuzz_dict takes it (index length, index, dictzip
# text in chunks of 40 bytes, as dictzip makes it)
mkdir -p "$work/seeds-dict"
python3 - "$work/seeds-dict/tiny" <<'PY'
import struct, sys, zlib
text = b"color\n   The hue. See {colour}.\ncolour\n   See {color}.\nhouse\n   A building to live in, for a family.\n"
digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
def b64(v):
    s = ""
    while True:
        s = digits[v % 64] + s
        v //= 64
        if not v:
            return s
index, at = "", 0
for head in ("color", "colour", "house"):
    start = text.index(head.encode() + b"\n", at)
    end = text.find(b"\n", text.index(b"\n", start) + 1) + 1
    index += "%s\t%s\t%s\n" % (head, b64(start), b64(end - start))
    at = end
chunk, comp, sizes = 40, b"", []
z = zlib.compressobj(9, zlib.DEFLATED, -15)
for i in range(0, len(text), chunk):
    part = z.compress(text[i:i + chunk]) + z.flush(zlib.Z_FULL_FLUSH if i + chunk < len(text) else zlib.Z_FINISH)
    sizes.append(len(part))
    comp += part
ra = struct.pack("<HHH", 1, chunk, len(sizes)) + b"".join(struct.pack("<H", s) for s in sizes)
extra = b"RA" + struct.pack("<H", len(ra)) + ra
dz = b"\x1f\x8b\x08\x04" + b"\0" * 4 + b"\x02\x03" + struct.pack("<H", len(extra)) + extra + comp + b"\0" * 8
ix = index.encode()
open(sys.argv[1], "wb").write(struct.pack("<H", len(ix)) + ix + dz)
PY

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
for fmt in $formats; do
    mkdir -p "$work/corpus-$fmt" "$work/seeds-$fmt"
    out="$work/out-$fmt"
    # a dictionary of the format's words, for the two text formats rod owns
    dict=""
    [ -f "$src/tests/fuzz/$fmt.dict" ] && dict="-dict=$src/tests/fuzz/$fmt.dict"
    "$build/tests/fuzz/fuzz_$fmt" $dict -max_total_time="$seconds" -max_len=200000 -timeout=20 \
        -rss_limit_mb=2500 -print_final_stats=1 -artifact_prefix="$work/crash-$fmt-" \
        "$work/corpus-$fmt" "$work/seeds-$fmt" >"$out" 2>&1
    status=$?
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$out" | grep -o '[0-9]*$')
    if [ $status -eq 0 ]; then
        tap ok "fuzz_$fmt: ${runs:-?} executions in ${seconds} s, no crash"
    else
        tap fail "fuzz_$fmt: crashed (status $status)"
        grep -E 'ERROR|SUMMARY|#[0-9]+ 0x' "$out" | head -20 | sed 's/^/# /'
        mkdir -p "$build/fuzz-artifacts"
        for a in "$work"/crash-$fmt-*; do
            [ -f "$a" ] && cp "$a" "$build/fuzz-artifacts/" && echo "# kept: $build/fuzz-artifacts/$(basename "$a")"
        done
    fi
done
echo "1..$n"
[ "$failed" -eq 0 ]
