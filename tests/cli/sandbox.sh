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

# A template render runs in C, where the Lua count hook never fires: a
# 60-byte template of eight sections over a ten-item list makes 1 GB. The
# render checks the budget and the time limit as it goes: the sandboxed
# plugin stops at its 1 MB (not at 1 GB, after twenty seconds), and a
# trusted one at hook_seconds; the other articles publish.
mkdir -p "$tmp/t/content" "$tmp/t/plugins"
for n in a b c; do printf -- '---\ntitle: Story %s\ndate: 2020-07-24\n---\nText.\n' "$n" >"$tmp/t/content/$n.md"; done
cat >"$tmp/t/plugins/nest.lua" <<'LUA'
local levels = 8
return {
  setup = function(site, opts) levels = opts.levels or levels end,
  article = function(a)
    if a.slug ~= "b" then return end
    lede.template.render(string.rep("{{#l}}", levels) .. "xxxxxxxxxx" .. string.rep("{{/l}}", levels),
      { l = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 } })
  end,
}
LUA
# (a lede without the checks would take gigabytes: bounded here by a
# virtual memory limit, but for a sanitizer build, which reserves
# terabytes of address space up front)
limit="ulimit -v 3000000"
# (read whole first: with pipefail, `ldd | grep -q` fails when grep exits
# at its match before ldd has written the rest, SIGPIPE: the limit then
# came on a sanitizer build, now and then, and killed it at its start)
deps=$(ldd "$lede" 2>/dev/null || true)
syms=$(nm "$lede" 2>/dev/null || true)
if grep -q -E 'libasan|libubsan' <<<"$deps" || grep -q __asan_init <<<"$syms"; then
	limit=:
fi
cat >"$tmp/t/lede.yaml" <<'YAML'
site: { title: T }
plugins: [{ name: nest, sandbox: true, memory: 1000000 }]
outlets:
  web: { format: html, path: "{slug}/" }
YAML
(cd "$tmp/t" && $limit && "$lede" build -q -o "$tmp/tout") 2>"$tmp/terr"
check "a sandboxed template render over its budget: exit 1" test $? = 1
check "...stopped at the budget" grep -q \
	"plugins/nest.lua:[0-9]*: in hook 'article' for content/b.md: memory budget of 1000000 bytes exceeded (sandbox)" \
	"$tmp/terr"
check "...the other articles publish" test -s "$tmp/tout/a/index.html" -a -s "$tmp/tout/c/index.html"
cat >"$tmp/t/lede.yaml" <<'YAML'
site: { title: T }
plugins: [{ name: nest, options: { levels: 9 } }]
limits: { hook_seconds: 1 }
outlets:
  web: { format: html, path: "{slug}/" }
YAML
(cd "$tmp/t" && $limit && "$lede" build -q -o "$tmp/tout2") 2>"$tmp/terr2"
check "a trusted plugin's render past hook_seconds: exit 1" test $? = 1
check "...stopped by the time limit or the output limit, not the machine" grep -q -E \
	"content/b.md: \(inline template\):1:[0-9]*: error: .*(still running after 1 s|the rendered text passed 256 MB)" \
	"$tmp/terr2"
check "...the other articles publish" test -s "$tmp/tout2/a/index.html" -a -s "$tmp/tout2/c/index.html"

# lede.markdown runs in cmark, whose allocator cannot stop a parse: 300,000
# copies of "*a* " take it 230 MB. What the parse may take counts against
# a sandbox's budget before cmark starts (lede_markdown_cost): the plugin
# stops at its 1 MB, at once, and the other articles publish. An article
# of such markup is refused before its parse too, when that may take more
# than 64 times limits.article_mb (here 0.1 MiB: 6.4 MiB).
mkdir -p "$tmp/m/content" "$tmp/m/plugins"
for n in a b c; do printf -- '---\ntitle: Story %s\ndate: 2020-07-24\n---\nText.\n' "$n" >"$tmp/m/content/$n.md"; done
cat >"$tmp/m/plugins/md.lua" <<'LUA'
return {
  article = function(a)
    if a.slug == "b" then lede.markdown(string.rep("*a* ", 300000)) end
  end,
}
LUA
cat >"$tmp/m/lede.yaml" <<'YAML'
site: { title: T }
plugins: [{ name: md, sandbox: true, memory: 1000000 }]
limits: { article_mb: 0.1 }
outlets:
  web: { format: html, path: "{slug}/" }
YAML
{
	printf -- '---\ntitle: Dense\ndate: 2020-07-24\n---\n\n'
	for i in $(seq 6000); do printf '*a* *b* *c* '; done
	printf '\n'
} >"$tmp/m/content/dense.md"
(cd "$tmp/m" && $limit && "$lede" build -q -o "$tmp/mout") 2>"$tmp/merr"
check "lede.markdown in a sandbox, over its budget: exit 1" test $? = 1
check "...stopped at the budget, before cmark" grep -q \
	"plugins/md.lua:3: in hook 'article' for content/b.md: memory budget of 1000000 bytes exceeded (sandbox)" \
	"$tmp/merr"
check "...an article of dense markup refused, at its body's first line" grep -q \
	"content/dense.md:5:1: error: so much markup (70 KiB of text, 35 KiB of it line breaks and punctuation) that parsing it may take 18 MiB, more than the 6.4 MiB one article may (64 times .limits: {article_mb: N}.); split it" \
	"$tmp/merr"
check "...the other articles publish" test -s "$tmp/mout/a/index.html" -a -s "$tmp/mout/c/index.html"
# A sandboxed plugin's lede.node (a copy) answers Pandoc's names as the
# real one does, and its metatable is not to be reached.
mkdir -p "$tmp/pd/content" "$tmp/pd/plugins"
cat >"$tmp/pd/lede.yaml" <<'YAML'
site: { title: P, base_url: https://p.example }
outlets:
  web: { format: html, path: "{slug}/", plugins: [{ name: ported, sandbox: true }] }
YAML
cat >"$tmp/pd/plugins/ported.lua" <<'LUA'
return { transform = function(a)
  assert(getmetatable(lede.node) == false)
  return lede.node.Str("x")
end }
LUA
printf -- '---\ntitle: A\ndate: 2026-01-01\n---\nText.\n' >"$tmp/pd/content/a.md"
(cd "$tmp/pd" && "$lede" build -o "$tmp/pdout") >/dev/null 2>"$tmp/pderr"
check "sandboxed: lede.node.Str names lede's Text" grep -q "no lede.node.Str: Pandoc's Str is lede's Text" "$tmp/pderr"
check_done
