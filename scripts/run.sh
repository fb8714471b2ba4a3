#!/usr/bin/env bash
# Installs what is missing, builds rod, and opens the bundled sample book.
# Until the reader window lands this shows the book in the terminal: what it
# is (`rod info`) and its text, through a pager when there is a terminal.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
bash scripts/install-deps.sh
if [ ! -f build/build.ninja ]; then
  meson setup build >/dev/null
fi
ninja -C build >/dev/null
book=${1:-docs/the-archivist-of-lakat.rod}
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
