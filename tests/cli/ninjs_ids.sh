#!/usr/bin/env bash
# tests/cli/ninjs_ids.sh LEDE: two articles with one id: are a warning at
# the id: of the second (tests/golden/ninjs-duplicate-id), at its line and
# column in an incremental build too, where the wire index sees the
# articles kept from the last build as records, without their places.
set -uo pipefail
lede=$(realpath "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C TZ=UTC LEDE_NOW=2026-01-01T12:00:00Z
. "$root/tests/lib/check.sh"

site=$tmp/site
cp -r "$root/tests/golden/ninjs-duplicate-id" "$site"
rm -rf "$site/expected"
(cd "$site" && "$lede" build -o "$tmp/out") >/dev/null 2>"$tmp/first.err"
check "a clean build warns at each id:" \
	diff <(grep -v '^lede: ' "$root/tests/golden/ninjs-duplicate-id/expected/stderr") \
	<(grep -v '^lede: ' "$tmp/first.err")
echo "More." >>"$site/content/e.md"
(cd "$site" && "$lede" build -o "$tmp/out" -j 4) >/dev/null 2>"$tmp/inc.err"
check "an incremental build, the others kept, warns at the same places" \
	diff <(grep -v '^lede: ' "$tmp/first.err") <(grep -v '^lede: ' "$tmp/inc.err")
# a huge id: named short, so the advice after it is not cut off
big="tag:example.org,2020:$(printf 'x%.0s' $(seq 1 3000))"
for n in x1 x2; do
	printf -- '---\ntitle: %s\ndate: 2025-10-05T10:00:00Z\nid: "%s"\n---\nT.\n' "$n" "$big" >"$site/content/$n.md"
done
(cd "$site" && "$lede" build -o "$tmp/out") >/dev/null 2>"$tmp/big.err"
check "a huge id: shortened in the warning, the advice whole" grep -q \
	"^content/x2.md:4:5: warning: its id: 'tag:example.org,2020:x*\.\.\.' is also the ninjs uri of content/x1.md (its id:), .*give each article its own id:$" \
	"$tmp/big.err"
check_done
