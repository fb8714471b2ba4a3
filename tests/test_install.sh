#!/usr/bin/env bash
# test_install.sh — `meson install` into a scratch DESTDIR puts rod where a
# desktop finds it: the binary, the man page, the .desktop entry (which
# runs rod on a file of our mime type), the icon, and a shared-mime-info
# type that matches what rod writes (the *.rod glob and the root element's
# namespace). Speaks TAP.
set -u
build=$1
top=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/tap.sh"

if meson install -C "$build" --no-rebuild --destdir "$tmp" >"$tmp.log" 2>&1; then
    tap ok "meson install into a DESTDIR succeeds"
else
    tap fail "meson install into a DESTDIR succeeds: $(tail -5 "$tmp.log")"
fi
rm -f "$tmp.log"
prefix=$(meson introspect "$build" --buildoptions |
         python3 -c 'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"]=="prefix"][0])')
root=$tmp$prefix
share=$root/share

check "the binary is installed and runs" "$root/bin/rod" --version
check "the man page is installed" test -s "$share/man/man1/rod.1"
# a tool scripts/install-deps.sh installs; without it the check is a SKIP
# line saying so, never a check that silently disappears
skip_without() {    # skip_without TOOL PACKAGE NAME: true (and a SKIP line) when TOOL is missing
    command -v "$1" >/dev/null && return 1
    n=$((n + 1))
    echo "ok $n - $3 # SKIP $1 is not installed (scripts/install-deps.sh installs $2)"
    return 0
}
if ! skip_without man man-db "the man page renders without warnings"; then
    warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$share/man/man1/rod.1" 2>&1 >/dev/null)
    check "the man page renders without warnings" test -z "$warnings"
fi
# every subcommand `rod --help` lists is in the man page
missing=
for cmd in $("$root/bin/rod" --help | sed -n 's/^  \([a-z]\+\) .*/\1/p'); do
    grep -Eq "^\.BR? (rod )?$cmd( |\$)" "$share/man/man1/rod.1" || missing="$missing $cmd"
done
check "the man page covers every command in rod --help${missing:+ (missing:$missing)}" test -z "$missing"

desktop=$share/applications/rod.desktop
check "the .desktop entry is installed" test -s "$desktop"
check "it is an application that runs rod read on a file" grep -qx 'Exec=rod read %f' "$desktop"
check "it opens application/x-rod+xml" grep -q '^MimeType=.*application/x-rod+xml;' "$desktop"
check "its icon is installed under that name" \
    test -s "$share/icons/hicolor/scalable/apps/$(sed -n 's/^Icon=//p' "$desktop").svg"
if ! skip_without desktop-file-validate desktop-file-utils "desktop-file-validate accepts it"; then
    check "desktop-file-validate accepts it" desktop-file-validate "$desktop"
fi

mime=$share/mime/packages/rod.xml
check "the mime type is installed" test -s "$mime"
check "the mime file is well-formed XML" xmllint --noout "$mime"
ns=$(sed -n 's/.*<rod xmlns="\([^"]*\)".*/\1/p' "$top/docs/the-archivist-of-lakat.rod")
check "its root-XML namespace is the one rod writes ($ns)" \
    grep -q "namespaceURI=\"$ns\" localName=\"rod\"" "$mime"
check "its glob is *.rod" grep -q '<glob pattern="\*\.rod"/>' "$mime"
if ! skip_without update-mime-database shared-mime-info "update-mime-database knows the type"; then
    update-mime-database "$share/mime" >/dev/null 2>&1
    check "update-mime-database knows the type" grep -q 'application/x-rod+xml' "$share/mime/globs2"
fi
check "the icon is an SVG image" xmllint --noout "$share/icons/hicolor/scalable/apps/rod.svg"
check "nothing else of rod's build (tests, benchmarks) is installed" \
    test "$(find "$root/bin" -type f | wc -l)" -eq 1
echo "1..$n"
