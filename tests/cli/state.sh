#!/usr/bin/env bash
# tests/cli/state.sh LEDE: a build never publishes less than the truth.
# Sequences of builds of one site into one output folder, checked after
# each: a broken article keeps its last good page and its place in every
# collection; a fixed one is updated; a withdrawn one is pruned everywhere;
# a broken template keeps the outlet's files; --strict with an error changes
# nothing; a build killed at any point leaves the last complete state and the
# next build finishes the job; files lede did not write are never touched.
set -uo pipefail
lede=$(realpath "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C TZ=UTC LEDE_NOW=2026-01-01T12:00:00Z
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok - $1"; }
bad() { failed=$((failed + 1)); echo "not ok - $1"; [ -n "${2:-}" ] && sed 's/^/    /' "$2" | head -20 >&2; }
check() { # check NAME CMD...
	local name=$1
	shift
	if "$@" >"$tmp/check.out" 2>&1; then ok "$name"; else bad "$name" "$tmp/check.out"; fi
}
build() { # build [ARGS...]: the site into out/, stderr in build.err, status in $status
	(cd "$tmp/site" && "$lede" build -o "$tmp/out" -j 2 "$@") >"$tmp/build.out" 2>"$tmp/build.err"
	status=$?
}
snapshot() { rm -rf "$tmp/$1" && cp -a "$tmp/out" "$tmp/$1"; }
# The same tree; in the manifest, the stat of each source (which holds
# when it was taken, in wall-clock time) aside.
unstat() { sed -E 's/"stat":\[[^]]*\]//g' "$1/.lede-manifest"; }
same_trees() { diff -r -x .lede-manifest "$1" "$2" && diff <(unstat "$1") <(unstat "$2"); }
same_tree() { same_trees "$tmp/$1" "$tmp/out"; }
no_leftovers() { ! find "$tmp/out" -name '.lede-stage*' -o -name '.*.tmp-*' | grep -q .; }

# The sample site: eight articles, eight outlets, feeds linking to web.
mkdir -p "$tmp/site"
cp -r "$root/lede.yaml" "$root/content" "$tmp/site/"
seed=content/2020-07-24-international-action.md
page=en/news/international-action/index.html

# 1. A first build, and a file of the user's own in the output folder.
build
check "first build succeeds" test "$status" = 0
mkdir -p "$tmp/out/extra" && echo "mine" >"$tmp/out/extra/verify.txt" && echo "mine" >"$tmp/out/google123.html"
check "the first build writes the manifest" test -s "$tmp/out/.lede-manifest"
snapshot good

# 2. The same build again changes nothing.
build
check "a second build changes no file" grep -q "(0 changed)" "$tmp/build.err"
check "a second build leaves the tree as it was" same_tree good

# 2a'. A large build state (a big site's) is read in pieces on two threads:
# lines in every piece are read (here, files of a last build that are no
# longer there, which the next manifest drops), and a damaged line in a
# late piece is reported at its line.
build
snapshot pieces
m=$tmp/out/.lede-manifest
awk 'BEGIN { for (i = 1; i <= 60000; i++)
	printf "{\"file\":\"gone/%d/index.html\",\"hash\":\"0\",\"size\":1,\"outlet\":\"web\",\"article\":null,\"since\":\"x\"}\n", i }' >>"$m"
check "a manifest of several pieces (over 4 MB)" test "$(stat -c %s "$m")" -gt 4194304
build
check "...is read: exit 0" test "$status" = 0
check "...the same tree" same_tree pieces
# (its head, in the first piece, is read into the state whichever reader
# thread starts first: read into the other's, its links mark was lost and
# every article was built again)
check "...and its articles reused, as its head says links were checked" grep -q " unchanged)" "$tmp/build.err"
check "...and the next manifest has none of the files gone" bash -c "! grep -q 'gone/' '$m'"
awk 'BEGIN { for (i = 1; i <= 60000; i++)
	printf "{\"file\":\"gone/%d/index.html\",\"hash\":\"0\",\"size\":1,\"outlet\":\"web\",\"article\":null,\"since\":\"x\"}\n", i }' >>"$m"
echo 'not a line of lede' >>"$m"
bad_line=$(wc -l <"$m")
build
check "a damaged line in its last piece: exit 2" test "$status" = 2
check "...named by its line number" grep -q "^$tmp/out/.lede-manifest:$bad_line: error: not a lede build state (unexpected line)" "$tmp/build.err"
sed -i '$d' "$m"
build
check "...once removed, the site builds again" test "$status" = 0
# Cut at a line's end, a manifest reads as whole lines: its last line
# (lede-manifest-end) says it is not. Without the check, the articles
# past the cut were taken as never built and a feed lost one for good.
cp "$m" "$tmp/m.whole"
head -n "$(( $(wc -l <"$m") / 2 ))" "$tmp/m.whole" >"$m"
build
check "a manifest cut at a line's end: exit 2" test "$status" = 2
check "...saying it is cut short" grep -q "^$m:[0-9]*: error: the build state is cut short: its last line (lede-manifest-end) is missing" "$tmp/build.err"
head -c 3000 /dev/urandom | base64 >"$m"
build
check "random bytes: not a lede build state, not 'version 0'" grep -q "^$m:1: error: not a lede build state (no lede-manifest line)" "$tmp/build.err"
cp "$tmp/m.whole" "$m"
build
check "...the whole one back, the site builds" test "$status" = 0
# One record line gone (its page's line still there): the article is built
# again, not reused without a record and left out of the collections.
gone=$(grep -m1 -o '^{"outlet":"web","article":"[^"]*"' "$m" | sed 's/.*"article":"//; s/"$//')
grep -v "^{\"outlet\":\"web\",\"article\":\"$gone\"" "$m" >"$tmp/m.cut" && cp "$tmp/m.cut" "$m"
check "(a record line removed)" bash -c "! grep -q '^{\"outlet\":\"web\",\"article\":\"$gone\"' '$m'"
build
check "...its article is built again: exit 0" test "$status" = 0
check "...and its record is back" grep -q "^{\"outlet\":\"web\",\"article\":\"$gone\"" "$m"

