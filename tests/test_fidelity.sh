#!/usr/bin/env bash
# test_fidelity.sh — how faithfully rod reads a book, measured against an
# independent reading of the source (scripts/extract_text.py, standard
# library only, no code of rod's). For every corpus book (../shared/corpus,
# rtl/ included) and every fixture (tests/fixtures, docs/*.rod):
#   valid       the .rod rod writes validates
#   valid-epub  so does the .rod read back from rod's EPUB of it
#   valid-fb2   and the one read back from rod's FB2
#   words       rod's plain text holds >= 99.5 % of the source's words (as
#               a multiset) and no more than 100.5 % as many words
#   notes       note references in the .rod = note references in the source
#   images      images in the .rod = images in the source (the cover once)
#   epub-trip   rod > epub > rod keeps the fingerprint and the count of
#   fb2-trip    every block kind; so does rod > fb2 > rod
# and prints a table of these figures per book at the end. Failures listed
# in tests/fidelity-known.txt (BOOK CHECK REASON) are reported as TAP TODO,
# so they show without failing the suite; any other failure fails it, and a
# listed failure that passes is named at the end to be taken off the list.
# Two small books made at test time (tests/extract_selftest.py) are checked
# the same way. TEI files are skipped (rod has no TEI reader: it reads them
# as plain text, markup and all), and so is Markdown (rod does not read it).
# Books are converted two at a time.
#   test_fidelity.sh ROD FIXTURES CORPUS
set -u
if [ "${1:-}" = --book ]; then
    # one book: LABEL SOURCE, with ROD, CHECK and WORK from the parent
    [ $# -eq 3 ] && [ -n "${WORK:-}" ] || exit 2
    label=$2 src=$3
    d=$WORK/$(printf '%s' "$label" | tr '/' '_')
    mkdir -p "$d"
    step() {    # step NAME COMMAND...: run, keep messages in NAME.err on failure
        local name=$1
        shift
        if ! timeout 300 "$@" >"$d/$name.out" 2>"$d/$name.err"; then
            [ -s "$d/$name.err" ] || echo "$* failed" >"$d/$name.err"
            return 1
        fi
        rm -f "$d/$name.err"
    }
    made=()     # the .rod files made, validated in one call at the end
    if step a "$ROD" convert -q "$src" "$d/a.rod"; then
        made+=(a)
        step txt "$ROD" convert -q "$d/a.rod" "$d/a.txt"
        if step b "$ROD" convert -q "$d/a.rod" "$d/a.epub" &&
           step b "$ROD" convert -q "$d/a.epub" "$d/b.rod"; then
            made+=(b)
        fi
        if step c "$ROD" convert -q "$d/a.rod" "$d/a.fb2" &&
           step c "$ROD" convert -q "$d/a.fb2" "$d/c.rod"; then
            made+=(c)
        fi
    fi
    if [ ${#made[@]} -gt 0 ]; then
        files=()
        for x in "${made[@]}"; do files+=("$d/$x.rod"); done
        "$ROD" validate "${files[@]}" >"$d/validate.out" 2>&1
        for x in "${made[@]}"; do
            # X.err: what validate said of X.rod, unless it was valid
            if ! grep -qxF "$d/$x.rod: valid" "$d/validate.out"; then
                grep -F "$d/$x.rod:" "$d/validate.out" | sed "s|$d/||" >"$d/$x.err"
                [ -s "$d/$x.err" ] || echo "rod validate failed" >"$d/$x.err"
            fi
            # fingerprints of big books from rod, faster than fingerprint.py
            if [ "$(stat -c %s "$d/$x.rod")" -gt 300000 ]; then
                "$ROD" info "$d/$x.rod" >"$d/$x.info" 2>/dev/null
            fi
        done
    fi
    rm -f "$d/a.epub" "$d/a.fb2"
    exec python3 -S "$CHECK" book "$label" "$src" "$d"
fi

if [ $# -ne 3 ] || [ ! -x "$1" ]; then
    echo "Bail out! usage: test_fidelity.sh ROD FIXTURES CORPUS"
    exit 1
fi
rod=$1
fixtures=$2
corpus=$3
here=$(cd "$(dirname "$0")" && pwd)
export ROD=$rod CHECK=$here/fidelity_check.py
# ROD_FIDELITY_KEEP=DIR keeps every book's files (a.rod, a.txt, b.rod,
# c.rod, result.json) in DIR for a closer look
if [ -n "${ROD_FIDELITY_KEEP:-}" ]; then
    WORK=$ROD_FIDELITY_KEEP
    mkdir -p "$WORK"
else
    WORK=$(mktemp -d)
    trap 'rm -rf "$WORK"' EXIT
fi
export WORK

list=()         # LABEL SOURCE pairs, in the order they are reported
skips=()        # LABEL REASON pairs
add() {
    case "$2" in
        *.tei|*.xml) skips+=("$1" "rod has no TEI reader: it reads a TEI file as plain text, markup and all") ;;
        *.md) skips+=("$1" "rod does not read Markdown") ;;
        *) list+=("$1" "$2") ;;
    esac
}
for f in "$fixtures"/* "$fixtures"/../../docs/*.rod; do
    [ -f "$f" ] || continue
    case "$f" in
        */docs/*) add "docs/$(basename "$f")" "$f" ;;
        *) add "fixtures/$(basename "$f")" "$f" ;;
    esac
done
# books made here for what the corpus lacks (tests/extract_selftest.py:
# a chapter twice in the spine, endnotes, svg, a hidden nav ...)
mkdir -p "$WORK/made"
PYTHONPATH=$here/../scripts python3 -S "$here/extract_selftest.py" --write "$WORK/made"
for f in "$WORK"/made/*; do add "made/$(basename "$f")" "$f"; done
corpus_skip=
if [ -d "$corpus" ]; then
    for f in "$corpus"/*/*; do
        case "$f" in *.tsv|*.md) continue ;; esac
        [ -f "$f" ] && add "${f#"$corpus"/}" "$f"
    done
else
    corpus_skip="corpus: no ../shared/corpus beside the source tree"
fi

# the biggest books first, so that two workers finish together
printf '%s\0%s\0' "${list[@]}" |
    xargs -0 -n 2 sh -c 'printf "%s\t%s\t%s\n" "$(stat -c %s "$1")" "$0" "$1"' |
    sort -rn | cut -f2,3 | tr '\t' '\n' | tr '\n' '\0' |
    xargs -0 -n 2 -P 2 "$0" --book

results=()
for ((i = 0; i < ${#skips[@]}; i += 2)); do
    out=$WORK/skip$i.json
    python3 -S "$CHECK" skip "${skips[i]}" "${skips[i+1]}" "$out"
    results+=("$out")
done
[ -n "$corpus_skip" ] && python3 -S "$CHECK" skip corpus "${corpus_skip#corpus: }" "$WORK/skip-corpus.json" &&
    results+=("$WORK/skip-corpus.json")
for ((i = 0; i < ${#list[@]}; i += 2)); do
    d=$WORK/$(printf '%s' "${list[i]}" | tr '/' '_')
    if [ -f "$d/result.json" ]; then
        results+=("$d/result.json")
    else
        echo "# ${list[i]}: no result (the checking script failed)"
        echo "not ok - ${list[i]}: no result"
        exit 1
    fi
done
python3 -S "$CHECK" report "$here/fidelity-known.txt" "${results[@]}"
