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
. "$(dirname "$0")/tap.sh"

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
# `rod` alone is the library window and `rod BOOK` the book's (issue 20):
# without a display each says so and ends with 1, at once, instead of
# waiting in SDL's offscreen window for keys no one can press
nodisplay() {   # nodisplay ARGS...: status 1 and the reason, within 20 s
    local out
    out=$(timeout 20 env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER XDG_RUNTIME_DIR="$tmp" \
          ROD_CONFIG="$tmp/nd.conf" ROD_LIBRARY="$tmp/nd.db" "$rod" "$@" 2>&1 >/dev/null)
    local rc=$?
    [ $rc -eq 1 ] && grep -q "no display" <<<"$out" || { echo "# status $rc: $out" | head -3; return 1; }
}
check "rod alone without a display says so and exits 1" nodisplay
check "rod BOOK without a display says so and exits 1" nodisplay "$sample"
check "rod read BOOK without a display says so and exits 1" nodisplay read "$sample"
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
check "a Gutenberg cut is a warning naming the file, its lines and words, and the exit status stays 0" bash -c \
  "'$rod' convert '$fixtures/gutenberg-ending.txt' '$tmp/ge.rod' 2>&1 | grep -q 'gutenberg-ending.txt:66:1: warning: dropped the Project Gutenberg footer and licence, lines 66-83: [0-9]* words in [0-9]* lines of text' && '$rod' convert '$fixtures/gutenberg-ending.txt' '$tmp/ge.rod' 2>/dev/null"
