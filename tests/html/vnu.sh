#!/usr/bin/env bash
# tests/html/vnu.sh DIR...: every .html file under DIR has no error for the
# Nu HTML Checker (the W3C validator, vnu.jar). Optional: it runs when
# LEDE_VNU names vnu.jar (npm's vnu-jar package has it:
# `npm install --prefix /tmp/vnu vnu-jar`, then
# LEDE_VNU=/tmp/vnu/node_modules/vnu-jar/build/dist/vnu.jar) and java is
# installed; otherwise it says it is skipped. It downloads nothing.
set -uo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${LEDE_VNU:-}" ]; then
	echo "# skipped: set LEDE_VNU to the path of vnu.jar to check the pages with the Nu HTML Checker"
	exit 0
fi
if [ ! -f "$LEDE_VNU" ]; then
	echo "not ok - vnu: LEDE_VNU=$LEDE_VNU is not a file (the path of vnu.jar)"
	exit 1
fi
if ! command -v java >/dev/null 2>&1; then
	echo "# skipped: java is not installed, so vnu.jar cannot run"
	exit 0
fi
mapfile -d '' files < <(find "$@" -name '*.html' -print0 | sort -z)
if ((${#files[@]} == 0)); then
	echo "not ok - vnu: no .html files under $*"
	exit 1
fi
# One run for every file (the JVM starts once); each error is a line
# "\"file:/ABSOLUTE/PATH\":LINE.COL-LINE.COL: error: MESSAGE" (--format gnu).
report=$(java -jar "$LEDE_VNU" --errors-only --format gnu "${files[@]}" 2>&1)
rc=$?
passed=0 failed=0
for f in "${files[@]}"; do
	at="\"file:$(realpath "$f")\":"
	if grep -q -F "$at" <<<"$report"; then
		failed=$((failed + 1))
		echo "not ok - vnu $f"
		grep -F "$at" <<<"$report" | sed 's/^/    /' | head -10 >&2
	else
		passed=$((passed + 1))
		echo "ok - vnu $f"
	fi
done
# (a failure the per-file lines do not show: the checker itself failed)
if ((failed == 0 && rc != 0)); then
	echo "not ok - vnu: java -jar $LEDE_VNU exited $rc"
	sed 's/^/    /' <<<"$report" | head -10 >&2
	failed=1
fi
echo "$passed passed, $failed failed"
((failed == 0))
