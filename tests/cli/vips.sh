#!/usr/bin/env bash
# tests/cli/vips.sh LEDE: libvips is loaded when the first image is
# rendered, not when lede starts. A build with no image does not load it;
# one whose libvips cannot be loaded (here a broken libvips.so.42 found
# first, by LD_LIBRARY_PATH) fails for the article with the image only,
# saying what to install, and the other articles publish.
set -uo pipefail
lede=$(realpath "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C TZ=UTC LEDE_NOW=2026-01-01T12:00:00Z
. "$(dirname "$0")/../lib/check.sh"

check "lede does not link libvips" sh -c "! ldd '$lede' | grep -q libvips"
mkdir -p "$tmp/site"
cp -r "$root/lede.yaml" "$root/content" "$tmp/site/"
soname=$(/sbin/ldconfig -p 2>/dev/null | awk '/^\tlibvips\.so\.[0-9]+ / {print $1; exit}')
[ -n "$soname" ] || soname=libvips.so.42
mkdir -p "$tmp/broken" && : >"$tmp/broken/$soname"
(cd "$tmp/site" && LD_LIBRARY_PATH="$tmp/broken" "$lede" build -q -o "$tmp/out") 2>"$tmp/err"
status=$?
check "no libvips to load: exit 1" test "$status" = 1
check "...an error that says what to install" \
	grep -q "cannot load $soname (.*); image renditions need libvips: install it" "$tmp/err"
check "...for the article with the image" grep -q "metropolitan-spaces.svg" "$tmp/err"
check "...the other articles publish" test -s "$tmp/out/en/features/caring-cities/index.html"
rm -rf "$tmp/site/content/images"
sed -i '/^image:/,/^[a-z]/{/^image:/d;/^  /d}' "$tmp/site/content/2020-07-24-international-action.md"
(cd "$tmp/site" && LD_LIBRARY_PATH="$tmp/broken" "$lede" build -q -o "$tmp/out2") 2>"$tmp/err2"
check "a site without images builds without libvips (exit 0)" test $? = 0
check "...and says nothing" test ! -s "$tmp/err2"
check_done
