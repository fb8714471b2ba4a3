# 60-exports.sh — exports of hostile notes are safe to open: each export is
# parsed by a real parser (Python's HTMLParser and xmllint --html for HTML,
# cmark --unsafe then HTMLParser for Markdown, json for JSON) and holds no
# element or attribute rod did not write; a time that is not one is
# refused on import with a warning.
d60=$tmp/h60
mkdir -p "$d60"
export ROD_LIBRARY=$d60/library.db
cat >"$d60/xss.rodnotes" <<'NOTES'
<?xml version="1.0" encoding="UTF-8"?>
<annotations xmlns="urn:isolinear:rod:annotations:1" version="1">
  <book fingerprint="sha256:0000"/>
  <annotation id="x1&quot;,&quot;evil&quot;:&quot;" type="note" reader="&lt;script&gt;alert(1)&lt;/script&gt;" color="amber" created="&lt;img src='" modified="2024-01-01T00:00:00Z">
    <target><start block="8" offset="57"/><end block="8" offset="74"/>
      <quote prefix="" suffix="">one line too long</quote></target>
    <body><p>&lt;img src=x onerror=alert(2)&gt; *bold* [link](javascript:alert(3)) &lt;a href="javascript:x"&gt;a&lt;/a&gt;</p><p>- item</p><p>1. one</p><p># head</p><p>&lt;!-- c --&gt; &amp;lt; `code` ***</p></body>
    <tag>' onerror='alert(document.domain)' </tag>
    <tag>"&gt;&lt;svg onload=alert(4)&gt;</tag>
  </annotation>
</annotations>
NOTES
stays_under "import hostile notes" 20 128 0 "$rod" annotations import "$d60/xss.rodnotes" --book "$sample"
if grep -q "created is not an ISO 8601 time" "$tmp/err"; then tap ok "a created time that is markup is refused with a warning"
else tap fail "a created time that is markup is refused with a warning"; fi
stays_under "export html" 20 128 0 "$rod" annotations export "$sample" --format html --no-pages -o "$d60/x.html"
stays_under "export md" 20 128 0 "$rod" annotations export "$sample" --format md --no-pages -o "$d60/x.md"
stays_under "export json" 20 128 0 "$rod" annotations export "$sample" --format json -o "$d60/x.json"
# the elements and attributes rod writes; anything else came from the notes
cat >"$d60/only.py" <<'PY'
import sys
from html.parser import HTMLParser
allowed = {"html": {"lang"}, "head": set(), "meta": {"charset", "name", "content"},
           "title": set(), "style": set(), "body": set(), "h1": set(), "h2": set(),
           "i": set(), "p": {"class"}, "b": set(), "span": {"class"}, "div": {"class"},
           "blockquote": set(), "br": set(), "em": set(), "strong": set()}
bad = []
class P(HTMLParser):
    def handle_starttag(self, tag, attrs):
        if tag not in allowed:
            bad.append(tag)
        bad.extend(tag + "@" + a for a, _ in attrs if a not in allowed.get(tag, set()))
    def handle_comment(self, data):
        bad.append("comment")
P().feed(sys.stdin.read())
if bad:
    print("not written by rod:", sorted(set(bad)))
    sys.exit(1)
PY
if python3 "$d60/only.py" <"$d60/x.html"; then tap ok "HTMLParser finds only rod's elements and attributes in the HTML"
else tap fail "HTMLParser finds only rod's elements and attributes in the HTML"; fi
if command -v xmllint >/dev/null; then
    found=$(xmllint --html --xpath 'count(//@*[starts-with(name(), "on")] | //img | //script | //svg | //a)' "$d60/x.html" 2>/dev/null)
    if [ "$found" = 0 ]; then tap ok "xmllint --html finds no img, script, svg, link or on* attribute"
    else tap fail "xmllint --html finds no img, script, svg, link or on* attribute ($found)"; fi
else
    tap ok "xmllint --html # SKIP xmllint is not installed"
fi
if command -v cmark >/dev/null; then
    if cmark --unsafe "$d60/x.md" | python3 "$d60/only.py"; then
        tap ok "the Markdown rendered by cmark (raw HTML allowed) holds only rod's elements"
    else
        tap fail "the Markdown rendered by cmark (raw HTML allowed) holds only rod's elements"
    fi
else
    tap ok "Markdown through cmark # SKIP cmark is not installed"
fi
if python3 - "$d60/x.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
a = d["first"]["items"][0]
assert set(d) == {"@context", "type", "label", "total", "first"}, set(d)
assert set(a) == {"id", "type", "motivation", "creator", "created", "modified", "body", "target"}, set(a)
assert a["id"] == 'urn:uuid:x1","evil":"', a["id"]
assert a["creator"]["name"] == "<script>alert(1)</script>"
assert "' onerror='alert(document.domain)' " in [b["value"] for b in a["body"]]
PY
then tap ok "the JSON parses, with only rod's keys and each field as the string it was"
else tap fail "the JSON parses, with only rod's keys and each field as the string it was"; fi
unset ROD_LIBRARY
