#!/usr/bin/env bash
# tests/cli/sandbox.sh LEDE: a sandboxed plugin that spends its memory
# budget on what lede hands it (here a.quotes of an article with 20,000
# quotations, read in an outlet's transform) fails that article in that
# outlet alone: lede itself goes on (no abort), the error names the
# budget, the other outlet and the other article publish, exit 1.
set -uo pipefail
lede=$(realpath "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C TZ=UTC LEDE_NOW=2026-01-01T12:00:00Z
. "$(dirname "$0")/../lib/check.sh"

mkdir -p "$tmp/site/content" "$tmp/site/plugins"
cat >"$tmp/site/lede.yaml" <<'YAML'
site: { title: Q, base_url: https://q.example }
outlets:
  web:
    format: html
    path: "{slug}/"
    plugins: [{ name: count, sandbox: true, memory: 1000000 }]
  wire: { format: ninjs, path: "wire/{slug}.json" }
YAML
cat >"$tmp/site/plugins/count.lua" <<'LUA'
return { transform = function(a) a.meta.quotes = #a.quotes end }
LUA
{
	printf -- '---\ntitle: Many\ndate: 2026-01-01\n---\n'
	for i in $(seq 20000); do printf '\n"Line %d is fine," said Ana Ruiz.\n' "$i"; done
} >"$tmp/site/content/many.md"
printf -- '---\ntitle: Few\ndate: 2026-01-02\n---\n"Yes," said Tom Berg.\n' >"$tmp/site/content/few.md"

(cd "$tmp/site" && "$lede" build -o "$tmp/out") >/dev/null 2>"$tmp/err"
status=$?
check "over its budget: exit 1, not an abort" test "$status" = 1
check "...no unprotected error" sh -c "! grep -q 'unprotected error' '$tmp/err'"
check "...the error names the budget and the article" \
	grep -q "in hook 'transform' for content/many.md: memory budget of 1000000 bytes exceeded" "$tmp/err"
check "...its other outlet publishes (the quotes all there)" \
	sh -c "test \$(grep -o 'Line [0-9]* is fine' '$tmp/out/wire/many.json' | wc -l) -ge 20000"
check "...the other article publishes in both" \
	test -s "$tmp/out/few/index.html" -a -s "$tmp/out/wire/few.json"
check "...and not this one's web page" test ! -e "$tmp/out/many/index.html"
check_done
