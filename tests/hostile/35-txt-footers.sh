# 35-txt-footers.sh — a plain text is cut only at a real Project Gutenberg
# marker, and every cut is a warning: a story copied many times, each copy
# ending with the "End of the Project Gutenberg" line, keeps every copy
# (the old footer search dropped the copies before the last third's first
# footer line, without a word); and a file of 10 000 licence-and-header
# wrappers between one-line stories is read in linear time, every story
# line kept.
f=$tmp/footers
mkdir -p "$f"
awk 'BEGIN {
    for (c = 1; c <= 30; c++) {
        printf "CHAPTER %d\n\n", c
        for (p = 1; p <= 300; p++)
            printf "Copy %d, paragraph %d: the lamps of the lane came on one by one,\nand the ledger had a line for each of them.\n\n", c, p
        printf "The last line of copy %d.\n\nEnd of the Project Gutenberg EBook of The Ledger, by Orin Vale\n\n", c
    }
}' > "$f/copies.txt"
stays_under "30 copies of a story, each with the footer line" 10 128 0 "$rod" convert "$f/copies.txt" "$f/copies.rod"
if [ "$(grep -c 'warning' "$tmp/err")" -eq 1 ] && grep -q 'copies.txt:27179:1: warning: dropped the Project Gutenberg footer and licence, line 27179: 12 words' "$tmp/err"; then
    tap ok "  the one cut, the last footer line, is a warning naming it"
else
    tap fail "  the one cut, the last footer line, is a warning naming it"
    sed 's/^/#   /' "$tmp/err" | head -3
fi
"$rod" convert "$f/copies.rod" "$f/copies.out.txt" -q 2>/dev/null
if grep -q '^The last line of copy 30\.$' "$f/copies.out.txt" &&
   [ "$(grep -c '^End of the Project Gutenberg EBook of The Ledger' "$f/copies.out.txt")" -eq 29 ]; then
    tap ok "  every copy is kept, with the 29 footer lines the story runs on past"
else
    tap fail "  every copy is kept, with the 29 footer lines the story runs on past"
fi

awk 'BEGIN {
    print "Title: Many\n\n*** START OF THE PROJECT GUTENBERG EBOOK MANY ***\n"
    for (i = 1; i <= 10000; i++) {
        printf "Story line %d.\n\n*** END OF THE PROJECT GUTENBERG EBOOK MANY ***\n", i
        print "A line of licence.\n\n*** START OF THE PROJECT GUTENBERG EBOOK MANY ***\n"
    }
    print "The last story line.\n\n*** END OF THE PROJECT GUTENBERG EBOOK MANY ***\nLicence."
}' > "$f/wrappers.txt"
stays_under "10 000 Gutenberg wrappers one after another" 10 128 0 "$rod" convert "$f/wrappers.txt" "$f/wrappers.rod"
"$rod" convert "$f/wrappers.rod" "$f/wrappers.out.txt" -q 2>/dev/null
if [ "$(grep -c '^Story line [0-9]*\.$' "$f/wrappers.out.txt")" -eq 10000 ] &&
   grep -q '^The last story line\.$' "$f/wrappers.out.txt" && ! grep -q 'licence' "$f/wrappers.out.txt"; then
    tap ok "  every story line is kept and no licence line"
else
    tap fail "  every story line is kept and no licence line"
fi
