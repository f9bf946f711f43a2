#!/usr/bin/env bash
# tests/cli/template_typos.sh LEDE: a template's tag that renders as
# nothing by mistake ({{titel}}, {{>heder}}) warns once for the build, the
# same way at any -j, and an incremental build that reuses the pages
# (which are not rendered again) says what a full build says: the
# warning is kept with each page that met it, and said again by a reuse.
# The warning goes with the typo, and an optional name guarded by a
# section never warns.
set -uo pipefail
lede=$(realpath "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C TZ=UTC LEDE_NOW=2026-01-01T12:00:00Z
. "$root/tests/lib/check.sh"
site=$tmp/site
. "$root/tests/lib/incremental.sh"

cp -r "$root/tests/golden/template-typos" "$site"
rm -rf "$site/expected"
step() {
	local name=$1
	shift
	incr "$@"
	full "$@"
	check "$name: incremental = full" same_as_full
}
warnings() { grep -c ': warning: ' "$1"; }
reused() { sed -n 's/.*(\([0-9]*\) unchanged).*/\1/p' "$tmp/incr.err"; }

step "first build"
check "three typos, three warnings" test "$(warnings "$tmp/full.err")" = 3
check "the summary counts them once" grep -q ', 3 warnings$' "$tmp/full.err"
step "nothing changed"
check "every page reused" test "$(reused)" = 3
check "a reuse says them again" test "$(warnings "$tmp/incr.err")" = 3

# The page that said them first goes: the next one in path order says them.
rm "$site/content/a1.md"
step "the first page removed"
check "said by the next page" grep -q 'rendering content/a2.md' "$tmp/incr.err"
check "the others reused" test "$(reused)" = 2

# One page edited: rendered again, the other reused; the same messages.
echo "More." >>"$site/content/a3.md"
step "a page edited"
check "one page rendered again" test "$(reused)" = 1

for j in 1 2 4; do
	(cd "$site" && "$lede" build --full -q -j "$j" -o "$tmp/j$j") 2>"$tmp/j$j.err"
done
check "the same messages at -j 1, 2 and 4" \
	sh -c "cmp '$tmp/j1.err' '$tmp/j2.err' && cmp '$tmp/j1.err' '$tmp/j4.err'"

# The typos fixed: no warning, and nothing reused says an old one.
sed -i 's/titel/title/g; s/heder/header/' "$site/templates/page.mustache"
step "the typos fixed"
check "no warning" test "$(warnings "$tmp/incr.err")" = 0
step "nothing changed again"
check "no warning from a reused page" test "$(warnings "$tmp/incr.err")" = 0

# A table of more names than are compared (256) gives no did-you-mean:
# which of them Lua gives first changes from one build (one -j) to the
# next, so a part of them would make the message change too. 650 names
# one or two edits from {{meta.zzzzzz}} (zzzzaa to zzzzzy): any part of them had
# one to offer.
big=$tmp/big
mkdir -p "$big/content" "$big/templates"
printf 'site: { title: Big }\noutlets:\n  web: { format: html, path: "{slug}/", template: page }\n' \
	>"$big/lede.yaml"
printf '{{meta.zzzzzz}}\n' >"$big/templates/page.mustache"
{
	printf -- '---\ntitle: A\ndate: 2025-01-01\n'
	for a in a b c d e f g h i j k l m n o p q r s t u v w x y z; do
		for b in a b c d e f g h i j k l m n o p q r s t u v w x y; do
			printf 'zzzz%s%s: v\n' "$a" "$b"
		done
	done
	printf -- '---\nText.\n'
} >"$big/content/a.md"
for j in 1 4; do
	(cd "$big" && "$lede" build --full -q -j "$j" -o "$tmp/big$j") 2>"$tmp/big$j.err"
done
check "too many names: no did-you-mean, at -j 1" test "$(warnings "$tmp/big1.err")" = 0
check "too many names: no did-you-mean, at -j 4" test "$(warnings "$tmp/big4.err")" = 0

check_done
