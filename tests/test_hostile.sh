#!/usr/bin/env bash
# test_hostile.sh — hostile and careless inputs, made at test time, each run
# under the limit it must stay under (seconds of wall time and megabytes of
# peak resident memory, measured with GNU time). The cases live in
# tests/hostile/*.sh, one file per class of attack (positions, depth, work,
# memory, links, exports, terminal, the user's files, damaged libraries,
# encodings, empty files); each file is sourced here with lib.sh's helpers
# and speaks TAP through tap.sh. The whole program must run in under a
# minute. Limits are for a release build; under AddressSanitizer the memory
# limit is scaled (see lib.sh), because its shadow memory and quarantine
# are not rod's.
#   test_hostile.sh ROD FIXTURES
set -u
rod=$1
fixtures=$2
here=$(cd "$(dirname "$0")" && pwd)
sample=$here/../docs/the-archivist-of-lakat.rod
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$here/tap.sh"
. "$here/hostile/lib.sh"
export ROD_LIBRARY="$tmp/library.db"
export XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache" XDG_DATA_HOME="$tmp/data"
# children_cpu: sets $cpu to "USER SYS", seconds of CPU the commands run so far took
# (the second line of bash's times, in its 0m1.234s form)
children_cpu() {
    times >"$tmp/times"   # a builtin in this shell: in a pipe it would count a subshell's
    cpu=$(awk 'NR == 2 { for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); printf "%.3f ", t[1] * 60 + t[2] } }' "$tmp/times")
}
# ROD_HOSTILE_ONLY=30 runs only the case files whose names start so
for case_file in "$here"/hostile/${ROD_HOSTILE_ONLY:-[0-9]}*.sh; do
    [ -f "$case_file" ] || continue
    echo "# $(basename "$case_file")"
    started=$(date +%s.%N)
    children_cpu; cpu_before=$cpu
    . "$case_file"
    # wall and the CPU of the commands it ran: where the program's minute goes
    children_cpu
    echo "# $(basename "$case_file"): $(awk -v a="$started" -v b="$(date +%s.%N)" -v c="$cpu_before" -v d="$cpu" \
        'BEGIN { split(c, x); split(d, y); printf "%.1f s (user %.1f s, sys %.1f s)", b - a, y[1] - x[1], y[2] - x[2] }')"
done
echo "1..$n"
[ "$failed" -eq 0 ]
