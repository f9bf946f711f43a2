#!/usr/bin/env bash
# tests/cli/profile.sh LEDE: `lede build --profile` prints, after the
# summary, a table of where the time went: its header (wall, CPU, thread
# time), a row per plugin hook that ran, per outlet and its collections,
# per parse step, template and write, longest first, and the total. The
# times vary, so the table is checked with its numbers masked: the rows
# and their call counts are fixed for a site at a given -j. The profiled
# build writes the same files as one without --profile.
set -uo pipefail
lede=$(realpath "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/../lib/check.sh"
site=$tmp/site
mkdir -p "$site/content" "$site/plugins"
cat >"$site/lede.yaml" <<'YAML'
site: { title: Profiled, base_url: "https://profiled.example" }
plugins: [mark]
outlets:
  web:
    format: html
    path: "{slug}/"
    index: { path: "index.html", per_page: 2 }
  text: { format: text, width: 72, path: "{slug}.txt", filter: { tags: [wire] } }
  atom: { format: atom, path: feed.atom }
YAML
cat >"$site/plugins/mark.lua" <<'LUA'
return {
  article = function(a) a.meta.marked = true end,
  transform = function(a, outlet) a.title = a.title .. " (" .. outlet.name .. ")" end,
}
LUA
for i in 1 2 3; do
	tags='[wire]'
	[ "$i" = 2 ] && tags='[local]'
	printf -- '---\ntitle: Story %s\ndate: 2020-01-0%s\ntags: %s\n---\nA "quoted" line %s.\n' \
		"$i" "$i" "$tags" "$i" >"$site/content/story-$i.md"
done

"$lede" build -C "$site" -o "$tmp/plain" -j 2 >"$tmp/plain.out" 2>"$tmp/plain.err"
"$lede" build -C "$site" -o "$tmp/prof" -j 2 --profile >"$tmp/prof.out" 2>"$tmp/prof.err"
echo $? >"$tmp/status"
check "exit status 0" grep -qx 0 "$tmp/status"
check "no sanitizer report" bash -c "! grep -q -E 'Sanitizer|runtime error' '$tmp/prof.err'"
check "nothing on stdout" test ! -s "$tmp/prof.out"
# (the manifests aside from when each source was stat'ed: the two builds
# may fall in different seconds)
nostat() { sed -E 's/"stat":\[[^]]*\]//g' "$1/.lede-manifest"; }
check "the same files as without --profile" diff -r -x .lede-manifest "$tmp/plain" "$tmp/prof"
check "... and the same build state" diff <(nostat "$tmp/plain") <(nostat "$tmp/prof")
check "no profile without --profile" bash -c "! grep -q 'profile' '$tmp/plain.err'"
check "the summary, then the profile" bash -c "head -1 '$tmp/prof.err' | grep -q '^lede: 3 of 3 articles ready' &&
	sed -n 2p '$tmp/prof.err' | grep -q '^lede: profile (-j 2): wall '"

# The header, numbers and column widths masked.
sed -n '2,8p' "$tmp/prof.err" | sed -E 's/[0-9]+(\.[0-9]+)? (s|ms|us)\b/T/g; s/memory [0-9]+\.[0-9] MiB/memory M MiB/; s/  +/ /g' >"$tmp/header"
cat >"$tmp/want-header" <<'TXT'
lede: profile (-j 2): wall T, CPU T
 peak memory M MiB; collection records in memory (within --records-memory 64 MiB)
 thread time T: main thread T + 2 workers T
 (workers run at once: with two or more, the thread time exceeds the wall time)
 total: summed over the threads; share: of the thread time; rows nest (an outlet's time
 includes its hooks and writes, a render hook's its templates), so shares add up to more than 100%
 what calls total mean share
TXT
check "the header" diff -u "$tmp/want-header" "$tmp/header"

# Every row: a name, its calls, total, mean, share; the last one the total.
sed -n '9,$p' "$tmp/prof.err" >"$tmp/rows"
check "every row has calls, total, mean and share" bash -c "! grep -v -E \
	'^  [^ ].* +[0-9]+ +[0-9.]+ (s|ms|us) +[0-9.]+ (s|ms|us) +[0-9]+\.[0-9]%$' '$tmp/rows' |
	grep -v -E '^  thread time +[0-9.]+ (s|ms|us) +100\.0%$'"
check "the total comes last" bash -c "tail -1 '$tmp/rows' | grep -q '^  thread time '"
# Longest first: the totals, in seconds, never grow down the table.
check "rows sorted by total time" bash -c "sed '\$d' '$tmp/rows' | awk '{
	u = \$(NF-3); t = \$(NF-4) * (u == \"s\" ? 1 : u == \"ms\" ? 1e-3 : 1e-6)
	if (NR > 1 && t > last * 1.0001) { print \"row \" NR \" is longer than the one above\"; exit 1 }
	last = t }'"

# Which rows, and how many calls each: one main state and two workers
# load and set up the plugins; each of the 3 articles is parsed once and
# offered to each outlet; the text outlet takes the 2 wire stories; the
# web outlet writes 2 index pages of 2 (the text outlet has no index): 3 +
# 2 + 2 + 1 files.
sed '$d' "$tmp/rows" | sed -E 's/^  (.*[^ ]) +([0-9]+) +[0-9.]+ (s|ms|us) +.*$/\1 \2/' | sort >"$tmp/got"
cat >"$tmp/want" <<'TXT'
collections atom 1
collections text 1
collections web 1
commit (rename, prune, manifest) 1
editions 1
hook atom.(load) 3
hook atom.fragment 3
hook atom.index 1
hook html.(load) 3
hook html.index 2
hook html.render 3
hook html.setup 3
hook mark.(load) 3
hook mark.article 3
hook mark.transform 8
hook text.(load) 3
hook text.render 2
link check 1
outlet atom 3
outlet text 3
outlet web 3
parse 3
parse extraction 3
parse front matter 3
parse markdown 3
reuse (keys) 1
reuse (stat) 1
state (read) 1
static files 1
template [lede]/templates/article.mustache 3
template [lede]/templates/index.mustache 2
write 8
TXT
check "a row per hook, outlet, collection, parse step, template and write" diff -u "$tmp/want" "$tmp/got"

# -q keeps the profile (it was asked for) and drops the summary.
"$lede" build -C "$site" -o "$tmp/prof" -j 1 -q --profile >/dev/null 2>"$tmp/quiet.err"
check "-q: the profile alone" bash -c "head -1 '$tmp/quiet.err' | grep -q '^lede: profile (-j 1): ' &&
	! grep -q 'articles ready' '$tmp/quiet.err' && grep -q '1 worker ' '$tmp/quiet.err'"

# Built again with nothing changed: every article is reused, one call
# each, and the collections and the commit are all that is left.
"$lede" build -C "$site" -o "$tmp/prof" -j 2 --profile -q >/dev/null 2>"$tmp/again.err"
check "built again: a reuse row, a call per article" grep -q -E '^  reuse \(articles\) +3 ' "$tmp/again.err"
check "built again: nothing parsed" bash -c "! grep -q '^  parse ' '$tmp/again.err'"

# A plugin with parallel = false: the build runs on the main state alone;
# parsing is then one "load" row with the article hooks.
printf 'return { parallel = false, article = function(a) end }\n' >"$site/plugins/serial.lua"
sed -i 's/^plugins: \[mark\]/plugins: [mark, serial]/' "$site/lede.yaml"
"$lede" build -C "$site" -o "$tmp/serial" -j 2 --profile >/dev/null 2>"$tmp/serial.err"
check "parallel = false: no workers" grep -q 'main thread .* + 0 workers ' "$tmp/serial.err"
check "parallel = false: a load row" grep -q -E '^  load \(parse \+ article hooks\) +1 ' "$tmp/serial.err"
check "parallel = false: hooks counted once" grep -q -E '^  hook serial\.article +3 ' "$tmp/serial.err"
# (not the same build state: a build on one state records no sources to
# reuse, as its plugin sees every article)
check "parallel = false: the same pages" diff -r -x .lede-manifest "$tmp/plain" "$tmp/serial"

# lede check profiles too (nothing is written, so no write row).
"$lede" check -C "$site" --profile -q >/dev/null 2>"$tmp/check.err"
check "lede check --profile" bash -c "grep -q '^lede: profile' '$tmp/check.err' && ! grep -q '^  write ' '$tmp/check.err'"
check "...which keeps no records" bash -c "grep -qx '  peak memory [0-9.]* MiB' '$tmp/check.err'"

# Records on disk (--records-memory 0): the profile says where they were.
"$lede" build -C "$site" -o "$tmp/ondisk" --profile -q --records-memory 0 >/dev/null 2>"$tmp/ondisk.err"
check "records on disk: the profile says so" \
	grep -qx '  peak memory [0-9.]* MiB; collection records on disk (over --records-memory 0 MiB)' "$tmp/ondisk.err"

echo "# profile: $passed passed, $failed failed"
((failed == 0))
