#!/usr/bin/env bash
# tests/cli/shard.sh LEDE: a build split into shards (lede build --shard
# I/N) and merged (lede build --merge DIR...) gives the very tree one
# build gives, byte for byte, its build state included (but for what only
# a single build can record: the articles' entries for incremental
# builds, and when and from what files were made), at -j 1 and -j 2, for
# N = 1, 3 and more shards than articles. And a merge refuses, loudly and
# without writing anything, shards that are not every shard of one build.
set -uo pipefail
lede=$(realpath "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C TZ=UTC LEDE_NOW=2026-01-01T12:00:00Z
. "$root/tests/lib/check.sh"

# The sample site (editions, tags, sections, feeds, link_to outlets, an
# image), with more articles: two pairs that want one page, an outlet
# whose `limit` keeps fewer articles than there are, writing pages, and
# feeds limited to 3.
site=$tmp/site
mkdir -p "$site"
cp -r "$root/lede.yaml" "$root/content" "$site/"
sed -i 's/limit: 20/limit: 3/' "$site/lede.yaml"
cat >>"$site/lede.yaml" <<'EOF'

  # The latest two, each with a page of its own.
  latest:
    format: html
    path: "latest/{slug}/"
    filter: { lang: en }
    limit: 2
    index: { path: latest/index.html }
EOF
for i in $(seq 1 14); do
	day=$(printf '%02d' "$i")
	section=News
	((i % 3 == 0)) && section=Features
	slug=brief-$i
	# two pairs of articles that want one page (same slug, section, lang)
	((i == 5 || i == 6)) && slug=same-page
	((i == 9 || i == 12)) && slug=other-page
	cat >"$site/content/2021-01-$day-brief-$i.md" <<EOF
---
title: "Brief number $i"
date: 2021-01-${day}T10:00:00Z
section: $section
lang: en
slug: $slug
tags: [brief, tag-$((i % 4))$( ((i % 5 == 0)) && echo ", newsletter")]
summary: A short item, number $i, with [a link](/en/news/brief-1/).
---

Item $i of the briefs. See [the first one](/en/news/brief-1/) and
[one that is not there](/en/news/no-such-page/).
EOF
done
mkdir -p "$site/content/desk"
cat >"$site/content/desk/nested.md" <<'EOF'
---
title: "A nested article"
date: 2021-02-01T08:00:00Z
section: Features
lang: en
tags: [brief]
---

An article in a folder of its own.
EOF

# A plugin whose article hook writes a file of the site (lede.write).
mkdir -p "$site/plugins"
cat >"$site/plugins/notes.lua" <<'EOF'
return {
  article = function(a) lede.write("notes/" .. a.path:gsub("[^%w]", "_") .. ".txt", a.title .. "\n") end,
}
EOF
sed -i 's/^plugins: \[reading_time\]/plugins: [reading_time, notes]/' "$site/lede.yaml"

cd "$site" || exit 1

# The manifest without what only a single build records: the articles'
# entries for incremental builds (sources) and the links the link check
# keeps of each page and which pages have links that are not clean (a merge
# does not know what made the shards' pages),
# when files were made, the hashes lede keeps of image renditions it did
# not write itself.
manifest() {
	grep -v '^{"source"' "$1/.lede-manifest" |
		sed -E 's/"(since|built)":"[^"]*"//g; s/"stat":\[[^]]*\]//g; s/"hash":"[^"]*"//g' |
		sed -E 's/,"links":(true|"([^"\\]|\\.)*")//g; s/,"(clean|dirty)":true//g'
}
same_tree() {
	diff -r -x .lede-manifest "$1" "$2" && diff <(manifest "$1") <(manifest "$2")
}
# single J: one build into single-J (its status in single_status)
single() {
	rm -rf "$tmp/single-$1"
	"$lede" build -j "$1" -o "$tmp/single-$1" >/dev/null 2>"$tmp/single-$1.err"
	single_status=$?
}
# sharded N J: N shards into sh-N-J/I, then the merge into merged-N-J;
# at -j 2 with the records on disk (--records-memory 0: the shards'
# spilled, the merge's read back from the shard files)
sharded() {
	local n=$1 j=$2 i mem=()
	[ "$j" = 2 ] && mem=(--records-memory 0)
	rm -rf "$tmp/sh-$n-$j" "$tmp/merged-$n-$j"
	shard_status=0
	for ((i = 0; i < n; i++)); do
		"$lede" build --shard "$i/$n" -j "$j" "${mem[@]}" -o "$tmp/sh-$n-$j/$i" -q \
			2>>"$tmp/shards-$n-$j.err" || shard_status=$?
	done
	"$lede" build --merge "$tmp/sh-$n-$j"/* -o "$tmp/merged-$n-$j" -j "$j" "${mem[@]}" \
		>/dev/null 2>"$tmp/merge-$n-$j.err"
	merge_status=$?
}

for j in 1 2; do
	single "$j"
	for n in 1 3 40; do
		sharded "$n" "$j"
		check "-j $j, $n shard(s): merged tree = single build" \
			same_tree "$tmp/single-$j" "$tmp/merged-$n-$j"
		check "-j $j, $n shard(s): same exit status as the single build" \
			test "$merge_status" = "$single_status"
	done
done
# Shards built again into folders a build with another article used:
# what those made and these do not (its lede.write file) is not merged.
printf -- '---\ntitle: Gone soon\ndate: 2021-01-20\nlang: en\nsection: News\n---\nx\n' \
	>content/2021-01-20-gone.md
"$lede" build --shard 0/1 -o "$tmp/again/0" -q 2>/dev/null
rm content/2021-01-20-gone.md
for i in 0 1 2; do
	"$lede" build --shard "$i/3" -o "$tmp/again/$i" -q 2>/dev/null
done
"$lede" build --merge "$tmp/again"/* -o "$tmp/again-merged" -q 2>/dev/null
check "shards built again in folders of another build: merged tree = single build" \
	same_tree "$tmp/single-1" "$tmp/again-merged"
check "the site has pages two articles want: the single build fails" test "$single_status" = 1
check "-j 1 and -j 2 single builds are the same" same_tree "$tmp/single-1" "$tmp/single-2"
check "the merge reports the page two shards' articles want" \
	grep -q "would overwrite the page of" "$tmp/merge-3-2.err"
check "the merge checks the links of every shard's pages" \
	grep -q "en/news/no-such-page/" "$tmp/merge-3-2.err"
check "a shard does not check links (it cannot see the others' pages)" \
	bash -c "! grep -q 'no-such-page' '$tmp/shards-3-2.err'"
check "the limit outlet kept two pages" \
	test "$(find "$tmp/merged-3-1/latest" -name index.html | wc -l)" = 3
check "more shards than articles: some are empty, and say so" \
	grep -q '"articles":0,' "$tmp/sh-40-1/39/.lede-shard" "$tmp/sh-40-1/0/.lede-shard" \
	"$tmp/sh-40-1/1/.lede-shard"
check "a shard file is the same at -j 1 and -j 2" \
	cmp "$tmp/sh-3-1/1/.lede-shard" "$tmp/sh-3-2/1/.lede-shard"
check "a shard writes its articles' pages, not the collections" \
	bash -c "test ! -e '$tmp/sh-3-1/0/index.html' && test ! -e '$tmp/sh-3-1/0/feed.rss'"
check "the files a plugin's article hook writes are merged" \
	test -s "$tmp/merged-3-2/notes/content_2021_01_07_brief_7_md.txt"
check "a shard writes no static files (the merge does)" \
	bash -c "! find '$tmp/sh-3-1' -name '*.css' | grep -q ."
# Membership is FNV-1a of the path below content/, modulo N: fixed, so
# that shards built by different lede builds of one version agree.
shard_of() { grep -l "\"article\":\"content/$1\"" "$tmp"/sh-3-1/*/.lede-shard | sed -E 's|.*/([0-9]+)/.lede-shard|\1|'; }
check "shard of 2020-07-24-international-action.md in 3" \
	test "$(shard_of 2020-07-24-international-action.md)" = 2
check "shard of desk/nested.md in 3" test "$(shard_of desk/nested.md)" = 1

rm -rf "$tmp/prof"
"$lede" build --merge "$tmp/sh-3-1"/* -o "$tmp/prof" -q --profile 2>"$tmp/prof.err"
check "--merge --profile: the merge's steps" \
	grep -qE "^  (copy shards' files|read shard files|collections web) " "$tmp/prof.err"
check "--merge --profile: the same output" same_tree "$tmp/single-1" "$tmp/prof"

# --- what a merge refuses ---------------------------------------------------

sh=$tmp/sh-3-1
refused() { # refused NAME PATTERN ARGS...: exit 2, the message, nothing written
	local name=$1 pattern=$2
	shift 2
	rm -rf "$tmp/refused"
	"$lede" build "$@" -o "$tmp/refused" >/dev/null 2>"$tmp/refused.err"
	local status=$?
	check "$name: exit 2" test "$status" = 2
	check "$name: says why" grep -q -- "$pattern" "$tmp/refused.err"
	check "$name: nothing written" test ! -e "$tmp/refused"
}
refused "a missing shard" "shard 1/3 missing" --merge "$sh/0" "$sh/2"
refused "a shard given twice" "shard 2/3 is given twice" --merge "$sh/0" "$sh/1" "$sh/2" "$sh/2"
refused "shards of two builds" "these are not the shards of one build" \
	--merge "$sh/0" "$sh/1" "$sh/2" "$tmp/sh-40-1/0"
refused "not a shard folder" "no shard here" --merge "$sh/0" "$sh/1" "$tmp/site/content"
# a merge into one of its shards' folders (it would make the folder a
# site's, which no shard can be built into again)
rm -rf "$tmp/self-1" && cp -a "$sh/1" "$tmp/self-1"
"$lede" build --merge "$sh/0" "$tmp/self-1" "$sh/2" -o "$tmp/self-1" >/dev/null 2>"$tmp/refused.err"
check "a merge into a shard's folder: exit 2" test $? = 2
check "a merge into a shard's folder: says why" grep -q "is the merge's output folder" "$tmp/refused.err"
check "a merge into a shard's folder: the shard is left as it was" diff -r "$sh/1" "$tmp/self-1"

# a shard from another lede.yaml
other=$tmp/other
cp -r "$site" "$other"
sed -i 's/title: Metropolis News/title: Other News/' "$other/lede.yaml"
(cd "$other" && "$lede" build --shard 1/3 -o "$tmp/other-1" -q 2>/dev/null)
refused "a shard of another lede.yaml" "shard 1/3 was built from other inputs" \
	--merge "$sh/0" "$tmp/other-1" "$sh/2"
# ... of another list of articles
rm "$other/content/desk/nested.md"
cp "$site/lede.yaml" "$other/lede.yaml"
(cd "$other" && "$lede" build --shard 1/3 -o "$tmp/other-1" -q 2>/dev/null)
refused "a shard of other articles" "shard 1/3 was built from other inputs" \
	--merge "$sh/0" "$tmp/other-1" "$sh/2"
# ... at another build time
LEDE_NOW=2026-01-02T12:00:00Z "$lede" build --shard 1/3 -o "$tmp/late-1" -q 2>/dev/null
refused "a shard of another build time" "give them all the same LEDE_NOW" \
	--merge "$sh/0" "$tmp/late-1" "$sh/2"
LEDE_NOW=2026-03-01T00:00:00Z "$lede" build --merge "$sh"/* -o "$tmp/refused" >/dev/null \
	2>"$tmp/refused.err"
check "the merge at another LEDE_NOW: exit 2" test $? = 2
check "the merge at another LEDE_NOW: says why" grep -q "give the merge the shards' LEDE_NOW" \
	"$tmp/refused.err"

# damaged shard files
# (a file line edited to leave the shard's folder, "../x" or "/x", was
# read from outside it, and its write refused at the merge: exit 1, the
# rest published)
for what in cut garbage empty dotdot absolute header; do
	rm -rf "$tmp/bad" && cp -r "$sh/1" "$tmp/bad"
	case $what in
	cut) sed -i '$d' "$tmp/bad/.lede-shard" ;;
	garbage) sed -i '3s/.*/{"outlet": nonsense/' "$tmp/bad/.lede-shard" ;;
	empty) : >"$tmp/bad/.lede-shard" ;;
	header) sed -i '1s/"lede_shard":1/"lede_shard":99/' "$tmp/bad/.lede-shard" ;;
	dotdot) sed -i '$i {"file":"../../escaped.html"}' "$tmp/bad/.lede-shard" ;;
	absolute) sed -i '$i {"file":"/etc/hostname"}' "$tmp/bad/.lede-shard" ;;
	esac
	refused "a damaged shard file ($what)" "build the shard again" \
		--merge "$sh/0" "$tmp/bad" "$sh/2"
