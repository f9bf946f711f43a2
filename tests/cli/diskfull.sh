#!/usr/bin/env bash
# tests/cli/diskfull.sh LEDE: a build onto a full disk. The output folder is
# a small tmpfs, mounted in a mount namespace of the test's own (unshare -m:
# root, or a user namespace allowed to mount); skipped, saying why, where
# neither is possible. What is checked: the reason given is the disk's (it
# was the errno of some later call: "No such file or directory"), the last
# build state and every page stay, --strict changes nothing, no temporary
# file is left, and once there is room the next build equals a clean one.
set -uo pipefail
lede=$(realpath "$1")
if [ "${LEDE_DISKFULL_INSIDE:-}" != 1 ]; then
	if ! unshare -m true 2>/dev/null && ! unshare -rm true 2>/dev/null; then
		echo "# skipped: no mount namespace to mount a small tmpfs in (unshare -m needs root)"
		exit 0
	fi
	flags=-m
	unshare -m true 2>/dev/null || flags=-rm
	LEDE_DISKFULL_INSIDE=1 exec unshare "$flags" "$0" "$@"
fi
tmp=$(mktemp -d)
trap 'umount "$tmp/disk" 2>/dev/null; rm -rf "$tmp"' EXIT
export LC_ALL=C TZ=UTC LEDE_NOW=2026-01-01T12:00:00Z
. "$(dirname "$0")/../lib/check.sh"
mkdir "$tmp/disk"
if ! mount -t tmpfs -o size=1m tmpfs "$tmp/disk" 2>"$tmp/mount.err"; then
	echo "# skipped: cannot mount a tmpfs here: $(cat "$tmp/mount.err")"
	exit 0
fi

s=$tmp/site
mkdir -p "$s/content"
printf 'site: {title: x, base_url: "https://x.org/"}\noutlets:\n  web: {format: html, path: "{slug}/", index: {per_page: 5}}\n  rss: {format: rss, link_to: web}\n' >"$s/lede.yaml"
for i in 1 2 3 4 5 6 7 8; do
	printf -- '---\ntitle: Article %s\ndate: 2020-01-0%s\ntags: [t%s]\n---\nText of article %s.\n' "$i" "$i" "$i" "$i" >"$s/content/a$i.md"
done
out=$tmp/disk/public
build() { # build ARGS...: into $out, stderr in $tmp/err, status in $tmp/rc
	timeout 300 "$lede" build -C "$s" -o "$out" -j 2 "$@" 2>"$tmp/err"
	echo $? >"$tmp/rc"
}
# fill: the disk full to its last block (what dd could not write is the point)
fill() { dd if=/dev/zero of="$tmp/disk/filler" bs=4k 2>/dev/null; true; }
tree() { (cd "$1" && find . -type f ! -name .lede-manifest | sort | xargs sha256sum); }

build -q
check "room: the site builds" test "$(cat "$tmp/rc")" = 0 -a -f "$out/a1/index.html"
cp -a "$out" "$tmp/before"

# Nothing changed, but the build state is written again: it cannot be.
fill
build
check "full disk: the build state's error says the disk is full, exit 1" \
	grep -q "^$out/.lede-manifest: error: cannot write the build state: No space left on device (the disk is full); the last build state stays, and the next build finds what this one changed$" "$tmp/err"
check "...and nothing else is wrong" test "$(cat "$tmp/rc")" = 1 -a "$(grep -c error "$tmp/err")" = 2
check "...the last build state stays whole" cmp "$tmp/before/.lede-manifest" "$out/.lede-manifest"
check "...every page stays" diff -r "$tmp/before" "$out"

# Every article changed: staging fails, with the disk's reason.
for f in "$s"/content/*.md; do echo 'More text.' >>"$f"; done
build --strict
check "--strict on a full disk: exit 1, the disk's reason" test "$(cat "$tmp/rc")" = 1 && grep -q 'No space left on device' "$tmp/err"
check "...not one file of the output folder changed" diff -r "$tmp/before" "$out"
build
check "without --strict: exit 1, never a misleading reason" test "$(cat "$tmp/rc")" = 1 && ! grep -q 'No such file\|could not be read back' "$tmp/err"
check "...no temporary file left" test -z "$(find "$out" -name '.*tmp-*' -o -name .lede-stage)"

# Room again: the next build finishes the job.
rm -f "$tmp/disk/filler"
build -q
check "room again: the build succeeds" test "$(cat "$tmp/rc")" = 0
timeout 300 "$lede" build -C "$s" -o "$tmp/clean" -q -j 2 2>/dev/null
check "...and its output equals a clean build's" diff <(tree "$tmp/clean") <(tree "$out")

check_done