# 2a. A build state of version 2 (an older lede's: the clean mark on its
# first line, the files before the records, no last line) is read as it
# is: nothing is built again, and the next manifest is version 3.
build
snapshot v3
v2() { # the manifest of $1 in version 2's layout
	awk 'NR == 1 { head = $0; next }
	     /^\{"lede-manifest-end"/ { clean = index($0, "\"clean\":true") > 0; next }
	     /^\{"file"/ { files = files $0 "\n"; next }
	     { rest = rest $0 "\n" }
	     END { sub(/"lede-manifest":3/, "\"lede-manifest\":2", head)
	           if (clean) sub(/\}$/, ",\"clean\":true}", head)
	           printf "%s\n%s%s", head, files, rest }' "$1/.lede-manifest"
}
v2 "$tmp/out" >"$tmp/v2" && cp "$tmp/v2" "$tmp/out/.lede-manifest"
check "a version 2 manifest: its files first, no last line" bash -c "head -2 '$tmp/v2' | grep -q '^{\"file\"' && ! grep -q 'lede-manifest-end' '$tmp/v2' && head -1 '$tmp/v2' | grep -q '\"lede-manifest\":2,.*\"clean\":true}$'"
build
check "...is read: exit 0, every article reused" grep -Eq "([0-9]+) of \1 articles ready \(\1 unchanged\).*\(0 changed\)" "$tmp/build.err"
check "...and the build writes version 3, the same as before" same_tree v3

# 2b. A plugin that fails to load stops the build before anything is
# published: the output folder is as it was, with no mark of a build that
# ran (the last state is read while the plugins load, and left untouched).
mkdir -p "$tmp/site/plugins"
echo 'return { article = function(a) end' >"$tmp/site/plugins/broken_load.lua"
cp "$tmp/site/lede.yaml" "$tmp/lede.yaml.good"
sed -i 's/^plugins: \[reading_time\]/plugins: [reading_time, broken_load]/' "$tmp/site/lede.yaml"
build
check "a plugin that cannot load: the lede.yaml took it" grep -q "broken_load" "$tmp/site/lede.yaml"
check "...exit 2, as a configuration error" test "$status" = 2
check "...the output folder as it was" same_tree good
check "...no running mark" test ! -e "$tmp/out/.lede-stage-running"
(cd "$tmp/site" && "$lede" build -o "$tmp/fresh" -q) 2>/dev/null
check "...into a folder not there yet: none made" test ! -e "$tmp/fresh"
(cd "$tmp/site" && "$lede" build -o "$tmp/new/er/fresh" -q) 2>/dev/null
check "...nor the folders above it that were not there" test ! -e "$tmp/new"
cp "$tmp/lede.yaml.good" "$tmp/site/lede.yaml"
rm "$tmp/site/plugins/broken_load.lua"

# 2c. One build at a time in a folder: a second one (cron runs that
# overlap) would sweep the first one's stage and commit half of each. The
# lock is flock(2) on the output folder, held by flock(1) here.
flock "$tmp/out" -c "touch '$tmp/locked'; while [ ! -e '$tmp/unlock' ]; do sleep 0.05; done" &
holder=$!
while [ ! -e "$tmp/locked" ]; do sleep 0.05; done
build
check "another build writing into the folder: exit 2" test "$status" = 2
check "...says so, and that nothing was built" grep -qx "$tmp/out: error: another lede build is writing into this folder; nothing was built: build again when it has finished (or into another folder)" "$tmp/build.err"
check "...the output folder as it was" same_tree good
touch "$tmp/unlock"
wait "$holder"
build
check "...once it has finished, the build runs (exit 0)" test "$status" = 0
check "...and the tree is the same" same_tree good
# A first build into folders not there yet holds the lock too: a build
# whose finish hook waits (for a file this test makes) against a second.
mkdir -p "$tmp/site/plugins"
cat >"$tmp/site/plugins/hold.lua" <<LUA
return { finish = function()
  io.open("$tmp/held", "w"):close()
  while not io.open("$tmp/release") do os.execute("sleep 0.05") end
end }
LUA
cp "$tmp/site/lede.yaml" "$tmp/lede.yaml.good"
sed -i 's/^plugins: \[reading_time\]/plugins: [reading_time, hold]/' "$tmp/site/lede.yaml"
(cd "$tmp/site" && "$lede" build -o "$tmp/first/new/out" -q) 2>"$tmp/first.err" &
first=$!
while [ ! -e "$tmp/held" ] && kill -0 "$first" 2>/dev/null; do sleep 0.05; done
(cd "$tmp/site" && "$lede" build -o "$tmp/first/new/out" -q) 2>"$tmp/second.err"
check "a first build into new folders holds the lock: a second one stops (exit 2)" test $? = 2
check "...saying so" grep -q "error: another lede build is writing into this folder" "$tmp/second.err"
touch "$tmp/release"
wait "$first"
check "...and the first one finishes (exit 0)" test $? = 0 -a -f "$tmp/first/new/out/$page"
cp "$tmp/lede.yaml.good" "$tmp/site/lede.yaml"
rm "$tmp/site/plugins/hold.lua"

# 3. Broken front matter: the page stays, so does its place in the index
# and the feeds, exit 1, and the warning says what was kept.
sed -i 's/^date: 2020-07-24T10:00:00+02:00$/date: 2020-13-24/' "$tmp/site/$seed"
build
check "a broken article fails the build (exit 1)" test "$status" = 1
check "the error names the article" grep -q "^$seed:3:12: error: bad date" "$tmp/build.err"
check "the warning says the last good version stands" \
	grep -q "^$seed: warning: kept the version published on 2026-01-01T12:00:00Z" "$tmp/build.err"
check "its page is unchanged" cmp "$tmp/good/$page" "$tmp/out/$page"
check "the index still lists it" cmp "$tmp/good/index.html" "$tmp/out/index.html"
check "the feeds still list it" cmp "$tmp/good/feed.atom" "$tmp/out/feed.atom"
check "the wire still has it" cmp "$tmp/good/wire/2020/international-action.json" \
	"$tmp/out/wire/2020/international-action.json"

# 4. Fixed, with a new title: updated everywhere.
cp "$root/$seed" "$tmp/site/$seed"
sed -i 's/^title: .*/title: "International action, revised"/' "$tmp/site/$seed"
build
check "the fixed article builds (exit 0)" test "$status" = 0
check "its page is updated" grep -q "International action, revised" "$tmp/out/$page"
check "the index is updated" grep -q "International action, revised" "$tmp/out/index.html"
check "the feed is updated" grep -q "International action, revised" "$tmp/out/feed.atom"

# 4b. Killed in the edit that breaks it (a kill and a typo): the version
# published is not kept live; its pages go from every outlet until it
# builds again. Then it is back as in 4.
cp "$tmp/site/$seed" "$tmp/revised.md"
sed -i 's/^title:/pubstatus: canceled\ntitle:/; s/^date: 2020-07-24T10:00:00+02:00$/date: 2020-13-24/' "$tmp/site/$seed"
build
check "killed and broken: exit 1" test "$status" = 1
check "...the warning says its version is not kept, and why" \
	grep -q "^$seed: warning: the version published is not kept (outlets web, newsletter, rss, atom, jsonfeed, sitemap, wire), as this build failed for it: its front matter holds it back now (pubstatus: canceled)" "$tmp/build.err"
check "...its page is gone" test ! -e "$tmp/out/$page"
check "...the wire document is gone" test ! -e "$tmp/out/wire/2020/international-action.json"
check "...it left the index and the feeds" bash -c "! grep -q 'international-action' '$tmp/out/index.html' '$tmp/out/feed.atom' '$tmp/out/feed.rss' '$tmp/out/feed.json'"
cp "$tmp/revised.md" "$tmp/site/$seed"
build
check "...fixed, it is back" test "$status" = 0 -a -f "$tmp/out/$page"

# 4c. A story released from embargo, broken in an edit: the record kept
# from the last build keeps its place, by its release (the build state
# carries it: a kept record has no front matter to work it out from),
# first in the index and the feeds, above every story dated after it.
rel=content/2019-01-01-released.md
cat >"$tmp/site/$rel" <<'EOF'
---
title: Released story
date: 2019-01-01T09:00:00Z
embargo: 2025-12-01T06:00:00Z
---

Written in 2019, out in December 2025.
EOF
listed_first() { grep -m1 -o '<h2><a href="[^"]*"' "$tmp/out/index.html" | grep -q /released/; }
build
check "a story released from embargo: first in the index" listed_first
snapshot released
sed -i 's/^date: 2019-01-01T09:00:00Z$/date: 2019-13-01/' "$tmp/site/$rel"
for how in "" "--records-memory 0"; do
	build $how
	check "...broken (${how:-records in memory}): exit 1" test "$status" = 1
	check "...still first in the index" listed_first
	check "...the index and the feeds as they were" bash -c "for f in index.html feed.atom feed.rss feed.json; do cmp '$tmp/released/'\$f '$tmp/out/'\$f || exit 1; done"
done
rm "$tmp/site/$rel"
build
check "...removed: exit 0" test "$status" = 0

# 5. Withdrawn (the file removed): its pages go, and it leaves every collection.
rm "$tmp/site/$seed"
build
check "a build without it succeeds" test "$status" = 0
check "its page is pruned" test ! -e "$tmp/out/$page"
check "its folder is pruned" test ! -e "$tmp/out/en/news/international-action"
check "the wire document is pruned" test ! -e "$tmp/out/wire/2020/international-action.json"
check "the newsletter page is pruned" test ! -e "$tmp/out/newsletter/international-action.txt"
check "it left the index" bash -c "! grep -q 'international-action' '$tmp/out/index.html'"
check "it left the feeds" bash -c "! grep -q 'international-action' '$tmp/out/feed.atom' '$tmp/out/feed.rss' '$tmp/out/feed.json'"
check "the summary counts what was removed" grep -q "removed" "$tmp/build.err"
check "the user's files survive pruning" test -f "$tmp/out/extra/verify.txt" -a -f "$tmp/out/google123.html"

# 6. Unpublished again (draft: true): pruned the same way; --no-prune keeps it.
cp "$root/$seed" "$tmp/site/$seed"
build
check "it is back" test -f "$tmp/out/$page"
sed -i 's/^title:/draft: true\ntitle:/' "$tmp/site/$seed"
build --no-prune
check "--no-prune keeps a page no longer published" test -f "$tmp/out/$page"
build
check "the next build prunes it" test ! -f "$tmp/out/$page"
cp "$root/$seed" "$tmp/site/$seed"
build
snapshot good2

# 7. A broken html template: the web outlet's files stay as they were,
# never an empty index; the other outlets still build.
mkdir -p "$tmp/site/templates"
cp "$root/plugins/templates/article.mustache" "$tmp/site/templates/"
cp "$root/plugins/templates/index.mustache" "$tmp/site/templates/" 2>/dev/null
printf '{{#broken}}\n' >>"$tmp/site/templates/article.mustache"
[ -f "$tmp/site/templates/index.mustache" ] && printf '{{#broken}}\n' >>"$tmp/site/templates/index.mustache"
build
check "a broken template fails the build (exit 1)" test "$status" = 1
check "the template error is shown once, at its place" \
	bash -c "[ \"\$(grep -c '^templates/article.mustache:[0-9]*:[0-9]*: error' '$tmp/build.err')\" = 1 ]"
check "the web pages are unchanged" cmp "$tmp/good2/$page" "$tmp/out/$page"
check "the web index is unchanged" cmp "$tmp/good2/index.html" "$tmp/out/index.html"
check "the feeds are unchanged" cmp "$tmp/good2/feed.rss" "$tmp/out/feed.rss"
rm -rf "$tmp/site/templates"

# 8. --strict and one bad article: nothing in the output folder changes.
build
snapshot before
sed -i 's/^date: 2020-07-24T10:00:00+02:00$/date: 2020-13-24/' "$tmp/site/$seed"
sed -i 's/^title: .*/title: "Caring cities, renamed"/' "$tmp/site/content/2020-08-27-caring-cities.md"
build --strict
check "--strict with an error exits 1" test "$status" = 1
check "--strict says nothing changed" grep -q "nothing in the output folder was changed" "$tmp/build.err"
check "--strict with an error leaves the folder byte for byte" diff -r "$tmp/before" "$tmp/out"
check "--strict leaves no staged file behind" no_leftovers
cp "$root/$seed" "$tmp/site/$seed"
cp "$root/content/2020-08-27-caring-cities.md" "$tmp/site/content/"

# 9. An article that never published and fails in web is not listed by the
# outlets that link to web (rss, atom, jsonfeed, newsletter).
mkdir -p "$tmp/site/plugins"
cat >"$tmp/site/plugins/fragile.lua" <<'LUA'
return { transform = function(a, outlet)
  if a.meta.fragile and outlet.name == "web" then error("cannot transform " .. a.slug) end
end }
LUA
sed -i 's/^    plugins: \[smartquotes, pullquote\]$/    plugins: [smartquotes, pullquote, fragile]/' "$tmp/site/lede.yaml"
cat >"$tmp/site/content/2021-01-01-new.md" <<'MD'
---
title: Brand new and fragile
date: 2021-01-01T10:00:00Z
section: News
lang: en
fragile: true
tags: [newsletter]
---
A new story.
MD
build
check "the failing web page is an error" grep -q "cannot transform new" "$tmp/build.err"
check "there is no web page for it" test ! -e "$tmp/out/en/news/new/index.html"
check "the feeds do not link to a page that does not exist" \
	bash -c "! grep -q 'Brand new' '$tmp/out/feed.atom' '$tmp/out/feed.rss' '$tmp/out/feed.json'"
check "the warning says why it was left out" grep -q "outlet 'rss': 1 article left out" "$tmp/build.err"
rm "$tmp/site/content/2021-01-01-new.md"

# 10. Image renditions are lede's files too: once no page uses them, they go.
build
check "the lead image's renditions are published" bash -c "ls '$tmp/out/media/'*.webp >/dev/null 2>&1"
check "and listed in the build state" grep -q '"file":"media/' "$tmp/out/.lede-manifest"
sed -i '/^image:$/,/^  credit:/d' "$tmp/site/$seed"
build
check "without the image, its renditions are pruned" bash -c "! ls '$tmp/out/media/'* >/dev/null 2>&1"
cp "$root/$seed" "$tmp/site/$seed"

# 10b. A build of one outlet keeps the others' files, also those an
# outlet's index hook wrote with lede.write (the sitemap outlet's
# robots.txt and news sitemap).
build
snapshot all
build --outlet web
check "--outlet web: exit 0" test "$status" = 0
check "--outlet web keeps robots.txt and the news sitemap" \
	test -s "$tmp/out/robots.txt" -a -s "$tmp/out/sitemap-news.xml"
check "--outlet web leaves every other outlet's file as it was" diff -r -x .lede-manifest "$tmp/all" "$tmp/out"
build
check "the sitemap outlet's own build still owns them" grep -q '"file":"robots.txt".*"outlet":"sitemap"' "$tmp/out/.lede-manifest"
# The image renditions the web pages show are not the French outlet's:
# a build of it alone keeps them, whether it builds every article again
# or only the one edited.
build --full --outlet fr
check "--full --outlet fr keeps the web pages' image renditions" diff -r -x .lede-manifest "$tmp/all" "$tmp/out"
echo "One more line." >>"$tmp/site/$seed"
build --outlet fr
check "--outlet fr with the article edited keeps its renditions" bash -c "ls '$tmp/out/media/'*.webp >/dev/null 2>&1"
cp "$root/$seed" "$tmp/site/$seed"
build

# 10c. An outlet taken out of lede.yaml is not "not built this time": its
# files go, those its index hook wrote with them.
cp "$tmp/site/lede.yaml" "$tmp/lede.yaml.keep"
sed -i '/^  sitemap:$/,/^$/d' "$tmp/site/lede.yaml"
build
check "an outlet out of lede.yaml: exit 0" test "$status" = 0
check "an outlet out of lede.yaml: its files are removed" \
	test ! -e "$tmp/out/sitemap.xml" -a ! -e "$tmp/out/robots.txt" -a ! -e "$tmp/out/sitemap-news.xml"
check "...and counted" grep -q " 3 removed," "$tmp/build.err"
cp "$tmp/lede.yaml.keep" "$tmp/site/lede.yaml"
build
check "the outlet back: its files are back" test -s "$tmp/out/sitemap.xml" -a -s "$tmp/out/robots.txt"

# 11. An edited manifest cannot make pruning remove anything outside the
# output folder: not by '..', not through a folder that is a symlink out.
build
mkdir -p "$tmp/victim" && echo keep >"$tmp/victim/victim.txt" && echo keep >"$tmp/escape.txt"
ln -s "$tmp/victim" "$tmp/out/outside"
printf '%s\n' '{"file":"outside/victim.txt","hash":"0","size":5,"outlet":"web","article":null,"since":"x"}' \
	'{"file":"../escape.txt","hash":"0","size":5,"outlet":"web","article":null,"since":"x"}' >>"$tmp/out/.lede-manifest"
build
check "a manifest entry through a symlinked folder removes nothing outside" test -f "$tmp/victim/victim.txt"
check "a manifest entry with '..' removes nothing outside" test -f "$tmp/escape.txt"
rm "$tmp/out/outside"
# Nor remove a file of the user's it names (not the bytes lede wrote), nor
# lede's own manifest; a page of lede's changed by hand since is not
# removed either, and the build says so.
echo "mine" >"$tmp/out/extra/listed.txt"
cp "$tmp/out/$page" "$tmp/page.keep"
printf '%s\n' '{"file":"extra/listed.txt","hash":"0000000000000000","size":5,"outlet":"web","article":"content/gone.md","since":"x"}' \
	'{"file":"extra/listed2.txt","hash":"1234","size":5,"outlet":"web","article":"content/gone.md","since":"x"}' \
	'{"file":".lede-manifest","hash":"0","size":5,"outlet":"web","article":null,"since":"x"}' >>"$tmp/out/.lede-manifest"
echo "mine" >"$tmp/out/extra/listed2.txt"
build
check "a manifest entry naming a file of the user's does not remove it" test -f "$tmp/out/extra/listed.txt"
check "...nor one with another hash" test -f "$tmp/out/extra/listed2.txt"
check "...and says so" grep -q "extra/listed.txt: warning: not removed: it is not the file lede wrote there" "$tmp/build.err"
check "...nothing is counted removed" bash -c "! grep -q ' removed,' '$tmp/build.err'"
check "...and the next build forgets them" bash -c "! grep -q 'extra/listed' '$tmp/out/.lede-manifest'"
build
check "...and says nothing more of them" bash -c "! grep -q 'listed' '$tmp/build.err'"
echo "<p>edited by hand</p>" >>"$tmp/out/$page"
mv "$tmp/site/$seed" "$tmp/seed.md"
build
check "a withdrawn article's page changed by hand is not removed" grep -q "edited by hand" "$tmp/out/$page"
check "...and the build says so" grep -q "$page: warning: not removed: it is not the file lede wrote there" "$tmp/build.err"
rm "$tmp/out/$page"
mv "$tmp/seed.md" "$tmp/site/$seed"
build
# A record whose date is damaged (no date, a 13th month) is not shown as
# is: the build says so, and the next build is whole again.
build
snapshot whole
care=content/2020-08-27-caring-cities.md
sed -i -E "/^\\{\"outlet\":\"web\",\"article\":\"${seed//\//\\/}\"/s/\"date\":\\{\"\\\$date\":\\[[^]]*\\]\\}/\"date\":{\"\$date\":null}/" "$tmp/out/.lede-manifest"
sed -i -E "/^\\{\"outlet\":\"web\",\"article\":\"${care//\//\\/}\"/s/\"date\":\\{\"\\\$date\":\\[2020,8,/\"date\":{\"\$date\":[2020,13,/" "$tmp/out/.lede-manifest"
check "the damaged records are there to read" grep -q '"$date":\[2020,13,' "$tmp/out/.lede-manifest"
build
check "damaged records: the build ends (exit 0)" test "$status" = 0
check "...says which records it could not read" \
	grep -q "^$seed: warning: its record in the build state for outlet 'web' is damaged" "$tmp/build.err"
check "...both of them" grep -q "^$care: warning: its record in the build state for outlet 'web' is damaged" "$tmp/build.err"
build
check "damaged records: the next build is whole again" same_tree whole
# Image lists that are not pairs (a page's, an article's): read without
# losing anything (the sanitizer build reports what leaks).
h64=$(printf '%064d' 0)
printf '%s\n' '{"file":"odd.html","hash":"0","size":1,"outlet":"web","article":null,"key":"k","images":["a","b","c"],"claims":[]}' \
	"{\"source\":\"content/none.md\",\"key\":\"$h64\",\"digest\":\"$h64\",\"stat\":[1,2,3,4,5],\"date\":{\"\$date\":[2020,1,1,0,0,0,0,0,true,true]},\"outlets\":[],\"taken\":[],\"times\":[],\"images\":[\"a\",\"b\",\"c\"],\"claims\":[]}" \
	>>"$tmp/out/.lede-manifest"
build
check "image lists that are not pairs: exit 0" test "$status" = 0

# 11b. A file of the user's where a new page of lede's would go (an
# article's page, a tag page it brings): lede does not overwrite it, says
# so, and publishes the rest; once the file is moved away, the page is
# written.
build
mkdir -p "$tmp/out/en/news/hand-made" "$tmp/out/tags/handmade"
echo "mine" >"$tmp/out/en/news/hand-made/index.html"
echo "mine" >"$tmp/out/tags/handmade/index.html"
printf -- '---\ntitle: Hand made\ndate: 2020-12-20T10:00:00Z\nsection: News\nlang: en\ntags: [handmade]\n---\nText.\n' \
	>"$tmp/site/content/2020-12-20-hand-made.md"
build
check "a file lede did not write in the way: exit 1" test "$status" = 1
check "...says which file" grep -q "en/news/hand-made/index.html: error: a file lede did not write is there" "$tmp/build.err"
check "...the article's page of the user is left as it was" grep -qx mine "$tmp/out/en/news/hand-made/index.html"
check "...and so is the tag page of the user" grep -qx mine "$tmp/out/tags/handmade/index.html"
check "...the article's other outlets are published" test -s "$tmp/out/wire/2020/hand-made.json"
rm "$tmp/out/en/news/hand-made/index.html" "$tmp/out/tags/handmade/index.html"
build
check "the files moved away: exit 0" test "$status" = 0
check "...and the pages are written" grep -q "Hand made" "$tmp/out/en/news/hand-made/index.html"
rm "$tmp/site/content/2020-12-20-hand-made.md"
build

# 11b2. lede's own names in the output folder, made symlinks leading out
# of it: the stage is not made through them, so nothing is written or
# moved outside the folder.
build
mkdir -p "$tmp/elsewhere/stage" "$tmp/elsewhere/dup"
ln -s "$tmp/elsewhere/stage" "$tmp/out/.lede-stage"
ln -s "$tmp/elsewhere/dup" "$tmp/out/.lede-stage-dup"
echo "One more line." >>"$tmp/site/$seed"
build
check "a stage that is a symlink out: exit 0" test "$status" = 0
check "...nothing is made where it leads" test -z "$(find "$tmp/elsewhere" -mindepth 2)"
check "...the page is written" grep -q "One more line." "$tmp/out/$page"
check "...and the links are gone" test ! -L "$tmp/out/.lede-stage" -a ! -L "$tmp/out/.lede-stage-dup"
cp "$root/$seed" "$tmp/site/$seed"
build

# 11b3. A folder of the user's where a new page goes: the page cannot be
# put in place, which is an error, and is not listed as lede's, so a file
# of the user's there later is not taken for lede's either.
build
mkdir -p "$tmp/out/tags/handmade/index.html"
printf -- '---\ntitle: Hand made\ndate: 2020-12-20T10:00:00Z\nsection: News\nlang: en\ntags: [handmade]\n---\nText.\n' \
	>"$tmp/site/content/2020-12-20-hand-made.md"
build
check "a folder where a page goes: exit 1" test "$status" = 1
check "...says so" grep -q "tags/handmade/index.html: error: cannot put the file in place" "$tmp/build.err"
check "...the page is not listed as lede's" bash -c "! grep -q '\"file\":\"tags/handmade/index.html\"' '$tmp/out/.lede-manifest'"
check "...and the manifest marks no page clean (one may link to it)" bash -c "head -1 '$tmp/out/.lede-manifest' | grep -q '\"links\":true' && tail -1 '$tmp/out/.lede-manifest' | grep -q '^{\"lede-manifest-end\"' && ! tail -1 '$tmp/out/.lede-manifest' | grep -q '\"clean\"'"
rmdir "$tmp/out/tags/handmade/index.html" && echo "mine" >"$tmp/out/tags/handmade/index.html"
build
check "...a file of the user's there later is left as it is" grep -qx mine "$tmp/out/tags/handmade/index.html"
rm -r "$tmp/out/tags/handmade" "$tmp/site/content/2020-12-20-hand-made.md"
build

# 11c. An empty manifest (what a power cut can leave of a file renamed
# before its bytes reached the disk) is no build state: the next build
# writes its pages as a first build does, over the files it cannot tell
# from its own.
build
: >"$tmp/out/.lede-manifest"
echo "One more line." >>"$tmp/site/$seed"
build
check "an empty manifest: exit 0" test "$status" = 0
check "...the edited article's page is written" grep -q "One more line." "$tmp/out/$page"
check "...and the manifest is whole again" grep -q '"file":"index.html"' "$tmp/out/.lede-manifest"
cp "$root/$seed" "$tmp/site/$seed"
build

# 11d. The manifest cannot be written after the pages are in place (here a
# file size limit, as a quota or a full disk can do; a power cut between
# the two): the running mark lists what was put in place, and the next
# build, with the edits undone, ends where a clean build does. Before, it
# reused the article whose page held the undone edit, and the page of a
# slug changed back stayed online as a file of the user's.
mkdir -p "$tmp/lim/content"
printf 'site: { title: L, base_url: "https://l.example" }\noutlets:\n  web: { format: html, path: "{slug}/", index: { per_page: 20 } }\n' >"$tmp/lim/lede.yaml"
for i in $(seq 1 150); do
	printf -- '---\ntitle: Story %d\ndate: 2020-01-01T00:%02d:00Z\n---\nText %d.\n' "$i" $((i % 60)) "$i" >"$tmp/lim/content/s$i.md"
done
lbuild() { (cd "$tmp/lim" && "$lede" build -o "$tmp/limout" -j 2 "$@") 2>"$tmp/lim.err"; status=$?; }
lbuild -q
mv "$tmp/lim/content/s5.md" "$tmp/lim/content/z5.md"
sed -i 's/^Text 7\./Text seven, edited./' "$tmp/lim/content/s7.md"
# (SIGXFSZ ignored: a write past the limit fails with EFBIG)
(trap '' XFSZ; ulimit -f 64; cd "$tmp/lim" && exec "$lede" build -o "$tmp/limout" -j 2) 2>"$tmp/lim.err"
status=$?
check "manifest not written: exit 1, the reason and what follows" bash -c "test $status = 1 && grep -qx '$tmp/limout/.lede-manifest: error: cannot write the build state: File too large; the last build state stays, and the next build finds what this one changed' '$tmp/lim.err'"
check "...its pages were put in place" bash -c "test -f '$tmp/limout/z5/index.html' && grep -q 'Text seven, edited' '$tmp/limout/s7/index.html'"
check "...and the running mark lists them" bash -c "tr '\\0' '\\n' <'$tmp/limout/.lede-stage-running' | grep -qx z5/index.html"
# Failing again with s7 edited once more: s7 is staged again, and the list
# names each file once (carried over failure after failure, it grew by
# every page staged again, each hashed once per mention by the next build).
sed -i 's/^Text seven, edited\./Text seven, edited twice./' "$tmp/lim/content/s7.md"
(trap '' XFSZ; ulimit -f 64; cd "$tmp/lim" && exec "$lede" build -o "$tmp/limout" -j 2) 2>/dev/null
check "...failing again: the page is put in place" grep -q 'Text seven, edited twice' "$tmp/limout/s7/index.html"
check "...and the mark names each file once" bash -c "tr '\\0' '\\n' <'$tmp/limout/.lede-stage-running' >'$tmp/marklist' && grep -qx s7/index.html '$tmp/marklist' && test -z \"\$(sort '$tmp/marklist' | uniq -d)\""
# A build that then changes nothing (--strict and an error) keeps the list
# for the one after it.
printf -- '---\ntitle: [broken\n---\nText.\n' >"$tmp/lim/content/broken.md"
lbuild --strict
check "...a --strict build that fails next keeps the list" bash -c "test $status = 1 && tr '\\0' '\\n' <'$tmp/limout/.lede-stage-running' | grep -qx s7/index.html"
rm "$tmp/lim/content/broken.md"
mv "$tmp/lim/content/z5.md" "$tmp/lim/content/s5.md"
sed -i 's/^Text seven, edited twice\./Text 7./' "$tmp/lim/content/s7.md"
lbuild -q
(cd "$tmp/lim" && "$lede" build -q -o "$tmp/limclean" -j 2) 2>/dev/null
check "edits undone, built again: exit 0, equals a clean build" bash -c "test $status = 0 && diff -r -x .lede-manifest '$tmp/limclean' '$tmp/limout'"
check "...and the mark is gone" test ! -e "$tmp/limout/.lede-stage-running"

# 12. Killed at several points of a 2,000-article build: the folder keeps
# its last complete state, and the next build finishes the job.
mkdir -p "$tmp/big/content"
printf 'site: { title: Big, base_url: "https://big.example" }\noutlets:\n  web: { format: html, path: "{slug}/", index: { path: index.html, per_page: 20 }, tags: { path: "tags/{tag}/" } }\n  rss: { format: rss, path: feed.rss, link_to: web, limit: 20 }\n' >"$tmp/big/lede.yaml"
for i in $(seq 1 2000); do
	printf -- '---\ntitle: Story %d\ndate: 2020-01-01T%02d:%02d:00Z\ntags: [t%d]\n---\nText of story %d, with *some* words.\n' \
		"$i" $((i % 24)) $((i % 60)) $((i % 7)) "$i" >"$tmp/big/content/s$i.md"
done
(cd "$tmp/big" && "$lede" build -q -o "$tmp/clean" -j 2) 2>/dev/null
(cd "$tmp/big" && "$lede" build -q -o "$tmp/bigout" -j 2) 2>/dev/null
for t in 0.05 0.2 0.4 0.8; do
	sed -i 's/^Text of story/Revised text of story/' "$tmp/big/content/s$RANDOM.md" 2>/dev/null
	(cd "$tmp/big" && exec "$lede" build -q -o "$tmp/bigout" -j 2) 2>/dev/null &
	pid=$!
	sleep "$t"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	check "killed after ${t}s: the manifest is whole" bash -c "tail -c1 '$tmp/bigout/.lede-manifest' | od -c | grep -q '\\\\n'"
done
(cd "$tmp/big" && "$lede" build -q -o "$tmp/bigout" -j 2) 2>/dev/null
(cd "$tmp/big" && "$lede" build -q -o "$tmp/clean" -j 2) 2>/dev/null
check "after the kills, one more build equals a clean build" same_trees "$tmp/clean" "$tmp/bigout"
check "no staged or temporary file is left" bash -c "! find '$tmp/bigout' -name '.lede-stage*' -o -name '.*.tmp-*' | grep -q ."

# A first build into a new folder killed part way (folders new to the
# output folder are moved from the stage whole): the next build finishes.
for t in 0.3 0.9; do
	rm -rf "$tmp/fresh"
	(cd "$tmp/big" && exec "$lede" build -q -o "$tmp/fresh" -j 2) 2>/dev/null &
	pid=$!
	sleep "$t"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	(cd "$tmp/big" && "$lede" build -q -o "$tmp/fresh" -j 2) 2>/dev/null
	check "a first build killed after ${t}s, then one more: equals a clean build" same_trees "$tmp/clean" "$tmp/fresh"
	check "...and leaves no staged file" bash -c "! find '$tmp/fresh' -name '.lede-stage*' | grep -q ."
done

# A file written twice in one build: the last one wins, in a folder new to
# the output folder and in one that is there.
mkdir -p "$tmp/twice/content" "$tmp/twice/plugins"
printf 'site: { title: Twice }\nplugins: [twice]\noutlets:\n  web: { format: html, path: "{slug}/" }\n' >"$tmp/twice/lede.yaml"
printf -- '---\ntitle: One\ndate: 2024-05-01\n---\nText.\n' >"$tmp/twice/content/one.md"
cat >"$tmp/twice/plugins/twice.lua" <<'LUA'
return { parallel = false, finish = function(site)
  lede.write("deep/a/b.txt", "first\n")
  lede.write("deep/a/b.txt", "second\n")
  lede.write("one/extra.txt", "one\n")
  lede.write("one/extra.txt", "two\n")
end }
LUA
(cd "$tmp/twice" && "$lede" build -q -o "$tmp/twice/out") 2>/dev/null
check "written twice into a new folder: the last one stays" grep -qx second "$tmp/twice/out/deep/a/b.txt"
check "written twice beside an article's page: the last one stays" grep -qx two "$tmp/twice/out/one/extra.txt"
check "written twice: no staged copy is left" bash -c "! find '$tmp/twice/out' -name '.lede-stage*' | grep -q ."

# A manifest of another version (a newer lede's): an error, and nothing in
# the folder changes; once it is removed, the site builds again.
build
snapshot before-version
sed -i '1s/"lede-manifest":3/"lede-manifest":4/' "$tmp/out/.lede-manifest"
echo "changed" >>"$tmp/site/content/$(ls "$tmp/site/content" | head -1)"
build
check "a manifest of another version: exit 2" test "$status" = 2
check "...says which version and what to do" grep -qx "$tmp/out/.lede-manifest:1: error: a build state of version 4, and this lede reads versions 2 to 3; build with the lede that wrote it, or remove it to build everything again" "$tmp/build.err"
check "...and changes nothing" diff -r -x .lede-manifest "$tmp/before-version" "$tmp/out"
rm "$tmp/out/.lede-manifest"
build
check "removed, the site builds again" test "$status" = 0

# Records on disk (--records-memory 0): the same site and the same state,
# with no spill file left; with no place for the spill file (a folder in
# its way), they stay in memory and the site is still the same.
rm -rf "$tmp/out"
build --full
snapshot in-memory
rm -rf "$tmp/out"
build --full --records-memory 0
check "records on disk: exit 0" test "$status" = 0
check "...the same tree and state as in memory" same_tree in-memory
check "...and no spill file is left" no_leftovers
rm -rf "$tmp/out" && mkdir -p "$tmp/out/.lede-stage-spill"
build --full --records-memory 0
check "no place for the spill file: exit 0" test "$status" = 0
rmdir "$tmp/out/.lede-stage-spill"
check "...and the same tree and state" same_tree in-memory
# A record that cannot be read back (its spill file cut short by a
# plugin, after two records went there) when a page shows what only its
# text holds (its authors; its title and summary stay in memory): an
# error naming each article lost, and the outlet's collections stay as
# the last good build left them.
mkdir -p "$tmp/cut/content" "$tmp/cut/plugins/formats"
for i in 1 2 3; do
	printf -- '---\ntitle: Story %s\ndate: 2024-05-0%s\n---\nText %s.\n' $i $i $i >"$tmp/cut/content/s$i.md"
done
printf 'site: { title: Cut }\nplugins: [cutter]\noutlets:\n  web: { format: listing, path: "{slug}.txt", index: { path: index.txt, per_page: 1 } }\n' >"$tmp/cut/lede.yaml"
cat >"$tmp/cut/plugins/formats/listing.lua" <<'LUA'
return {
  render = function(a) return a.title .. "\n" end,
  index = function(list, outlet, page)
    return "page " .. page.number .. ": " .. list[1].title .. " by " .. table.concat(list[1].authors, ", ") .. "\n"
  end,
}
LUA
cat >"$tmp/cut/plugins/cutter.lua" <<'LUA'
return {
  article = function(a)
    local spill = os.getenv("LEDE_TEST_SPILL")
    if spill and a.path:match("s3") then io.open(spill, "w"):close() end
  end,
}
LUA
(cd "$tmp/cut" && "$lede" build -q -o "$tmp/cut/out") 2>"$tmp/cut.err"
check "a site to cut: built" test -f "$tmp/cut/out/page/3/index.txt"
cp -a "$tmp/cut/out" "$tmp/cut/before"
sed -i 's/Text 2./Text 2, edited./' "$tmp/cut/content/s2.md"
(cd "$tmp/cut" && LEDE_TEST_SPILL="$tmp/cut/out/.lede-stage-spill" "$lede" build -q --full -j 1 \
	--records-memory 0 -o "$tmp/cut/out") 2>"$tmp/cut.err"
status=$?
check "a record that cannot be read back: exit 1" test "$status" = 1
check "...an error naming its article" grep -q "in hook 'index': content/s[12].md: its record could not be read back from the build state" "$tmp/cut.err"
check "...and the index pages stay as they were" diff -r -x .lede-manifest -x 's*.txt' "$tmp/cut/before" "$tmp/cut/out"

# The last build's records stay in its manifest until they are needed: one
# cut short under an incremental build (by a plugin, once s1 is edited, so
# that s2 and s3 are reused after it) is an error naming each record lost,
# and the next build is whole again.
cat >"$tmp/cut/plugins/cutter.lua" <<'LUA'
return {
  article = function(a)
    if a.path:match("s1") and io.open("cut-now") then io.open("out/.lede-manifest", "w"):close() end
  end,
}
LUA
# Builds the site in $1 (-j 1) with its cutter armed; exit status in $status.
cut_build() {
	touch "$1/cut-now"
	(cd "$1" && "$lede" build -j 1 -o out) 2>"$tmp/cut.err"
	status=$?
	rm "$1/cut-now"
}
rm -rf "$tmp/cut/out"
(cd "$tmp/cut" && "$lede" build -q -o out) 2>"$tmp/cut.err"
sed -i 's/Text 1./Text 1, edited./' "$tmp/cut/content/s1.md"
cut_build "$tmp/cut"
check "the last manifest cut short under the build: exit 1" test "$status" = 1
check "...an error for each record it could not read back" bash -c "grep -c \"^content/s[23].md: error: its record in the build state for outlet 'web' could not be read back (was the output folder changed during the build?)\" '$tmp/cut.err' | grep -qx 2"
check "...and for the build state it could not write" grep -q "^out/.lede-manifest: error: cannot write the build state: a record kept from the last build state could not be read back" "$tmp/cut.err"
(cd "$tmp/cut" && "$lede" build -q -o out) 2>"$tmp/cut.err"
check "...the next build: exit 0" test "$?" = 0
(cd "$tmp/cut" && "$lede" build -q --full -o full) 2>"$tmp/cut.err"
check "...and the same files as a full build" diff -r -x .lede-manifest "$tmp/cut/full" "$tmp/cut/out"

# ...and the pages' link lines with them: an HTML site, its link check on.
cp -a "$tmp/cut" "$tmp/cuth" && rm -rf "$tmp/cuth/out" "$tmp/cuth/full"
sed -i 's/{slug}.txt/{slug}.html/; s/index.txt/index.html/' "$tmp/cuth/lede.yaml"
cat >"$tmp/cuth/plugins/formats/listing.lua" <<'LUA'
return {
  render = function(a) return '<p><a href="s2.html">' .. a.title .. "</a></p>\n" end,
  index = function(list, outlet, page)
    return '<p><a href="s1.html">page ' .. page.number .. ": " .. list[1].title .. "</a></p>\n"
  end,
}
LUA
(cd "$tmp/cuth" && "$lede" build -q -o out) 2>"$tmp/cut.err"
check "an HTML site to cut: built" grep -q 's2.html' "$tmp/cuth/out/s3.html"
sed -i 's/Text 1.*/Text 1, edited again./' "$tmp/cuth/content/s1.md"
cut_build "$tmp/cuth"
check "links that cannot be read back: exit 1" test "$status" = 1
check "...an error naming the page" grep -q "^s3.html: error: its links, as the last build recorded them, could not be read back from the build state" "$tmp/cut.err"
# A kept index page's links (read on a thread of their own while the
# other pages are made), damaged by hand: an error naming the page.
(cd "$tmp/cuth" && "$lede" build -q -o out) 2>"$tmp/cut.err"
sed -i '/^{"file":"page\/2\/index.html"/s/"links":"/"links":"\\q/' "$tmp/cuth/out/.lede-manifest"
check "a kept page's links damaged by hand" grep -q '"links":"\\q' "$tmp/cuth/out/.lede-manifest"
(cd "$tmp/cuth" && "$lede" build -o out) 2>"$tmp/cut.err"
status=$?
check "...exit 1" test "$status" = 1
check "...an error naming the page" grep -q "^page/2/index.html: error: its links, as the last build recorded them, could not be read back from the build state" "$tmp/cut.err"
check "...the page kept" grep -q "page 2" "$tmp/cuth/out/page/2/index.html"

# A reused article's record is read lazily (what the collection sorts and
# groups by first, the rest when a page shows it): the last manifest cut
# short after the articles were reused (by the index hook of the first
# page, the new article's) is an error for the page that shows one, when
# its hook reads it, and the outlet's pages stay as they were.
# (the site cut above, its listing cutting instead of a plugin)
cp -a "$tmp/cut" "$tmp/lazy" && rm -rf "$tmp/lazy/out" "$tmp/lazy/full" "$tmp/lazy/before"
sed -i '/^plugins: \[cutter\]$/d' "$tmp/lazy/lede.yaml"
cat >"$tmp/lazy/plugins/formats/listing.lua" <<'LUA'
return {
  render = function(a) return a.title .. "\n" end,
  index = function(list, outlet, page)
    if page.number == 1 and io.open("cut-now") then io.open("out/.lede-manifest", "w"):close() end
    return "page " .. page.number .. ": " .. list[1].title .. " (" .. tostring(list[1].slug) .. ")\n"
  end,
}
LUA
(cd "$tmp/lazy" && "$lede" build -q -o out) 2>"$tmp/cut.err"
check "a site to cut lazily: built" grep -q "page 3: Story 1 (s1)" "$tmp/lazy/out/page/3/index.txt"
cp -a "$tmp/lazy/out" "$tmp/lazy/before"
printf -- '---\ntitle: Story 4\ndate: 2024-05-04\n---\nText 4.\n' >"$tmp/lazy/content/s4.md"
cut_build "$tmp/lazy"
check "a lazy record that cannot be read back: exit 1" test "$status" = 1
check "...an error naming its article, from the hook that reads it" grep -q "in hook 'index': content/s3.md: its record could not be read back from the build state" "$tmp/cut.err"
check "...and the pages of the records that could not be read stay as they were" diff "$tmp/lazy/before/page/2/index.txt" "$tmp/lazy/out/page/2/index.txt"

# A content folder with no article where the last build published some
# (a checkout without its articles): an error, nothing built, unless
# --allow-empty says to empty the site.
rm -rf "$tmp/out" && build -q
snapshot before-empty
mv "$tmp/site/content" "$tmp/content.kept" && mkdir "$tmp/site/content"
build
check "no article where the last build published some: exit 2" test "$status" = 2
check "...an error saying so, and what to do" grep -q "^content: error: no article in the content folder, where the last build into $tmp/out published [0-9]* pages of articles; nothing was built (a checkout without its articles?). To remove them all, build with --allow-empty$" "$tmp/build.err"
check "...the output folder as it was" same_tree before-empty
# lede check says what the build would (it exited 0: "0 of 0 articles
# ready"), and changes nothing
(cd "$tmp/site" && "$lede" check -o "$tmp/out") >/dev/null 2>"$tmp/check.err"
check "lede check of it: exit 2, as the build's" test "$?" = 2
check "...the same error" grep -q "^content: error: no article in the content folder, where the last build into $tmp/out published [0-9]* pages of articles; a build would build nothing" "$tmp/check.err"
check "...the output folder as it was, still" same_tree before-empty
build --allow-empty -q
check "--allow-empty builds it: exit 0, its pages removed" test "$status" = 0 -a ! -e "$tmp/out/$page" -a -f "$tmp/out/index.html"
build -q
check "...and the next build of the empty site is no error" test "$status" = 0
rm -rf "$tmp/site/content" && mv "$tmp/content.kept" "$tmp/site/content"

# An outlet that takes no article now where the last build published some
# that other outlets still publish (a filter typo: `lang: fra`): an error,
# what it published stays, unless --allow-empty; the last article of an
# outlet back to draft is withdrawn as any other.
build -q
snapshot before-filter
cp "$tmp/site/lede.yaml" "$tmp/lede.yaml.kept"
sed -i 's/filter: { lang: fr }/filter: { lang: fra }/' "$tmp/site/lede.yaml"
build
check "an outlet emptied by its filter: exit 1" test "$status" = 1
check "...an error saying so, with the likely fix" grep -qx "lede.yaml:30:5: error: outlet 'fr' takes no article now (its filter's lang 'fra': did you mean 'fr'?), where the last build published 1; what it published stays. To empty it, build with --allow-empty" "$tmp/build.err"
check "...its article's page and its index stay" diff -r "$tmp/before-filter/fr" "$tmp/out/fr"
build -q
check "...and again on the next build" bash -c "test $status = 1 && diff -r '$tmp/before-filter/fr' '$tmp/out/fr'"
build --allow-empty -q
check "--allow-empty empties it: exit 0, the article's page removed" test "$status" = 0 -a ! -e "$tmp/out/fr/actualites/webinaire-internationalisation/index.html"
cp "$tmp/lede.yaml.kept" "$tmp/site/lede.yaml"
build -q
check "the filter mended: the page is back" test "$status" = 0 -a -f "$tmp/out/fr/actualites/webinaire-internationalisation/index.html"
# A tag mistyped: the tag its articles have is offered.
sed -i 's/filter: { tags: \[newsletter\] }/filter: { tags: [newsleter] }/' "$tmp/site/lede.yaml"
build
check "an outlet emptied by a mistyped tag: the error offers the tag" grep -qx "lede.yaml:51:5: error: outlet 'newsletter' takes no article now (its filter's tag 'newsleter': did you mean 'newsletter'?), where the last build published 4; what it published stays. To empty it, build with --allow-empty" "$tmp/build.err"
cp "$tmp/lede.yaml.kept" "$tmp/site/lede.yaml"
build -q
fr=content/2020-11-19-webinaire-internationalisation.md
cp "$tmp/site/$fr" "$tmp/fr.kept"
# ...but one whose last article was edited out of it (its lang changed)
# is emptied: the article left it, no filter changed.
sed -i 's/^lang: fr$/lang: en/' "$tmp/site/$fr"
build
check "the outlet's last article edited out of it: emptied, no error" bash -c "test $status = 0 && ! test -e '$tmp/out/fr/actualites/webinaire-internationalisation/index.html' && ! grep -q 'takes no article' '$tmp/build.err'"
cp "$tmp/fr.kept" "$tmp/site/$fr"
build -q
sed -i '0,/^title:/s//draft: true\ntitle:/' "$tmp/site/$fr"
build
check "the outlet's last article back to draft: withdrawn, no error" test "$status" = 0 -a ! -e "$tmp/out/fr/actualites/webinaire-internationalisation/index.html"
cp "$tmp/fr.kept" "$tmp/site/$fr"
build -q

# A site of one outlet has no other to tell a filter's typo from articles
# withdrawn: what its filter turns away now, where the last build
# published it, tells it (`section: new`, `lang: eng`, a lua predicate
# that takes nothing); articles withdrawn still empty it.
mkdir -p "$tmp/one" && cp -r "$root/content" "$tmp/one/"
one_yaml() { # one_yaml FILTER
	cat >"$tmp/one/lede.yaml" <<-EOF
		site: { title: One, base_url: https://one.example, language: en }
		content: content
		output: public
		outlets:
		  web:
		    format: html
		    path: "{section}/{slug}/"
		    filter: $1
		    index: { path: index.html }
	EOF
}
one() { (cd "$tmp/one" && "$lede" build -o "$tmp/one-out" -j 2 "$@") >"$tmp/build.out" 2>"$tmp/build.err"; status=$?; }
one_pages() { find "$tmp/one-out" -name index.html ! -path "$tmp/one-out/index.html" | sort; }
one_yaml "{ lang: en, section: [News, Features] }"
one -q
one_pages >"$tmp/one-before"
check "one outlet: its articles published" test "$(wc -l <"$tmp/one-before")" -ge 2
cp -a "$tmp/one-out" "$tmp/one-snap"
# An article that fails keeps its page, and the renditions of its lead
# image the page shows (no other article of this site has them), build
# after build.
check "one outlet: the lead image's renditions published" bash -c "ls '$tmp'/one-out/media/*.webp"
cp "$tmp/one/$seed" "$tmp/one-seed.kept"
sed -i '0,/^title:/s//title: [unclosed\ntitlex:/' "$tmp/one/$seed"
one -q
check "one outlet, its article broken: exit 1, its page and its images stay" bash -c "test $status = 1 && diff -r -x .lede-manifest '$tmp/one-snap' '$tmp/one-out'"
one -q
check "...and on the next build" bash -c "test $status = 1 && diff -r -x .lede-manifest '$tmp/one-snap' '$tmp/one-out'"
cp "$tmp/one-seed.kept" "$tmp/one/$seed"
# The same when its last good build printed a warning (a broken link):
# such a build is not reused, but what its pages show is known.
printf '\n[A page not there](/nowhere/)\n' >>"$tmp/one/$seed"
one -q
check "one outlet, its article with a warning: published" bash -c "test $status = 0 && grep -q 'broken link' '$tmp/build.err'"
cp -a "$tmp/one-out" "$tmp/one-warned"
sed -i '0,/^title:/s//title: [unclosed\ntitlex:/' "$tmp/one/$seed"
one -q
check "...then broken: its page and its images stay" bash -c "test $status = 1 && diff -r -x .lede-manifest '$tmp/one-warned' '$tmp/one-out'"
cp "$tmp/one-seed.kept" "$tmp/one/$seed"
one -q
check "...mended: built again, the images still there" bash -c "test $status = 0 && diff -r -x .lede-manifest '$tmp/one-snap' '$tmp/one-out' && ! grep -q '\"kept\":true' '$tmp/one-out/.lede-manifest'"
one_yaml "{ lang: eng, section: [News, Features] }"
one
check "one outlet, its filter's lang mistyped: exit 1" test "$status" = 1
check "...an error with the likely fix" grep -qx "lede.yaml:6:5: error: outlet 'web' takes no article now (its filter's lang 'eng': did you mean 'en'?), where the last build published $(wc -l <"$tmp/one-before"); what it published stays. To empty it, build with --allow-empty" "$tmp/build.err"
check "...its pages and index stay" diff -r -x .lede-manifest "$tmp/one-snap" "$tmp/one-out"
one -q
check "...and on the next build" bash -c "test $status = 1 && diff -r -x .lede-manifest '$tmp/one-snap' '$tmp/one-out'"
one_yaml "{ lang: en, section: [news, features] }"
one -q
check "one outlet, its sections in the wrong case: exit 1, pages kept" bash -c "test $status = 1 && diff <(find '$tmp/one-out' -name index.html ! -path '$tmp/one-out/index.html' | sort) '$tmp/one-before'"
check "...an error with the likely fix" grep -qx "lede.yaml:6:5: error: outlet 'web' takes no article now (its filter's section 'news': did you mean 'News'?), where the last build published $(wc -l <"$tmp/one-before"); what it published stays. To empty it, build with --allow-empty" "$tmp/build.err"
one_yaml "{ lang: en, section: [News, Features], from: 2030-01-01 }"
one -q
check "one outlet, a from: date after every article: exit 1, pages kept" bash -c "test $status = 1 && diff <(find '$tmp/one-out' -name index.html ! -path '$tmp/one-out/index.html' | sort) '$tmp/one-before'"
check "...and no did-you-mean for a lang that is right" grep -qx "lede.yaml:6:5: error: outlet 'web' takes no article now, where the last build published $(wc -l <"$tmp/one-before"); what it published stays. To empty it, build with --allow-empty" "$tmp/build.err"
one_yaml '{ lua: "false" }'
one -q
check "one outlet, a lua predicate that takes nothing: exit 1, pages kept" bash -c "test $status = 1 && diff <(find '$tmp/one-out' -name index.html ! -path '$tmp/one-out/index.html' | sort) '$tmp/one-before'"
one --allow-empty -q
check "...--allow-empty empties it" bash -c "test $status = 0 && test -z \"\$(find '$tmp/one-out' -name index.html ! -path '$tmp/one-out/index.html')\""
one_yaml "{ lang: en, section: [News, Features] }"
one -q
check "...the filter mended: the pages back" bash -c "test $status = 0 && diff <(find '$tmp/one-out' -name index.html ! -path '$tmp/one-out/index.html' | sort) '$tmp/one-before'"
# A plugin's filter hook that takes nothing any more (a bug in it, a
# misspelt field) is the same mistake as a filter in lede.yaml.
mkdir -p "$tmp/one/plugins"
echo 'return { filter = function(a) return a.meta.publish_me == true end }' >"$tmp/one/plugins/hold.lua"
one_yaml "{ lang: en, section: [News, Features] }"
echo '    plugins: [hold]' >>"$tmp/one/lede.yaml"
one -q
one_pages >"$tmp/one-now"
check "one outlet, a plugin's filter hook that takes nothing: exit 1, pages kept" bash -c "test $status = 1 && diff '$tmp/one-now' '$tmp/one-before'"
check "...an error naming the plugin" grep -qx "lede.yaml:6:5: error: outlet 'web' takes no article now (the filter hook of plugin 'hold' turns them away), where the last build published $(wc -l <"$tmp/one-before"); what it published stays. To empty it, build with --allow-empty" "$tmp/build.err"
echo 'return { filter = function(a) return a.section == "News" end }' >"$tmp/one/plugins/hold.lua"
one -q
one_pages >"$tmp/one-now"
check "...a hook that takes some: no error, the others leave" bash -c "test $status = 0 && grep -q /news/ '$tmp/one-now' && ! grep -q /features/ '$tmp/one-now'"
rm -r "$tmp/one/plugins"
one_yaml "{ lang: en, section: [News] }"
one -q
check "one outlet, a filter narrowed but taking some: no error" test "$status" = 0
one_yaml "{ lang: en, section: [News, Features] }"
one -q
for f in "$tmp"/one/content/*.md; do
	if grep -q '^draft:' "$f"; then sed -i 's/^draft:.*/draft: true/' "$f"; else sed -i '0,/^title:/s//draft: true\ntitle:/' "$f"; fi
done
one -q
check "one outlet, every article back to draft: withdrawn, no error" bash -c "test $status = 0 && test -z \"\$(find '$tmp/one-out' -name index.html ! -path '$tmp/one-out/index.html')\""

# A new outlet whose filter names a section no article has, near one that
# articles have: nothing of it was ever published, so nothing is kept, but
# its first build says so, and so does the next (the articles reused).
sed -i 's/^draft: true/draft: false/' "$tmp"/one/content/*.md
one_yaml "{ lang: en }"
echo '  breaking: { format: rss, path: breaking.rss, link_to: web, filter: { section: [newz] } }' >>"$tmp/one/lede.yaml"
rm -rf "$tmp/one-out"
one
check "a new outlet's filter typo: a warning, exit 0" bash -c "test $status = 0 && grep -qx \"lede.yaml:10:13: warning: outlet 'breaking' takes no article: its filter's section 'newz' is no article's; did you mean 'News'?\" '$tmp/build.err'" "$tmp/build.err"
one --warnings-as-errors
check "...said again on the next build, which --warnings-as-errors fails" bash -c "test $status = 1 && grep -q \"outlet 'breaking' takes no article: its filter's section 'newz'\" '$tmp/build.err' && grep -q 'unchanged' '$tmp/build.err'" "$tmp/build.err"
one_yaml "{ lang: en }"

build --records-memory=-1
check "--records-memory -1: a usage error" test "$status" = 2
check "...that says what it wants" grep -q "^lede: --records-memory wants MiB from 0 to 1048576, not '-1'" "$tmp/build.err"
build --records-memory lots
check "--records-memory lots: a usage error" test "$status" = 2

# A page removed by hand, its article given another slug in the same edit:
# the old page's folder goes too, as a clean build has none (it stayed,
# empty, for good).
rm -rf "$tmp/gone" "$tmp/gone-out" "$tmp/gone-full"
mkdir -p "$tmp/gone"
cp -r "$root/lede.yaml" "$root/content" "$tmp/gone/"
(cd "$tmp/gone" && "$lede" build -q -o "$tmp/gone-out")
rm "$tmp/gone-out/en/features/caring-cities/index.html"
sed -i 's/^lang: en/lang: en\nslug: caring-cities-2/' "$tmp/gone/content/2020-08-27-caring-cities.md"
(cd "$tmp/gone" && "$lede" build -q -o "$tmp/gone-out" && "$lede" build -q --full -o "$tmp/gone-full")
check "a page gone by hand, its article's slug changed: its folder goes too" \
	diff -r -x '.lede-*' "$tmp/gone-full" "$tmp/gone-out"

# A failed article's kept page taken by another on its slug (one that
# lost the page to it before): the page is the other's, and the failed
# one is left out of that outlet's collections with an error, not listed
# twice with one URL.
rm -rf "$tmp/slug" "$tmp/slug-out"
mkdir -p "$tmp/slug"
cp -r "$root/lede.yaml" "$root/content" "$tmp/slug/"
a=content/2020-09-10-recuperacion-america-latina.md
sed -e 's/^date: .*/date: 2020-01-16/' -e 's/^title: .*/title: "B article"/' \
	-e 's/^section: Noticias/section: Noticias\nslug: recuperacion-america-latina/' \
	"$tmp/slug/$a" >"$tmp/slug/content/2020-01-16-b.md"
(cd "$tmp/slug" && "$lede" build -q -o "$tmp/slug-out") 2>/dev/null
sed -i 's/^date: .*/date: 2020-13-45/' "$tmp/slug/$a"
(cd "$tmp/slug" && "$lede" build -q -o "$tmp/slug-out") 2>"$tmp/slug.err"
check "a kept page taken by the article that lost its slug: an error naming both" grep -qF \
	"$a: error: outlet 'es': the page kept from the last build, es/noticias/recuperacion-america-latina/index.html, is now content/2020-01-16-b.md's (the same slug)" \
	"$tmp/slug.err"
check "...and the index lists the page once" test "$(grep -c 'href="../es/noticias/recuperacion-america-latina/index.html"' "$tmp/slug-out/es/index.html")" = 1

# A `limit: 2` outlet writing pages, one of its 2 newest failing: its
# kept page holds its place, so no third article gets a page the index
# does not list; fixed, the folder is a clean build's.
rm -rf "$tmp/lim" "$tmp/lim-out" "$tmp/lim-full"
mkdir -p "$tmp/lim"
cp -r "$root/lede.yaml" "$root/content" "$tmp/lim/"
printf '  latest: {format: html, path: "latest/{slug}/", limit: 2, index: {path: latest/index.html}}\n' >>"$tmp/lim/lede.yaml"
(cd "$tmp/lim" && "$lede" build -q -o "$tmp/lim-out") 2>/dev/null
cp "$tmp/lim/content/2020-10-06-open-data-toolkit.md" "$tmp/lim.md"
sed -i 's/^date: .*/date: 2020-13-45/' "$tmp/lim/content/2020-10-06-open-data-toolkit.md"
(cd "$tmp/lim" && "$lede" build -q -o "$tmp/lim-out") 2>/dev/null
check "limit 2, one of the 2 newest failing: 2 pages, not 3" \
	test "$(ls "$tmp/lim-out/latest" | grep -vc index.html)" = 2
cp "$tmp/lim.md" "$tmp/lim/content/2020-10-06-open-data-toolkit.md"
(cd "$tmp/lim" && "$lede" build -q -o "$tmp/lim-out" && "$lede" build -q --full -o "$tmp/lim-full") 2>/dev/null
check "...and fixed, the same as a clean build" diff -r -x '.lede-*' "$tmp/lim-full" "$tmp/lim-out"

# Image renditions removed by hand and written again count as changed,
# as a page does (the summary said "0 changed").
rm -r "$tmp/lim-out/media"
(cd "$tmp/lim" && "$lede" build -o "$tmp/lim-out") 2>"$tmp/lim.err"
check "renditions written again count as changed" \
	grep -q "files written ($(ls "$tmp/lim-out/media" | wc -l) changed)" "$tmp/lim.err"

echo "$passed passed, $failed failed"
((failed == 0))
