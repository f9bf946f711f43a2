#!/usr/bin/env bash
# tests/cli/content.sh LEDE: where the articles are. `content:` names a
# folder under the site, or an absolute one elsewhere (articles kept in
# another checkout); a folder that is not there is an error naming it.
set -uo pipefail
lede=$(realpath "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C TZ=UTC LEDE_NOW=2026-01-01T12:00:00Z
. "$(dirname "$0")/../lib/check.sh"
mkdir -p "$tmp/articles/2020" "$tmp/site"
printf -- '---\ntitle: Elsewhere\ndate: 2020-01-01\n---\nKept in another folder.\n' >"$tmp/articles/2020/a.md"
printf 'site: { title: Abs }\ncontent: %s\noutlets:\n  web: { format: html, path: "{slug}/" }\n' \
	"$tmp/articles" >"$tmp/site/lede.yaml"
(cd "$tmp/site" && "$lede" build -q -o "$tmp/out") 2>"$tmp/err"
check "an absolute content folder builds (exit 0)" test $? = 0
check "its article is published" grep -q "Kept in another folder." "$tmp/out/a/index.html"
check "nothing is reported" test ! -s "$tmp/err"
printf 'site: { title: Abs }\ncontent: %s/nowhere\noutlets:\n  web: { format: html }\n' "$tmp" >"$tmp/site/lede.yaml"
(cd "$tmp/site" && "$lede" build -q -o "$tmp/out2") 2>"$tmp/err"
check "a missing absolute folder is a configuration error (exit 2)" test $? = 2
check "the error names it at its line" grep -q "^lede.yaml:2:10: error: the content folder '$tmp/nowhere' does not exist" "$tmp/err"
check_done
