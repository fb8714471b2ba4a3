#!/usr/bin/env bash
# Installs what is missing, builds rod, and opens the bundled sample book
# (or the book given) in the reader window. The book goes into the library
# (~/.local/share/rod/library.db) and opens where you left it. Without a
# display (an SSH session, a container) it says so and shows the book in
# the terminal instead.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
bash scripts/install-deps.sh
if [ ! -f build/build.ninja ]; then
  meson setup build >/dev/null
fi
ninja -C build >/dev/null
book=${1:-docs/the-archivist-of-lakat.rod}
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  exec build/reader/rod read "$book"
fi
echo "rod: no display here (DISPLAY and WAYLAND_DISPLAY are unset); showing the book in the terminal." >&2
echo "rod: on a desktop this opens the reader window; see README.md, 'The reader'." >&2
show() {
  build/reader/rod info "$book"
  echo
  build/reader/rod convert "$book" - --to txt --width 72
}
if [ -t 1 ]; then
  show | "${PAGER:-less}"
else
  show
fi
