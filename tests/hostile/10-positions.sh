# 10-positions.sh — positions from a file are checked against the book
# before use: an end far past the last block is orphaned (or re-anchored
# by its quote), never indexed, and a quote without positions keeps its
# whole extent.
d10=$tmp/h10
mkdir -p "$d10"
export ROD_LIBRARY=$d10/library.db
cat >"$d10/far.rodnotes" <<'NOTES'
<?xml version="1.0" encoding="UTF-8"?>
<annotations xmlns="urn:isolinear:rod:annotations:1" version="1">
  <book fingerprint="sha256:0000"/>
  <annotation id="far-end" type="highlight" reader="X" color="amber" created="2024-01-01T00:00:00Z" modified="2024-01-01T00:00:00Z">
    <target><start block="48" offset="0"/><end block="99999999" offset="0"/></target>
  </annotation>
  <annotation id="far-quoted" type="highlight" reader="X" color="amber" created="2024-01-01T00:00:00Z" modified="2024-01-01T00:00:00Z">
    <target><start block="48" offset="0"/><end block="99999999" offset="0"/>
      <quote prefix="" suffix="">one line too long</quote></target>
  </annotation>
  <annotation id="no-positions" type="highlight" reader="X" color="amber" created="2024-01-01T00:00:00Z" modified="2024-01-01T00:00:00Z">
    <target><quote prefix="" suffix="">one line too long</quote></target>
  </annotation>
</annotations>
NOTES
stays_under "import positions past the book" 20 128 0 "$rod" annotations import "$d10/far.rodnotes" --book "$sample"
stays_under "list them" 20 128 0 "$rod" annotations list "$sample"
if grep -q '^far-end .*orphaned' "$tmp/out"; then tap ok "an end past the last block without a quote is orphaned"
else tap fail "an end past the last block without a quote is orphaned"; grep '^far-end' "$tmp/out" | sed 's/^/#   /'; fi
if grep -q '^far-quoted .*8:57-8:74  ' "$tmp/out"; then tap ok "with a quote it is re-anchored at the quote"
else tap fail "with a quote it is re-anchored at the quote"; fi
if grep -q '^no-positions .*8:57-8:74  ' "$tmp/out"; then tap ok "a quote without positions keeps its whole extent"
else tap fail "a quote without positions keeps its whole extent"; grep '^no-positions' "$tmp/out" | sed 's/^/#   /'; fi
for fmt in json md html rodnotes; do
    stays_under "export them as $fmt" 20 128 0 "$rod" annotations export "$sample" --format "$fmt" --no-pages
done
if "$rod" annotations export "$sample" --format json --no-pages 2>/dev/null |
   python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["total"] == 3' 2>/dev/null; then
    tap ok "the JSON export holds all three"
else
    tap fail "the JSON export holds all three"
fi
unset ROD_LIBRARY
