# 00-baseline.sh — the yardstick: the sample book itself converts to every
# format well inside the limits the hostile cases are held to.
for fmt in rod txt html md epub fb2; do
    stays_under "the sample to $fmt" 20 128 0 "$rod" convert "$sample" "$tmp/sample.$fmt" -q
done
