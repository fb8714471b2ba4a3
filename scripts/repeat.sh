#!/usr/bin/env bash
# repeat.sh — runs chosen test programs N times in a row, to find flakes.
#
#   bash scripts/repeat.sh [-C BUILD] [-n N] [-j JOBS] [PROGRAM...]
#
# Each PROGRAM (a name `meson test -C BUILD --list` shows; none named: all
# of them but fuzz, a time-boxed fuzzer that is no use repeated) is run N
# times one after the other (default 20) with `meson test --no-rebuild
# --repeat N --num-processes JOBS` (default 1: the machine is shared), with
# the sanitizer options scripts/test.sh uses; meson stops repeating at a
# failure, so the runs left are asked for again until N are made. A log
# with a failed run is kept as BUILD/meson-logs/repeat-PROGRAM-K.txt and
# its failing TAP lines are printed at once; the others are deleted. At
# the end a table: program, runs, failures, and the slowest and mean run
# in seconds, as meson timed them. The exit
# status is 1 when any run failed. The build is not rebuilt: run ninja
# first.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=build
runs=20
jobs=1
while getopts "C:n:j:h" opt; do
    case $opt in
    C) build=$OPTARG ;;
    n) runs=$OPTARG ;;
    j) jobs=$OPTARG ;;
    *) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
case $build in /*) ;; *) build=$top/$build ;; esac
if [ ! -f "$build/build.ninja" ]; then
    echo "repeat.sh: $build is not a configured build folder" >&2
    exit 2
fi
known=$(meson test -C "$build" --list --no-rebuild 2>/dev/null) || {
    echo "repeat.sh: meson test --list failed in $build" >&2
    exit 2
}
if [ $# -eq 0 ]; then
    set -- $(grep -vx fuzz <<<"$known")
fi
for p in "$@"; do
    if ! grep -qx -- "$p" <<<"$known"; then
        echo "repeat.sh: no test program $p in $build" >&2
        exit 2
    fi
done
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
logs=$build/meson-logs
table=$(mktemp) stats=$(mktemp)
trap 'rm -f "$table" "$stats" "$stats.new"' EXIT
total_fail=0
echo "# $(date -u '+%F %T') UTC: $# programs x $runs in $build, --num-processes $jobs"
for p in "$@"; do
    # meson's --repeat stops at the first failure: the runs left are
    # asked for again, so every one of the N runs is made
    left=$runs chunk=0
    : >"$stats"
    while [ "$left" -gt 0 ]; do
        chunk=$((chunk + 1))
        base=repeat-$p-$chunk
        meson test -C "$build" --no-rebuild --num-processes "$jobs" --repeat "$left" \
            --logbase "$base" "$p" >/dev/null 2>&1
        status=$?
        # one JSON line a run: its result and duration
        python3 -c 'import json,sys
for l in open(sys.argv[1]):
    d = json.loads(l); print(d["result"], d["duration"])' "$logs/$base.json" >"$stats.new" 2>/dev/null
        done_now=$(wc -l <"$stats.new")
        cat "$stats.new" >>"$stats"
        if grep -qvE '^(OK|EXPECTEDFAIL|SKIP) ' "$stats.new" || { [ "$status" -ne 0 ] && [ "$done_now" -eq 0 ]; }; then
            echo "FAIL $p (run $((runs - left + done_now)) of $runs, status $status): $logs/$base.txt"
            grep -aE '^not ok|^ *[0-9]+/[0-9]+ .*(ERROR|FAIL|TIMEOUT)|Sanitizer:|runtime error' "$logs/$base.txt" | head -5 | sed 's/^/    /'
            [ "$done_now" -eq 0 ] && { echo "no run was made" >>"$stats"; break; }
        else
            rm -f "$logs/$base.txt"
        fi
        rm -f "$logs/$base.json" "$logs/$base.junit.xml"
        left=$((left - done_now))
    done
    made=$(grep -c . "$stats")
    fails=$(grep -cvE '^(OK|EXPECTEDFAIL|SKIP) ' "$stats")
    read -r slowest mean < <(awk '{ if ($2 > m) m = $2; s += $2 } END { printf "%.1f %.1f", m, NR ? s / NR : 0 }' "$stats")
    total_fail=$((total_fail + fails))
    printf '%-18s %5d %9d %9.1f %9.1f\n' "$p" "$made" "$fails" "$slowest" "$mean" |
        tee -a "$table" | sed 's/^/# done: /'
done
echo
printf '%-18s %5s %9s %9s %9s\n' program runs failures slowest mean
cat "$table"
echo "# $(date -u '+%F %T') UTC: $total_fail failed runs"
[ "$total_fail" -eq 0 ]
