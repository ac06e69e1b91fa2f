#!/bin/sh
# The uninstalled CLI from another folder with GOVAUDIT_DATA_DIR unset: the build tree's
# data beside the library is found (ga_data_dir), and missing data says where it looked.
set -u
ga=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/testlib.sh"
cd "$tmp" || exit 2

printf '我们要按步就班抓好布署。市环境保护局于2023年2月28日前完成。\n' >in.txt
printf '他来到了网易杭研大厦\n' >seg.txt

env -u GOVAUDIT_DATA_DIR "$ga" check --json in.txt >out 2>err; expect check 0 $?
contains check out '"text":"按步就班","suggestion":"按部就班"'
contains check-outdated out '"category":"过时表述"'
env -u GOVAUDIT_DATA_DIR "$ga" seg seg.txt >out 2>err; expect seg 0 $?
same seg out '他 来到 了 网易 杭研 大厦'

# A copy of the program elsewhere still loads the build's library, which finds its data.
mkdir bin && cp "$ga" bin/govaudit
env -u GOVAUDIT_DATA_DIR ./bin/govaudit seg seg.txt >out 2>err; expect copied-seg 0 $?
same copied-seg out '他 来到 了 网易 杭研 大厦'

# Missing data: the error names the file, the folder used and how to point at another.
mkdir empty
GOVAUDIT_DATA_DIR="$tmp/empty" "$ga" check in.txt >/dev/null 2>err; expect no-rules 2 $?
contains no-rules err "$tmp/empty/rules:"
contains no-rules-how err "set GOVAUDIT_DATA_DIR to a folder holding rules/"
GOVAUDIT_DATA_DIR="$tmp/empty" "$ga" seg seg.txt >/dev/null 2>err; expect no-dict 2 $?
contains no-dict err "$tmp/empty/dict/default.gadict: cannot open the default dictionary"
contains no-dict-looked err "then data/ of a build tree beside the library or program"

finish
