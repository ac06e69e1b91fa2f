#!/bin/sh
# The manual page: renders without warnings, names every command and option that
# `govaudit --help` lists, and `meson install` puts it into mandir/man1.
#   test-man.sh GOVAUDIT MANPAGE BUILDDIR
set -u
ga=$1 page=$2 build=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/testlib.sh"

groff -k -man -Tutf8 -ww -z "$page" >"$tmp/warn" 2>&1; expect groff 0 $?
lines groff-warnings "$tmp/warn" 0

"$ga" --help >"$tmp/help"; expect help 0 $?
commands=$(sed -n 's/^  \([a-z-]*\) .*/\1/p' "$tmp/help")
[ -n "$commands" ]; expect help-commands 0 $?
roff() { printf '%s' "$1" | sed 's/-/\\\\-/g'; }
for c in $commands; do
    grep -q "^\.B $(roff "$c")\( \|$\)" "$page"; expect "command $c" 0 $?
    "$ga" "$c" --help >"$tmp/usage" 2>&1
    for o in $(grep -o -- '--[a-z-]*' "$tmp/usage" | sort -u); do
        grep -q -- "$(roff "$o")" "$page"; expect "$c option $o" 0 $?
    done
done

meson install -C "$build" --no-rebuild --quiet --tags man --destdir "$tmp/dest" >"$tmp/log" 2>&1
expect install 0 $?
installed=$(find "$tmp/dest" -path '*/man1/govaudit.1')
[ -n "$installed" ]; expect installed-man1 0 $?
MANWIDTH=80 man -l "$installed" >"$tmp/man" 2>"$tmp/manerr"; expect man-l 0 $?
contains man "$tmp/man" "GOVAUDIT(1)"
contains man-exit "$tmp/man" "EXIT STATUS"
lacks man-configured "$tmp/man" "@PKGDATADIR@"

finish
