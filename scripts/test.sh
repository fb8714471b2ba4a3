#!/usr/bin/env bash
# Installs what is missing, builds rod with AddressSanitizer and
# UndefinedBehaviorSanitizer, and runs the whole test suite. The last line
# is "N passed, N failed, N skipped", counting every single check: a check
# skipped (TAP "# SKIP", with its reason) is never counted as passed, and a
# known failure (TAP "# TODO") is listed on its own line above.
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
# TAP lines as meson logs them (grep -a: a program that wrote a NUL, or a
# second meson run writing the same log, must not turn the count into
# "binary file matches" and 0 passed); a directive (# SKIP, # TODO) is matched
# case-insensitively, as TAP says
passed=$(grep -a '^ok ' "$log" | grep -Evic '#[[:space:]]*(skip|todo)' || true)
skipped=$(grep -a '^ok ' "$log" | grep -Eic '#[[:space:]]*skip' || true)
todo=$(grep -aE '^(not )?ok ' "$log" | grep -Eic '#[[:space:]]*todo' || true)
failed=$(grep -a '^not ok ' "$log" | grep -Evic '#[[:space:]]*todo' || true)
# a whole program skipped ("1..0 # SKIP why") counts as one skipped check
whole=$(grep -aEic '^1\.\.0[[:space:]]*#[[:space:]]*skip' "$log" || true)
skipped=$(( skipped + whole ))
# a program that crashed or never printed its plan counts as a failure too
crashed=$(grep -aEc '^[0-9]+/[0-9]+ .*(ERROR|FAIL|TIMEOUT)' "$log" || true)
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=$(( crashed > 0 ? crashed : 1 ))
fi
grep -aE '^ok .*#[[:space:]]*[Ss][Kk][Ii][Pp]|^1\.\.0' "$log" | sed 's/^/skipped: /' || true
if [ "$todo" -gt 0 ]; then
  echo "$todo known failures (TAP TODO; listed in the log, each with its reason)"
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
