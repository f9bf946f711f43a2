#!/usr/bin/env bash
# tests/cli/scaffold.sh LEDE: `lede new` makes a plugin whose own test
# passes and a draft article that checks clean; it refuses to overwrite.
set -uo pipefail
lede=$(realpath "$1")
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp lede.yaml "$tmp/"
passed=0 failed=0
check() { # check NAME CMD...
	local name=$1
	shift
	if "$@" >"$tmp/out" 2>&1; then
		passed=$((passed + 1)); echo "ok - $name"
	else
		failed=$((failed + 1)); echo "not ok - $name"; sed 's/^/    /' "$tmp/out" >&2
	fi
}
check "new plugin creates the plugin and its test" "$lede" new -C "$tmp" plugin shout
check "the scaffolded test passes" "$lede" test -C "$tmp" "$tmp/tests/shout_test.lua"
check "lede test without files runs the site's tests/" bash -c "'$lede' test -C '$tmp' | grep -q '^2 passed, 0 failed'"
check "new plugin refuses to overwrite" bash -c "! '$lede' new -C '$tmp' plugin shout"
check "new plugin refuses a bad name" bash -c "! '$lede' new -C '$tmp' plugin 'Bad Name'"
check "new article makes a dated draft" env LEDE_NOW=2021-02-03 "$lede" new -C "$tmp" article 'Seoul "opens" its data'
check "the draft has its title" grep -q 'title: "Seoul \\"opens\\" its data"' "$tmp/content/2021-02-03-seoul-opens-its-data.md"
check "the draft checks clean" "$lede" check -C "$tmp" -q
echo "$passed passed, $failed failed"
((failed == 0))
