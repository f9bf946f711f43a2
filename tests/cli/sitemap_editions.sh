#!/usr/bin/env bash
# tests/cli/sitemap_editions.sh LEDE: a sitemap of every edition
# (link_to: [web, fr, es]) built again and again into one output folder,
# as a newsroom does: after an edit, with --outlet selecting some outlets,
# the output and the messages are a clean build's, and each article is
# placed in the outlet of its language whether its record was made this
# build or kept from the last one.
set -uo pipefail
lede=$(realpath "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C TZ=UTC LEDE_NOW=2026-01-01T12:00:00Z
. "$root/tests/lib/check.sh"

site=$tmp/site
cp -r "$root/tests/golden/sitemap-editions" "$site"
rm -rf "$site/expected"
out=$tmp/out

# again NAME [ARGS...]: builds into out/ (incremental) and into a fresh
# folder; the tree and the messages must be the same.
again() {
	local name=$1
	shift
	(cd "$site" && "$lede" build -o "$out" "$@") >/dev/null 2>"$tmp/inc.err"
	rm -rf "$tmp/clean"
	(cd "$site" && "$lede" build -o "$tmp/clean" "$@") >/dev/null 2>"$tmp/clean.err"
	check "$name: the output is a clean build's" diff -r -x '.lede-*' "$tmp/clean" "$out"
	check "$name: the messages are a clean build's" \
		diff <(grep -v '^lede: ' "$tmp/clean.err") <(grep -v '^lede: ' "$tmp/inc.err")
}

again "first build"
# an edit elsewhere: the French article only in the sitemap is kept from
# the last build, and still named with the outlet of its language
echo "One more line." >>"$site/content/2025-11-01-alone.md"
again "an English article edited"
check "the kept French article's warning names 'fr'" \
	grep -q "2025-09-01-seul.md): its page in outlet 'fr', the one of its language" "$tmp/inc.err"
touch "$site/content/2025-10-02-rapport.md"
again "a French article touched"
# a translation_key changed: the alternates follow
sed -i 's/^translation_key: report$/translation_key: alone/' "$site/content/2025-10-02-rapport.md"
again "a translation_key changed"
check "the report names no French edition now" \
	sh -c "! grep -A4 '<loc>https://news.example.org/en/news/report/' '$out/sitemap.xml' | grep -q xhtml"

# --outlet: the sitemap and one edition built, the others' pages kept
# from the last build: every edition is still listed, as a whole build
# lists them
cp "$out/sitemap.xml" "$out/sitemap-all.xml" "$tmp/"
echo "Another line." >>"$site/content/2025-11-01-alone.md"
(cd "$site" && "$lede" build -o "$out" --outlet sitemap --outlet sitemap_paged --outlet web) \
	>/dev/null 2>"$tmp/some.err"
check "--outlet web: the sitemap lists every edition still" cmp "$tmp/sitemap.xml" "$out/sitemap.xml"
check "--outlet web: the paged sitemap too" cmp "$tmp/sitemap-all.xml" "$out/sitemap-all.xml"
check "--outlet web: the warning names 'fr'" \
	grep -q "2025-09-01-seul.md): its page in outlet 'fr' does not exist" "$tmp/some.err"
(cd "$site" && "$lede" build -o "$out" --outlet sitemap) >/dev/null 2>"$tmp/some.err"
check "--outlet sitemap: the warning names 'fr'" \
	grep -q "2025-09-01-seul.md): its page in outlet 'fr' does not exist" "$tmp/some.err"
check "--outlet sitemap: the sitemap lists every edition still" cmp "$tmp/sitemap.xml" "$out/sitemap.xml"
again "all outlets again"

# a first build of the sitemap and the French edition only: the English
# and Spanish pages are missing, and the warning says to build both
(cd "$site" && "$lede" build -o "$tmp/some" --outlet sitemap_paged --outlet fr) >/dev/null 2>"$tmp/some.err"
check "--outlet: the warning names every edition outlet not built" grep -qF \
	"their pages in outlets 'web' and 'es' do not exist (not built by this build, nor by the last one); build outlets 'web' and 'es' too (--outlet web --outlet es)" \
	"$tmp/some.err"

# an edition outlet whose filter takes no article of its language (a
# typo, lang: de for es): the Spanish article falls to the first outlet
# listed, which does not publish it; its own warning names the filter,
# apart from the French one the French outlet filtered out
sed -i 's/^    filter: { lang: es }$/    filter: { lang: de }/' "$site/lede.yaml"
(cd "$site" && "$lede" build -o "$tmp/typo") >/dev/null 2>"$tmp/typo.err"
check "a filter taking no article of a language: its own warning" grep -qF \
	"lede.yaml:30:5: warning: outlet 'sitemap': 1 article left out (content/2025-12-20-seminario.md): no outlet of its link_to list takes its language, 'es', by its filter: {lang}, and its page in 'web', the first listed, does not exist; give the outlet of that edition the filter: {lang: es} (a typo there?)" \
	"$tmp/typo.err"
check "...apart from the article its outlet filtered out" grep -qF \
	"outlet 'sitemap': 1 article left out (content/2025-09-01-seul.md): its page in outlet 'fr'" "$tmp/typo.err"

check_done