# every fixture rod reads writes a .rod that validates
for fx in "$fixtures"/*; do
    case "$fx" in *.txt|*.html|*.fb2|*.epub|*.rod) ;; *) continue ;; esac
    name=$(basename "$fx")
    check "the fixture $name converts to a .rod that validates" bash -c \
      "'$rod' convert -q '$fx' '$tmp/fixture-$name.rod' && '$rod' validate '$tmp/fixture-$name.rod'"
done

mkdir -p "$tmp/batch"
for i in 1 2 3 4 5 6; do printf 'Book %s.\n\nIt has two paragraphs.\n' "$i" > "$tmp/batch/book$i.txt"; done
cp "$tmp/broken.rod" "$tmp/batch/broken.rod"
"$rod" convert --to html -o "$tmp/out" -j 3 "$tmp"/batch/book*.txt >/dev/null 2>&1
check "batch conversion writes every book" bash -c "[ \$(ls '$tmp/out'/*.html | wc -l) -eq 6 ]"
check "batch with one broken book exits 1 and converts the rest" bash -c \
  "'$rod' convert --to txt -o '$tmp/out2' -j 2 '$tmp'/batch/* 2>/dev/null; [ \$? -eq 1 ] && [ \$(ls '$tmp/out2' | wc -l) -eq 6 ]"
check "batch exit status is 1 with a broken book" status_is 1 "$rod" convert --to txt -o "$tmp/out3" "$tmp"/batch/broken.rod

# the library and annotations, in a library of their own
export ROD_LIBRARY="$tmp/lib/library.db" ROD_READER="Elim Garak"
cp "$sample" "$tmp/book.rod"
for cmd in library annotations; do
    check "rod $cmd --help explains itself" bash -c "'$rod' $cmd --help | grep -q 'usage: rod $cmd'"
done
check "library add creates the library and adds the book" bash -c \
  "'$rod' library add '$tmp/book.rod' | grep -q 'book.rod: added' && [ -f '$tmp/lib/library.db' ]"
check "library list shows it" bash -c "'$rod' library list | grep -q 'The Archivist of Lakat'"
check "library search finds a phrase with its position" bash -c \
  "'$rod' library search '\"one line too long\"' 2>/dev/null | grep -q '8:57'"
check "library search with no hit exits 1" status_is 1 "$rod" library search zyxxyzzy
check "library search --count counts the matching paragraphs" bash -c \
  "'$rod' library search --count '\"one line too long\"' 2>/dev/null | tail -1 | grep -qx '1 matching paragraph'"
id=$("$rod" annotations add "$tmp/book.rod" --at 8:57-8:74 --note "The whole tale turns on this." \
     --color rose --tag plot 2>/dev/null)
check "annotations add prints the new id" test "${#id}" -eq 36
check "annotations add refuses a position past the end (2)" status_is 2 "$rod" annotations add "$tmp/book.rod" --at 99999:0-99999:3
check "annotations add refuses an unknown colour (2)" status_is 2 "$rod" annotations add "$tmp/book.rod" --at 8:0-8:3 --color puce
check "annotations list shows quote, note and reader" bash -c \
  "'$rod' annotations list '$tmp/book.rod' | tr '\n' ' ' | grep -q '$id  note  rose  Elim Garak  8:57-8:74  exact.*one line too long.*The whole tale'"
check "export md reads as notes: chapter, quote, reader, page, note" bash -c \
  "'$rod' annotations export '$tmp/book.rod' --format md | tr -s '\n' ' ' | grep -q '## Part One: The Long Ledger › I. A Line Too Many > one line too long \*\*Elim Garak\*\* · page [0-9]* · note (rose).*#plot *The whole tale'"
check "export json is a W3C Web Annotation collection" bash -c \
  "'$rod' annotations export '$tmp/book.rod' --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); a=d[\"first\"][\"items\"][0]; assert a[\"type\"]==\"Annotation\"; s={x[\"type\"]:x for x in a[\"target\"][\"selector\"]}; assert s[\"TextQuoteSelector\"][\"exact\"]==\"one line too long\"; assert s[\"TextPositionSelector\"][\"end\"]-s[\"TextPositionSelector\"][\"start\"]==17'"
"$rod" annotations export "$tmp/book.rod" --format rodnotes -o "$tmp/garak.rodnotes" 2>/dev/null
# a second reader's file, made by rewriting the id and the name
sed -e "s/$id/0b5e6a7c-0000-4000-8000-000000000001/" -e 's/Elim Garak/Julian Bashir/' \
    "$tmp/garak.rodnotes" > "$tmp/bashir.rodnotes"
check "import merges another reader's notes" bash -c \
  "'$rod' annotations import '$tmp/bashir.rodnotes' | grep -q '^1 added, 0 updated'"
check "importing the same file again changes nothing" bash -c \
  "'$rod' annotations import '$tmp/bashir.rodnotes' | grep -q '^0 added, 0 updated, 1 unchanged'"
check "both readers' notes are listed with their names" bash -c \
  "'$rod' annotations list '$tmp/book.rod' --reader 'Julian Bashir' 2>&1 | grep -q '^1 annotation'"
"$rod" convert "$tmp/book.rod" "$tmp/book.txt" 2>/dev/null
check "the plain-text conversion has both readers' notes on its own, re-anchored" bash -c \
  "'$rod' annotations list '$tmp/book.txt' 2>&1 | tr '\n' ' ' | grep 'came over: 0 in place, 2 moved.*2 annotations' | grep 'Elim Garak' | grep -q 'Julian Bashir  11:57-11:74  exact *“one line too long'"
check "importing the book's notes into the conversion then changes nothing" bash -c \
  "'$rod' annotations import '$tmp/garak.rodnotes' --book '$tmp/book.txt' | grep -q '^0 added, 0 updated, 1 unchanged'"
check "annotations delete ID deletes it (exit 0) from every text it was on" bash -c \
  "'$rod' annotations delete 0b5e6a7c-0000-4000-8000-000000000001 && ! '$rod' annotations list '$tmp/book.txt' 2>&1 | grep -q 'Julian Bashir'"
mkdir -p "$tmp/sync"
check "rod sync with no folder yet is a usage error (2)" status_is 2 "$rod" sync
check "rod sync --folder writes this device's file and says what went" bash -c \
  "'$rod' sync --folder '$tmp/sync' --name 'Garak’s laptop' | grep -q '^went: 2 notes, 2 deletions and 0 places in 2 books, to .*/garak-s-laptop-[0-9a-f]\{8\}\.rodsync'"
check "this device's file names each book by fingerprint, title and identifier" bash -c \
  "grep -q '<identifier scheme=\"uuid\">6f1c2a9e-4b7d-4e21-9a53-0c8d2f7e51b4</identifier>' '$tmp'/sync/garak-s-laptop-*.rodsync"
check "rod sync again, with nothing new, writes nothing" bash -c "'$rod' sync | grep -q '^nothing new came (1 file unchanged)'"
# a book club's folder beside the private one (issue 21 item 6)
mkdir -p "$tmp/club"
club=$(cd "$tmp/club" && pwd -P)
"$rod" annotations add "$tmp/book.rod" --at 9:0-9:10 --note "Odo's own note" --reader Odo >/dev/null 2>&1
check "rod sync --folder DIR --share my-notes keeps a book club's folder and writes only this reader's notes there" bash -c \
  "'$rod' sync --folder '$tmp/club' --share my-notes --reader 'Elim Garak' | grep -q '^went: [1-9][0-9]* notes\\?, ' && grep -q 'reader=\"Elim Garak\"' '$tmp'/club/*.rodsync && ! grep -q 'Odo' '$tmp'/club/*.rodsync"