done
check "a damaged shard file names its line" grep -q "bad/.lede-shard:1:" "$tmp/refused.err"

# --- bad command lines ------------------------------------------------------

bad_cli() { # bad_cli PATTERN ARGS...
	local pattern=$1
	shift
	"$lede" build "$@" -o "$tmp/cli" >/dev/null 2>"$tmp/cli.err"
	local status=$?
	check "lede build $*: exit 2" test "$status" = 2
	check "lede build $*: says why" grep -q -- "$pattern" "$tmp/cli.err"
}
bad_cli "I must be below N (the shards of 3 are 0/3 to 2/3)" --shard 3/3
bad_cli "--shard wants I/N" --shard x/2
bad_cli "--shard wants I/N" --shard 1/
bad_cli "--shard wants I/N" --shard -1/2
bad_cli "--shard wants I/N" --shard 1/2x
bad_cli "N, the number of shards, must be from 1" --shard 0/0
bad_cli "--shard wants I/N" --shard
bad_cli "give one or the other" --shard 0/3 --merge "$sh/0"
bad_cli "needs the shards' folders" --merge
bad_cli "--strict cannot be used with --shard" --shard 0/2 --strict
check "no output for a bad command line" test ! -e "$tmp/cli"
check "lede check has no --shard" bash -c "'$lede' check --shard 0/2 2>&1 | grep -q \"unknown option '--shard'\""

