#!/usr/bin/env bash
# tests/cli/depth.sh LEDE: articles nested a million levels deep (quotes,
# lists), or a hundred thousand (emphasis, images), fail alone with
# "nested deeper than 1000 levels" at their line; the good article beside
# them and the merely long ones still publish. The inputs are made here
# at run time, not kept in the repository.
set -uo pipefail
lede=$(realpath "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/../lib/check.sh"
rep() { head -c "$1" /dev/zero | tr '\0' '@' | sed "s/@/$2/g"; } # rep N UNIT
art() { # art NAME CMD...: content/NAME.md, body from CMD, on line 5
	local name=$1
	shift
	{ printf -- '---\ntitle: %s\ndate: 2020-01-01\n---\n' "$name"; "$@"; printf '\n'; } \
		>"$tmp/site/content/$name.md"
}
mkdir -p "$tmp/site/content"
cat >"$tmp/site/lede.yaml" <<'YAML'
site: { title: Deep, base_url: "https://deep.example" }
outlets:
  web: { format: html, path: "{slug}/" }
  text: { format: text, width: 72, path: "{slug}.txt" }
YAML
art good printf 'A *good* article.'
for n in 10000 100000 1000000; do
	art "quotes-$n" eval "rep $n '>'; printf ' deep'"
	art "list-$n" eval "rep $n '- '; printf deep"
done
art ordered-100000 eval "rep 100000 '1. '; printf deep"
art emph-100000 eval "rep 100000 '*a '; rep 100000 'b* '"
art images-100000 eval "rep 100000 '![a '; rep 100000 '](u) '"
# long but flat: links cannot nest, lone brackets are text
art links-100000 eval "rep 100000 '[a '; rep 100000 '](u) '"
art brackets-100000 rep 100000 '['
art stars-100000 rep 100000 '*a'
# Tables that would take cmark-gfm seconds to minutes: too wide, too large;
# and one just under the size limit, which publishes.
art table-wide eval "rep 2000 '|a'; printf '|\n'; rep 2000 '|-'; printf '|\n'; rep 2000 '|a'"
art table-large eval "rep 500 '|a'; printf '|\n'; rep 500 '|-'; printf '|\n'; for i in \$(seq 300); do printf '|a|\n'; done"
art table-ok eval "rep 90 '|a'; printf '|\n'; rep 90 '|-'; printf '|\n'; for i in \$(seq 1000); do printf '|a|\n'; done"
# Not tables, or not too large: lines of a fenced code block (one of 1200
# '|', then a 2000-wide "table"), a paragraph's line of 1200 '|' (no
# delimiter row under it), a table of exactly 1000 columns, and one of two
# columns by 40,000 rows (80,002 cells: its three '|' a row are two cells).
art table-fenced eval "printf '\x60\x60\x60\n'; rep 1200 '|'; printf '\n'; rep 2000 '|a'; printf '|\n'; rep 2000 '|-'; printf '|\n\x60\x60\x60'"
art table-paragraph eval "printf 'Pipes: '; rep 1200 '|'"
art table-1000 eval "rep 1000 '|a'; printf '|\n'; rep 1000 '|-'; printf '|\n'; rep 1000 '|a'; printf '|'"
art table-tall eval "printf '| a | b |\n|---|---|\n'; for i in \$(seq 40000); do printf '| x | y |\n'; done"

"$lede" build -C "$tmp/site" -o "$tmp/public" -q -j 2 >"$tmp/stdout" 2>"$tmp/stderr"
echo $? >"$tmp/status"
check "exit status 1" grep -qx 1 "$tmp/status"
check "no sanitizer report" bash -c "! grep -q -E 'Sanitizer|runtime error' '$tmp/stderr'"
for f in good links-100000 brackets-100000 stars-100000 table-ok table-fenced table-paragraph \
	table-1000 table-tall; do
	check "$f publishes" test -s "$tmp/public/$f/index.html" -a -s "$tmp/public/$f.txt"
done
check "the good article is whole" grep -q '<p>A <em>good</em> article.</p>' "$tmp/public/good/index.html"
for f in quotes-10000 quotes-100000 quotes-1000000 list-10000 list-100000 list-1000000 \
	ordered-100000 emph-100000 images-100000; do
	check "$f fails at its line" grep -q "^content/$f.md:5:[0-9]*: error: Markdown nested deeper than 1000 levels" "$tmp/stderr"
	check "$f writes nothing" test ! -e "$tmp/public/$f/index.html" -a ! -e "$tmp/public/$f.txt"
done
check "a table row of 2000 cells fails at its line" grep -q "^content/table-wide.md:5:1: error: a table row with more than 1000 cells" "$tmp/stderr"
check "a table of 500 by 300 fails at its first line" grep -q "^content/table-large.md:5:1: error: a table of more than 100000 cells (columns times rows)" "$tmp/stderr"
check "one error per deep article or large table" test "$(grep -c 'error:' "$tmp/stderr")" = 11

# Huge: an article over limits.article_mb is refused before it is read
# (a parse takes some thirty times the file's size in memory), alone; the
# limit raised, it publishes. Its size and the limit are in the message.
mkdir -p "$tmp/huge/content"
cat >"$tmp/huge/lede.yaml" <<'YAML'
site: { title: Huge, base_url: "https://huge.example" }
limits: { article_mb: 1 }
outlets:
  web: { format: html, path: "{slug}/" }
YAML
printf -- '---\ntitle: Small\ndate: 2020-01-01\n---\nSmall.\n' >"$tmp/huge/content/small.md"
{ printf -- '---\ntitle: Huge\ndate: 2020-01-01\n---\n'; for i in $(seq 30000); do
	printf 'A paragraph of some length, repeated to make a big file.\n\n'; done; } \
	>"$tmp/huge/content/huge.md"
"$lede" build -C "$tmp/huge" -o "$tmp/huge-out" -q >"$tmp/stdout" 2>"$tmp/stderr"
check "a huge article: exit status 1" test $? = 1
check "a huge article: its error" grep -qx "content/huge.md: error: 1.7 MiB, more than the 1 MiB one article may hold; split it, or raise 'limits: {article_mb: N}' in lede.yaml" "$tmp/stderr"
check "a huge article: the only message" test "$(wc -l <"$tmp/stderr")" = 1
check "a huge article: the small one publishes" test -s "$tmp/huge-out/small/index.html"
check "a huge article: not published" test ! -e "$tmp/huge-out/huge/index.html"
sed -i 's/article_mb: 1 /article_mb: 2.5 /' "$tmp/huge/lede.yaml"
"$lede" build -C "$tmp/huge" -o "$tmp/huge-out" -q >"$tmp/stdout" 2>"$tmp/stderr"
check "the limit raised: exit status 0" test $? = 0
check "the limit raised: it publishes" test -s "$tmp/huge-out/huge/index.html"
check_done
