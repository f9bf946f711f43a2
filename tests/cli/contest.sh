#!/usr/bin/env bash
# tests/cli/contest.sh LEDE: a file has one writer in a build. Writes of
# one file for two articles (made on workers in no set order) used to
# leave whichever came last: a plugin's lede.write over another article's
# page, or every article's hook writing one file. Now the page wins over
# a lede.write, else the first article by path; the other writes are an
# error at the file; the tree and the messages are the same at -j 1 and
# -j 4, and an incremental build (the page's article reused) gives what
# a full one does. The site's own writes (static files, index and
# finish hooks) come in one order, and the last still stands (a static
# file where lede makes another is the exception: an error, below).
set -uo pipefail
lede=$(realpath "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/../lib/check.sh"
export LEDE_PLUGINS=${LEDE_PLUGINS:-$(cd "$(dirname "$0")/../.." && pwd)/plugins}
s=$tmp/site
mkdir -p "$s/content" "$s/plugins"
cat >"$s/lede.yaml" <<'YAML'
site: { title: Contest }
plugins: [clash]
outlets:
  web: { format: html, path: "{slug}/", index: { path: index.html } }
YAML
for n in a b c d e f; do
	printf -- '---\ntitle: %s\ndate: 2024-01-0%s\n---\nBody %s.\n' "$n" "$(( $(printf '%d' "'$n") - 96 ))" "$n" >"$s/content/$n.md"
done
cat >"$s/plugins/clash.lua" <<'LUA'
return {
  article = function(a)
    -- d writes over c's page; b, d and f all write one file
    if a.title == "d" then lede.write("c/index.html", "not c's page") end
    if a.title == "b" or a.title == "d" or a.title == "f" then
      lede.write("latest.txt", a.title)
    end
  end,
  finish = function()
    lede.write("site.txt", "first")
    lede.write("site.txt", "second") -- the site's writes: the last stands
  end,
}
LUA
for j in 1 4; do
	"$lede" build -C "$s" -o "$tmp/out$j" -q -j $j >"$tmp/stdout$j" 2>"$tmp/stderr$j"
	echo $? >"$tmp/status$j"
	sed -i "s|$tmp/out$j/|OUT/|" "$tmp/stderr$j"
done
check "exit status 1" test "$(cat "$tmp/status1")" = 1
check "the page wins over a lede.write" grep -q '<h1 class="title">c</h1>' "$tmp/out1/c/index.html"
check "the page's contest is an error at the file" grep -qx "OUT/c/index.html: error: written by the page of content/c.md in outlet 'web' and by lede.write in hook 'article' of plugins/clash.lua for content/d.md; a file has one writer in a build, so it holds what the first named wrote: give the other write a path of its own (a file for the whole site is written once, from a finish hook)" "$tmp/stderr1"
check "of three writes, the first article's stands" test "$(cat "$tmp/out1/latest.txt")" = b
check "the others are one error" grep -qx "OUT/latest.txt: error: written by lede.write in hook 'article' of plugins/clash.lua for content/b.md and by lede.write in hook 'article' of plugins/clash.lua for content/d.md (and 1 other write); .*" "$tmp/stderr1"
check "two errors in all" test "$(grep -c 'error:' "$tmp/stderr1")" = 2
check "the site's writes: the last stands, no error" test "$(cat "$tmp/out1/site.txt")" = second
check "-j 1 and -j 4: the same tree" diff -r -x .lede-manifest "$tmp/out1" "$tmp/out4"
check "-j 1 and -j 4: the same messages" diff "$tmp/stderr1" "$tmp/stderr4"
# Incremental: d edited, c reused (its page kept, not written again).
cp -r "$tmp/out1" "$tmp/incr"
printf 'More.\n' >>"$s/content/d.md"
"$lede" build -C "$s" -o "$tmp/incr" -q -j 2 2>"$tmp/stderr-incr"
"$lede" build -C "$s" -o "$tmp/full" -q -j 2 --full 2>"$tmp/stderr-full"
sed -i "s|$tmp/incr/|OUT/|" "$tmp/stderr-incr"
sed -i "s|$tmp/full/|OUT/|" "$tmp/stderr-full"
check "incremental: the same tree as a full build" diff -r -x .lede-manifest "$tmp/incr" "$tmp/full"
check "incremental: the same messages" diff "$tmp/stderr-incr" "$tmp/stderr-full"
check "incremental: c's page stands" grep -q '<h1 class="title">c</h1>' "$tmp/incr/c/index.html"
# Articles wanting one page (the same slug): found by a randomized
# comparison of incremental and full builds. Three of them: each loser was
# told of whichever owned the page when it came (the order of the
# workers), not of the one that keeps it. And a loser that came first had
# written the page: its links (to tag pages only it has) were reported
# broken, on a page that is not its own, one build in two.
s2=$tmp/slug
mkdir -p "$s2/content"
printf 'site: { title: Slug }\noutlets:\n  web: { format: html, path: "{slug}/", tags: { path: "tags/{tag}/" } }\n' >"$s2/lede.yaml"
printf -- '---\ntitle: Old\ndate: 2024-01-02\nslug: same\ntags: [only-old]\n---\nOld.\n' >"$s2/content/a-old.md"
printf -- '---\ntitle: Older\ndate: 2024-01-01\nslug: same\n---\nOlder.\n' >"$s2/content/b-older.md"
printf -- '---\ntitle: New\ndate: 2024-01-03\nslug: same\n---\nNew.\n' >"$s2/content/c-new.md"
for j in 1 4; do
	rm -rf "$tmp/slug-out"
	(cd "$s2" && "$lede" build -o "$tmp/slug-out" -j $j) 2>"$tmp/slug-$j.err"
done
printf '%s\n' "content/a-old.md: error: outlet 'web': same/index.html would overwrite the page of content/c-new.md; give one of them another slug (slug: in its front matter)" \
	"content/b-older.md: error: outlet 'web': same/index.html would overwrite the page of content/c-new.md; give one of them another slug (slug: in its front matter)" >"$tmp/slug.want"
check "three articles, one page: each loser told of the page's last owner" diff "$tmp/slug.want" <(grep overwrite "$tmp/slug-1.err")
check "...not a broken link of a loser's page" bash -c "! grep -q 'broken link' '$tmp/slug-1.err'"
check "...the same messages at -j 4" diff "$tmp/slug-1.err" "$tmp/slug-4.err"

# A reused article's page taken by a newer article on its slug: the
# reused page's links, noted as clean, were replayed at the end (a tag
# page of the loser gone) over the winner's, reported broken, and the
# winner's page marked dirty; an incremental build then differed from a
# full one.
s3=$tmp/taken
mkdir -p "$s3/content"
printf 'site: { title: Taken }\noutlets:\n  web: { format: html, path: "{slug}/", tags: { path: "tags/{tag}/" } }\n' >"$s3/lede.yaml"
printf -- '---\ntitle: Old\ndate: 2024-01-01\nslug: same\ntags: [only-old]\n---\nOld.\n' >"$s3/content/a-old.md"
(cd "$s3" && "$lede" build -q -o "$tmp/taken-out" -j 1) 2>/dev/null
printf -- '---\ntitle: New\ndate: 2024-01-03\nslug: same\n---\nNew.\n' >"$s3/content/b-new.md"
(cd "$s3" && "$lede" build -o "$tmp/taken-out" -j 1) 2>"$tmp/taken-incr.err"
(cd "$s3" && "$lede" build --full -o "$tmp/taken-full" -j 1) 2>"$tmp/taken-full.err"
check "a reused page taken by a newer article: no broken link of the loser's" bash -c "! grep -q 'broken link' '$tmp/taken-incr.err'"
check "...the same messages as a full build" diff <(grep -v 'articles ready' "$tmp/taken-full.err") <(grep -v 'articles ready' "$tmp/taken-incr.err")
check "...and the same build state" diff <(sed -E 's/"(since|built)":"[^"]*"//g; s/"stat":\[[^]]*\]//g' "$tmp/taken-full/.lede-manifest") <(sed -E 's/"(since|built)":"[^"]*"//g; s/"stat":\[[^]]*\]//g' "$tmp/taken-out/.lede-manifest")

# Pages of two kinds at one file: a tag page at an article's path ({slug}/
# and tags at {tag}/, a tag named as an article's slug), and two outlets
# whose patterns differ but give one file. Each was silent (exit 0, the
# last write stood); and once the tag went, the incremental build pruned
# the article's page and kept the article as unchanged, for good.
p=$tmp/pages
mkdir -p "$p/content"
cat >"$p/lede.yaml" <<'YAML'
site: { title: Pages }
outlets:
  web: { format: html, path: "{slug}/", index: { path: index.html }, tags: { path: "{tag}/" } }
YAML
printf -- '---\ntitle: Climate\ndate: 2024-01-01\n---\nThe climate story.\n' >"$p/content/climate.md"
printf -- '---\ntitle: Other\ndate: 2024-01-02\ntags: [climate]\n---\nOther story.\n' >"$p/content/other.md"
for j in 1 4; do
	"$lede" build -C "$p" -o "$tmp/pages-$j" -q -j "$j" 2>"$tmp/pages-$j.err"
	echo $? >"$tmp/pages-$j.status"
done
check "a tag page at an article's page: exit 1" grep -qx 1 "$tmp/pages-1.status"
check "...an error naming both, the article's page kept" grep -q \
	"pages-1/climate/index.html: error: written by the page of content/climate.md in outlet 'web' and by a collection page of outlet 'web'; .*give the outlets' paths" \
	"$tmp/pages-1.err"
check "...the article's page is there" grep -q 'The climate story' "$tmp/pages-1/climate/index.html"
check "...the same at -j 4" diff -r -x .lede-manifest "$tmp/pages-1" "$tmp/pages-4"
sed -i 's/tags: \[climate\]/tags: [weather]/' "$p/content/other.md"
"$lede" build -C "$p" -o "$tmp/pages-1" -q 2>"$tmp/pages-incr.err"
check "the tag gone: the incremental build, exit 0" test $? = 0
"$lede" build -C "$p" -o "$tmp/pages-1" -q 2>>"$tmp/pages-incr.err"
"$lede" build -C "$p" -o "$tmp/pages-full" -q --full
check "...the article's page stays, as in a full build" diff -r -x .lede-manifest "$tmp/pages-1" "$tmp/pages-full"
cat >"$p/lede.yaml" <<'YAML'
site: { title: Pages }
outlets:
  web: { format: html, path: "{section}/{slug}/" }
  mirror: { format: html, path: "news/{slug}/", site: { title: MIRROR } }
YAML
sed -i 's/^date:/section: News\ndate:/' "$p/content/climate.md"
"$lede" build -C "$p" -o "$tmp/pages-2o" -q 2>"$tmp/pages-2o.err"
check "two outlets' patterns giving one file: exit 1" test $? = 1
check "...an error naming both outlets' pages" grep -q \
	"news/climate/index.html: error: written by the page of content/climate.md in outlet 'mirror' and by the page of content/climate.md in outlet 'web'" \
	"$tmp/pages-2o.err"
# A path without {slug}: the articles of one section want one page, and
# the error says to put {slug} in the path, not to change a slug.
s=$tmp/noslug
mkdir -p "$s/content"
printf 'site: { title: S }\noutlets:\n  web: { format: html, path: "{section}/" }\n' >"$s/lede.yaml"
for n in a b; do
	printf -- '---\ntitle: %s\ndate: 2024-01-0%s\nsection: News\n---\nText.\n' "$n" "${#n}" >"$s/content/$n.md"
done
"$lede" build -C "$s" -o "$tmp/noslug-out" -q 2>"$tmp/noslug.err"
check "a path without {slug}: exit 1" test $? = 1
check "...the error says to put {slug} in the path" grep -qF \
	"content/b.md: error: outlet 'web': news/index.html would overwrite the page of content/a.md, as the outlet's path '{section}/' has no {slug}; put {slug} in it (lede.yaml) to give each article a page of its own" \
	"$tmp/noslug.err"
# Two files whose names differ only in Unicode normalisation (café.md
# composed, and decomposed as macOS saves it): one slug, and an error that
# says why the two names look the same.
s=$tmp/nfc
mkdir -p "$s/content"
printf 'site: { title: N }\noutlets:\n  web: { format: html, path: "{slug}/" }\n' >"$s/lede.yaml"
printf -- '---\ntitle: A\ndate: 2024-01-01\n---\nA.\n' >"$s/content/caf$(printf '\303\251').md"
printf -- '---\ntitle: B\ndate: 2024-01-02\n---\nB.\n' >"$s/content/cafe$(printf '\314\201').md"
"$lede" build -C "$s" -o "$tmp/nfc-out" -q 2>"$tmp/nfc.err"
check "names differing only in normalisation: exit 1" test $? = 1
check "...the error says they differ only in how their letters are written" grep -q \
	"would overwrite the page of .*The two file names look the same: they differ only in how their accented letters are written in Unicode (NFC and NFD" \
	"$tmp/nfc.err"
# (two names that differ: tests/golden/same-slug, its message as it was)

# A file where another outlet needs a folder: the text outlet writes `a`,
# the web outlet needs `a/` for a/index.html (and the amp one for
# a/amp.html). Every clash is an error at the file that is not written,
# naming both writers and what to do; only the first was named, as "a in
# the output folder is a file, not a folder" (as if it were the user's),
# and a second build said nothing at all and left the pages out.
c=$tmp/clash
mkdir -p "$c/content"
cat >"$c/lede.yaml" <<'YAML'
site: { title: Clash }
outlets:
  web: { format: html, path: "{slug}/" }
  amp: { format: html, path: "{slug}/amp.html" }
  txt: { format: text, path: "{slug}" }
YAML
for n in a b c; do printf -- '---\ntitle: %s\ndate: 2024-01-01\n---\nBody.\n' "$n" >"$c/content/$n.md"; done
for j in 1 4; do
	"$lede" build -C "$c" -o "$tmp/clash$j" -q -j $j 2>"$tmp/clash$j.err"
	echo $? >"$tmp/clash$j.status"
	sed -i "s|$tmp/clash$j/|OUT/|" "$tmp/clash$j.err"
done
check "a clash: exit status 1" test "$(cat "$tmp/clash1.status")" = 1
for n in a b c; do
	check "clash at $n named" grep -qxF "OUT/$n/amp.html: error: the page of content/$n.md in outlet 'amp' needs the folder $n/, where the page of content/$n.md in outlet 'txt' writes a file (it stands); this one is not written (nor 1 other file under $n/): give the outlets' paths (path, index, tags, sections in lede.yaml) patterns that cannot make a file where another needs a folder (a path ending in '/' makes a folder)" "$tmp/clash1.err"
	check "the file $n stands" test -f "$tmp/clash1/$n"
done
check "three clashes, three errors" test "$(grep -c 'error:' "$tmp/clash1.err")" = 3
check "clashes: -j 1 and -j 4 say the same" diff "$tmp/clash1.err" "$tmp/clash4.err"
"$lede" build -C "$c" -o "$tmp/clash1" -q -j 2 2>"$tmp/clash-again.err"
sed -i "s|$tmp/clash1/|OUT/|" "$tmp/clash-again.err"
check "a clash: the next build names it again" diff "$tmp/clash1.err" "$tmp/clash-again.err"

# A static file where lede makes a file (the web index, an article's
# page): the static file was replaced without a word, the site's own
# file lost from the output. It is an error at the file now, the file
# lede makes stands, in full and incremental builds alike.
st=$tmp/static
mkdir -p "$st/content" "$st/static/a"
cat >"$st/lede.yaml" <<'YAML'
site: { title: Static }
outlets:
  web: { format: html, path: "{slug}/", index: { path: index.html } }
YAML
for n in a b; do printf -- '---\ntitle: %s\ndate: 2024-01-01\n---\nBody.\n' "$n" >"$st/content/$n.md"; done
echo '<p>mine</p>' >"$st/static/index.html"
echo '<p>old a</p>' >"$st/static/a/index.html"
echo 'kept' >"$st/static/robots.txt"
for j in 1 4; do
	"$lede" build -C "$st" -o "$tmp/st$j" -q -j $j 2>"$tmp/st$j.err"
	echo $? >"$tmp/st$j.status"
	sed -i "s|$tmp/st$j/|OUT/|" "$tmp/st$j.err"
done
check "a static file under a page: exit status 1" test "$(cat "$tmp/st1.status")" = 1
check "the static index is an error at the file" grep -qxF "OUT/index.html: error: written by a collection page of outlet 'web' and by the static file static/index.html; a file has one writer in a build, so it holds what the first named wrote: remove the file from the static folder, or give what lede makes there a path of its own" "$tmp/st1.err"
check "the static file at an article's page is one too" grep -qxF "OUT/a/index.html: error: written by the page of content/a.md in outlet 'web' and by the static file static/a/index.html; a file has one writer in a build, so it holds what the first named wrote: remove the file from the static folder, or give what lede makes there a path of its own" "$tmp/st1.err"
check "two errors" test "$(grep -c 'error:' "$tmp/st1.err")" = 2
check "the index lede makes stands" grep -q '<html' "$tmp/st1/index.html"
check "the article's page stands" grep -q '<h1 class="title">a</h1>' "$tmp/st1/a/index.html"
check "a static file of its own is copied" test "$(cat "$tmp/st1/robots.txt")" = kept
check "static: -j 1 and -j 4 say the same" diff "$tmp/st1.err" "$tmp/st4.err"
printf 'More.\n' >>"$st/content/b.md"
"$lede" build -C "$st" -o "$tmp/st1" -q -j 2 2>"$tmp/st-again.err"
sed -i "s|$tmp/st1/|OUT/|" "$tmp/st-again.err"
check "static: an incremental build (a reused) says the same" diff "$tmp/st1.err" "$tmp/st-again.err"
check "...and a's page stands" grep -q '<h1 class="title">a</h1>' "$tmp/st1/a/index.html"

# A static file where a page needs a folder (static/c beside the page
# c/index.html), and a static folder where a page is a file
# (static/b/index.html/x.txt): a fresh output folder said "its page
# c/index.html (outlet 'web') cannot be staged in .../.lede-stage: Not a
# directory", the next build the clash. Both say the clash now, at once.
sf=$tmp/static-folder
mkdir -p "$sf/content" "$sf/static/b/index.html"
cp "$st/lede.yaml" "$sf/"
for n in a b c; do printf -- '---\ntitle: %s\ndate: 2024-01-01\n---\nBody.\n' "$n" >"$sf/content/$n.md"; done
echo 'mine' >"$sf/static/c"
echo 'mine' >"$sf/static/b/index.html/x.txt"
for j in 1 4; do
	"$lede" build -C "$sf" -o "$tmp/sf$j" -q -j $j 2>"$tmp/sf$j.err"
	sed -i "s|$tmp/sf$j/|OUT/|" "$tmp/sf$j.err"
done
check "a static file where a page needs a folder: the clash" grep -qxF "OUT/c/index.html: error: the page of content/c.md in outlet 'web' needs the folder c/, where a static file writes a file (it stands); this one is not written: give the file or the write a path of its own" "$tmp/sf1.err"
check "a static folder where a page is a file: the clash" grep -qxF "OUT/b/index.html/x.txt: error: a static file needs the folder b/index.html/, where the page of content/b.md in outlet 'web' writes a file (it stands); this one is not written: give the file or the write a path of its own" "$tmp/sf1.err"
check "no staging error" test "$(grep -c 'error:' "$tmp/sf1.err")" = 2
check "clash: -j 1 and -j 4 say the same" diff "$tmp/sf1.err" "$tmp/sf4.err"
"$lede" build -C "$sf" -o "$tmp/sf1" -q -j 2 2>"$tmp/sf-again.err"
sed -i "s|$tmp/sf1/|OUT/|" "$tmp/sf-again.err"
check "clash: the next build says the same" diff "$tmp/sf1.err" "$tmp/sf-again.err"
check_done
