#!/usr/bin/env bash
# test_fallback.sh — when no installed font can show a script, rod says so
# once per book and names the Debian package that would, instead of
# drawing empty boxes in silence. fontconfig is pointed (FONTCONFIG_FILE)
# at a configuration listing one test folder holding DejaVu Sans only, so
# Latin shows and Japanese and Chinese do not; with the real fonts the
# same books get no such warning. Speaks TAP.
set -u
rod=$1
fixtures=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/tap.sh"

dejavu=$(fc-match -f '%{file}' 'DejaVu Sans')
mkdir -p "$tmp/fonts"
ln -s "$dejavu" "$tmp/fonts/"
cat >"$tmp/fonts.conf" <<CONF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>$tmp/fonts</dir>
  <cachedir>$tmp/cache</cachedir>
</fontconfig>
CONF
hidden() { FONTCONFIG_FILE=$tmp/fonts.conf "$@"; }

ja=$fixtures/cjk/ja.html
zh=$fixtures/cjk/zh.html
hidden "$rod" paginate "$ja" >"$tmp/out" 2>"$tmp/err"
check "without CJK fonts, rod paginate still pages the Japanese book" grep -q '^pages: ' "$tmp/out"
check "it warns that no font has Han, Hiragana and Katakana characters" \
    grep -q 'warning: .*ja.html: no installed font has Han, Hiragana and Katakana characters' "$tmp/err"
check "and names the package that would show them: fonts-ipafont-mincho" \
    grep -q 'install fonts-ipafont-mincho to see them' "$tmp/err"
check "once for the book, not per character or page" [ "$(grep -c 'no installed font' "$tmp/err")" = 1 ]

hidden "$rod" render "$zh" --page 2 -o "$tmp/zh.png" 2>"$tmp/err"
check "rod render warns for a Chinese book: Han, fonts-wqy-zenhei" \
    grep -q 'no installed font has Han characters (such as U+.*install fonts-wqy-zenhei' "$tmp/err"
check "once" [ "$(grep -c 'no installed font' "$tmp/err")" = 1 ]

# the window: a toast says the same, once
printf 'expect toast No installed font shows Han, Hiragana, Katakana (install fonts-ipafont-mincho)\nkey Right\nkey Left\nquit\n' >"$tmp/script"
XDG_CONFIG_HOME=$tmp/xdg XDG_DATA_HOME=$tmp/xdg SDL_VIDEODRIVER=offscreen hidden timeout 60 \
    "$rod" read --library "$tmp/lib.db" --keep-settings --size 1366x768 --script "$tmp/script" "$ja" >"$tmp/win" 2>&1
check "the window tells it in a toast, naming the package" grep -q '^pass .*toast No installed font shows Han' "$tmp/win"
check "once for the book, though pages are drawn again" [ "$(grep -c '^toast: No installed font' "$tmp/win")" = 1 ]

# a book without those scripts: no warning (DejaVu Sans has its letters)
printf 'A short book.\n\nIn plain English, with nothing exotic.\n' >"$tmp/latin.txt"
hidden "$rod" paginate "$tmp/latin.txt" >/dev/null 2>"$tmp/err"
check "a Latin book gets no such warning" bash -c "! grep -q 'no installed font' '$tmp/err'"

# the real fonts: they show, nothing to warn about
if fc-list :lang=ja | grep -q . && fc-list :lang=zh-cn | grep -q .; then
    "$rod" paginate "$ja" >/dev/null 2>"$tmp/err"
    "$rod" paginate "$zh" >/dev/null 2>>"$tmp/err"
    check "with the CJK faces installed, neither book warns" bash -c "! grep -q 'no installed font' '$tmp/err'"
else
    echo "ok $((n + 1)) - with the CJK faces installed, neither book warns # SKIP no CJK face (scripts/install-deps.sh)"
    n=$((n + 1))
fi

echo "1..$n"
[ "$failed" -eq 0 ]
