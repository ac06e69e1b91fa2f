#!/usr/bin/env bash
# Compare the built library's ABI with the 1.0 baseline (tests/abi/libgovaudit.abi, made
# by abidw). Added functions are fine; any other change of the ABI fails. Exit 77 (skip) when
# abigail-tools are missing or the library has no debug information to read.
set -u
lib=$1 baseline=$2 headers=$3 suppressions=${4:-}
command -v abidiff >/dev/null 2>&1 || { echo "abidiff not installed: skipped"; exit 77; }
if ! readelf -S "$lib" 2>/dev/null | grep -q '\.debug_info'; then
    echo "$lib has no debug information (build with -g): skipped"; exit 77
fi
supp=()
[ -n "$suppressions" ] && supp=(--suppressions "$suppressions")
out=$(abidiff --headers-dir2 "$headers" --no-added-syms "${supp[@]}" "$baseline" "$lib" 2>&1)
rc=$?
echo "$out"
# Options structs may grow at their end (options.abignore).
# abidiff's status is a bit field: 1 error, 2 usage, 4 ABI change, 8 incompatible change.
# Added symbols are left out (--no-added-syms) and harmless changes are filtered by
# abidiff itself, so what remains under 4 (a changed parameter, a changed struct) breaks
# callers as surely as 8 (a removed symbol) does.
if [ $((rc & 3)) -ne 0 ]; then echo "abidiff failed (status $rc)"; exit 1; fi
if [ $((rc & 12)) -ne 0 ]; then
    echo "incompatible ABI change against $baseline: see docs/hacking.md, 'Changing the ABI'"
    exit 1
fi
echo "ABI compatible with the baseline (abidiff status $rc)"
