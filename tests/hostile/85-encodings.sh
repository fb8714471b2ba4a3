# 85-encodings.sh — one bad byte loses one character, not the book: every
# declared encoding, and invalid UTF-8 in a UTF-8 document, is decoded with
# U+FFFD in every format, with one warning naming the line; libxml2's own
# lines ("encoding error", "I/O error") never reach the user.

# KIND (fb2, rod, html) of 1,000 numbered paragraphs in CODEC (Python's
# name) declaring DECL, with the byte BAD (hex) before the 500th's number
make_xml() {    # KIND OUT CODEC DECL BAD
    python3 - "$@" <<'EOF'
import sys
kind, out, codec, decl, bad = sys.argv[1:6]
bad = bytes.fromhex(bad)
if kind == 'fb2':
    head = ('<?xml version="1.0" encoding="%s"?>\n<FictionBook xmlns="http://www.gribuser.ru/xml/'
            'fictionbook/2.0"><description><title-info><book-title>Т</book-title><lang>ru</lang>'
            '</title-info></description><body><section>\n' % decl)
    tail = '</section></body></FictionBook>\n'
elif kind == 'rod':
    head = ('<?xml version="1.0" encoding="%s"?>\n<rod xmlns="urn:isolinear:rod:1" version="1" '
            'xml:lang="ru"><head><title>Т</title></head><body>\n' % decl)
    tail = '</body></rod>\n'
else:   # html: the charset in a <meta>
    head = ('<!DOCTYPE html>\n<html><head><meta charset="%s"><title>Т</title></head><body>\n'
            % decl)
    tail = '</body></html>\n'
paras = ''.join('<p>Абзац номер %d.</p>\n' % i for i in range(1000))
data = (head + paras + tail).encode(codec)
at = data.find('номер 500.'.encode(codec))
open(out, 'wb').write(data[:at] + bad + data[at:])
EOF
}

# all 1,000 paragraphs are there, the bad byte is one U+FFFD, the warning
# names line 503, and every line on stderr is rod's own
kept_all() {    # NAME FILE WARNING_RE
    local name=$1 file=$2 want=$3
    stays_under "$name" 10 128 0 "$rod" convert "$file" "$tmp/enc.txt"
    check "  ... keeps all 1,000 paragraphs" bash -c "[ \$(grep -c 'Абзац' '$tmp/enc.txt') -eq 1000 ]"
    check "  ... the bad byte is one U+FFFD" grep -q 'Абзац �номер 500' "$tmp/enc.txt"
    check "  ... one warning, naming line 503" \
        bash -c "[ \$(grep -c 'not valid' '$tmp/err') -eq 1 ] && grep -Eq '$want' '$tmp/err'"
    check "  ... no line of libxml2's own" bash -c "! grep -v '^$file' '$tmp/err' | grep -q ."
}

make_xml fb2 "$tmp/cp1251.fb2" cp1251 windows-1251 98
kept_all "windows-1251 FictionBook with 0x98 (unassigned)" "$tmp/cp1251.fb2" \
    ':503:[0-9]+: warning: 1 character that is not valid windows-1251 text was replaced'
make_xml fb2 "$tmp/sjis.fb2" shift_jis Shift_JIS a0
kept_all "Shift_JIS FictionBook with 0xA0" "$tmp/sjis.fb2" ':503:[0-9]+: warning: .*Shift_JIS'
make_xml fb2 "$tmp/utf8.fb2" utf-8 UTF-8 ff
kept_all "UTF-8 FictionBook with 0xFF" "$tmp/utf8.fb2" ':503:[0-9]+: warning: .*UTF-8'
make_xml rod "$tmp/utf8.rod" utf-8 UTF-8 c3
kept_all ".rod with a lone 0xC3" "$tmp/utf8.rod" ':503:[0-9]+: warning: .*UTF-8'
make_xml html "$tmp/cp1251.html" cp1251 windows-1251 98
kept_all "HTML with <meta charset=windows-1251> and 0x98" "$tmp/cp1251.html" ':503:[0-9]+: warning: .*windows-1251'

# the same chapter inside an EPUB: the warning names the part
python3 - "$tmp/cp1251.epub" <<'EOF'
import sys, zipfile
paras = ''.join('<p>Абзац номер %d.</p>\n' % i for i in range(1000))
x = ('<?xml version="1.0" encoding="windows-1251"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
     '<head><title>c</title></head><body>\n' + paras + '</body></html>\n').encode('cp1251')
at = x.find('номер 500.'.encode('cp1251'))
x = x[:at] + b'\x98' + x[at:]
z = zipfile.ZipFile(sys.argv[1], 'w')
z.writestr('mimetype', 'application/epub+zip')
z.writestr('META-INF/container.xml', '<?xml version="1.0"?><container version="1.0" xmlns="urn:'
           'oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="p.opf" '
           'media-type="application/oebps-package+xml"/></rootfiles></container>')
z.writestr('p.opf', '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version='
           '"3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>T</dc:title>'
           '</metadata><manifest><item id="c" href="c.xhtml" media-type="application/xhtml+xml"/>'
           '</manifest><spine><itemref idref="c"/></spine></package>')
z.writestr('c.xhtml', x)
z.close()
EOF
kept_all "EPUB chapter in windows-1251 with 0x98" "$tmp/cp1251.epub" \
    'cp1251.epub\(c.xhtml\):503:[0-9]+: warning: .*windows-1251'

# plain text: mostly UTF-8 with two damaged bytes, the first on line 3
printf 'Первая строка.\n\nВторая \xff строка.\n\nТретья \xfe.\n' > "$tmp/bad.txt"
stays_under "UTF-8 text with two bad bytes" 10 64 0 "$rod" convert "$tmp/bad.txt" "$tmp/enc.txt"
check "  ... one warning, naming line 3 and counting both" \
    grep -q 'bad.txt:3:8: warning: 2 characters that are not valid UTF-8 text were replaced' "$tmp/err"
check "  ... the text around them is kept" grep -q 'Третья' "$tmp/enc.txt"

# an encoding no one knows: read as UTF-8, with a warning saying so
printf '<?xml version="1.0" encoding="x-klingon"?><FictionBook xmlns="http://www.gribuser.ru/xml/fictionbook/2.0"><body><section><p>Qapla.</p></section></body></FictionBook>' > "$tmp/bogus.fb2"
stays_under "a FictionBook in an unknown encoding" 10 64 0 "$rod" convert "$tmp/bogus.fb2" "$tmp/enc.txt"
check "  ... says it reads it as UTF-8" grep -q "encoding 'x-klingon', which rod does not know; read as UTF-8" "$tmp/err"
check "  ... and keeps its text" grep -q 'Qapla' "$tmp/enc.txt"

# UTF-16 with its mark still reads (libxml2 used to do it)
python3 -c "
open('$tmp/utf16.fb2', 'wb').write('<?xml version=\"1.0\" encoding=\"UTF-16\"?><FictionBook xmlns=\"http://www.gribuser.ru/xml/fictionbook/2.0\"><body><section><p>Шестнадцать.</p></section></body></FictionBook>'.encode('utf-16'))"
stays_under "a UTF-16 FictionBook" 10 64 0 "$rod" convert "$tmp/utf16.fb2" "$tmp/enc.txt"
check "  ... reads its text" grep -q 'Шестнадцать' "$tmp/enc.txt"
rm -f "$tmp"/*.fb2 "$tmp"/*.html "$tmp"/*.epub "$tmp"/enc.txt
