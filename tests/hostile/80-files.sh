# 80-files.sh — the user's files are safe: an output that is the input
# (by name, through a symbolic or hard link, or a batch's folder) is
# refused with exit 2 and the input left byte for byte; a symbolic link
# planted at the old temporary's name (OUT.tmpPID) is not followed; an
# existing output keeps its mode and a link stays a link; the file and its
# folder are synced (seen with strace where it is installed); a
# conversion killed with SIGKILL while writing leaves the old output
# byte-identical and, once the next conversion has run, no temporary.
f=$tmp/files
mkdir -p "$f/dir"
printf 'Moby Dick.\n\nCall me Ishmael. Some years ago, never mind how long.\n' > "$f/moby.txt"
cp "$sample" "$f/s.rod"
cat > "$f/d.fb2" <<'FB2'
<?xml version="1.0" encoding="utf-8"?>
<FictionBook xmlns="http://www.gribuser.ru/xml/fictionbook/2.0">
  <description><title-info><book-title>D</book-title><lang>en</lang></title-info></description>
  <body><section><title><p>One</p></title>
    <p>A hand-written FictionBook, spaced as rod would never write it.</p></section></body>
</FictionBook>
FB2
cp "$f/d.fb2" "$f/dir/d.fb2"
for x in moby.txt s.rod d.fb2; do cp "$f/$x" "$f/$x.orig"; done

same() {    # same NAME ORIGINAL COPY: a check that COPY is ORIGINAL, byte for byte
    if cmp -s "$2" "$3"; then tap ok "$1"; else tap fail "$1"; fi
}

stays_under "convert moby.txt moby.txt" 10 64 2 "$rod" convert "$f/moby.txt" "$f/moby.txt"
same "  and moby.txt is untouched" "$f/moby.txt.orig" "$f/moby.txt"
stays_under "convert d.fb2 d.fb2" 10 64 2 "$rod" convert "$f/d.fb2" "$f/d.fb2"
same "  and d.fb2 is untouched" "$f/d.fb2.orig" "$f/d.fb2"
stays_under "convert --to fb2 -o dir dir/d.fb2" 10 64 2 "$rod" convert --to fb2 -o "$f/dir" "$f/dir/d.fb2"
same "  and dir/d.fb2 is untouched" "$f/d.fb2.orig" "$f/dir/d.fb2"
stays_under "annotations export s.rod -o s.rod" 10 128 2 "$rod" annotations export "$f/s.rod" -o "$f/s.rod"
same "  and s.rod is untouched" "$f/s.rod.orig" "$f/s.rod"
stays_under "render s.rod -o s.rod" 20 256 2 "$rod" render "$f/s.rod" -o "$f/s.rod"
same "  and s.rod is untouched" "$f/s.rod.orig" "$f/s.rod"
ln -s s.rod "$f/alias.rod"
stays_under "convert s.rod to a link to itself" 10 64 2 "$rod" convert "$f/s.rod" "$f/alias.rod" -q
same "  and the input is untouched" "$f/s.rod.orig" "$f/s.rod"
ln "$f/moby.txt" "$f/hard.txt"
stays_under "convert moby.txt to a hard link of it" 10 64 2 "$rod" convert --to txt "$f/moby.txt" "$f/hard.txt"
same "  and moby.txt is untouched" "$f/moby.txt.orig" "$f/moby.txt"
mkdir -p "$f/a" "$f/b"
cp "$f/moby.txt" "$f/a/x.txt"; printf 'Other.\n' > "$f/b/x.txt"
stays_under "a batch where a/x.txt and b/x.txt meet in out/x.rod" 10 64 2 \
    "$rod" convert -o "$f/out" "$f/a/x.txt" "$f/b/x.txt"
if [ ! -e "$f/out" ]; then tap ok "  and nothing is written"; else tap fail "  and nothing is written"; fi

# a symbolic link planted where the old code put its temporary
echo precious > "$f/victim"
limited "a link planted at OUT.tmpPID" 10 64 bash -c \
    'p=$$; ln -s "$1/victim" "$1/out.rod.tmp$(printf %05d $((p % 100000)))"; exec "$2" convert -q "$1/moby.txt" "$1/out.rod"' \
    _ "$f" "$rod"
if [ "$(cat "$f/victim")" = precious ]; then tap ok "  is not followed"; else tap fail "  is not followed (its target was overwritten)"; fi
if [ -f "$f/out.rod" ] && [ ! -L "$f/out.rod" ]; then tap ok "  and the output is a file, not the link"
else tap fail "  and the output is a file, not the link"; fi

