#!/bin/sh
# The manual pages: govaudit(1) renders without warnings and names every command and option
# that `govaudit --help` lists; each command has its page govaudit-CMD(1) (beside MANPAGE)
# whose NAME line is the summary of `govaudit CMD --help` and whose OPTIONS are the options
# of its usage, no more, no fewer, named in govaudit(1)'s SEE ALSO; `meson install` puts
# them all into mandir/man1, and man renders them from there.
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
fixed() { printf '%s' "$1" | sed 's/-/\\-/g'; }  # as written in roff, for grep -F
for c in $commands; do
    grep -q "^\.B $(roff "$c")\( \|$\)" "$page"; expect "command $c" 0 $?
    "$ga" "$c" --help >"$tmp/usage" 2>&1
    for o in $(grep -o -- '--[a-z-]*' "$tmp/usage" | sort -u); do
        grep -q -- "$(roff "$o")" "$page"; expect "$c option $o" 0 $?
    done

    # The command's own page.
    cpage=$(dirname "$page")/govaudit-$c.1
    [ -f "$cpage" ]; expect "page $c" 0 $?
    [ -f "$cpage" ] || continue
    groff -k -man -Tutf8 -ww -z "$cpage" >"$tmp/warn" 2>&1; expect "groff $c" 0 $?
    lines "groff-warnings $c" "$tmp/warn" 0
    summary=$(sed -n "1s/^govaudit $c: //p" "$tmp/usage")
    grep -qxF -- "$(fixed "govaudit-$c") \- $summary" "$cpage"; expect "page $c summary" 0 $?
    grep -qF -- ".BR $(fixed "govaudit-$c") (1)" "$page"; expect "see-also $c" 0 $?
    sed -n '/^\.SH OPTIONS/,/^\.SH /p' "$cpage" | grep -A1 '^\.TP' |
        sed -n 's/^\.BI* \(\\-\\-[a-z\\-]*\).*/\1/p' | sed 's/\\-/-/g' | sort -u >"$tmp/entries"
    grep -o -- '--[a-z-]*' "$tmp/usage" | sort -u >"$tmp/options"
    for o in $(cat "$tmp/options"); do
        grep -qx -- "$o" "$tmp/entries"; expect "page $c option $o" 0 $?
    done
    for o in $(grep -vx -- --help "$tmp/entries"); do
        grep -qx -- "$o" "$tmp/options"; expect "page $c option $o in --help" 0 $?
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
for c in $commands; do
    installed=$(find "$tmp/dest" -path "*/man1/govaudit-$c.1")
    [ -n "$installed" ]; expect "installed-man1 $c" 0 $?
    [ -n "$installed" ] || continue
    MANWIDTH=80 man -l "$installed" >"$tmp/man" 2>"$tmp/manerr"; expect "man-l $c" 0 $?
    lines "man-l-warnings $c" "$tmp/manerr" 0
    contains "man $c" "$tmp/man" "GOVAUDIT-$(printf '%s' "$c" | tr a-z A-Z)(1)"
    contains "man-options $c" "$tmp/man" "OPTIONS"
done

finish