# A plugin that keeps state across articles cannot be sharded.
serial=$tmp/serial
cp -r "$site" "$serial"
printf 'return { parallel = false, article = function(a) end }\n' >"$serial/plugins/notes.lua"
(cd "$serial" && "$lede" build --shard 0/2 -o "$tmp/serial-out" >/dev/null 2>"$tmp/serial.err")
check "a parallel = false plugin and --shard: exit 2" test $? = 2
check "a parallel = false plugin and --shard: says why" \
	grep -q "plugins/notes.lua: error: plugin 'notes' keeps state across articles" "$tmp/serial.err"
check "a parallel = false plugin and --shard: no shard file" \
	test ! -e "$tmp/serial-out/.lede-shard"

# --- a shard that failed ----------------------------------------------------

# An article that fails after a good build keeps what that build
# published, in a merge as in one build: both folders built good, then
# built again with the article broken.
good=content/2021-01-07-brief-7.md
cp "$good" "$tmp/good.md"
"$lede" build -o "$tmp/keep-single" -q 2>/dev/null
rm -rf "$tmp/keep-shards"
for i in 0 1 2; do "$lede" build --shard "$i/3" -o "$tmp/keep-shards/$i" -q 2>/dev/null; done
"$lede" build --merge "$tmp/keep-shards"/* -o "$tmp/keep-merged" -q 2>/dev/null
sed -i 's/^title: .*/title: [unclosed/' "$good"
"$lede" build -o "$tmp/keep-single" -q 2>"$tmp/keep-single.err"
keep_single_status=$?
rm -rf "$tmp/keep-shards" # fresh shard folders: what is kept is the merge's
for i in 0 1 2; do "$lede" build --shard "$i/3" -o "$tmp/keep-shards/$i" -q 2>/dev/null; done
"$lede" build --merge "$tmp/keep-shards"/* -o "$tmp/keep-merged" >/dev/null 2>"$tmp/keep-merged.err"
keep_merged_status=$?
cp "$tmp/good.md" "$good"
check "a failed article keeps its pages in the single build" \
	test -s "$tmp/keep-single/en/news/brief-7/index.html"
check "a failed article keeps its last version in a merge too: merged tree = single build" \
	same_tree "$tmp/keep-single" "$tmp/keep-merged"
check "a failed article: the same exit status" test "$keep_merged_status" = "$keep_single_status"
check "a failed article: the merge says what it kept" \
	grep -q "2021-01-07-brief-7.md: warning: kept the version published on" "$tmp/keep-merged.err"

# An article whose front matter is broken fails in its shard; the merge
# still publishes the rest, and says which shard failed.
printf -- '---\ntitle: [unclosed\n---\nbody\n' >"$site/content/2021-03-01-broken.md"
rm -rf "$tmp/fail" "$tmp/fail-merged"
for i in 0 1 2; do "$lede" build --shard "$i/3" -o "$tmp/fail/$i" -q 2>/dev/null; done
"$lede" build --merge "$tmp/fail"/* -o "$tmp/fail-merged" >/dev/null 2>"$tmp/fail.err"
check "a shard's errors: the merge exits 1" test $? = 1
check "a shard's errors: the merge says which shard" \
	grep -qE "shard [0-2]/3 \(.*\) reported 1 error" "$tmp/fail.err"
check "a shard's errors: the rest is published" test -s "$tmp/fail-merged/index.html"
check "a shard's errors count in the merge's summary" \
	grep -q "^lede: 3 shards merged: 22 of 23 articles ready, " "$tmp/fail.err"
"$lede" build --shard 2/3 -o "$tmp/fail/2" 2>"$tmp/fail-2.err"
check "a shard's summary names it" grep -q "^lede: shard 2/3: " "$tmp/fail-2.err"
"$lede" build -o "$tmp/fail-single" >/dev/null 2>&1
check "a shard's errors: the merged tree is still the single build's" \
	same_tree "$tmp/fail-single" "$tmp/fail-merged"

# A shard pointed at a whole site's folder (the live one) would remove
# the other shards' pages from it: refused, the folder left as it was.
rm -f "$site/content/2021-03-01-broken.md"
rm -rf "$tmp/live" && "$lede" build -o "$tmp/live" -q 2>/dev/null
cp -a "$tmp/live" "$tmp/live-before"
"$lede" build --shard 0/2 -o "$tmp/live" 2>"$tmp/live.err"
check "a shard into a whole site's folder: exit 2" test $? = 2
check "...with an error saying why and what to do" \
	grep -q "holds a whole site's build (its .lede-manifest), and a shard would remove every page of the other shards from it; give each shard a folder of its own (-o shards/0)" "$tmp/live.err"
check "...and the folder as it was" diff -r "$tmp/live-before" "$tmp/live"
"$lede" build --shard 0/2 -o "$tmp/own" -q 2>/dev/null
"$lede" build --shard 0/2 -o "$tmp/own" 2>"$tmp/own.err"
check "a shard built again in its own folder is fine" test $? = 0
check "a shard's manifest says it is a shard's" grep -q '"shard":true' "$tmp/own/.lede-manifest"
"$lede" build -o "$tmp/own" -q 2>/dev/null
check "a whole build into a shard's folder is fine (it makes the site there)" \
	test -s "$tmp/own/index.html"

check_done
