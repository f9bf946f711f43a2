#!/usr/bin/env bash
# tests/html/validate.sh DIR...: every .html file under DIR must pass
# html-validate (npm package, version 10) with its recommended rules. The
# one change (tests/html/htmlvalidate.json): titles up to 200 characters,
# since news headlines routinely pass the 70-character SEO hint.
# html-validate is installed into build/tools on first use; without npm
# the check is skipped.
set -uo pipefail
cd "$(dirname "$0")/../.."
tools=build/tools
bin=$tools/node_modules/.bin/html-validate
if [ ! -x "$bin" ]; then
	if ! command -v npm >/dev/null 2>&1; then
		echo "# skipped: npm is not installed, so html-validate cannot be"
		exit 0
	fi
	mkdir -p "$tools"
	if ! npm install --silent --no-audit --no-fund --prefix "$tools" html-validate@10 >"$tools/npm.log" 2>&1; then
		echo "# skipped: npm could not install html-validate (see $tools/npm.log)"
		exit 0
	fi
fi
mapfile -d '' files < <(find "$@" -name '*.html' -print0 | sort -z)
if ((${#files[@]} == 0)); then
	echo "not ok - html-validate: no .html files under $*"
	echo "0 passed, 1 failed"
	exit 1
fi
# One run for every file (node starts once); the text formatter prints
# "file:line:col: severity [rule] message" per problem.
report=$("$bin" --config tests/html/htmlvalidate.json --formatter text "${files[@]}" 2>&1)
passed=0 failed=0
for f in "${files[@]}"; do
	if grep -q -F "$f:" <<<"$report"; then
		failed=$((failed + 1))
		echo "not ok - html-validate $f"
		grep -F "$f:" <<<"$report" | sed 's/^/    /' | head -10 >&2
	else
		passed=$((passed + 1))
		echo "ok - html-validate $f"
	fi
done
echo "$passed passed, $failed failed"
((failed == 0))
