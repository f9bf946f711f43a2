#!/usr/bin/env bash
# tests/ninjs/validate.sh [OUTDIR]: validates every ninjs document under
# OUTDIR (default: the ninjs golden test's expected output) against IPTC's
# ninjs 2.2 schema with ../shared/tools/check_ninjs.py. A ninjs document is
# a JSON file whose top level is an object with a "uri"; other JSON (the
# index) is listed and left alone. Prints ok/not ok lines and
# "N passed, M failed"; exit 1 on any failure, "# skipped" without the tools.
set -uo pipefail
cd "$(dirname "$0")/../.."
out=${1:-tests/golden/ninjs/expected/public}
schema=../shared/conformance/ninjs/ninjs-schema_2.2.json
checker=../shared/tools/check_ninjs.py
py=/usr/bin/python3

if [ ! -f "$schema" ] || [ ! -f "$checker" ]; then
	echo "# skipped: ninjs schema or checker missing (../shared)"
	exit 0
fi
if [ ! -x "$py" ] || ! "$py" -c 'import jsonschema' 2>/dev/null; then
	echo "# skipped: /usr/bin/python3 with jsonschema missing"
	exit 0
fi
if [ ! -d "$out" ]; then
	echo "not ok - ninjs: no folder $out"
	echo "0 passed, 1 failed"
	exit 1
fi

passed=0
failed=0
while IFS= read -r -d '' f; do
	kind=$("$py" -c '
import json, sys
try:
    d = json.load(open(sys.argv[1], encoding="utf-8"))
except ValueError as e:
    print("invalid: %s" % e)
    sys.exit()
print("ninjs" if isinstance(d, dict) and "uri" in d else "other")
' "$f")
	case $kind in
	ninjs)
		if msg=$("$py" "$checker" "$schema" "$f" 2>&1); then
			echo "ok - ninjs: $f"
			passed=$((passed + 1))
		else
			echo "not ok - ninjs: $f"
			grep -v 'passed, .* failed' <<<"$msg" | sed 's/^/    /'
			failed=$((failed + 1))
		fi
		;;
	other)
		echo "# not a ninjs document: $f"
		;;
	*)
		echo "not ok - ninjs: $f: $kind"
		failed=$((failed + 1))
		;;
	esac
done < <(find "$out" -name '*.json' -type f -print0 | sort -z)
# An output with no document at all is a broken build, not a pass.
if ((passed + failed == 0)); then
	echo "not ok - ninjs: no ninjs document under $out"
	failed=1
fi
echo "$passed passed, $failed failed"
((failed == 0))
