#!/usr/bin/env bash
# tests/cli/browser.sh LEDE: `lede serve` seen by a real browser: headless
# Chromium (Debian's chromium) driven over the DevTools protocol by
# browser.py (python3 + Debian's python3-websocket). Skipped, saying why,
# when either is missing; .ci/run installs them.
set -uo pipefail
lede=$(realpath "$1")
cd "$(dirname "$0")/../.."
here=$PWD/tests/cli
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
	echo "# skipped: chromium is not installed (apt-get install chromium python3-websocket)"
	exit 0
fi
py=
for p in /usr/bin/python3 python3; do
	if command -v "$p" >/dev/null && "$p" -c 'import websocket' 2>/dev/null; then
		py=$p
		break
	fi
done
if [ -z "$py" ]; then
	echo "# skipped: python3 lacks the websocket module (apt-get install python3-websocket)"
	exit 0
fi
tmp=$(mktemp -d)
serve= chrome=
cleanup() {
	[ -n "$serve" ] && kill "$serve" 2>/dev/null && wait "$serve" 2>/dev/null
	[ -n "$chrome" ] && kill "$chrome" 2>/dev/null && wait "$chrome" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
poll() {
	local i
	for ((i = 0; i < 600; i++)); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}
LEDE_NOW=2021-02-03 "$lede" new site "$tmp/site" >/dev/null
# Pages that allow only scripts of their own origin, as news sites often
# do: the live-reload script must be one the server serves, not inline.
mkdir -p "$tmp/site/templates"
sed 's|<meta charset="utf-8">|&\n<meta http-equiv="Content-Security-Policy" content="script-src '"'"'self'"'"'">|' \
	plugins/templates/layout.mustache >"$tmp/site/templates/layout.mustache"
grep -q 'Content-Security-Policy' "$tmp/site/templates/layout.mustache" ||
	{ echo "not ok - the layout with a Content-Security-Policy is made"; exit 1; }
TMPDIR=$tmp "$lede" serve -C "$tmp/site" --port 0 >"$tmp/serve.out" 2>"$tmp/serve.err" &
serve=$!
if ! poll grep -q '^lede serve: http' "$tmp/serve.out"; then
	echo "not ok - lede serve starts"
	sed 's/^/    /' "$tmp/serve.err" >&2
	exit 1
fi
url=$(grep -o 'http://127.0.0.1:[0-9]*/' "$tmp/serve.out")
# --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
"$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
	--hide-scrollbars --remote-debugging-port=0 --remote-allow-origins='*' \
	--user-data-dir="$tmp/profile" about:blank >"$tmp/chrome.log" 2>&1 &
chrome=$!
if ! poll test -s "$tmp/profile/DevToolsActivePort"; then
	echo "not ok - chromium starts with a DevTools port"
	tail -20 "$tmp/chrome.log" | sed 's/^/    /' >&2
	exit 1
fi
mkdir -p "$tmp/shots"
CDP_PORT_FILE=$tmp/profile/DevToolsActivePort "$py" "$here/browser.py" "$url" "${url}news/welcome/" \
	"$tmp/site/content/2021-02-03-welcome.md" "$tmp/shots"
rc=$?
# Keep the screenshots for a look when asked (SHOTS=DIR).
[ -n "${SHOTS:-}" ] && mkdir -p "$SHOTS" && cp "$tmp"/shots/*.png "$SHOTS/"
exit $rc
