#!/usr/bin/env bash
# tests/cli/newsday.sh LEDE: one publishing day of a newsroom, build after
# build into one output folder, the clock (LEDE_NOW) moving on between
# them: a story under embargo, a correction, an update, a translation, a
# kill of a published story and of one still under embargo, a rename, a
# tag added, a story sent back to draft. After every build each outlet
# (web pages, index, tag pages, French edition, newsletter and digest,
# RSS, Atom, JSON Feed, the ninjs wire, the sitemaps) shows the truth of
# that time and nothing else; the output and the messages are those of a
# clean build at the same time; the exit status and summary are those
# docs/cli.md gives. When ../shared/tools is there (the project's
# validators; LEDE_SHARED names another shared folder), every feed and
# ninjs document is validated too.
set -uo pipefail
lede=$(realpath "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C TZ=UTC
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok - $1"; }
bad() { failed=$((failed + 1)); echo "not ok - $1"; [ -n "${2:-}" ] && sed 's/^/    /' "$2" | head -20 >&2; }
check() { # check NAME CMD...
	local name=$1
	shift
	if "$@" >"$tmp/check.out" 2>&1; then ok "$name"; else bad "$name" "$tmp/check.out"; fi
}

shared=${LEDE_SHARED:-$root/../shared} # (the project's shared folder)
tools=$shared/tools
schema=$shared/conformance/ninjs/ninjs-schema_2.2.json
py=/usr/bin/python3
validators=false
[ -f "$tools/check_feed.py" ] && [ -f "$tools/check_ninjs.py" ] && [ -f "$schema" ] && [ -x "$py" ] &&
	"$py" -c 'import jsonschema' 2>/dev/null && validators=true

mkdir -p "$tmp/site"
cp -r "$root/lede.yaml" "$root/content" "$tmp/site/"
out=$tmp/out
c=$tmp/site/content

# build TIME [ARGS...]: the site into out/ at that time; status in $status,
# messages in build.err. Then the same from scratch into clean/: the
# incremental build must give the clean build's tree and messages.
build() {
	local now=$1
	shift
	step=$now
	(cd "$tmp/site" && LEDE_NOW=$now "$lede" build -o "$out" -j 2 "$@") >"$tmp/build.out" 2>"$tmp/build.err"
	status=$?
	rm -rf "$tmp/clean"
	(cd "$tmp/site" && LEDE_NOW=$now "$lede" build -o "$tmp/clean" -j 2 "$@") >/dev/null 2>"$tmp/clean.err"
	check "$step: the output is a clean build's" diff -r -x '.lede-*' "$tmp/clean" "$out"
	check "$step: the messages are a clean build's" \
		diff <(grep -v '^lede: ' "$tmp/clean.err") <(grep -v '^lede: ' "$tmp/build.err")
	if $validators; then
		check "$step: the feeds validate" "$py" "$tools/check_feed.py" --quiet "$out/feed.rss" "$out/feed.atom" "$out/feed.json"
		check "$step: the wire validates" "$py" "$tools/check_ninjs.py" "$schema" $(find "$out/wire" -name '*.json' ! -name index.json)
	fi
}
summary() { # summary ERRORS WARNINGS: the build's last line says so
	grep -q "^lede: .*, $1 errors\?, $2 warnings\?$" "$tmp/build.err"
}
# nowhere TEXT: no published file holds it (the build state aside, which
# is lede's own and not deployed).
nowhere() { ! grep -rlF --exclude='.lede-*' -e "$1" "$out"; }
# only TEXT FILE...: the published files holding TEXT are exactly these.
only() {
	local text=$1
	shift
	diff <(printf '%s\n' "$@" | sort) <(cd "$out" && grep -rlF --exclude='.lede-*' -e "$text" . | sed 's|^\./||' | sort)
}
has() { grep -qF -e "$2" "$out/$1"; }
lacks() { ! grep -qF -e "$2" "$out/$1"; }
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(($2))" "$out/$1"; }
near() { grep -B4 -A4 -F -e "$2" "$out/$1" | grep -qF -e "$3"; } # near FILE ANCHOR TEXT

budget="Metropolis council adopts a record climate budget"
budget_fr="Le conseil de Metropolis adopte un budget climat record"
mayor="Zorblax mayor steps down after audit"
held="Tram drivers call a strike for Friday"
assembly="The 2020 General Assembly goes online"

# 07:00. The sample site as it stands.
build 2026-12-03T07:00:00Z
check "07:00: builds, exit 0" test "$status" = 0
check "07:00: no error, no warning" summary 0 0

# 08:00. Two stories under embargo: the budget until noon, the mayor's
# resignation until 15:00. Nothing of them is out.
cat >"$c/2026-12-03-city-budget.md" <<EOF
---
title: "$budget"
date: 2026-12-03T07:30:00Z
embargo: 2026-12-03T12:00:00Z
section: News
lang: en
translation_key: city-budget
authors: [Metropolis Secretariat]
tags: [climate, budget, newsletter]
summary: The council voted a budget that doubles climate spending.
---

The council adopted the 2027 budget on Thursday.
EOF
cat >"$c/2026-12-03-mayor-resigns.md" <<EOF
---
title: "$mayor"
date: 2026-12-03T07:45:00Z
embargo: 2026-12-03T15:00:00Z
section: News
lang: en
authors: [Metropolis Secretariat]
tags: [governance, newsletter]
summary: The mayor resigns.
---

The mayor announced the resignation in a statement.
EOF
sed -e "s/^title: .*/title: \"$held\"/" -e 's/^tags: .*/tags: [transport]/' \
	"$c/2026-12-03-mayor-resigns.md" >"$c/2026-12-03-tram-strike.md"
build 2026-12-03T08:00:00Z
check "08:00: exit 0, no error, no warning" summary 0 0
check "08:00: the embargoed budget is nowhere" nowhere "$budget"
check "08:00: nor its address" nowhere "city-budget"
check "08:00: the embargoed resignation is nowhere" nowhere "$mayor"
check "08:00: the embargoed strike is nowhere" nowhere "$held"
check "08:00: nor its tag page" test ! -e "$out/tags/budget"

# 09:00. A correction and an update, both of 09:00. The corrected story
# gets an id: (to keep its identity through the rename at 13:00).
sed -i 's/^section: News$/&\nid: "tag:news.example.org,2020:open-data"/' "$c/2020-10-06-open-data-toolkit.md"
sed -i 's/^  - { date: 2020-10-08, .*$/&\n  - { date: 2026-12-03T09:00:00Z, text: "An earlier version misnamed the chair." }/' \
	"$c/2020-10-06-open-data-toolkit.md"
sed -i 's/^section: Features$/&\nupdated: 2026-12-03T09:00:00Z/' "$c/2020-08-27-caring-cities.md"
printf '\nUpdate: Seoul joins the series next week.\n' >>"$c/2020-08-27-caring-cities.md"
build 2026-12-03T09:00:00Z
check "09:00: exit 0, no error, no warning" test "$status" = 0 && summary 0 0
p=en/news/open-data-toolkit/index.html
check "09:00: the page shows the correction, dated" \
	has $p '<time datetime="2026-12-03T09:00:00Z">Thursday 3 December 2026</time>: An earlier version misnamed the chair.'
check "09:00: the page is modified then" has $p '<meta property="article:modified_time" content="2026-12-03T09:00:00Z">'
check "09:00: the corrected story's Atom entry is updated then" \
	near feed.atom 'news/open-data-toolkit/"' '<updated>2026-12-03T09:00:00Z</updated>'
check "09:00: so is the updated one's" \
	near feed.atom 'features/caring-cities/"' '<updated>2026-12-03T09:00:00Z</updated>'
check "09:00: JSON Feed date_modified" test "$(json feed.json "[i.get('date_modified') for i in d['items']][:2]")" = \
	"['2026-12-03T09:00:00Z', '2026-12-03T09:00:00Z']"
check "09:00: the wire's versions" test "$(json wire/2020/open-data-toolkit.json "d['versioncreated'], d['ednote'].splitlines()[-1]")" = \
	"('2026-12-03T09:00:00Z', '2026-12-03T09:00:00Z: An earlier version misnamed the chair.')"
check "09:00: the wire index's too" \
	test "$(json wire/index.json "[a['versioncreated'] for a in d['articles'] if 'caring' in a['path']]")" = "['2026-12-03T09:00:00Z']"
check "09:00: the sitemap's lastmod" near sitemap.xml 'news/open-data-toolkit/<' '<lastmod>2026-12-03T09:00:00Z</lastmod>'
check "09:00: the digest says corrected" has newsletter/digest.txt "Corrected Thursday 3 December 2026: An earlier version misnamed the"
check "09:00: the newsletter page too" has newsletter/open-data-toolkit.txt "Correction (Thursday 3 December 2026): An earlier version misnamed"
check "09:00: the updated text is out" has en/features/caring-cities/index.html "Seoul joins the series next week."
check "09:00: still nothing of the embargoed" nowhere "$budget"

# 10:00. Two French editions: of the caring cities story (out now), and
# of the budget, without an embargo of its own (it waits for noon).
sed -i 's/^lang: en$/&\ntranslation_key: caring-cities/' "$c/2020-08-27-caring-cities.md"
cat >"$c/2026-12-03-villes-solidaires.md" <<'EOF'
---
title: "Villes solidaires : les métropoles ont maintenu les soins"
date: 2026-12-03T10:00:00Z
section: Actualités
lang: fr
translation_key: caring-cities
authors: [Secrétariat de Metropolis]
tags: [soins]
summary: Cinq membres expliquent comment ils ont protégé les personnes dépendantes.
---

Quand les confinements ont fermé les centres de jour, les métropoles ont réorganisé les soins.
EOF
cat >"$c/2026-12-03-budget-climat.md" <<EOF
---
title: "$budget_fr"
date: 2026-12-03T09:50:00Z
section: Actualités
lang: fr
translation_key: city-budget
tags: [climat]
summary: Le conseil a voté un budget qui double les dépenses climat.
---

Le conseil a adopté le budget 2027 jeudi.
EOF
build 2026-12-03T10:00:00Z
check "10:00: a warning is no failure: exit 0" test "$status" = 0
check "10:00: the French budget waits for the English one's embargo, and says so" grep -qF \
	"content/2026-12-03-budget-climat.md:6:18: warning: held back until 2026-12-03T12:00:00Z, the embargo of its edition content/2026-12-03-city-budget.md (en)" "$tmp/build.err"
check "10:00: 1 warning" summary 0 1
check "10:00: the French budget is nowhere" nowhere "$budget_fr"
check "10:00: nor the English" nowhere "$budget"
check "10:00: the English story links to its translation" \
	has en/features/caring-cities/index.html 'hreflang="fr" href="../../../fr/actualites/villes-solidaires/index.html"'
check "10:00: and the translation to it" \
	has fr/actualites/villes-solidaires/index.html 'hreflang="en" href="../../../en/features/caring-cities/index.html"'
check "10:00: the French index lists it" has fr/index.html 'villes-solidaires/index.html'
check "10:00: the English index does not" lacks index.html 'villes-solidaires'

# 11:00. A typo in a kill is an error at its place, exit 1, and publishes
# nothing of the story.
sed -i 's/^section: News$/&\npubstatus: cancelled\nupdated: 2026-12-03T11:00:00Z/' "$c/2026-12-03-mayor-resigns.md"
build 2026-12-03T11:00:00Z
check "11:00: a misspelt kill: exit 1" test "$status" = 1
check "11:00: the error is at its place" grep -qF \
	"content/2026-12-03-mayor-resigns.md:6:12: error: 'pubstatus' must be usable, withheld or canceled (did you mean 'canceled'?)" "$tmp/build.err"
check "11:00: the story under embargo is still nowhere" nowhere "$mayor"

# 11:05. The kills: the General Assembly story (out since the morning)
# and the resignation (still under embargo); the strike, under embargo
# too, is withheld.
sed -i 's/^section: News$/&\npubstatus: withheld\nupdated: 2026-12-03T11:05:00Z/' "$c/2026-12-03-tram-strike.md"
sed -i 's/^pubstatus: cancelled$/pubstatus: canceled/' "$c/2026-12-03-mayor-resigns.md"
sed -i 's/^section: News$/&\npubstatus: canceled\nupdated: 2026-12-03T11:05:00Z/' "$c/2020-12-03-general-assembly-online.md"
build 2026-12-03T11:05:00Z
check "11:05: exit 0" test "$status" = 0
check "11:05: 1 warning (the French budget)" summary 0 1
check "11:05: the killed story's page says it was withdrawn" \
	has en/news/general-assembly-online/index.html '<p class="withdrawn">This article has been withdrawn.</p>'
check "11:05: kept out of search engines" has en/news/general-assembly-online/index.html '<meta name="robots" content="noindex">'
check "11:05: nothing but that page names it" only "$assembly" en/news/general-assembly-online/index.html
check "11:05: its tag pages went with it" test ! -e "$out/tags/general-assembly" -a ! -e "$out/tags/members"
check "11:05: nor links to it" nowhere "general-assembly-online"
check "11:05: the resignation is nowhere" nowhere "$mayor"
check "11:05: the strike is nowhere" nowhere "$held"
check "11:05: the budget is nowhere" nowhere "$budget"

# 12:30. The budget's embargo has lifted (at noon): it is out everywhere,
# dated from noon, in both languages, each linking to the other.
build 2026-12-03T12:30:00Z
check "12:30: exit 0, no error, no warning" test "$status" = 0 && summary 0 0
p=en/news/city-budget/index.html
check "12:30: the budget's page" has $p '<h1 class="title">Metropolis council adopts a record climate budget</h1>'
check "12:30: dated from the embargo's end" has $p '<meta property="article:published_time" content="2026-12-03T12:00:00Z">'
check "12:30: linking to the French" has $p 'hreflang="fr" href="../../../fr/actualites/budget-climat/index.html"'
check "12:30: the French page links back" \
	has fr/actualites/budget-climat/index.html 'hreflang="en" href="../../../en/news/city-budget/index.html"'
check "12:30: the English in every English outlet" only "$budget" $p index.html en/news/index.html \
	tags/budget/index.html tags/climate/index.html tags/newsletter/index.html feed.rss feed.atom feed.json \
	sitemap-news.xml wire/2026/city-budget.json wire/index.json newsletter/city-budget.txt newsletter/digest.txt
check "12:30: the French in the French ones" only "$budget_fr" fr/actualites/budget-climat/index.html \
	fr/actualites/index.html fr/index.html sitemap-news.xml wire/2026/budget-climat.json wire/index.json
check "12:30: the sitemap lists both" test "$(grep -c 'city-budget/\|budget-climat/' "$out/sitemap.xml")" = 2
check "12:30: the feeds date it from noon" test "$(json feed.json "d['items'][0]['date_published']")" = 2026-12-03T12:00:00Z
check "12:30: the wire too, no longer embargoed" \
	test "$(json wire/2026/city-budget.json "d['versioncreated'], d.get('embargoed')")" = "('2026-12-03T12:00:00Z', None)"
check "12:30: the resignation is still nowhere" nowhere "$mayor"
check "12:30: the strike is still nowhere" nowhere "$held"

# 13:00. A file renamed, a tag added, a story sent back to draft.
mv "$c/2020-10-06-open-data-toolkit.md" "$c/2020-10-06-open-data-kit.md"
sed -i 's/^tags: \[care, covid-19, gender, video\]$/tags: [care, covid-19, gender, video, climate]/' "$c/2020-08-27-caring-cities.md"
sed -i 's/^section: News$/&\ndraft: true/' "$c/2020-07-24-international-action.md"
build 2026-12-03T13:00:00Z
check "13:00: exit 0, no error, no warning" test "$status" = 0 && summary 0 0
check "13:00: the renamed story is at its new address" has en/news/open-data-kit/index.html 'An earlier version misnamed the chair.'
check "13:00: its old pages went" test ! -e "$out/en/news/open-data-toolkit" -a ! -e "$out/wire/2020/open-data-toolkit.json" \
	-a ! -e "$out/newsletter/open-data-toolkit.txt"
check "13:00: nothing links to the old address" nowhere "news/open-data-toolkit/"
check "13:00: the renamed story keeps its identity in the feeds (id:)" \
	near feed.atom '<id>tag:news.example.org,2020:open-data</id>' 'news/open-data-kit/"'
check "13:00: and on the wire" test "$(json wire/index.json "[a['path'] for a in d['articles'] if a['uri'] == 'tag:news.example.org,2020:open-data']")" = \
	"['wire/2020/open-data-kit.json']"
check "13:00: the tag page lists the story tagged" has tags/climate/index.html 'features/caring-cities/index.html'
check "13:00: the draft is nowhere" nowhere "International action as a public policy"
check "13:00: nor its address" nowhere "international-action"
check "13:00: its French edition no longer links to it" lacks fr/actualites/webinaire-internationalisation/index.html 'hreflang="en"'

# 15:30. The resignation's embargo has lifted, but it was killed before:
# it was never public, so there is no withdrawn page of it, nothing on the
# wire or in the newsletter.
build 2026-12-03T15:30:00Z
check "15:30: exit 0, no error, no warning" test "$status" = 0 && summary 0 0
check "15:30: the story killed under embargo is nowhere" nowhere "$mayor"
check "15:30: nor its address" nowhere "mayor-resigns"
check "15:30: the story withheld under embargo is nowhere, not even on the wire" nowhere "$held"
check "15:30: nor its address" nowhere "tram-strike"
check "15:30: the story killed after it was out still has its withdrawn page" \
	only "$assembly" en/news/general-assembly-online/index.html

# A story killed under embargo without the kill's time: lede cannot tell
# whether it was ever public, and says so.
cat >"$c/2026-12-03-leak.md" <<'EOF'
---
title: "Second story killed under embargo"
date: 2026-12-03T15:00:00Z
embargo: 2026-12-03T18:00:00Z
pubstatus: canceled
---

Text.
EOF
build 2026-12-03T16:00:00Z
check "16:00: a kill under embargo without its time: a warning, exit 0" test "$status" = 0 && summary 0 1
check "16:00: ...at its pubstatus:" grep -qF \
	"content/2026-12-03-leak.md:5:12: warning: a killed story under embargo without 'updated:': lede cannot tell whether it was killed before its embargo lifted" "$tmp/build.err"
check "16:00: --warnings-as-errors fails it: exit 1" \
	sh -c "cd '$tmp/site' && LEDE_NOW=2026-12-03T16:00:00Z '$lede' build -q --warnings-as-errors -o '$tmp/wae' 2>/dev/null; test \$? = 1"

# A partner wire that takes stories under embargo (embargoed: true) had
# the killed one early: it keeps announcing the kill after the lift, while
# the website, which never showed it, has nothing of it.
p=$tmp/partner
mkdir -p "$p/content"
cat >"$p/lede.yaml" <<'EOF'
site: { title: Partner, base_url: https://example.org }
outlets:
  web: { format: html, path: "{slug}/", index: { path: index.html } }
  wire: { format: ninjs, path: "wire/{slug}.json", index: { path: wire/index.json }, embargoed: true }
EOF
printf -- '---\ntitle: "%s"\ndate: 2026-12-03T07:45:00Z\nembargo: 2026-12-03T15:00:00Z\npubstatus: canceled\nupdated: 2026-12-03T11:00:00Z\n---\n\nText.\n' \
	"$mayor" >"$p/content/mayor.md"
printf -- '---\ntitle: Other\ndate: 2026-12-03T07:00:00Z\n---\n\nText.\n' >"$p/content/other.md"
(cd "$p" && LEDE_NOW=2026-12-03T15:30:00Z "$lede" build -q -o "$p/out") 2>"$p/err"
check "partner: exit 0" test $? = 0
check "partner: the wire that had it under embargo announces the kill" \
	grep -qF '"pubstatus":"canceled"' "$p/out/wire/mayor.json"
check "partner: the website has nothing of it" test ! -e "$p/out/mayor"
check "partner: nor its index" bash -c '! grep -qF "$1" "$2"' _ "$mayor" "$p/out/index.html"

echo "$passed passed, $failed failed"
((failed == 0))
