# 70-terminal.sh — the terminal is not the file's: control characters from
# the command line are refused, from a .rodnotes file replaced, and every
# command that prints a book's or a reader's text prints them escaped; the
# .rodnotes export reads back into rod.
d70=$tmp/h70
mkdir -p "$d70"
export ROD_LIBRARY=$d70/library.db
raw() {   # raw FILE: true when FILE holds ESC, BEL, a C1 control or U+202E
    python3 -c '
import sys
b = open(sys.argv[1], "rb").read()
t = b.decode("utf-8", "replace")
sys.exit(0 if any(c in t for c in "\x1b\x07\x9b\x85\u202e") else 1)' "$1"
}
stays_under "add with ESC in --reader" 20 128 2 "$rod" annotations add "$sample" --at 8:57-8:74 --reader $'\e[41mBG'
stays_under "add with OSC and BEL in --note" 20 128 2 "$rod" annotations add "$sample" --at 8:57-8:74 --note $'\e]0;T\a'
stays_under "add with U+009B in --tag" 20 128 2 "$rod" annotations add "$sample" --at 8:57-8:74 --tag $'\xc2\x9b31m'
if ! raw "$tmp/err"; then tap ok "the refusal itself prints no control character"
else tap fail "the refusal itself prints no control character"; fi
cat >"$d70/c.rodnotes" <<'NOTES'
<?xml version="1.0" encoding="UTF-8"?>
<annotations xmlns="urn:isolinear:rod:annotations:1" version="1">
  <book fingerprint="sha256:0000" title="T&#x9b;itle"/>
  <annotation id="c&#x85;1" type="note" reader="Kira &#x202e;ariK&#x9b;1m" color="amber&#x9b;" created="2024-01-01T00:00:00Z" modified="2024-01-01T00:00:00Z">
    <target><start block="8" offset="57"/><end block="8" offset="74"/>
      <quote prefix="" suffix="">one line too long</quote></target>
    <body><p>x&#x85;y&#x9b;z</p></body>
    <tag>t&#x202e;ag</tag>
  </annotation>
</annotations>
NOTES
stays_under "import C1 and bidi controls" 20 128 0 "$rod" annotations import "$d70/c.rodnotes" --book "$sample"
if ! raw "$tmp/err"; then tap ok "the import's warnings print no control character"
else tap fail "the import's warnings print no control character"; fi
stays_under "list them" 20 128 0 "$rod" annotations list "$sample"
if ! raw "$tmp/out" && grep -q 'Kira' "$tmp/out"; then tap ok "annotations list prints no raw control or bidi override"
else tap fail "annotations list prints no raw control or bidi override"; fi
stays_under "export rodnotes" 20 128 0 "$rod" annotations export "$sample" --format rodnotes -o "$d70/back.rodnotes"
rm -f "$d70"/library.db*
stays_under "rod's own import reads its export" 20 128 0 "$rod" annotations import "$d70/back.rodnotes"
# a book whose title and words hold C1 controls and an override
printf 'Ti\xc2\x9b31mtle \xe2\x80\xae of \x1b[41mit\n\nText \xc2\x85 with \xc2\x9b2J a search word zyzzogeton.\n' >"$d70/c1.txt"
stays_under "info on a book with controls in its title" 20 128 0 "$rod" info "$d70/c1.txt"
if ! raw "$tmp/out"; then tap ok "info prints them escaped"
else tap fail "info prints them escaped"; fi
stays_under "library add it" 20 128 0 "$rod" library add "$d70/c1.txt"
stays_under "library list" 20 128 0 "$rod" library list
if ! raw "$tmp/out"; then tap ok "library list prints them escaped"
else tap fail "library list prints them escaped"; fi
stays_under "library search" 20 128 0 "$rod" library search zyzzogeton
if ! raw "$tmp/out"; then tap ok "library search prints them escaped"
else tap fail "library search prints them escaped"; fi
unset ROD_LIBRARY
