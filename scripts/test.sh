#!/usr/bin/env bash
# Installs what is missing, builds rod with AddressSanitizer and
# UndefinedBehaviorSanitizer, and runs the whole test suite. The last line
# is "N passed, N failed", counting every single check.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
bash scripts/install-deps.sh

build=build-test
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" -Db_sanitize=address,undefined -Db_lundef=false \
    -Dbuildtype=debugoptimized >/dev/null
fi
ninja -C "$build" >/dev/null

export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
set +e
meson test -C "$build" --print-errorlogs --num-processes 2 "$@"
status=$?
set -e
log="$build/meson-logs/testlog.txt"
passed=$(grep -c '^ok ' "$log" || true)
# a TAP TODO ("not ok ... # TODO") is a known failure, listed, not counted
failed=$(grep '^not ok ' "$log" | grep -vc '# TODO' || true)
known=$(grep -c '^not ok .*# TODO' "$log" || true)
# a program that crashed or never printed its plan counts as a failure too
crashed=$(grep -Ec '^[0-9]+/[0-9]+ .*(ERROR|FAIL|TIMEOUT)' "$log" || true)
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=$(( crashed > 0 ? crashed : 1 ))
fi
[ "$known" -eq 0 ] || echo "$known known failures (TAP TODO, not counted)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
