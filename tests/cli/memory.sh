#!/usr/bin/env bash
# tests/cli/memory.sh LEDE: memory does not grow with what is thrown away.
# A script that parses a 200 KB text with lede.markdown() 300 times,
# keeping nothing, peaks far below the 1.1 GB it took when every parse's
# nodes stayed in one scratch arena for the life of the state. The peak is
# the process's own (VmHWM in /proc/self/status), read by the script.
set -uo pipefail
lede=$(realpath "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
mkdir -p "$tmp/site/content"
printf 'site: { title: Memory }\noutlets:\n  web: { format: html }\n' >"$tmp/site/lede.yaml"
cat >"$tmp/site/parse.lua" <<'LUA'
local text = string.rep("Some *text* with a [link](https://example.org) and more words.\n\n", 3000)
local paragraphs = 0
for _ = 1, 300 do
  paragraphs = paragraphs + #lede.markdown(text):children()
end
local status = io.open("/proc/self/status"):read("a")
print(paragraphs, status:match("VmHWM:%s*(%d+) kB"))
LUA
if [ ! -r /proc/self/status ]; then
	echo "# skipped: no /proc/self/status"
	exit 0
fi
# ASan keeps freed memory in a quarantine (256 MB by default): keep it
# small here, or it is what the peak measures.
read -r paragraphs peak < <(cd "$tmp/site" && ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=16" "$lede" run parse.lua 2>"$tmp/err")
if [ "${paragraphs:-}" = 900000 ]; then
	passed=$((passed + 1)); echo "ok - 300 parses of 3000 paragraphs each"
else
	failed=$((failed + 1)); echo "not ok - 300 parses of 3000 paragraphs each (got '${paragraphs:-}')"; cat "$tmp/err" >&2
fi
# 400 MB: several times what the parses need at once (one text's nodes,
# about 20 MB under the sanitizers), a third of what keeping them took.
if [ -n "${peak:-}" ] && [ "$peak" -lt 400000 ]; then
	passed=$((passed + 1)); echo "ok - peak memory ${peak} kB stays under 400 MB"
else
	failed=$((failed + 1)); echo "not ok - peak memory ${peak:-?} kB stays under 400 MB"
fi
echo "$passed passed, $failed failed"
((failed == 0))