check "rod sync --folders lists both folders and what each carries" bash -c \
  "'$rod' sync --folders | tr '\n' '|' | grep -q '^$club  carries my-notes|.*/sync  carries notes,places|\$'"
check "rod sync alone syncs with every folder kept, each named" bash -c \
  "'$rod' sync | grep -c -E '^/.*\(carries (my-notes|notes,places)\):\$' | grep -qx 2"
check "and the private folder, which carries every note, gets Odo's" bash -c "grep -q 'Odo' '$tmp'/sync/*.rodsync"
check "a bad --share is a usage error (2)" status_is 2 "$rod" sync --folder "$tmp/club" --share everything
check "--share without --folder is a usage error (2)" status_is 2 "$rod" sync --share notes
check "rod sync --forget DIR stops syncing with it" bash -c \
  "'$rod' sync --forget '$tmp/club' | grep -q '^no longer syncing with $club' && ! '$rod' sync --folders | grep -q club"
check "forgetting a folder not kept is a usage error (2)" status_is 2 "$rod" sync --forget "$tmp/club"
# a discussion (issue 21 item 5): a reply stands under the note it answers,
# on its passage, in the list and the exports; in a library of its own
thr() { ROD_LIBRARY="$tmp/threads.db" "$rod" "$@"; }
parent=$(thr annotations add "$tmp/book.rod" --at 8:57-8:74 --note "Why one line?" --reader Kira 2>/dev/null)
reply=$(thr annotations add "$tmp/book.rod" --reply-to "$parent" --note "Because one was enough." --reader Odo 2>/dev/null)
check "annotations add --reply-to prints the reply's id" test "${#reply}" -eq 36
thr annotations add "$tmp/book.rod" --at 3:0-3:5 --note "Earlier note" --reader Kira >/dev/null 2>&1
check "annotations list shows the reply under its note, on its passage, naming the note" bash -c \
  "ROD_LIBRARY='$tmp/threads.db' '$rod' annotations list '$tmp/book.rod' 2>/dev/null | tr '\n' '|' | grep -q 'Earlier note|$parent  note  amber  Kira  8:57-8:74  exact|[^|]*|[^|]*Why one line?|  ↳ $reply  reply  -  Odo  8:57-8:74  exact  to $parent|    note: Because one was enough.|'"
check "the Markdown export prints the reply under the note" bash -c \
  "ROD_LIBRARY='$tmp/threads.db' '$rod' annotations export '$tmp/book.rod' --no-pages | tr -s '\n' '|' | grep -q 'Why one line?|- \*\*Odo\*\* replied · [0-9-]*|  Because one was enough.|'"
check "the JSON export makes the reply a W3C reply to the note" bash -c \
  "ROD_LIBRARY='$tmp/threads.db' '$rod' annotations export '$tmp/book.rod' --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); r=[a for a in d[\"first\"][\"items\"] if a.get(\"motivation\")==\"replying\"]; assert len(r)==1 and \"$parent\" in json.dumps(r[0][\"target\"])'"
check "a reply to an id the book has not is a usage error (2), naming the list" bash -c \
  "out=\$(ROD_LIBRARY='$tmp/threads.db' '$rod' annotations add '$tmp/book.rod' --reply-to no-such-id --note x 2>&1); [ \$? -eq 2 ] && grep -q 'has no annotation no-such-id.*annotations list' <<<\"\$out\""
check "a reply needs its words (2)" status_is 2 thr annotations add "$tmp/book.rod" --reply-to "$parent"
check "a reply takes no --at (2)" status_is 2 thr annotations add "$tmp/book.rod" --reply-to "$parent" --at 8:0-8:3 --note x

# EPUB and FictionBook out and back, and a hostile EPUB's message
fp=$("$rod" info "$sample" | grep '^fingerprint')
check "convert writes an EPUB that reads back with the same fingerprint" bash -c \
  "'$rod' convert -q '$sample' '$tmp/s.epub' && [ \"\$('$rod' info '$tmp/s.epub' | grep '^fingerprint')\" = '$fp' ]"
check "convert writes a FictionBook that reads back with the same fingerprint" bash -c \
  "'$rod' convert -q '$sample' '$tmp/s.fb2' && [ \"\$('$rod' info '$tmp/s.fb2' | grep '^fingerprint')\" = '$fp' ]"
