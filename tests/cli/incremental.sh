#!/usr/bin/env bash
# tests/cli/incremental.sh LEDE: incremental builds. A copy of the sample
# site goes through a scripted sequence of edits, additions, removals,
# renames and config, template, plugin, static and build-time changes;
# after each, an incremental build into one output folder must give the
# very tree a clean full build (--full, into a fresh folder) gives, byte
# for byte, the build state included (its timestamps aside), and the same
# messages: the link check is on, and a reused page's broken links are
# reported as if it had been made again. And an unchanged article is not
# parsed or hooked again (--profile counts).
set -uo pipefail
lede=$(realpath "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C TZ=UTC LEDE_NOW=2026-01-01T12:00:00Z
. "$root/tests/lib/check.sh"
site=$tmp/site
. "$root/tests/lib/incremental.sh"

mkdir -p "$site"
cp -r "$root/lede.yaml" "$root/content" "$site/"
seed=content/2020-07-24-international-action.md
care=content/2020-08-27-caring-cities.md
toolkit=content/2020-10-06-open-data-toolkit.md

# step NAME [ARGS...]: builds both ways (with ARGS) and compares
step() {
	local name=$1
	shift
	incr "$@"
	full "$@"
	check "$name: incremental = full" same_as_full
}
# The counts of a --profile row ("parse", "hook reading_time.article").
calls() { sed -nE "s/^  $1 +([0-9]+) .*/\1/p" "$tmp/incr.err"; }
reused() { sed -n 's/.*(\([0-9]*\) unchanged).*/\1/p' "$tmp/incr.err"; }
all_reused() { grep -qE '^lede: ([0-9]+) of \1 articles ready \(\1 unchanged\)' "$tmp/incr.err"; }

step "first build"
step "nothing changed"
check "an unchanged site reuses every article" test "$(reused)" = 7
incr --profile
check "nothing changed: no article parsed" test -z "$(calls parse)"
check "nothing changed: no index or tag page made again" test -z "$(calls 'hook html.index')"
check "nothing changed: nor any feed" test -z "$(calls 'hook atom.index')$(calls 'hook rss.index')"

# Not parsed, not hooked: one article edited, one parsed.
echo "One more paragraph." >>"$site/$care"
incr --profile
check "one article edited: one parsed" test "$(calls parse)" = 1
check "one article edited: one article hook run" test "$(calls 'hook reading_time.article')" = 1
# Its record (what index pages show of it) is the same: no index or tag
# page is made again, but the feeds, which hold the body, are.
check "a body edited: no index or tag page made again" test -z "$(calls 'hook html.index')"
check "a body edited: the feeds are" test "$(calls 'hook rss.index')" = 1
check "the summary counts the unchanged ones" grep -q "(6 unchanged)" "$tmp/incr.err"
full
check "edited body: incremental = full" same_as_full

sed -i 's/^title: "Caring cities: how/title: "Caring cities: why/' "$site/$care"
incr --profile
# the index, its section front and its four tags' pages: those alone
check "a title edited: the collection pages listing it made again" \
	test "$(calls 'hook html.index')" = 6
full
check "edited title (index, feeds, newsletter): incremental = full" same_as_full

sed -i 's/^tags: \[care, covid-19, gender, video\]$/tags: [care, gender, housing]/' "$site/$care"
step "changed tags (tag pages)"

cat >"$site/content/2021-02-01-new-story.md" <<'EOF'
---
title: A new story
date: 2021-02-01T09:00:00Z
section: News
tags: [care, newsletter]
---

A new story, the newest of all: first in the index and the feeds.
EOF
step "added article"

mv "$site/content/2021-02-01-new-story.md" "$site/content/2021-02-02-renamed-story.md"
step "renamed article"

rm "$site/$toolkit"
step "removed article"

sed -i 's/^lang: en$/lang: en\ndraft: true/' "$site/$care"
step "article turned draft"
step "drafts with --drafts" --drafts
sed -i '/^draft: true$/d' "$site/$care"
step "draft published again"

sed -i 's/^  title: Metropolis News$/  title: Metropolis Daily/' "$site/lede.yaml"
step "lede.yaml changed (site title)"

mkdir -p "$site/templates"
sed 's/<article/<article data-site="own"/' "$root/plugins/templates/article.mustache" \
	>"$site/templates/article.mustache"
step "a site template overrides the bundled one"

mkdir -p "$site/plugins"
cat >"$site/plugins/shout.lua" <<'EOF'
return { transform = function(a) a.title = a.title .. "!" end }
EOF
sed -i 's/^plugins: \[reading_time\]/plugins: [reading_time, shout]/' "$site/lede.yaml"
step "a site plugin added"
sed -i 's/"!"/"?"/' "$site/plugins/shout.lua"
step "the site plugin changed"

# An image the seed article's renditions are made from.
echo "<!-- retouched -->" >>"$site/content/images/metropolitan-spaces.svg"
incr --profile
check "an image changed: the article using it is built again" test "$(calls parse)" = 1
full
check "an image changed: incremental = full" same_as_full

mkdir -p "$site/static"
echo "body { color: red }" >"$site/static/extra.css"
step "a static file added"
# A static file where an article's page goes: the page is written after
# the static files, and wins, also when the article is reused.
mkdir -p "$site/static/en/features/caring-cities"
echo "a static page" >"$site/static/en/features/caring-cities/index.html"
step "a static file where a page goes"
step "...and nothing changed"
check "...the page is the article's" grep -q "Caring cities" "$tmp/out/en/features/caring-cities/index.html"
rm -r "$site/static/en"
step "that static file removed"

# The French edition's title is in the English page's translations.
sed -i 's/^title: "\(.*\)"$/title: "\1 (mis à jour)"/' "$site/content/2020-11-19-webinaire-internationalisation.md"
step "an edition's title changed"

# An article that names no translation, named by another's translations:
# its front matter is read for the map after all, and both pages change.
sed -i 's|^lang: en$|lang: en\ntranslations: {es: content/2020-09-10-recuperacion-america-latina.md}|' "$site/$care"
step "an article names another as its translation"
check "...whose page links back" grep -q "caring-cities" "$tmp/out/es/noticias/recuperacion-america-latina/index.html"
sed -i '/^translations: {es:/d' "$site/$care"
step "...and no longer does"
check "...and the link is gone" bash -c "! grep -q 'caring-cities' '$tmp/out/es/noticias/recuperacion-america-latina/index.html'"

# Two articles wanting one page: the newer wins, as in a full build.
sed -e 's/^date: .*/date: 2021-03-01T00:00:00Z/' -e 's/^title: .*/title: Same slug/' \
	-e 's/^lang: en$/lang: en\nslug: caring-cities/' \
	"$site/$care" >"$site/content/2021-03-01-same-slug.md"
step "a new article takes an unchanged one's page"
check "the page conflict is reported as in a full build" \
	grep -q "would overwrite the page of" "$tmp/incr.err"
rm "$site/content/2021-03-01-same-slug.md"
step "and leaves it again"
# An edited article whose path comes first takes an unchanged one's page:
# at -j 1 its page is written before the unchanged one's is kept, and the
# two are no contest of writers (the collection gave the page to the
# newer), whichever comes first.
cp "$site/$seed" "$tmp/seed.md"
sed -i -e 's/^date: .*/date: 2021-03-01T00:00:00Z/' -e 's/^section: News$/section: Features/' \
	-e 's/^lang: en$/lang: en\nslug: caring-cities/' "$site/$seed"
step "an edited article takes an unchanged one's page, written first" -j 1
check "...the page is the edited one's" grep -q "International action" \
	"$tmp/out/en/features/caring-cities/index.html"
cp "$tmp/seed.md" "$site/$seed"
step "and leaves it again, at -j 1" -j 1

# An embargo decided at the build time: held, then published once the
# build time has passed it, with no edit in between.
cat >"$site/content/2021-04-01-embargoed.md" <<'EOF'
---
title: Embargoed story
date: 2021-04-01T09:00:00Z
section: News
embargo: 2026-06-01T00:00:00Z
tags: [newsletter]
---

Not before June.
EOF
step "an embargoed article"
check "it is held back" bash -c "! grep -rq 'Embargoed story' '$tmp/out/index.html'"
LEDE_NOW=2026-07-01T12:00:00Z step "the build time passes the embargo"
check "it is published" grep -q "Embargoed story" "$tmp/out/index.html"

# A story released from embargo is listed by its release, above every
# story dated before it (here all of them), in the index and the feed,
# as a full build lists it (a record kept from the last build carries its
# release: tests/cli/state.sh).
cat >"$site/content/2020-06-01-released.md" <<'EOF'
---
title: Released story
date: 2020-06-01T09:00:00Z
section: News
embargo: 2026-06-15T00:00:00Z
tags: [newsletter]
---

Written in 2020, out in June 2026.
EOF
# The first article the index, and the feed, list is the released one
listed_first() { grep -m1 -o '<h2><a href="[^"]*"' "$tmp/out/index.html" | grep -q /released/; }
fed_first() { grep -o '<link>[^<]*' "$tmp/out/feed.rss" | sed -n 2p | grep -q /released/; }
LEDE_NOW=2026-07-01T12:00:00Z step "a story released from embargo"
check "...first in the index" listed_first
check "...and in the feed" fed_first
cat >"$site/content/2021-06-01-later.md" <<'EOF'
---
title: Written later, published before it
date: 2021-06-01T09:00:00Z
section: News
---

Out in 2021.
EOF
LEDE_NOW=2026-07-01T12:00:00Z step "a story added, dated after the released one's date"
check "...the released story still first in the index" listed_first
rm "$site/content/2020-06-01-released.md" "$site/content/2021-06-01-later.md"
LEDE_NOW=2026-07-01T12:00:00Z step "both removed"

# An edition without an embargo of its own waits for its story's, and is
# published when that lifts: the French edition is dated, and listed,
# from the English one's embargo, and follows it when it moves (built
# again, though its own file is unchanged).
frpage=$tmp/out/fr/actualites/webinaire-internationalisation/index.html
sed -i 's/^lang: en$/lang: en\nembargo: 2021-03-01T00:00:00Z/' "$site/$seed"
LEDE_NOW=2026-07-01T12:00:00Z step "an edition's embargo, passed"
check "...its other edition dated from it" grep -q 'class="date" datetime="2021-03-01T00:00:00Z"' "$frpage"
sed -i 's/^embargo: 2021-03-01T00:00:00Z$/embargo: 2021-04-01T00:00:00Z/' "$site/$seed"
LEDE_NOW=2026-07-01T12:00:00Z step "...moved"
check "...its other edition dated from it again" grep -q 'class="date" datetime="2021-04-01T00:00:00Z"' "$frpage"
sed -i '/^embargo: 2021-04-01T00:00:00Z$/d' "$site/$seed"
LEDE_NOW=2026-07-01T12:00:00Z step "...removed"
check "...its other edition dated from its date" grep -q 'class="date" datetime="2020-11-19T15:00:00+01:00"' "$frpage"

# A correction dated after the build time (a year mistyped): a warning
# while the build time is before it, none after, and again when the
# build time goes back (what was compared with the build time is
# compared again before an article is reused).
cat >"$site/content/2021-05-01-corrected.md" <<'EOF'
---
title: Corrected story
date: 2021-05-01T09:00:00Z
section: News
corrections:
  - { date: 2026-09-01T10:00:00Z, text: "A figure was wrong." }
---

Corrected.
EOF
LEDE_NOW=2026-07-01T12:00:00Z step "a correction after the build time"
check "...a warning at its date" grep -q "^content/2021-05-01-corrected.md:6:13: warning: a correction's 'date' is after the build time" "$tmp/incr.err"
# (its text names the build time: the article is built again, not reused
# with the last build's message)
LEDE_NOW=2026-07-02T12:00:00Z step "the build time moves, still before the correction"
check "...the warning names the new build time" grep -q "after the build time (2026-07-02T12:00:00Z)" "$tmp/incr.err"
LEDE_NOW=2026-10-01T12:00:00Z step "the build time passes the correction"
check "...no warning" bash -c "! grep -q 'is after the build time' '$tmp/incr.err'"
LEDE_NOW=2026-10-01T12:00:00Z step "nothing changed, after the correction"
LEDE_NOW=2026-07-01T12:00:00Z step "the build time back before the correction"
check "...the warning again" grep -q "^content/2021-05-01-corrected.md:6:13: warning: a correction's 'date' is after the build time" "$tmp/incr.err"
rm "$site/content/2021-05-01-corrected.md"
step "the corrected story removed"

# A hook that reads the clock: that article is built every time.
cat >"$site/plugins/stamp.lua" <<'EOF'
return { transform = function(a) if a.meta.stamp then a.meta.year = os.date("!%Y") end end }
EOF
sed -i 's/shout\]/shout, stamp]/' "$site/lede.yaml"
sed -i 's/^lang: en$/lang: en\nstamp: true/' "$site/$care"
step "a plugin reads the clock"
incr --profile
check "the article whose hook read the clock is parsed again, alone" test "$(calls parse)" = 1

# A plugin whose setup reads the environment (or the clock): what its
# hooks make of it may change with no input changing, so nothing is
# reused while it is listed.
cat >"$site/plugins/flavour.lua" <<'EOF'
local flavour
return {
  setup = function() flavour = os.getenv("LEDE_TEST_FLAVOUR") or "plain" end,
  article = function(a) a.summary = (a.summary or "") .. " (" .. flavour .. ")" end,
}
EOF
sed -i 's/shout, stamp\]/shout, stamp, flavour]/' "$site/lede.yaml"
LEDE_TEST_FLAVOUR=sweet step "a plugin's setup reads the environment"
LEDE_TEST_FLAVOUR=salty step "the environment changed"
check "...every article built again" test -z "$(reused)"
sed -i 's/shout, stamp, flavour\]/shout, stamp]/' "$site/lede.yaml"
step "that plugin no longer listed"

# --outlet builds only some outlets; the next full build is whole again.
sed -i 's/Not before June./Not before June, really./' "$site/content/2021-04-01-embargoed.md"
incr --outlet web
step "after a build of one outlet"
step "-j 1 and -j 2 alike" -j 1
sed -i 's/^  title: Metropolis Daily$/  title: Metropolis News/' "$site/lede.yaml"
step "lede.yaml changed back"

# A reused article's record is read lazily (what a collection sorts,
# groups and checks by; the rest when a page shows it): an outlet sorted
# by title sorts the reused ones by the title read.
sed -i 's/^    index: { path: index.html, per_page: 20 }$/&\n    sort: title/' "$site/lede.yaml"
step "sorted by title"
sed -i 's/Not before June, really./Not before June./' "$site/content/2021-04-01-embargoed.md"
step "sorted by title: one article changed"
check "...the others reused" test "$(reused)" -ge 6
sed -i '/^    sort: title$/d' "$site/lede.yaml"
step "sorted by date again"

# Links between articles, with the link check on: an unchanged page's
# broken links are reported from what the build state recorded of it.
sed -i '/^stamp: true$/d' "$site/$care" # every article reusable again
linker=content/2021-05-01-linker.md
target=content/2021-05-02-target.md
cat >"$site/$linker" <<'EOF'
---
title: The linker
date: 2021-05-01T09:00:00Z
section: News
---

See [the target](/en/news/the-target/), [its facts](../the-target/#facts)
and [nowhere](#nowhere) on this page.

A note[^1], and [back to it](#fn-1).

[^1]: The note.
EOF
cat >"$site/$target" <<'EOF'
---
title: The target
slug: the-target
date: 2021-05-02T09:00:00Z
section: News
---

Facts, and [the linker](../linker/).
EOF
step "links: two articles link to each other"
check "links: a same-page link to no id is reported" \
	grep -q "^$linker:8:5: warning: broken link to '#nowhere'" "$tmp/incr.err"
mv "$site/$target" "$tmp/target.md"
step "links: the target removed, the linking article unchanged"
check "links: ... every article is reused" all_reused
check "links: ... and its broken link reported at its line" \
	grep -q "^$linker:7:5: warning: broken link to '/en/news/the-target/'" "$tmp/incr.err"
step "links: nothing changed, the broken links still reported"
check "links: ... by the reused page" grep -q "^$linker:7:5: warning" "$tmp/incr.err"
mv "$tmp/target.md" "$site/$target"
step "links: the target back"
check "links: ... the link no longer reported" \
	bash -c "! grep -q 'the-target/.: no file' '$tmp/incr.err'"
sed -i 's/^slug: the-target$/slug: the-other-target/' "$site/$target"
step "links: the target changed (its page moved), the linking article unchanged"
check "links: ... the link into it is broken" \
	grep -q "^$linker:7:5: warning: broken link to '/en/news/the-target/'" "$tmp/incr.err"
sed -i 's/^slug: the-other-target$/slug: the-target/' "$site/$target"
step "links: the target's page back"
sed -i 's/^\[^1\]: The note.$//' "$site/$linker"
step "links: the same-page id gone"
check "links: ... the same-page link to it is reported" \
	grep -q "broken link to '#fn-1'" "$tmp/incr.err"
sed -i 's/^title: The target$/title: The target, retitled/' "$site/$target"
step "links: the target retitled, the linking article unchanged"
step "links: -j 1" -j 1
# A template's broken link: the unchanged pages made with it report it
# as a full build does (once, with the number of pages).
sed -i 's|<article data-site="own"|<article data-site="own"><a href="../../../missing.html">x</a>|' \
	"$site/templates/article.mustache"
step "links: a template link to no file"
check "links: ... reported once for its pages" \
	grep -q "templates/article.mustache: warning: broken link to '../../../missing.html'" \
	"$tmp/incr.err"
step "links: ... and again by the reused pages"
echo "<p>here</p>" >"$site/static/missing.html"
step "links: the missing file added as a static file"
check "links: ... no longer reported" bash -c "! grep -q missing.html '$tmp/incr.err'"

# Without the link check, pages are reused as well; the first build that
# checks links again after one that did not makes every page (the state
# has no links of the pages made without the check).
step "links: the link check turned off" --no-link-check
check "links: ... every article reused" all_reused
check "links: ... no link reported" bash -c "! grep -q 'broken link' '$tmp/incr.err'"
incr --full --profile
all=$(calls parse)
incr --no-link-check
incr --profile
check "links: after a build without the check, every article is made again" \
	test "$(calls parse)" = "$all"
full
check "links: ... and the output is a full build's" same_as_full
step "links: and the next build reuses again"
check "links: ... every article" all_reused

# An article whose build printed warnings is reused like any other, and
# what it printed is printed again, as a full build prints it (it was
# built again every time); a build of some of its outlets (--outlet)
# builds it again, as it said what it said for all of them.
cat >"$site/plugins/many_tags.lua" <<'EOF'
return { article = function(a)
  if #a.tags > 3 then lede.log.warn("many tags: " .. #a.tags) end
  if #a.tags == 3 then lede.log.info("three tags") end
end,
transform = function(a, outlet)
  if outlet.name == "newsletter" then
    lede.log.warn("in the newsletter")
  end
end }
EOF
sed -i -E 's/^plugins: \[([^]]*)\]/plugins: [\1, many_tags]/' "$site/lede.yaml"
check "warned: the plugin listed" grep -q "many_tags" "$site/lede.yaml"
step "warned: a plugin that warns for some articles"
check "warned: ... it warns" grep -q "warning: many tags" "$tmp/incr.err"
step "warned: nothing changed"
check "warned: ... every article reused, the warnings printed again" all_reused
check "warned: ... the newsletter's too" grep -q "warning: in the newsletter" "$tmp/incr.err"
incr --outlet web
check "warned: ... the articles warned in the newsletter are built again" \
	bash -c "! grep -qE '^lede: ([0-9]+) of \\1 articles ready \\(\\1 unchanged\\)' '$tmp/incr.err'"
step "warned: all outlets again"
step "warned: nothing changed, once more"
check "warned: ... every article reused" all_reused
step "warned: --warnings-as-errors" --warnings-as-errors
check "warned: ... fails the reusing build too" test "$incr_status" = 1
# A plugin's info is hidden by -q: an article that printed one is reused
# by a build that shows or hides it alike, and built again by the other.
check "warned: ... an info shown" grep -q "info: three tags" "$tmp/incr.err"
step "warned: -q" -q
check "warned: ... hides the info" bash -c "! grep -q 'info: three tags' '$tmp/incr.err'"
step "warned: -q, nothing changed" -q
step "warned: not -q"
check "warned: ... shows the info again" grep -q "info: three tags" "$tmp/incr.err"
step "warned: not -q, nothing changed"
check "warned: ... every article reused" all_reused
step "warned: -q once more" -q
# What the manifest says an article printed is printed to a terminal:
# one with a control other than a newline or a tab (edited by hand) is
# not taken, the article is built again.
step "warned: a build"
sed -i 's/"messages":"plugins\/many_tags.lua/"messages":"\\u001b[2Jplugins\/many_tags.lua/' "$tmp/out/.lede-manifest"
check "warned: ... an escape put in its messages" grep -q 'u001b\[2J' "$tmp/out/.lede-manifest"
step "warned: ... that article built again"
check "warned: ... so not every article reused" bash -c "! grep -qE '^lede: ([0-9]+) of \\1 articles ready \\(\\1 unchanged\\)' '$tmp/incr.err'"
check "warned: ... and no escape printed" bash -c "! grep -q \$'\\e' '$tmp/incr.err'"
# ... nor a count of warnings past its lines (two billion would overflow
# the build's count)
step "warned: a build again"
sed -i 's/"warnings":1\([,}]\)/"warnings":2000000000\1/' "$tmp/out/.lede-manifest"
check "warned: ... a count of two billion put in" grep -q '"warnings":2000000000' "$tmp/out/.lede-manifest"
step "warned: ... those articles built again, counted as they are"
check "warned: ... so not every article reused, again" bash -c "! grep -qE '^lede: ([0-9]+) of \\1 articles ready \\(\\1 unchanged\\)' '$tmp/incr.err'"
# A did-you-mean naming another article's path is not repeated by a
# reuse (the article meant may change with no input of its own): the
# article is built again each time.
sed -i 's|^tags: \[care|translations: {fr: content/2020-11-19-webinaire-internationalisatio.md}\ntags: [care|' "$site/$care"
step "warned: a translations: typo"
check "warned: ... its warning" grep -q "'translations' names 'content/2020-11-19-webinaire-internationalisatio.md' (fr), which is no article" "$tmp/incr.err"
incr --profile
check "warned: ... that article built again when nothing changed" test "$(calls parse)" = 1
sed -i '/^translations: {fr: content\/2020-11-19-webinaire-internationalisatio.md}$/d' "$site/$care"
# Not kept: messages that are not UTF-8, or past 64 KiB (printed again
# by building the article again, as before).
cat >"$site/plugins/loud.lua" <<'EOF'
return { article = function(a)
  if a.slug == "caring-cities" then lede.log.warn("bytes \xff\xfe") end
  if #a.tags == 3 then for i = 1, 1500 do lede.log.warn(("line %d of a long complaint"):format(i)) end end
end }
EOF
sed -i -E 's/^plugins: \[([^]]*)\]/plugins: [\1, loud]/' "$site/lede.yaml"
step "warned: not UTF-8, and 1,500 warnings"
step "warned: ... nothing changed"
check "warned: ... those articles built again" bash -c "! grep -qE '^lede: ([0-9]+) of \\1 articles ready \\(\\1 unchanged\\)' '$tmp/incr.err'"
check "warned: ... the manifest stays UTF-8" bash -c "! grep -q \$'\\xff' '$tmp/out/.lede-manifest'"
sed -i 's/, loud]/]/' "$site/lede.yaml"
sed -i 's/, many_tags]/]/' "$site/lede.yaml"
step "warned: the plugin unlisted"

# A build state an older lede wrote, whose keys and digests were SHA-256
# (64 hex digits; now 32): not this lede's, so every article is made again,
# without an error, and the output is a full build's; the next build
# reuses again.
step "older digests: a build first"
sed -i -E 's/"(key|digest)":"([0-9a-f]{32})"/"\1":"\2\2"/g' "$tmp/out/.lede-manifest"
check "older digests: the manifest has 64-digit keys" grep -qE '"key":"[0-9a-f]{64}"' "$tmp/out/.lede-manifest"
incr --profile
check "older digests: every article made again" test "$(calls parse)" = "$all"
check "older digests: no error" test "$incr_status" = 0
full
check "older digests: ... and the output is a full build's" same_as_full
step "older digests: the next build reuses again"
check "older digests: ... every article" all_reused

# Links between articles by their source ([x](other.md)): the linking
# article's page follows the other's page (its slug changed, its embargo
# lifted, it came to be), though its own file is unchanged.
cat >"$site/content/src-linker.md" <<'EOF'
---
title: Src linker
date: 2020-12-20T10:00:00Z
section: News
lang: en
---
See [the target](src-target.md#top), [the later one](src-later.md)
and [the held one](src-held.md).
EOF
printf -- '---\ntitle: Src target\ndate: 2020-12-01T09:00:00Z\nsection: News\nlang: en\n---\nx\n' >"$site/content/src-target.md"
printf -- '---\ntitle: Src held\ndate: 2020-12-01T10:00:00Z\nsection: News\nlang: en\nembargo: 2026-06-01T00:00:00Z\n---\nx\n' >"$site/content/src-held.md"
linker=$tmp/out/en/news/src-linker/index.html
step "links: an article links another by its source"
check "links: ... to its page" grep -q 'href="../src-target/#top"' "$linker"
check "links: ... a held one as its text" grep -q 'and the held one' "$linker"
sed -i 's/^title: Src target$/title: Src target\nslug: src-aim/' "$site/content/src-target.md"
step "links: the other's slug changed"
check "links: ... the link follows" grep -q 'href="../src-aim/#top"' "$linker"
printf -- '---\ntitle: Src later\ndate: 2020-12-02T10:00:00Z\nsection: News\nlang: en\n---\nx\n' >"$site/content/src-later.md"
step "links: the other came to be"
check "links: ... the link leads to it" grep -q 'href="../src-later/"' "$linker"
LEDE_NOW=2026-07-01T00:00:00Z step "links: the other's embargo lifted"
check "links: ... the link is there" grep -q 'href="../src-held/"' "$linker"
rm "$site/content/src-linker.md" "$site/content/src-later.md" "$site/content/src-held.md" "$site/content/src-target.md"
step "links: removed again"

# A file whose size, time and inode are those recorded, and older than
# the build that recorded them, is trusted to hold the same bytes: it is
# neither hashed nor read by the editions scan again (git's rule for
# "racily clean" files). An in-place edit that keeps all three goes
# unseen until --full.
fr=content/2020-11-19-webinaire-internationalisation.md
find "$site/content" -name '*.md' -exec touch -d '2020-01-01 00:00:00' {} +
step "stat: every file touched"
check "stat: ... every article reused (the same bytes)" all_reused
incr --profile
check "stat: the files older than the build are trusted: nothing parsed" test -z "$(calls parse)"
off=$(grep -b -o '^lang: fr$' "$site/$fr" | cut -d: -f1)
printf 'lang: es' | dd of="$site/$fr" bs=1 seek="$off" conv=notrunc status=none
touch -d '2020-01-01 00:00:00' "$site/$fr"
incr --profile
check "stat: a file edited in place, its stat as recorded: not read again" test -z "$(calls parse)"
check "stat: ... nor its front matter (its edition still French on the English page)" \
	grep -q 'hreflang="fr"' "$tmp/out/en/news/international-action/index.html"
incr --full
check "stat: --full reads it" \
	grep -q 'hreflang="es"' "$tmp/out/en/news/international-action/index.html"
check_done
