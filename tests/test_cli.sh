#!/usr/bin/env bash
# test_cli.sh — the `rod` command as a user runs it: help, version, exit
# codes (0 ok, 1 bad input, 2 usage, 3 I/O), standard input and output,
# and batch conversion with several jobs. Speaks TAP.
set -u
rod=$1
fixtures=$2
sample=$fixtures/../../docs/the-archivist-of-lakat.rod
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0

check() {   # check NAME COMMAND...: passes when the command succeeds
    local name=$1
    shift
    n=$((n + 1))
    if "$@" >/dev/null 2>&1; then
        echo "ok $n - $name"
    else
        echo "not ok $n - $name"
        failed=$((failed + 1))
    fi
}

status_is() {   # status_is WANT COMMAND...
    local want=$1
    shift
    "$@" >/dev/null 2>&1
    [ $? -eq "$want" ]
}

check "rod --help prints usage" bash -c "'$rod' --help | grep -q 'usage: rod COMMAND'"
check "rod --version prints the version" bash -c "'$rod' --version | grep -Eq '^rod [0-9]+\.[0-9]+'"
for cmd in convert info validate; do
    check "rod $cmd --help explains itself" bash -c "'$rod' $cmd --help | grep -q 'usage: rod $cmd'"
    check "rod help $cmd is the same" bash -c "diff <('$rod' help $cmd) <('$rod' $cmd --help)"
done
check "no command is a usage error (2)" status_is 2 "$rod"
check "an unknown command is a usage error (2)" status_is 2 "$rod" frobnicate
check "an unknown option is a usage error (2)" status_is 2 "$rod" convert --frob a b
check "a bad --width is a usage error (2)" status_is 2 "$rod" convert --width 0 "$sample" "$tmp/x.txt"
check "a missing file is an I/O error (3)" status_is 3 "$rod" info "$tmp/no-such-book.rod"
printf '<rod xmlns="urn:isolinear:rod:1" version="1"><head>' > "$tmp/broken.rod"
check "a broken book is bad input (1)" status_is 1 "$rod" info "$tmp/broken.rod"
check "the error names file, line and column" bash -c "'$rod' info '$tmp/broken.rod' 2>&1 | grep -Eq 'broken.rod:[0-9]+:[0-9]+: error:'"
check "writing into a missing folder is an I/O error (3)" status_is 3 "$rod" convert "$sample" "$tmp/no/such/dir/x.txt"

check "info prints the keys scripts rely on" bash -c \
  "'$rod' info '$sample' | grep -c -E '^(title|authors|language|blocks|words|fingerprint): ' | grep -qx 6"
check "info prints the sample's fingerprint" bash -c \
  "'$rod' info '$sample' | grep -qx 'fingerprint: sha256:1e25d4521e6ae9290ef243c224e424e3e7d1f6f4e531b63f8a0a24f695aa3225'"
check "validate accepts the sample" bash -c "'$rod' validate '$sample' | grep -q ': valid'"

check "convert writes to standard output with --to" bash -c \
  "'$rod' convert '$sample' - --to txt | grep -q 'The Archivist of Lakat'"
check "standard output needs --to" status_is 2 "$rod" convert "$sample" -
printf 'First paragraph.\n\nSecond "quoted" paragraph.\n' > "$tmp/in.txt"
check "convert reads standard input" bash -c \
  "'$rod' convert --from txt --smart - - --to rod < '$tmp/in.txt' | grep -q '<p>Second “quoted” paragraph.</p>'"
check "txt to rod by file names" "$rod" convert "$tmp/in.txt" "$tmp/in.rod"
check "the result validates" "$rod" validate "$tmp/in.rod"

mkdir -p "$tmp/batch"
for i in 1 2 3 4 5 6; do printf 'Book %s.\n\nIt has two paragraphs.\n' "$i" > "$tmp/batch/book$i.txt"; done
cp "$tmp/broken.rod" "$tmp/batch/broken.rod"
"$rod" convert --to html -o "$tmp/out" -j 3 "$tmp"/batch/book*.txt >/dev/null 2>&1
check "batch conversion writes every book" bash -c "[ \$(ls '$tmp/out'/*.html | wc -l) -eq 6 ]"
check "batch with one broken book exits 1 and converts the rest" bash -c \
  "! '$rod' convert --to txt -o '$tmp/out2' -j 2 '$tmp'/batch/* 2>/dev/null; [ \$? -eq 0 ] && [ \$(ls '$tmp/out2' | wc -l) -eq 6 ]"
check "batch exit status is 1 with a broken book" status_is 1 "$rod" convert --to txt -o "$tmp/out3" "$tmp"/batch/broken.rod

echo "1..$n"
[ "$failed" -eq 0 ]