check "EPUB to FictionBook in one step" bash -c \
  "'$rod' convert -q '$tmp/s.epub' '$tmp/s2.fb2' && [ \"\$('$rod' info '$tmp/s2.fb2' | grep '^fingerprint')\" = '$fp' ]"
check "the library catalogs an EPUB" bash -c \
  "'$rod' library add '$tmp/s.epub' >/dev/null 2>&1 && '$rod' library list | grep -q 'epub'"
mkdir -p "$tmp/x/META-INF"
printf 'application/epub+zip' > "$tmp/x/mimetype"
printf '<?xml version="1.0"?><!DOCTYPE c [<!ENTITY e SYSTEM "file:///etc/passwd">]><c>&e;</c>' \
  > "$tmp/x/META-INF/container.xml"
(cd "$tmp/x" && python3 -c "
import zipfile
z = zipfile.ZipFile('../xxe.epub', 'w')
z.write('mimetype'); z.write('META-INF/container.xml')
z.close()")
check "an EPUB with an external entity is refused (1), naming the part, line and column" bash -c \
  "'$rod' info '$tmp/xxe.epub' 2>&1 | grep -Eq 'xxe.epub\(META-INF/container.xml\):1:[0-9]+: error: .*entity' && { '$rod' info '$tmp/xxe.epub' >/dev/null 2>&1; [ \$? -eq 1 ]; }"

# text from outside on the terminal, times and positions from a file
check "annotations add refuses ESC in --reader (2)" status_is 2 "$rod" annotations add "$tmp/book.rod" --at 8:0-8:3 --reader $'\e[41mX'
printf '<annotations xmlns="urn:isolinear:rod:annotations:1" version="1"><annotation id="t1" reader="A&#x9b;B" created="2024-01-01T02:00:00+02:00"><target><quote>one line too long</quote></target></annotation></annotations>' > "$tmp/t1.rodnotes"
check "import normalises an offset time to UTC and replaces a C1 control in a name, with warnings" bash -c \
  "'$rod' annotations import '$tmp/t1.rodnotes' --book '$tmp/book.rod' >'$tmp/t1.out' 2>&1; grep -q 'read as 2024-01-01T00:00:00Z' '$tmp/t1.out' && '$rod' annotations export '$tmp/book.rod' --format rodnotes | grep -q 'reader=\"A[^\"]*B\" color=\"amber\" created=\"2024-01-01T00:00:00Z\"'"
check "a quote without positions is listed with its whole extent" bash -c \
  "'$rod' annotations list '$tmp/book.rod' | grep -q '^t1  highlight  amber  A[^ ]*B  8:57-8:74  exact'"
check "library check says ok" bash -c "'$rod' library check | grep -q ': ok'"
# reading statistics: sessions the window would write, put in by hand a
# day ago (yesterday's UTC date, so the figures hold whatever the hour)
check "library stats with nothing read says 0 s today and none finished" bash -c \
  "'$rod' library stats | grep -qx 'today          0 s' && '$rod' library stats | grep -qx 'finished       0 books'"
fp=$(sqlite3 "$ROD_LIBRARY" "SELECT fingerprint FROM books WHERE path LIKE '%book.rod'")
day=$(( $(date -u +%s) / 86400 * 86400 - 86400 ))
yesterday=$(date -u -d "@$day" +%F)
sqlite3 "$ROD_LIBRARY" "INSERT INTO reading_sessions VALUES ('$fp', $((day + 3600)), 1500, 40, 1, 0, 9, 0);
  INSERT INTO reading_sessions VALUES ('$fp', $((day + 7200)), 900, 20, 9, 0, 12, 0);
  INSERT INTO finished VALUES ('$fp', $((day + 8100)));"
check "library stats counts yesterday's 40 minutes in the week" bash -c \
  "'$rod' library stats >'$tmp/st.out' && grep -qx 'last 7 days    40 min (2400 s)' '$tmp/st.out' && grep -qx '  $yesterday   40 min (2400 s)' '$tmp/st.out' && grep -qx 'today          0 s' '$tmp/st.out'"
check "library stats lists the book finished with its date" bash -c \
  "grep -qx '  $yesterday   The Archivist of Lakat' '$tmp/st.out' && grep -qx 'finished       1 book' '$tmp/st.out'"
check "library stats BOOK: time, pages, pages an hour, sessions, finished" bash -c \
  "'$rod' library stats '$tmp/book.rod' >'$tmp/sb.out' && grep -qx '  time read       40 min (2400 s)' '$tmp/sb.out' && grep -qx '  pages turned    60' '$tmp/sb.out' && grep -qx '  pages an hour   90.0' '$tmp/sb.out' && grep -qx '  sessions        2 (first $yesterday, last $yesterday)' '$tmp/sb.out' && grep -qx '  finished        $yesterday' '$tmp/sb.out'"
check "library stats takes the book's id and fingerprint too" bash -c \
  "'$rod' library stats 1 | grep -q '(2400 s)' && '$rod' library stats '$fp' | grep -q '(2400 s)'"
check "library stats of a book not in the library is a usage error (2)" status_is 2 "$rod" library stats /no/such.rod
printf 'not a database, just words' > "$tmp/junk.db"
check "a damaged library is a clear error naming the check command (3)" bash -c \
  "'$rod' library --library '$tmp/junk.db' list 2>&1 | grep -q 'rod library check' && { '$rod' library --library '$tmp/junk.db' list >/dev/null 2>&1; [ \$? -eq 3 ]; }"

# rod render: a page as the window draws it, saved as PNG
png_size() {    # png_size FILE: "W H" from the PNG header
    python3 -c 'import struct, sys
d = open(sys.argv[1], "rb").read(24)
print(*struct.unpack(">II", d[16:24]) if d[:8] == b"\x89PNG\r\n\x1a\n" else ["not", "a", "PNG"])' "$1" 2>/dev/null
}
"$rod" render "$sample" --page 3 --width 600 --height 800 -o "$tmp/p3.png" 2>/dev/null
"$rod" render "$sample" --page 4 --width 600 --height 800 -o "$tmp/p4.png" 2>/dev/null
size=$(png_size "$tmp/p3.png")
check "rod render saves a page as a PNG of the asked size (600 800: ${size:-none})" test "$size" = "600 800"
check "and another page is another picture" bash -c "[ -s '$tmp/p4.png' ] && ! cmp -s '$tmp/p3.png' '$tmp/p4.png'"

# rod paginate --text: the pages' lines as plain text, a form feed between
# pages. long-words.txt has long words and no hyphens of its own, so every
# hyphen at a line's end is one the breaker added.
long=$fixtures/long-words.txt
narrow=(--width 300 --height 300 --size 14)
"$rod" paginate --text "${narrow[@]}" "$long" >"$tmp/text.txt" 2>/dev/null
pages=$("$rod" paginate "${narrow[@]}" "$long" 2>/dev/null | sed -n 's/^pages: //p')
feeds=$(tr -cd '\f' <"$tmp/text.txt" | wc -c)
check "paginate --text: a form feed between pages ($feeds + 1 = $pages pages)" test "$((feeds + 1))" = "${pages:-x}"
check "paginate --text: the lines carry the hyphens the breaker added" grep -q '[a-z]-$' "$tmp/text.txt"
words_of_pages() {  # the words of pages 2.. (1 is the title page), added hyphens taken out
    python3 -c '
import sys
pages = open(sys.argv[1], encoding="utf-8").read().split("\f")
assert pages[0].strip() == "Untitled", pages[0]
text = ""
for line in "".join(pages[1:]).split("\n"):
    text += line[:-1] if line.endswith("-") else line + " "
print(" ".join(text.split()))' "$1"
}
check "paginate --text: the pages hold the book's words in order, each once" \
    test "$(words_of_pages "$tmp/text.txt")" = "$(tr -s ' \n' '  ' <"$long" | sed 's/ *$//')"
"$rod" paginate --text --page 3 "${narrow[@]}" "$long" >"$tmp/p3.txt" 2>/dev/null
python3 -c 'import sys; sys.stdout.write(open(sys.argv[1], encoding="utf-8").read().split("\f")[2])' \
    "$tmp/text.txt" >"$tmp/p3-all.txt"
check "paginate --text --page 3 prints page 3 only ($(wc -l <"$tmp/p3.txt") lines)" \
    bash -c "[ -s '$tmp/p3.txt' ] && cmp -s '$tmp/p3.txt' '$tmp/p3-all.txt'"
start=$("$rod" paginate "${narrow[@]}" "$long" 2>/dev/null | sed -n 's/^3 //p')
check "paginate --text --at ($start) prints the page holding it" \
    bash -c "[ -s '$tmp/p3.txt' ] && '$rod' paginate --text --at '$start' ${narrow[*]} '$long' 2>/dev/null | cmp -s - '$tmp/p3.txt'"
check "paginate --text --page past the end is a usage error (2)" status_is 2 "$rod" paginate --text --page 999 "${narrow[@]}" "$long"
check "render --text is a usage error (2)" status_is 2 "$rod" render --text "$long"

echo "1..$n"
[ "$failed" -eq 0 ]
