#!/usr/bin/env bash
# tests/feeds/validate.sh OUTDIR: checks the feeds a build wrote to OUTDIR
# (feed.rss, feed.atom, feed.json) against the Atom RELAX NG schema and the
# shared feed checker. Prints ok/not ok per check, "# skipped" when a tool
# or ../shared is missing, and ends with "N passed, M failed".
set -uo pipefail
[ $# -eq 1 ] || { echo "usage: tests/feeds/validate.sh OUTDIR" >&2; exit 2; }
out=$(cd "$1" 2>/dev/null && pwd) || { echo "tests/feeds/validate.sh: no directory $1" >&2; exit 2; }
cd "$(dirname "$0")/../.." || exit 2
shared=../shared
rng=$shared/conformance/feeds/atom/atom.rng
schema=$shared/conformance/feeds/jsonfeed/schema-v1.1.json
checker=$shared/tools/check_feed.py
py=/usr/bin/python3
feeds=(feed.rss feed.atom feed.json)
passed=0
failed=0

ok() { echo "ok - $1"; passed=$((passed + 1)); }
bad() { echo "not ok - $1"; failed=$((failed + 1)); }
say() { sed 's/^/    /' >&2; }

# Checks that need no tool: every feed is there, and none holds a character
# XML 1.0 forbids (C0 controls other than tab, newline, return).
for f in "${feeds[@]}"; do
	if [ -s "$out/$f" ]; then ok "$f written"; else bad "$f written"; fi
done
if LC_ALL=C grep -l -P '[\x00-\x08\x0B\x0C\x0E-\x1F]' "$out/feed.rss" "$out/feed.atom" >/dev/null 2>&1; then
	bad "XML feeds hold no raw control characters"
else
	ok "XML feeds hold no raw control characters"
fi

# Atom against RFC 4287's RELAX NG schema: jing, else xmllint.
if [ ! -f "$rng" ]; then
	echo "# skipped: Atom schema ($rng missing)"
elif command -v jing >/dev/null; then
	# jing's launcher warns about optional jars on stderr: keep only errors.
	if msg=$(jing "$rng" "$out/feed.atom" 2>&1); then
		ok "feed.atom valid against atom.rng (jing)"
	else
		bad "feed.atom valid against atom.rng (jing)"
		grep -v '^\[warning\]' <<<"$msg" | say
	fi
elif command -v xmllint >/dev/null; then
	if msg=$(xmllint --noout --relaxng "$rng" "$out/feed.atom" 2>&1); then
		ok "feed.atom valid against atom.rng (xmllint)"
	else
		bad "feed.atom valid against atom.rng (xmllint)"
		say <<<"$msg"
	fi
else
	echo "# skipped: Atom schema (neither jing nor xmllint installed)"
fi

# The shared checker: feedparser without bozo, RSS/Atom structure, JSON Feed
# structure and its JSON Schema.
if [ ! -f "$checker" ]; then
	echo "# skipped: check_feed.py ($checker missing)"
elif [ ! -x "$py" ] || ! "$py" -c 'import feedparser' 2>/dev/null; then
	echo "# skipped: check_feed.py (needs $py with python3-feedparser)"
else
	opts=()
	if [ ! -f "$schema" ]; then
		echo "# skipped: JSON Feed schema ($schema missing)"
	elif ! "$py" -c 'import jsonschema' 2>/dev/null; then
		echo "# skipped: JSON Feed schema (needs python3-jsonschema)"
	else
		opts=(--json-schema "$schema")
	fi
	for f in "${feeds[@]}"; do
		[ -s "$out/$f" ] || continue
		if msg=$("$py" "$checker" "${opts[@]}" "$out/$f" 2>&1); then
			ok "$f passes check_feed.py"
		else
			bad "$f passes check_feed.py"
			say <<<"$msg"
		fi
	done
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
