#!/usr/bin/env bash
# tests/cli/embed.sh LEDE: lede as a library. `./build.sh install` into a
# temporary prefix, then tests/embed/embed.c is compiled against only what
# was installed (pkg-config lede: include/lede.h, lib/liblede.a) and builds
# the sample site, whose messages arrive through the callback, none on
# stderr; Markdown tables work without any other call.
set -uo pipefail
lede=$(realpath "$1")
cd "$(dirname "$0")/../.."
repo=$PWD
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/../lib/check.sh"
check "build.sh install puts the library, header and lede.pc in PREFIX" \
	env LEDE="$lede" ./build.sh install "$tmp/prefix"
check "lede.pc is installed" test -f "$tmp/prefix/lib/pkgconfig/lede.pc"
export PKG_CONFIG_PATH=$tmp/prefix/lib/pkgconfig
# The sanitizer build's library needs the sanitizer at link time too.
san=""
case "$lede" in */asan/*) san="-fsanitize=address,undefined -fno-omit-frame-pointer" ;; esac
# Only the installed header: the source tree's include/ and core/ are not
# on the path, and the program is compiled from a copy outside it.
cp tests/embed/embed.c "$tmp/embed.c"
check "a program builds against the installed header and library alone" \
	bash -c "cd '$tmp' && cc -std=c11 -Wall -Wextra -Werror -Wpedantic $san -o embed embed.c \$(pkg-config --cflags --libs lede)"
mkdir -p "$tmp/site" && cp -R lede.yaml content "$tmp/site/"
# A table and strikethrough: GFM extensions, on without lede_markdown_init.
printf -- '---\ntitle: Table\ndate: 2020-01-02\nsection: News\ntags: [x]\n---\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n~~old~~ new\n' \
	>"$tmp/site/content/2020-01-02-table.md"
(cd "$tmp" && ./embed "$tmp/site" "$tmp/out" "$tmp/prefix/share/lede/plugins" >"$tmp/stdout" 2>"$tmp/stderr")
echo $? >"$tmp/status"
check "it builds the sample site (status 0)" test "$(cat "$tmp/status")" = 0
check "the pages are written" test -s "$tmp/out/index.html" -a -s "$tmp/out/en/news/international-action/index.html"
check "tables and strikethrough are on" \
	bash -c "grep -q '<table>' '$tmp/out/en/news/table/index.html' && grep -q '<del>old</del>' '$tmp/out/en/news/table/index.html'"
check "the summary line came through the callback" \
	grep -q '^lede: 8 of 8 articles ready, [0-9]* files written ([0-9]* changed), 0 errors, 0 warnings$' "$tmp/stdout"
check "nothing was written to stderr" test ! -s "$tmp/stderr"
# An article error, reported through the callback with file:line:col.
printf -- '---\ntitle: Bad\ndate: 2020-02-30\n---\nx\n' >"$tmp/site/content/bad.md"
(cd "$tmp" && ./embed "$tmp/site" "$tmp/out" "$tmp/prefix/share/lede/plugins" >"$tmp/stdout2" 2>"$tmp/stderr2")
check "a bad article: status 1, the error through the callback, not stderr" \
	bash -c "grep -q '^content/bad.md:3:15: error: bad date' '$tmp/stdout2' && grep -q '^status 1, errors 1, ' '$tmp/stdout2' && test ! -s '$tmp/stderr2'"
# The API misused: no options, a second run of one engine (an error, and
# the first build's output stays whole), NULL engines.
rm -rf "$tmp/out-misuse"
(cd "$tmp" && ./embed --misuse "$tmp/site" "$tmp/out-misuse" "$tmp/prefix/share/lede/plugins" >"$tmp/stdout-m" 2>"$tmp/stderr-m")
check "misuse: no crash" test $? = 0
check "misuse: no options is an error" grep -qx "no options: NULL (lede_engine_new: no options (give a lede_options))" "$tmp/stdout-m"
check "misuse: a second run is an error, and does nothing" bash -c "grep -qx 'first run 1, second run 2, errors 2' '$tmp/stdout-m' && grep -qx 'lede: this engine has built once; make a new one with lede_engine_new for each build (nothing was done)' '$tmp/stdout-m'"
check "misuse: the first build's files stay" test -s "$tmp/out-misuse/style.css" -a -s "$tmp/out-misuse/index.html"
check "misuse: NULL engines" grep -qx "NULL engine: run 2, errors 0" "$tmp/stdout-m"
# Two mistakes in lede.yaml: the first through the callback, the last in
# the error lede_engine_new fills.
printf 'frobnicate: 1\nlimits: {hook_seconds: 0}\n' >>"$tmp/site/lede.yaml"
(cd "$tmp" && ./embed "$tmp/site" "$tmp/out" "$tmp/prefix/share/lede/plugins" >"$tmp/stdout3" 2>"$tmp/stderr3")
echo $? >"$tmp/status3"
check "a bad lede.yaml: status 2" test "$(cat "$tmp/status3")" = 2
check "a bad lede.yaml: its first mistake through the callback" \
	grep -q "^lede.yaml:[0-9]*:1: error: unknown key 'frobnicate' in lede.yaml" "$tmp/stdout3"
check "a bad lede.yaml: its last mistake in the error" \
	grep -q "^lede.yaml:[0-9]*:[0-9]*: error: 'hook_seconds' must be a number" "$tmp/stderr3"
check_done