cp "$f/s.rod.orig" "$f/private.rod"; chmod 600 "$f/private.rod"
stays_under "convert over a 0600 file" 10 64 0 "$rod" convert -q "$f/moby.txt" "$f/private.rod"
if [ "$(stat -c %a "$f/private.rod")" = 600 ]; then tap ok "  it stays 0600"
else tap fail "  it stays 0600 (got $(stat -c %a "$f/private.rod"))"; fi
echo old > "$f/real.txt"; ln -s real.txt "$f/sl.txt"
stays_under "convert to a symbolic link" 10 64 0 "$rod" convert -q "$f/moby.txt" "$f/sl.txt"
if [ -L "$f/sl.txt" ] && grep -q Ishmael "$f/real.txt"; then tap ok "  it stays a link; the file it leads to is new"
else tap fail "  it stays a link; the file it leads to is new"; fi

if command -v strace >/dev/null 2>&1; then
    strace -f -e trace=fsync,fdatasync,rename,renameat,renameat2 -o "$f/trace" \
        "$rod" convert -q "$f/moby.txt" "$f/synced.rod" >/dev/null 2>&1
    if grep -q '^[0-9]* *f\(data\)\?sync(' "$f/trace" && grep -A20 'rename' "$f/trace" | grep -q 'fsync('; then
        tap ok "the output is synced, and its folder after the rename"
    else
        tap fail "the output is synced, and its folder after the rename"
        sed 's/^/#   /' "$f/trace" | tail -5
    fi
fi

# killed mid-write: a large book; the kill comes the moment the process
# holds its output open (seen in /proc/PID/fd: the temporary, a file in
# the folder that is not the input), so it lands in the write or the sync
awk 'BEGIN { srand(7); split("the archivist ledger line of Lakat ink records kept hall", w, " ");
             for (i = 0; i < 25000; i++) { s = ""; for (j = 0; j < 60; j++) s = s w[int(rand() * 10) + 1] " ";
             print s "end.\n" } }' > "$f/big.txt"
"$rod" convert -q "$f/big.txt" "$f/new.rod" 2>/dev/null
writing() {     # writing PID: true once PID has a file of $f open other than big.txt
    local l t
    for l in /proc/"$1"/fd/*; do
        t=$(readlink "$l" 2>/dev/null) || continue
        case "$t" in "$f"/big.txt) ;; "$f"/*) return 0 ;; esac
    done
    return 1
}
# with strace, each write(2) is held back 0.3 s, so the kill cannot miss
slow=()
if command -v strace >/dev/null 2>&1; then
    slow=(strace -f -o /dev/null -e trace=write -e inject=write:delay_enter=300000)
fi
whole=1 caught=0
for try in 1 2 3 4 5; do
    cp "$f/s.rod.orig" "$f/big.rod"
    "${slow[@]}" "$rod" convert -q "$f/big.txt" "$f/big.rod" 2>/dev/null &
    runner=$!
    pid=$runner
    for wait_child in 1 2 3 4 5 6 7 8 9 10; do   # under strace: its child
        [ ${#slow[@]} -eq 0 ] && break
        pid=$(cat /proc/"$runner"/task/"$runner"/children 2>/dev/null | awk '{ print $1 }')
        [ -n "$pid" ] && break
        sleep 0.05
    done
    while [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; do
        if writing "$pid"; then kill -KILL "$pid"; caught=$((caught + 1)); break; fi
    done
    wait "$runner" 2>/dev/null
    if ! cmp -s "$f/big.rod" "$f/s.rod.orig" && ! cmp -s "$f/big.rod" "$f/new.rod"; then whole=0; fi
done
if [ $caught -gt 0 ] && [ $whole = 1 ]; then
    tap ok "killed with SIGKILL mid-write ($caught of 5 runs caught there): the old output is byte-identical"
else
    tap fail "killed with SIGKILL mid-write ($caught of 5 runs caught there): the old output is byte-identical"
fi
stays_under "the next conversion after the kills" 20 256 0 "$rod" convert -q "$f/moby.txt" "$f/after.rod"
left=$(ls -A "$f" | grep -c 'tmp' || true)
# the planted link above is the one name with "tmp" that is not ours
if [ "$left" -le 1 ]; then tap ok "  no temporary is left behind"
else tap fail "  no temporary is left behind ($(ls -A "$f" | grep tmp | head -3 | tr '\n' ' '))"; fi
