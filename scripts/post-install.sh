#!/bin/sh
# Run by `meson install`: tells the desktop about rod's mime type, .desktop
# entry and icon. Skipped when installing into a DESTDIR (packaging), where
# the package manager's triggers do it; each tool is optional.
set -u
[ -n "${DESTDIR:-}" ] && exit 0
datadir=${MESON_INSTALL_PREFIX:-/usr/local}/share
if command -v update-mime-database >/dev/null; then
    update-mime-database "$datadir/mime" || echo "rod: update-mime-database failed" >&2
fi
if command -v update-desktop-database >/dev/null; then
    update-desktop-database -q "$datadir/applications" || true
fi
if command -v gtk-update-icon-cache >/dev/null && [ -f "$datadir/icons/hicolor/index.theme" ]; then
    gtk-update-icon-cache -q -t "$datadir/icons/hicolor" || true
fi
exit 0
