# lib.sh — helpers for the hostile cases (sourced by test_hostile.sh after
# tap.sh). Each case runs one command under a limit:
#   limited NAME SECONDS MB COMMAND...
#       runs COMMAND with its output in $tmp/out and $tmp/err, kills it
#       after SECONDS, and sets $status (the exit status; 124 when killed),
#       $peak_mb (peak resident memory) and $wall (seconds). Adds one TAP
#       check, "NAME: within SECONDS s and MB MB", that fails when the
#       command crashed (a signal or a sanitizer report), ran out of time
#       or used more memory than allowed. The caller then checks $status
#       and the output itself.
#   stays_under NAME SECONDS MB WANT_STATUS COMMAND...
#       limited, plus a check that the exit status is WANT_STATUS.
# Under AddressSanitizer (ROD_ASAN set by the suite, or a rod binary linked
# with libasan) a memory limit MB becomes 3*MB + 256: the shadow memory and
# the quarantine scale with what rod allocates, so the limit still catches
# growth that is out of proportion.
if [ -z "${ROD_ASAN:-}" ] && ldd "$rod" 2>/dev/null | grep -q libasan; then
    ROD_ASAN=1
fi
# Leaks are not looked for here: every other test program and every fuzz
# target checks them, and LeakSanitizer's scan of a hostile input's large
# heap at exit was a third of this program's time.
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1}:detect_leaks=0:quarantine_size_mb=64:allocator_may_return_null=1

limited() {
    local name=$1 secs=$2 mb=$3
    shift 3
    local allowed=$mb
    if [ -n "${ROD_ASAN:-}" ]; then allowed=$((mb * 3 + 256)); fi
    : >"$tmp/out"; : >"$tmp/err"
    local t0 t1
    t0=$(date +%s.%N)
    /usr/bin/time -f '%M' -o "$tmp/time" timeout -s KILL "$secs" "$@" >"$tmp/out" 2>"$tmp/err"
    status=$?
    t1=$(date +%s.%N)
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
    # GNU time prints "Command terminated by signal N" before the figure
    peak_mb=$(( $(tail -n 1 "$tmp/time" 2>/dev/null || echo 0) / 1024 ))
    if grep -q 'terminated by signal 9' "$tmp/time" 2>/dev/null; then status=124; fi
    local why=""
    if [ "$status" -eq 124 ] || [ "$status" -ge 128 ]; then why="status $status"; fi
    if grep -Eq 'ERROR: AddressSanitizer|runtime error:|LeakSanitizer' "$tmp/err"; then
        why="$why sanitizer report"
    fi
    if [ "$peak_mb" -gt "$allowed" ]; then why="$why ${peak_mb} MB over ${allowed} MB"; fi
    if [ -z "$why" ]; then
        tap ok "$name: within $secs s and $mb MB (${wall} s, ${peak_mb} MB)"
    else
        tap fail "$name: within $secs s and $mb MB ($why, ${wall} s)"
        sed 's/^/#   /' "$tmp/err" | head -5
    fi
}

stays_under() {
    local name=$1 secs=$2 mb=$3 want=$4
    shift 4
    limited "$name" "$secs" "$mb" "$@"
    if [ "$status" -eq "$want" ]; then
        tap ok "$name: exits $want"
    else
        tap fail "$name: exits $want (got $status)"
        sed 's/^/#   /' "$tmp/err" | head -5
    fi
}
