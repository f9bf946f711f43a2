#!/usr/bin/env bash
# tests/cli/help.sh LEDE: `lede CMD --help` (or -h) prints the usage and
# exits 0 for every command, doing nothing else: a newcomer's first try,
# which used to be "unknown option '--help'" (build, check, extract,
# serve), a failed test (`lede test --help`), an error about lede.yaml
# (`lede run --help`), or a new site made in a folder named --help
# (`lede new site --help`). The synopsis docs/cli.md shows is the one
# `lede --help` prints.
set -uo pipefail
lede=$(realpath "$1")
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/../lib/check.sh"
mkdir -p "$tmp/empty"
for c in build check extract run test serve new "new site" "new plugin" "new article" \
	"build -C ." "run -C ." "new -C ." "new -C . site"; do
	for h in --help -h; do
		# shellcheck disable=SC2086 # the command's words
		check "lede $c $h prints the usage, exit 0" bash -c \
			"cd '$tmp/empty' && '$lede' $c $h >'$tmp/out' 2>'$tmp/err' && grep -q '^usage: lede build' '$tmp/out' && ! test -s '$tmp/err'"
		check "...and makes nothing" bash -c "test -z \"\$(ls -A '$tmp/empty')\""
		rm -rf "$tmp/empty" && mkdir -p "$tmp/empty"
	done
done
# After `--`, or after a script's name, --help is an argument, not an option.
printf 'print("script got " .. arg[1])\n' >"$tmp/s.lua"
check "lede run SCRIPT --help hands --help to the script" bash -c \
	"'$lede' run -o '$tmp/out-run' '$tmp/s.lua' --help | grep -qx 'script got --help'"
check "lede extract -- --help reads a file named --help" bash -c \
	"cd '$tmp/empty' && ! '$lede' extract -- --help 2>&1 | grep -q '^usage:'"
# docs/cli.md's synopsis names every option `lede --help`'s does (build's
# --no-prune, --full and --allow-empty were missing there).
"$lede" --help | sed -n '/^usage:/,/^$/p' | sed 's/^usage: //; s/^ *//' | sed '/^$/d' >"$tmp/help-synopsis"
awk '/^```$/ && !seen { inblk = 1; seen = 1; next } inblk && /^```$/ { exit } inblk { print }' \
	docs/cli.md | sed 's/^ *//' >"$tmp/doc-synopsis"
check "docs/cli.md's synopsis holds every option of lede --help's" bash -c \
	"tr ' []|.' '\n' <'$tmp/help-synopsis' | grep -E '^--?[a-zA-Z]' | sort -u >'$tmp/h'; tr ' []|.' '\n' <'$tmp/doc-synopsis' | grep -E '^--?[a-zA-Z]' | sort -u >'$tmp/d'; diff '$tmp/h' '$tmp/d'"
check_done
