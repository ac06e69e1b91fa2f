#!/bin/sh
# Fails when libgovaudit exports a symbol that is not ga_-prefixed or not in the version
# script, or when the version script lists a symbol the library does not export.
set -eu
lib=$1 map=$2 nm=${3:-nm}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$nm" -D --defined-only "$lib" | awk '$2 ~ /^[TDBRVWiu]$/ {print $3}' | sed 's/@.*//' |
    grep -v '^GOVAUDIT_' | sort -u >"$tmp/exported"
sed 's,/\*.*\*/,,' "$map" | tr -d ' \t' | grep -E '^ga_[A-Za-z0-9_]+;$' | tr -d ';' | sort >"$tmp/listed"

status=0
if ! [ -s "$tmp/exported" ]; then
    echo "no exported symbols read from $lib"; exit 1
fi
bad=$(grep -v '^ga_' "$tmp/exported" || true)
if [ -n "$bad" ]; then
    echo "exported symbols without the ga_ prefix:"; echo "$bad"; status=1
fi
# A symbol may stand in two nodes only when the library exports a version of it for each
# (an old struct's caller keeps the old behaviour: see ga_dedup_options_init).
"$nm" -D --defined-only "$lib" | awk '$3 ~ /^ga_/ {print $3}' | sed 's/@.*//' | sort | uniq -d \
    >"$tmp/multi"
dups=$(uniq -d "$tmp/listed" | comm -23 - "$tmp/multi")
if [ -n "$dups" ]; then
    echo "listed twice in $map:"; echo "$dups"; status=1
fi
sort -u -o "$tmp/listed" "$tmp/listed"
extra=$(comm -23 "$tmp/exported" "$tmp/listed")
if [ -n "$extra" ]; then
    echo "exported but not in $map:"; echo "$extra"; status=1
fi
missing=$(comm -13 "$tmp/exported" "$tmp/listed")
if [ -n "$missing" ]; then
    echo "listed in $map but not exported (no definition?):"; echo "$missing"; status=1
fi
# Every export carries the version node.
unversioned=$("$nm" -D --defined-only "$lib" | awk '$3 ~ /^ga_/ && $3 !~ /@@?GOVAUDIT_/ {print $3}')
if [ -n "$unversioned" ]; then
    echo "exports without a GOVAUDIT_ version:"; echo "$unversioned"; status=1
fi
[ $status -eq 0 ] && echo "$(wc -l <"$tmp/exported") exported symbols, all ga_ and listed in the map"
exit $status
