#!/usr/bin/env bash
# test_epubcheck.sh — rod's EPUB export must pass epubcheck with no error
# and no warning: the sample book, the writers' tricky cases, and one
# corpus book of each input format with poems, notes, images and tables
# between them (a SKIP line each where the corpus is missing). With
# ROD_EPUBCHECK_ALL=1 every EPUB, HTML and FictionBook of the corpus is
# checked (40 books, some minutes: each check is a Java start-up). Two
# checks run at a time.
#   test_epubcheck.sh ROD FIXTURES CORPUS
rod=$1
fixtures=$2
corpus=$3
. "$(dirname "$0")/tap.sh"
jar=/usr/share/java/epubcheck.jar
if ! command -v java >/dev/null || [ ! -f "$jar" ]; then
    echo "ok 1 - epubcheck # SKIP epubcheck is not installed (apt-get install epubcheck)"
    echo "1..1"
    exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# the project's own books (poems, notes, an image, lists in items, code),
# then corpus books; one missing is a SKIP line, never silently dropped
books=("$fixtures/../../docs/the-archivist-of-lakat.rod" "$fixtures/tricky/tricky.rod")
if [ "${ROD_EPUBCHECK_ALL:-0}" = 1 ]; then
    set -- "$corpus"/epub/*.epub "$corpus"/html/*.html "$corpus"/fb2/*.fb2
else
    set -- "$corpus"/epub/eliot-the-waste-land.epub "$corpus"/html/kafka-die-verwandlung-de.html \
           "$corpus"/fb2/fb2cng-test-book.fb2 "$corpus"/fb2/pandoc-test-writer.fb2
fi
for f in "$@"; do
    if [ -f "$f" ]; then
        books+=("$f")
    else
        n=$((n + 1))
        echo "ok $n - epubcheck on rod's EPUB of $(basename "$f") # SKIP $f is not there (no corpus)"
    fi
done
for b in "${books[@]}"; do
    name=$(basename "$b")
    if ! "$rod" convert -q "$b" "$work/$name.epub" 2>"$work/$name.err"; then
        echo "converting failed" >"$work/$name.check"
        continue
    fi
done
ls "$work"/*.epub | xargs -P 2 -I{} sh -c "java -jar '$jar' '{}' >'{}.out' 2>&1"
for b in "${books[@]}"; do
    name=$(basename "$b")
    out="$work/$name.epub.out"
    if [ -f "$work/$name.check" ] || [ ! -f "$out" ]; then
        tap fail "$name converts to EPUB"
        continue
    fi
    summary=$(grep -E '^Messages:' "$out")
    if grep -q 'Messages: 0 fatals / 0 errors / 0 warnings' "$out" || grep -q 'No errors or warnings' "$out"; then
        tap ok "epubcheck accepts rod's EPUB of $name with no error or warning"
    else
        tap fail "epubcheck on rod's EPUB of $name: $summary"
        grep -E '^(ERROR|WARNING|FATAL)' "$out" | head -5 | sed 's/^/# /'
    fi
done
echo "1..$n"
[ "$failed" -eq 0 ]
