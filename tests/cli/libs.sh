#!/usr/bin/env bash
# tests/cli/libs.sh LEDE: libcurl and libmicrohttpd are loaded by the
# commands that need them (`lede check --links`, `lede serve`), not when
# lede starts (core/dl.h). A build or a check without --links runs with
# neither to be found; one that needs a library it cannot load (here a
# broken one found first, by LD_LIBRARY_PATH) fails, saying what to
# install.
set -uo pipefail
lede=$(realpath "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C TZ=UTC LEDE_NOW=2026-01-01T12:00:00Z
. "$(dirname "$0")/../lib/check.sh"

check "lede does not link libcurl" sh -c "! ldd '$lede' | grep -q libcurl"
check "lede does not link libmicrohttpd" sh -c "! ldd '$lede' | grep -q libmicrohttpd"

soname() {
	local s
	s=$(/sbin/ldconfig -p 2>/dev/null | awk -v re="^\t$1\\\\.so\\\\.[0-9]+ " '$0 ~ re {print $1; exit}')
	echo "${s:-$2}"
}
curl=$(soname libcurl libcurl.so.4)
mhd=$(soname libmicrohttpd libmicrohttpd.so.12)
mkdir -p "$tmp/broken" "$tmp/site/content"
: >"$tmp/broken/$curl"
: >"$tmp/broken/$mhd"
cat >"$tmp/site/lede.yaml" <<'YAML'
site: { title: T, base_url: "https://t.example", language: en }
content: content
outlets:
  web: { format: html, path: "{slug}/", index: { path: index.html } }
YAML
cat >"$tmp/site/content/a.md" <<'MD'
---
title: A
date: 2025-01-01
---

See [the report](https://reports.example/2025).
MD
run() { (cd "$tmp/site" && LD_LIBRARY_PATH="$tmp/broken" "$lede" "$@") >"$tmp/out.txt" 2>"$tmp/err.txt"; echo $? >"$tmp/status"; }

run build -q -o "$tmp/out"
check "no libcurl nor libmicrohttpd to load: a build runs (exit 0)" grep -qx 0 "$tmp/status"
check "...says nothing" test ! -s "$tmp/err.txt"
check "...and publishes" test -s "$tmp/out/a/index.html"
run check -q
check "check without --links runs too (exit 0)" grep -qx 0 "$tmp/status"

run check -q --links
check "check --links without libcurl: exit 1" grep -qx 1 "$tmp/status"
check "...an error that says what to install" grep -q \
	"error: external links not checked: cannot load $curl (.*); checking external links needs libcurl: install it (Debian: apt-get install libcurl4)" \
	"$tmp/err.txt"
check "...and no link reported broken for it" sh -c "! grep -q 'broken link' '$tmp/err.txt'"

run serve --port 0
check "serve without libmicrohttpd: exit 2" grep -qx 2 "$tmp/status"
check "...saying what to install" grep -q \
	"lede: cannot start: cannot load $mhd (.*); lede serve needs libmicrohttpd: install it (Debian: apt-get install libmicrohttpd12)" \
	"$tmp/err.txt"
check_done
