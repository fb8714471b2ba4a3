# 87-empty.sh — empty and odd files get a message and the right exit code:
# "FILE: error: empty" (1) for a file with nothing in it, whatever its
# format; a warning and an empty chapter for an empty part of an archive;
# 3 for what is not a file at all; and never a hang.

for ext in fb2 html xhtml txt rod epub; do
    : > "$tmp/empty.$ext"
    stays_under "a zero-length .$ext" 5 64 1 "$rod" info "$tmp/empty.$ext"
    check "  ... says FILE: error: empty" grep -qx "$tmp/empty.$ext: error: empty" "$tmp/err"
done
printf ' \n\t\r\n  \n' > "$tmp/blank.fb2"
printf '\xef\xbb\xbf' > "$tmp/bom.html"
printf '\xff\xfe \0\n\0' > "$tmp/utf16-blank.txt"
for f in blank.fb2 bom.html utf16-blank.txt; do
    stays_under "$f (white space, a BOM)" 5 64 1 "$rod" info "$tmp/$f"
    check "  ... says it is empty" grep -q "$tmp/$f: error: empty (nothing but white space)" "$tmp/err"
done

# parts of an archive
for part in chapter opf container; do
    python3 "$here/hostile/epubs.py" empty "$tmp/empty-$part.epub" $part
done
stays_under "an EPUB with an empty chapter" 5 64 0 "$rod" convert "$tmp/empty-chapter.epub" "$tmp/e.txt"
check "  ... warns about it by name, keeps the other" \
    bash -c "grep -q 'empty-chapter.epub(OEBPS/c1.xhtml): warning: the chapter is empty' '$tmp/err' && grep -q Second '$tmp/e.txt' && ! grep -q 'could not be read' '$tmp/e.txt'"
stays_under "an EPUB with an empty package document" 5 64 1 "$rod" info "$tmp/empty-opf.epub"
check "  ... says so" grep -q 'empty-opf.epub(OEBPS/content.opf): error: the document is empty' "$tmp/err"
stays_under "an EPUB with an empty container.xml" 5 64 1 "$rod" info "$tmp/empty-container.epub"
check "  ... says so" grep -q 'META-INF/container.xml): error: the document is empty' "$tmp/err"
python3 -c "
import zipfile
z = zipfile.ZipFile('$tmp/book.fb2.zip', 'w'); z.writestr('book.fb2', ''); z.close()"
stays_under "a .fb2.zip whose member is empty" 5 64 1 "$rod" info "$tmp/book.fb2.zip"
check "  ... says so" grep -q 'book.fb2.zip(book.fb2): error: the document is empty' "$tmp/err"

stays_under "library add of an empty file" 5 64 1 "$rod" library add "$tmp/empty.fb2"
check "  ... says why" grep -q "empty.fb2: error: empty" "$tmp/err"

# not files
mkdir -p "$tmp/dir.epub"
stays_under "a directory given as a book" 5 64 3 "$rod" info "$tmp/dir.epub"
check "  ... says so" grep -q 'dir.epub: error: is a directory' "$tmp/err"
stays_under "a device given as a book (/dev/zero)" 5 64 3 "$rod" convert /dev/zero "$tmp/z.rod"
check "  ... says so" grep -q '/dev/zero: error: is not a file but a device' "$tmp/err"
mkfifo "$tmp/fifo.fb2"
stays_under "a FIFO no one writes to" 5 64 1 "$rod" info "$tmp/fifo.fb2"
check "  ... is empty" grep -q 'fifo.fb2: error: empty' "$tmp/err"
(sleep 0.3; printf '<FictionBook xmlns="http://www.gribuser.ru/xml/fictionbook/2.0"><body><section><p>Piped.</p></section></body></FictionBook>' > "$tmp/fifo.fb2") &
stays_under "a FIFO written a moment later" 5 64 0 "$rod" convert "$tmp/fifo.fb2" "$tmp/f.txt"
wait
check "  ... is read" grep -q Piped "$tmp/f.txt"

# over the size limit: refused by its size before a byte is read
truncate -s 600M "$tmp/huge.txt"
stays_under "a 600 MiB file" 5 64 1 "$rod" info "$tmp/huge.txt"
check "  ... names the limit" grep -q 'too large (600 MiB; rod reads at most 512 MiB)' "$tmp/err"
rm -rf "$tmp"/empty.* "$tmp"/*.epub "$tmp"/*.zip "$tmp/dir.epub" "$tmp/fifo.fb2" "$tmp/huge.txt" \
    "$tmp"/blank.fb2 "$tmp"/bom.html "$tmp"/utf16-blank.txt "$tmp"/e.txt "$tmp"/f.txt
