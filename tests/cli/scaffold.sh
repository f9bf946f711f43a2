#!/usr/bin/env bash
# tests/cli/scaffold.sh LEDE: `lede new` makes a plugin whose own test
# passes, a draft article that checks clean and a site that builds; it
# refuses to overwrite.
set -uo pipefail
lede=$(realpath "$1")
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp lede.yaml "$tmp/"
. "$(dirname "$0")/../lib/check.sh"
check "new plugin creates the plugin and its test" "$lede" new -C "$tmp" plugin shout
# docs/plugins.md shows both files as made: what the scaffold writes and
# what the docs say must not drift apart.
for f in plugins/shout.lua tests/shout_test.lua; do
	awk -v f="$f" '$0 == "<!-- scaffold: " f " -->" { want = 1; next }
		want && /^```/ { if (inblk) exit; inblk = 1; next }
		inblk { print }' docs/plugins.md >"$tmp/doc-$(basename "$f")"
	check "docs/plugins.md shows $f as lede new plugin writes it" diff -u "$tmp/doc-$(basename "$f")" "$tmp/$f"
done
check "the scaffolded test passes" "$lede" test -C "$tmp" "$tmp/tests/shout_test.lua"
check "lede test without files runs the site's tests/" bash -c "'$lede' test -C '$tmp' | grep -q '^2 passed, 0 failed'"
mkdir -p "$tmp/tests/other" && printf 'test("elsewhere", function() ok(false) end)\n' >"$tmp/tests/other/x_test.lua"
check "lede test without files leaves tests/'s subfolders alone" bash -c "'$lede' test -C '$tmp' | grep -q '^2 passed, 0 failed'"
check "lede test in lede's own folder runs the sample site's tests, and they pass" bash -c "'$lede' test | tail -n 1 | grep -q '^[1-9][0-9]* passed, 0 failed'"
check "new plugin refuses to overwrite" bash -c "! '$lede' new -C '$tmp' plugin shout"
check "new plugin refuses a bad name" bash -c "! '$lede' new -C '$tmp' plugin 'Bad Name'"
check "new article makes a dated draft" env LEDE_NOW=2021-02-03 "$lede" new -C "$tmp" article 'Seoul "opens" its data'
check "the draft has its title" grep -q 'title: "Seoul \\"opens\\" its data"' "$tmp/content/2021-02-03-seoul-opens-its-data.md"
check "the draft checks clean" "$lede" check -C "$tmp" -q
check "new site writes a site" env LEDE_NOW=2021-02-03 "$lede" new site "$tmp/site"
check "the new site builds with no warning" bash -c "cd '$tmp/site' && '$lede' build 2>&1 | grep -q ' 0 errors, 0 warnings'"
check "the new site has its front page, article page and feed" test -s "$tmp/site/public/index.html" -a \
	-s "$tmp/site/public/news/welcome/index.html" -a -s "$tmp/site/public/feed.atom"
check "the welcome article is on the front page" grep -q 'Welcome to lede' "$tmp/site/public/index.html"
check "the new site's plugin test passes" bash -c "cd '$tmp/site' && '$lede' test | grep -q '^2 passed, 0 failed'"
check "the new site checks clean" "$lede" check -C "$tmp/site" -q
echo "# edited by hand" >>"$tmp/site/lede.yaml"
cp "$tmp/site/lede.yaml" "$tmp/site/lede.yaml.before"
check "new site refuses to overwrite" bash -c "! '$lede' new site '$tmp/site' 2>/dev/null"
check "and leaves the old site as it was" cmp "$tmp/site/lede.yaml" "$tmp/site/lede.yaml.before"
check "new site -C DIR makes DIR/NAME" bash -c "'$lede' new -C '$tmp' site other >/dev/null && test -f '$tmp/other/lede.yaml'"
# An empty name (an unset variable in a script) is no folder: without -C
# it once made the site in the file system's root. (Tested under -C, so
# that a regression writes into the test's folder, not into /.)
mkdir -p "$tmp/empty"
"$lede" new -C "$tmp/empty" site "" >"$tmp/out" 2>"$tmp/err"
check "new site '': exit status 2" test $? = 2
check "new site '': says what it needs" grep -qx "lede: new site needs a folder to make: lede new site DIR" "$tmp/err"
check "new site '': writes nothing" test -z "$(ls -A "$tmp/empty")"
check "new plugin '': says what it needs" bash -c "'$lede' new -C '$tmp' plugin '' 2>&1 | grep -q 'a plugin needs a name'"
# A title goes into the front matter as typed: control characters (an
# escape sequence, a tab, a newline) and invalid UTF-8 are refused.
for t in "$(printf 'x\033[31m red')" "$(printf 'a\tb')" "$(printf 'two\nlines')"; do
	check "new article refuses a control character ($(printf '%q' "$t"))" bash -c "'$lede' new -C '$tmp/empty' article \"\$1\" 2>&1 | grep -q 'control character' && test -z \"\$(ls -A '$tmp/empty')\"" _ "$t"
done
long="The council's extraordinary session on the regional transport plan ended late on Thursday night after nine hours of debate"
check "new article: a long title's file name is its first words" bash -c "cd '$tmp' && LEDE_NOW=2021-02-03 '$lede' new article \"\$1\" >/dev/null && test -f 'content/2021-02-03-the-council-s-extraordinary-session-on-the-regional-transport-plan-ended-late-on.md'" _ "$long"
check "new article: ... and keeps the whole title" grep -qF "title: \"$long\"" "$tmp/content/2021-02-03-the-council-s-extraordinary-session-on-the-regional-transport-plan-ended-late-on.md"
word=$(printf 'x%.0s' $(seq 200))
check "new article: a title of one long word is cut at 80 bytes" bash -c "cd '$tmp' && LEDE_NOW=2021-02-04 '$lede' new article '$word' >/dev/null && test -f 'content/2021-02-04-$(printf 'x%.0s' $(seq 80)).md'"
check "new article refuses invalid UTF-8" bash -c "'$lede' new -C '$tmp/empty' article \"\$(printf 'caf\\xe9')\" 2>&1 | grep -q 'not valid UTF-8'"
# C1 controls (CSI, U+0085 NEL) and the line and paragraph separators
# would not read back as typed either (the YAML reader refuses the first and
# takes the others for line breaks): refused, nothing written.
for t in "$(printf 'C1 \xc2\x9b31m csi')" "$(printf 'nel\xc2\x85x')" "$(printf 'ls\xe2\x80\xa8x')" "$(printf 'ps\xe2\x80\xa9x')" "$(printf 'del\x7fx')"; do
	"$lede" new -C "$tmp/empty" article "$t" >/dev/null 2>"$tmp/err"
	rc=$?
	check "new article refuses $(printf '%q' "$t"): exit status 2" test $rc = 2
	check "new article refuses $(printf '%q' "$t"): says why, writes nothing" bash -c "grep -q 'control character\|separator' '$tmp/err' && test -z \"\$(ls -A '$tmp/empty')\""
done
# A title with nothing to show (empty, spaces, U+00A0 and U+3000, a
# zero-width space) made a draft whose build failed ("missing title", "the
# title has no character to show"): refused, nothing written.
for t in "" "   " "$(printf '\xc2\xa0\xe3\x80\x80')" "$(printf '\xe2\x80\x8b')"; do
	"$lede" new -C "$tmp/empty" article "$t" >/dev/null 2>"$tmp/err"
	rc=$?
	check "new article refuses the title $(printf '%q' "$t"): exit status 2" test $rc = 2
	check "new article refuses the title $(printf '%q' "$t"): says why, writes nothing" bash -c "grep -q 'no character to show' '$tmp/err' && test -z \"\$(ls -A '$tmp/empty')\""
done
# Every title new article accepts reads back exactly as typed: made in a
# site of their own, then read by lede test.
mkdir -p "$tmp/rb/tests"
cp lede.yaml "$tmp/rb/"
printf '%s\n' 'Seoul "opens" its data' 'back\slash \"both\"' ' spaces around ' 'key: value # not a comment' \
	"it's --- [a] {b} &c *d !e |f >g %h @i \`j" 'null' 'true' '1.0' '- dash' '数据开放' 'Ünïcödé ﬁ' \
	"$(printf 'nbsp\xc2\xa0bom\xef\xbb\xbfrtl\xe2\x80\x8f zwj\xe2\x80\x8dx')" "$(printf 'emoji \xf0\x9f\x93\xb0 e\xcc\x81')" \
	"$(printf 'ideographic\xe3\x80\x80space\xc2\xa0')" >"$tmp/titles"
plain=$(wc -l <"$tmp/titles")
# (and those refused above: were one accepted, it must read back too)
printf '%s\n' "$(printf 'C1 \xc2\x9b31m csi')" "$(printf 'nel\xc2\x85x')" "$(printf 'ls\xe2\x80\xa8x')" \
	"$(printf 'ps\xe2\x80\xa9x')" >>"$tmp/titles"
: >"$tmp/rb/list"
i=0
while IFS= read -r t; do
	i=$((i + 1))
	# (a day each: the file names differ even where the slugs would not)
	day=$(printf '2021-03-%02d' "$i")
	if LEDE_NOW=$day "$lede" new -C "$tmp/rb" article "$t" >"$tmp/out" 2>&1; then
		f=$(sed -n 's/^created //p' "$tmp/out")
		printf '%s\t%s\n' "$f" "$t" >>"$tmp/rb/list"
	fi
done <"$tmp/titles"
check "new article accepted every title with no control character" test "$(wc -l <"$tmp/rb/list")" -ge "$plain"
printf '%s\n' 'for line in assert(io.open(os.getenv("LIST"))):lines() do' \
	'  local path, title = line:match("^([^\t]*)\t(.*)$")' \
	'  test(path, function() eq(lede.test.file(path).title, title) end)' \
	'end' >"$tmp/rb/tests/readback_test.lua"
check "every title new article accepted reads back as typed" bash -c "LIST='$tmp/rb/list' '$lede' test -C '$tmp/rb' '$tmp/rb/tests/readback_test.lua'"
# A title with no Latin letter or digit (slugs are Latin): the file, and
# so the page, is named by the date, then DATE-2...
check "new article: a title in another script is named by the date" bash -c "cd '$tmp' && LEDE_NOW=2021-02-05 '$lede' new article '数据开放' >/dev/null && test -f content/2021-02-05-2021-02-05.md"
check "new article: a second one that day gets the next name" bash -c "cd '$tmp' && LEDE_NOW=2021-02-05 '$lede' new article 'Открытые данные' >/dev/null && test -f content/2021-02-05-2021-02-05-2.md"
check "new article: ... and keeps its title" grep -qF 'title: "Открытые данные"' "$tmp/content/2021-02-05-2021-02-05-2.md"
sed -i 's/^draft: true$/draft: false/' "$tmp/content/2021-02-05-2021-02-05.md" "$tmp/content/2021-02-05-2021-02-05-2.md"
check "new article: their pages are named by the date, one each" bash -c "'$lede' build -C '$tmp' -o '$tmp/pub' -q && test -f '$tmp/pub/en/news/2021-02-05/index.html' -a -f '$tmp/pub/en/news/2021-02-05-2/index.html'"
# LEDE_NOW that is no date: refused as lede build refuses it.
LEDE_NOW=garbage "$lede" new -C "$tmp/empty" article X >/dev/null 2>"$tmp/err"
check "new article with a bad LEDE_NOW: exit status 2" test $? = 2
check "new article with a bad LEDE_NOW: says so, as build does" grep -q "^LEDE_NOW: error: bad date 'garbage'" "$tmp/err"
# new article writes where lede.yaml's content: says, with its kind of slug
mkdir -p "$tmp/intl"
printf 'content: articles\nslugs: unicode\noutlets:\n  web: {format: html}\n' >"$tmp/intl/lede.yaml"
check "new article writes into lede.yaml's content folder" bash -c "LEDE_NOW=2021-02-06 '$lede' new -C '$tmp/intl' article 'Hello' | grep -q '^created articles/2021-02-06-hello.md' && test -f '$tmp/intl/articles/2021-02-06-hello.md' && test ! -e '$tmp/intl/content'"
check "new article: with slugs: unicode a title in another script names the file" bash -c "LEDE_NOW=2021-02-06 '$lede' new -C '$tmp/intl' article '東京の天気' >/dev/null && test -f '$tmp/intl/articles/2021-02-06-東京の天気.md'"
check "new article: ... and the build publishes it under that name" bash -c "sed -i 's/^draft: true/draft: false/' '$tmp/intl/articles/'*.md && '$lede' build -C '$tmp/intl' -o '$tmp/intl/pub' -q && test -f '$tmp/intl/pub/en/news/東京の天気/index.html'"
printf 'content: [articles]\noutlets:\n  web: {format: html}\n' >"$tmp/intl/lede.yaml"
"$lede" new -C "$tmp/intl" article 'Broken' >/dev/null 2>"$tmp/err"
check "new article with a broken lede.yaml: exit status 2" test $? = 2
check "new article with a broken lede.yaml: says where, writes nothing" bash -c "grep -q \"^lede.yaml:1:10: error: 'content' must be a string\" '$tmp/err' && ! ls '$tmp/intl/articles' | grep -q broken"
LEDE_NOW=garbage "$lede" new -C "$tmp/empty" site s >/dev/null 2>&1
check "new site with a bad LEDE_NOW: exit status 2" test $? = 2
check "new site with a bad LEDE_NOW: writes nothing" test -z "$(ls -A "$tmp/empty")"
# Everything is checked before anything is written: a dangling content
# symlink once left lede.yaml alone behind, a site a rerun refused.
mkdir -p "$tmp/ns1" && ln -s "$tmp/nowhere" "$tmp/ns1/content"
"$lede" new site "$tmp/ns1" >/dev/null 2>"$tmp/err"
check "new site with a dangling content symlink: exit status 1" test $? = 1
check "new site with a dangling content symlink: says so" grep -q "ns1/content already exists" "$tmp/err"
check "new site with a dangling content symlink: writes nothing" test "$(ls -A "$tmp/ns1")" = content
mkdir -p "$tmp/ns2" && ln -s "$tmp/nowhere" "$tmp/ns2/tests"
"$lede" new site "$tmp/ns2" >/dev/null 2>"$tmp/err"
check "new site with a dangling tests symlink: exit status 1" test $? = 1
check "new site with a dangling tests symlink: writes nothing" test "$(ls -A "$tmp/ns2")" = tests
# A long -C folder is used whole: a path once cut at 1000 bytes put the
# site in another folder; one too long to hold the files is refused.
deep=$tmp/$(printf 'd%.0s' $(seq 99))
for k in $(seq 10); do deep=$deep/$(printf 'd%.0s' $(seq 99)); done
mkdir -p "$deep"
check "new -C LONG site NAME makes LONG/NAME" bash -c "'$lede' new -C '$deep' site mysite >/dev/null && test -f '$deep/mysite/lede.yaml'"
too=$(printf 'n%.0s' $(seq 200))
"$lede" new -C "$deep" site "$too/$too/$too/$too/$too/$too/$too/$too/$too/$too/$too/$too/$too/$too/$too" >/dev/null 2>"$tmp/err"
check "new site: a path too long for its files: exit status 2" test $? = 2
check "new site: a path too long: says so" grep -q "too long for its files" "$tmp/err"
check "new site: a path too long: writes nothing" test ! -e "$deep/$too"
check_done
