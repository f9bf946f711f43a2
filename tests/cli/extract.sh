#!/usr/bin/env bash
# tests/cli/extract.sh LEDE: `lede extract` reads files as a build reads
# articles: not a device (/dev/zero once ran out of memory, /dev/urandom
# never ended), a pipe or a folder, and no more than an article may hold;
# the others are still printed (exit status 1).
set -uo pipefail
lede=$(realpath "$1")
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/../lib/check.sh"

art=content/2020-07-24-international-action.md
# run NAME ARGS...: lede extract ARGS (10 s at most: one that never ends
# fails, not the suite); stdout in NAME.out, stderr NAME.err, status NAME.rc
run() {
	local name=$1
	shift
	timeout 10 "$lede" extract "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
	echo $? >"$tmp/$name.rc"
}

run zero /dev/zero "$art"
check "/dev/zero: exit status 1" test "$(cat "$tmp/zero.rc")" = 1
check "/dev/zero: refused, saying it is a device" grep -qx "/dev/zero: error: cannot read: a device, not a file; extract reads files" "$tmp/zero.err"
check "/dev/zero: the other file is still printed" grep -q "\"file\": \"$art\"" "$tmp/zero.out"
run urandom --format text /dev/urandom
check "/dev/urandom: refused (exit status 1), not read forever" test "$(cat "$tmp/urandom.rc")" = 1
run folder "$tmp"
check "a folder: refused, saying so" grep -q "error: cannot read: a folder, not a file" "$tmp/folder.err"
mkfifo "$tmp/fifo"
run fifo "$tmp/fifo"
check "a pipe: refused (exit status 1), not waited on" test "$(cat "$tmp/fifo.rc")" = 1
check "a pipe: says so" grep -q "error: cannot read: a pipe, not a file" "$tmp/fifo.err"
# more than limits.article_mb's default (16 MiB)
head -c 17000000 /dev/zero | tr '\0' a >"$tmp/big.txt"
run big --format text "$tmp/big.txt"
check "a file over 16 MiB: exit status 1" test "$(cat "$tmp/big.rc")" = 1
check "a file over 16 MiB: says it is more than an article may hold" grep -q "big.txt: error: 16.2 MiB, more than the 16 MiB one article may hold" "$tmp/big.err"
run missing "$tmp/none.md"
check "a missing file: says why" grep -qx "$tmp/none.md: error: cannot read: No such file or directory" "$tmp/missing.err"
run noformat --format
check "--format without a value: exit status 2" test "$(cat "$tmp/noformat.rc")" = 2
check "--format without a value: says it needs one" grep -qx "lede: option '--format' needs a value; see 'lede --help'" "$tmp/noformat.err"
check_done
