#!/usr/bin/env bash
# tests/cli/progress.sh LEDE: on a terminal, a build that runs for more
# than a second shows one progress line ("publishing: N/M articles, R/s")
# redrawn over itself with \r and cleared before the summary; none with
# -q, none when stderr is not a terminal. The terminal is script(1)'s
# pseudo-terminal. A plugin spins 0.2 s of CPU per article, so the eight
# articles take more than a second however busy the machine is.
set -uo pipefail
lede=$(realpath "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/../lib/check.sh"
if ! command -v script >/dev/null; then
	echo "# skipped: no script(1) (util-linux)"
	exit 0
fi
site=$tmp/site
mkdir -p "$site/content" "$site/plugins"
cat >"$site/lede.yaml" <<'YAML'
site: { title: Slow, base_url: "https://slow.example" }
plugins: [slow]
outlets:
  web: { format: html, path: "{slug}/" }
YAML
cat >"$site/plugins/slow.lua" <<'LUA'
return {
  article = function(a)
    local t = os.clock()
    while os.clock() - t < 0.2 do end
    if a.title == "Story 8" then lede.log.warn("story 8 is slow") end
  end,
}
LUA
for i in 1 2 3 4 5 6 7 8; do
	printf -- '---\ntitle: Story %s\ndate: 2020-01-0%s\n---\nText %s.\n' "$i" "$i" "$i" \
		>"$site/content/story-$i.md"
done
tty() { # tty OUT ARGS...: lede on a terminal, what it showed in OUT
	local out=$1
	shift
	script -qec "$(printf '%q ' "$lede" "$@")" /dev/null </dev/null >"$out" 2>&1
}

tty "$tmp/tty" build -C "$site" -o "$tmp/public" -j 1
check "on a terminal: a progress line" grep -q -a -E $'\rpublishing: [0-9]+/8 articles, [0-9.]+/s\e\\[K' "$tmp/tty"
check "it counts up to 8 of 8" grep -q -a 'publishing: 8/8 articles' "$tmp/tty"
check "cleared before the summary" grep -q -a $'\r\e\\[Klede: 8 of 8 articles ready' "$tmp/tty"
check "cleared before a message" grep -q -a $'\r\e\\[K[^\r]*warning: story 8 is slow' "$tmp/tty"
# What a terminal keeps of each line is what follows its last \r.
check "no line keeps it" bash -c "! awk -F '\r' '\$NF ~ /publishing/' '$tmp/tty' | grep -q ."

tty "$tmp/quiet" build -C "$site" -o "$tmp/public" -j 1 -q
check "-q: no progress line" bash -c "grep -q -a 'story 8 is slow' '$tmp/quiet' && ! grep -q -a publishing '$tmp/quiet'"

"$lede" build -C "$site" -o "$tmp/public" -j 1 >"$tmp/pipe.out" 2>"$tmp/pipe.err"
check "stderr not a terminal: no progress line" bash -c "grep -q 'articles ready' '$tmp/pipe.err' && ! grep -q -a -E 'publishing|'$'\r' '$tmp/pipe.err'"

echo "# progress: $passed passed, $failed failed"
((failed == 0))
