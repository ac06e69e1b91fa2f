#!/bin/sh
# Install into a scratch DESTDIR, then compile and run a consumer with pkg-config's flags.
set -eu
build=$1 src=$2 prefix=$3 libdir=$4
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
meson install -C "$build" --destdir "$dest" --no-rebuild --quiet >/dev/null
pcdir="$dest$prefix/$libdir/pkgconfig"
[ -f "$pcdir/govaudit.pc" ] || { echo "govaudit.pc not installed in $pcdir"; exit 1; }
# The .pc names $prefix paths; point pkg-config at the DESTDIR copy of that tree.
export PKG_CONFIG_PATH="$pcdir"
export PKG_CONFIG_SYSROOT_DIR="$dest"
cflags=$(pkg-config --cflags govaudit)
libs=$(pkg-config --libs govaudit)
echo "cflags: $cflags"; echo "libs: $libs"
${CC:-cc} $cflags "$src" -o "$dest/consumer" $libs
LD_LIBRARY_PATH="$dest$prefix/$libdir" "$dest/consumer"
