#!/usr/bin/env bash
# tests/docs/check.sh LEDE: the examples in the docs that are not `lua test`
# blocks (tests/run.sh runs those): every ```lua block must compile, and
# every ```c block against include/lede.h alone; a
# ```lua plugin block is installed as a plugin of a copy of the sample site
# and `lede check` must pass; a ```lua block in docs/scripts.md runs with
# `lede run` on the sample site; a ```yaml block that configures outlets is
# the lede.yaml of a copy of the sample site and `lede check` must pass.
set -uo pipefail
lede=$(realpath "$1")
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/blocks"
awk -v dir="$tmp/blocks" '
	FNR == 1 { n = 0; base = FILENAME; sub(/^.*\//, "", base); sub(/\.md$/, "", base) }
	/^```(lua|yaml)/ && !inblk {
		info = substr($0, 4); sub(/[[:space:]]+$/, "", info)
		if (info == "lua test") next
		kind = info == "lua plugin" ? "plugin" : info ~ /^lua/ ? (base == "scripts" ? "script" : "lua") : "yaml"
		n++; out = sprintf("%s/%s-%02d.%s", dir, base, n, kind); inblk = 1; next
	}
	/^```c[[:space:]]*$/ && !inblk { n++; out = sprintf("%s/%s-%02d.c", dir, base, n); inblk = 1; next }
	inblk && /^```[[:space:]]*$/ { inblk = 0; close(out); next }
	inblk { print > out }
' docs/*.md README.md

passed=0 failed=0
result() { # result OK NAME LOG
	if [ "$1" = 0 ]; then
		passed=$((passed + 1)); echo "ok - $2"
	else
		failed=$((failed + 1)); echo "not ok - $2"; sed 's/^/    /' "$3" | head -15 >&2
	fi
}
site() { # a fresh copy of the sample site
	rm -rf "$tmp/site" && mkdir -p "$tmp/site" && cp -r lede.yaml content "$tmp/site/"
}

for f in "$tmp"/blocks/*; do
	name=$(basename "$f")
	case "$f" in
	*.c)
		cc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -fsyntax-only -Iinclude "$f" >"$tmp/log" 2>&1
		result $? "docs: $name compiles against include/lede.h" "$tmp/log"
		;;
	*.lua)
		printf 'test("compiles", function()\n  local f = assert(io.open([[%s]]))\n  local src = f:read("a")\n  f:close()\n  assert(load(src, "=%s", "t"))\nend)\n' "$f" "$name" >"$tmp/compile_test.lua"
		"$lede" test "$tmp/compile_test.lua" >"$tmp/log" 2>&1
		result $? "docs: $name compiles" "$tmp/log"
		;;
	*.plugin)
		site
		mkdir -p "$tmp/site/plugins"
		cp "$f" "$tmp/site/plugins/docexample.lua"
		sed -i 's/^plugins: \[\(.*\)\]/plugins: [\1, docexample]/' "$tmp/site/lede.yaml"
		"$lede" check -C "$tmp/site" -q >"$tmp/log" 2>&1
		result $? "docs: $name works as a plugin" "$tmp/log"
		;;
	*.script)
		site
		"$lede" run -C "$tmp/site" -o "$tmp/out" "$f" >"$tmp/log" 2>&1
		result $? "docs: $name runs as a script" "$tmp/log"
		;;
	*.yaml)
		if head -1 "$f" | grep -q '^# \.github/workflows/'; then
			# A CI workflow: valid YAML (lede's own libyaml reads it:
			# anything but a syntax error is fine), and every `lede
			# build` it runs takes its options on the sample site.
			"$lede" check -c "$f" >"$tmp/log" 2>&1
			! grep -q 'invalid YAML' "$tmp/log"
			result $? "docs: $name is valid YAML" "$tmp/log"
			while read -r opts; do
				site
				# shellcheck disable=SC2086 # the options as the recipe gives them
				"$lede" build -C "$tmp/site" -o "$tmp/out" $opts >"$tmp/log" 2>&1
				result $? "docs: $name runs 'lede build $opts'" "$tmp/log"
			done < <(grep -o 'lede build\( -[^ &|]*\)\+' "$f" | sed 's/^lede build *//')
			continue
		fi
		grep -q '^outlets:' "$f" || continue
		site
		cp "$f" "$tmp/site/lede.yaml"
		"$lede" check -C "$tmp/site" -q >"$tmp/log" 2>&1
		result $? "docs: $name is a working lede.yaml" "$tmp/log"
		;;
	esac
done
# The cron line of docs/cli.md's "Publishing from CI": its `lede build`
# options work on the sample site, as the workflow's do.
while read -r opts; do
	site
	# shellcheck disable=SC2086 # the options as the recipe gives them
	"$lede" build -C "$tmp/site" -o "$tmp/out" $opts >"$tmp/log" 2>&1
	result $? "docs: cli.md's cron line runs 'lede build $opts'" "$tmp/log"
done < <(grep '^\*/[0-9]* \* \* \* \* .*lede build' docs/cli.md | grep -o 'lede build\( -[^ &|]*\)\+' | sed 's/^lede build *//')

echo "$passed passed, $failed failed"
((failed == 0))
