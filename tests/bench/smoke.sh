#!/usr/bin/env bash
# tests/bench/smoke.sh BUILD_DIR: the full-site benchmark on a 60-article
# corpus, one run: the sizes it understands, the sites it builds (lede's
# and, when installed, Hugo's) and the table it prints. Keeps the bench
# from rotting as lede changes; prints "ok - ..." / "not ok - ..." lines.
set -uo pipefail
cd "$(dirname "$0")/../.."
b=${1:-build}
gen=${LEDE_BENCH_GEN:-../shared/bench/gen_corpus.py}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check() { # check LABEL CMD...: ok when CMD succeeds
	local label=$1
	shift
	if "$@" >/dev/null 2>&1; then echo "ok - $label"; else echo "not ok - $label"; fi
}

sizes() { LEDE_BENCH_ARTICLES=$1 LEDE_BENCH_PARTS=sizes tests/bench/run.sh "$b" 2>&1; }
check "sizes: 10000 is 1k and 10k" test "$(sizes 10000)" = "1000 10000"
check "sizes: 100000 is 1k, 10k and 100k" test "$(sizes 100000)" = "1000 10000 100000"
check "sizes: 5000 is 1k and 5k" test "$(sizes 5000)" = "1000 5000"
check "sizes: a list is taken as it is" test "$(sizes "1000 100000")" = "1000 100000"
check "sizes: not a number is an error" grep -q "give a number or a list" <<<"$(sizes 10k)"

if [ ! -f "$gen" ]; then
	echo "# skipped the smoke run: $gen not found"
	exit 0
fi
n=60 # three index pages of 20; more articles than a feed's 50
LEDE_BENCH_PARTS=site LEDE_BENCH_ARTICLES=$n LEDE_BENCH_RUNS=1 LEDE_BENCH_DIR=$tmp \
	LEDE_BENCH_KEEP=1 tests/bench/run.sh "$b" >"$tmp/out" 2>"$tmp/err"
check "the bench exits 0" test $? = 0 || sed 's/^/    /' "$tmp/err" | tail -5 >&2
check "the corpus is cached, its outlets: renamed" \
	sh -c "test -f '$tmp/corpus-$n/.complete' && ! grep -rq '^outlets:' '$tmp/corpus-$n' && grep -rq '^partners:' '$tmp/corpus-$n'"
check "the table has lede -j 1" grep -Eq "^ +$n  lede -j 1 +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9]+$" "$tmp/out"
check "the table has lede -j 2" grep -Eq "^ +$n  lede -j 2 +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9]+$" "$tmp/out"
check "the table has the -j ratio" grep -Eq "^ +$n  lede -j 1 / -j 2 +[0-9.]+x$" "$tmp/out"
check "the table has the -j ratio round by round" \
	grep -Eq "^ +$n    round by round +[0-9.]+x  \([0-9.]+x to [0-9.]+x\)$" "$tmp/out"
check "the Markdown table is written" grep -q "^| $n | lede -j 2 |" "$tmp/results.md"

# site OUT FEED_FILES...: what both tools must publish.
site() {
	local tool=$1 out=$tmp/out-$1 pages
	pages=$(grep -rl --include=index.html 'class="reading-time">[0-9]* min' "$out" | wc -l)
	check "$tool: a page per article with its reading time" test "$pages" = "$n"
	check "$tool: index page 3 of 3" test -f "$out/page/3/index.html"
	check "$tool: tag pages" sh -c "ls '$out'/tags/*/index.html"
}
site lede-j2
out=$tmp/out-lede-j2
check "lede: RSS of 50" test "$(grep -c '<item>' "$out/feed.rss")" = 50
check "lede: Atom of 50" test "$(grep -c '<entry[ >]' "$out/feed.atom")" = 50
check "lede: JSON Feed of 50" test "$(grep -o '"content_html"' "$out/feed.json" | wc -l)" = 50

# The incremental part, on the corpus made above: its table, and the
# corpus untouched by its edits (they write new files).
sum_before=$(cat "$tmp/corpus-$n"/*.md | md5sum)
LEDE_BENCH_PARTS=incremental LEDE_BENCH_ARTICLES=$n LEDE_BENCH_RUNS=1 LEDE_BENCH_DIR=$tmp \
	tests/bench/run.sh "$b" >"$tmp/incr-out" 2>"$tmp/incr-err"
check "the incremental bench exits 0" test $? = 0 || sed 's/^/    /' "$tmp/incr-err" | tail -5 >&2
check "the incremental table has its rows, with the link check and without" \
	test "$(grep -Ec "^ +$n +(on|off)( +[0-9.]+){4} +[0-9.]+% +[0-9.]+%$" "$tmp/incr-out")" = 2
check "the incremental bench leaves the corpus as it was" \
	test "$(cat "$tmp/corpus-$n"/*.md | md5sum)" = "$sum_before"

if command -v hugo >/dev/null 2>&1; then
	check "the table has hugo" grep -Eq "^ +$n  hugo +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9]+$" "$tmp/out"
	check "the table has lede / hugo" grep -Eq "^ +$n  lede -j 2 / hugo( +[0-9.]+x){3}$" "$tmp/out"
	site hugo
	out=$tmp/out-hugo
	check "hugo: RSS of 50" test "$(grep -c '<item>' "$out/index.xml")" = 50
	check "hugo: Atom of 50" test "$(grep -c '<entry[ >]' "$out/atom.xml")" = 50
	check "hugo: JSON Feed of 50" test "$(grep -o '"content_html"' "$out/feed.json" | wc -l)" = 50
else
	echo "# hugo not installed: its half of the smoke run skipped"
fi
