#!/usr/bin/env bash
# tests/cli/pages.sh LEDE: a format that says `parallel = true` has its
# index and tag pages made on two states at once (-j 2 and more): the
# pages, the messages its index hook prints (in page order) and the counts
# are those of -j 1, where one state makes them all; a format that does not
# say so, or --strict, keeps them on the main state. Tested on a site with
# enough pages for the second state to be used (see collect.c crew_wanted).
set -uo pipefail
lede=$(realpath "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/../lib/check.sh"
site=$tmp/site
mkdir -p "$site/content" "$site/plugins/formats"
cat >"$site/lede.yaml" <<'YAML'
site: { title: Pages, base_url: "https://pages.example" }
outlets:
  web:
    format: html
    path: "{slug}/"
    index: { path: "index.html", per_page: 1 }
    tags: { path: "tags/{tag}/" }
  list:
    format: listing
    path: "list/{slug}.txt"
    index: { path: "list/index.txt", per_page: 1 }
YAML
# Says something on some pages, fails on one, reads the records (and
# cannot change them), and counts its calls in a value only its own state
# sees: the pages must not show it.
cat >"$site/plugins/formats/listing.lua" <<'LUA'
local calls = 0
return {
  parallel = true,
  render = function(a) return a.title .. "\n" end,
  index = function(list, outlet, page)
    calls = calls + 1
    -- a little work a page, so that the second state, however slowly
    -- it starts (a sanitizer build), is up before the pages run out
    local x = 0
    for i = 1, 100000 do x = x + i end
    if page.number % 9 == 0 then lede.log.warn("page " .. page.number .. " is a ninth") end
    if page.number == 40 then error("page 40 will not do") end
    local out = { "page " .. page.number .. " of " .. page.total }
    for _, a in ipairs(list) do
      out[#out + 1] = a.title .. " " .. a.date:iso() .. " " .. table.concat(a.tags, ",") ..
        " by " .. table.concat(a.authors, ",")
      if page.number == 41 then a.title = "changed" end
    end
    return table.concat(out, "\n") .. "\n"
  end,
}
LUA
for i in $(seq -w 1 90); do
	printf -- '---\ntitle: Story %s\ndate: 2020-01-%02dT10:00:00Z\ntags: [t%s, all]\nauthors: [Writer %s]\n---\nText %s.\n' \
		"$i" "$((10#$i % 28 + 1))" "$((10#$i % 3))" "$((10#$i % 4))" "$i" >"$site/content/story-$i.md"
done

build() { # build NAME ARGS...: into $tmp/NAME, stderr in $tmp/NAME.err
	local name=$1
	shift
	"$lede" build -C "$site" -o "$tmp/$name" "$@" >/dev/null 2>"$tmp/$name.err"
	echo $? >"$tmp/$name.status"
}
build j1 -j 1 --profile
build j2 -j 2 --profile
build j4 -j 4
summary() { grep -v '^  \|^lede: profile' "$1"; } # the messages, not the profile's table

check "-j 1: the failing page is an error (exit 1)" grep -qx 1 "$tmp/j1.status"
check "...its message, once" bash -c "grep -c 'page 40 will not do' '$tmp/j1.err' | grep -qx 1"
check "...a warning for each ninth page, in page order" bash -c \
	"grep -o 'page [0-9]* is a ninth' '$tmp/j1.err' | tr '\n' ' ' | grep -qx 'page 9 is a ninth page 18 is a ninth page 27 is a ninth page 36 is a ninth page 45 is a ninth page 54 is a ninth page 63 is a ninth page 72 is a ninth page 81 is a ninth page 90 is a ninth '"
check "...a record set from the hook is an error" grep -q "cannot set 'title' of a collection record" "$tmp/j1.err"
check "-j 1 makes every page on one state" bash -c "! grep -q 'pages on a second state' '$tmp/j1.err'"
check "-j 2 makes pages on a second state" bash -c "grep -q '^  pages on a second state list ' '$tmp/j2.err' && grep -q '^  pages on a second state web ' '$tmp/j2.err'"
check "-j 2: the same exit status" cmp "$tmp/j1.status" "$tmp/j2.status"
check "-j 2: the same pages" diff -r -x .lede-manifest "$tmp/j1" "$tmp/j2"
check "-j 2: the same messages, in the same order" diff <(summary "$tmp/j1.err") <(summary "$tmp/j2.err")
check "-j 4: the same pages" diff -r -x .lede-manifest "$tmp/j1" "$tmp/j4"
check "-j 4: the same messages" diff <(summary "$tmp/j1.err") "$tmp/j4.err"
check "the index shows the records as the articles left them" grep -qx "Story 70 2020-01-15T10:00:00Z t1,all by Writer 2" "$tmp/j2/list/page/42/index.txt"
check "...and a page whose hook failed is not written" test ! -e "$tmp/j2/list/page/41/index.txt"
check "the html index and tag pages too" bash -c "test -f '$tmp/j2/page/90/index.html' && test -f '$tmp/j2/tags/t2/page/30/index.html'"
# Records on disk (--records-memory 0): both states show them from what
# stays in memory and read their authors back when the hook asks.
build disk -j 2 --records-memory 0 --profile
check "records on disk, -j 2: pages on a second state" bash -c "grep -q 'records on disk' '$tmp/disk.err' && grep -q '^  pages on a second state list ' '$tmp/disk.err'"
check "...the same pages" diff -r -x .lede-manifest "$tmp/j1" "$tmp/disk"
check "...and the same messages" diff <(summary "$tmp/j1.err") <(summary "$tmp/disk.err")

# Without `parallel = true` (a format that keeps something across its
# pages), and with --strict, the main state makes every page.
sed -i 's/^  parallel = true,$//' "$site/plugins/formats/listing.lua"
build serial -j 2 --profile
check "a format that does not say parallel: its pages on the main state" bash -c \
	"! grep -q 'second state list' '$tmp/serial.err' && grep -q 'second state web' '$tmp/serial.err'"
check "...and the same pages" diff -r -x .lede-manifest "$tmp/j1" "$tmp/serial"
build strict -j 2 --strict --profile
check "--strict: every page on the main state" bash -c "! grep -q 'second state' '$tmp/strict.err'"
check_done
