#!/usr/bin/env bash
# Installs the Debian 12 packages rod needs to build, run and test.
# Idempotent: asks dpkg what is already there and runs apt-get only for the
# rest, so it is silent when everything is present.
set -euo pipefail

packages=(
  # build
  build-essential meson ninja-build pkg-config
  # libraries, through pkg-config
  libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev libxml2-dev libxml2-utils
  libsqlite3-dev libicu-dev libzip-dev libfontconfig-dev libhyphen-dev
  nettle-dev libuchardet-dev libharfbuzz-dev libfreetype-dev
  # Xlib, for the window title's WM_NAME (reader/app/app_window.c)
  libx11-dev
  # hyphenation dictionaries
  hyphen-en-us hyphen-de hyphen-fr hyphen-ru hyphen-nl
  # fonts: a book face and a fallback with wide coverage
  fonts-ebgaramond fonts-dejavu-core
  # book faces for the scripts DejaVu lacks or sets poorly (fonts/discover.c
  # picks one per script for the characters the book face has not): Arabic,
  # Hebrew, Japanese (IPA Mincho) and Chinese (WenQuanYi Zen Hei) — 45 MB,
  # where Noto CJK alone is 91 MB
  fonts-hosny-amiri fonts-sil-ezra fonts-ipafont-mincho fonts-wqy-zenhei
  # the window's tests: a real X server driven like a person, screenshots
  xvfb xauth xdotool imagemagick
  # the window's geometry and names, read from outside, and a window
  # manager whose frame must fit on the screen too (tests/test_fit.sh)
  x11-utils openbox
  # the install test: the man page rendered, the desktop entry and the
  # mime type checked by the desktop's own tools
  man-db desktop-file-utils shared-mime-info
  # EPUB export checked by the reference validator; libFuzzer targets
  epubcheck clang libclang-rt-14-dev
  # exports of hostile notes rendered by a real Markdown parser (tests/hostile/60)
  cmark
  # looking up a word: dictd dictionaries read directly (zlib for dictzip),
  # hunspell's stemmer and dictionaries for inflected forms
  zlib1g-dev libhunspell-dev
  dict-gcide dict-wn dict-freedict-deu-eng dict-freedict-fra-eng dict-freedict-nld-eng
  hunspell-en-us hunspell-de-de hunspell-fr hunspell-nl hunspell-ru
  # sync (tests/test_sync_engines.sh): two real engines between devices'
  # folders, git and rsync, and the database shell to set a reading place
  git rsync sqlite3
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "rod: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
