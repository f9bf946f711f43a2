#!/usr/bin/env bash
# tests/cli/install.sh LEDE: `./build.sh install` into a temporary prefix
# (with DESTDIR), then the installed lede, run from another folder, builds
# the sample site with the plugins it finds from its own location; a lede
# copied away from its plugins says where it looked and names LEDE_PLUGINS.
set -uo pipefail
lede=$(realpath "$1")
cd "$(dirname "$0")/../.."
repo=$PWD
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/../lib/check.sh"
# LEDE= installs the binary under test (the sanitizer one too) as is.
check "build.sh install PREFIX with DESTDIR" env LEDE="$lede" DESTDIR="$tmp/dest" ./build.sh install /opt/lede
check "install wants an absolute PREFIX" bash -c "! LEDE='$lede' DESTDIR='$tmp/dest' ./build.sh install opt/lede 2>/dev/null"
root=$tmp/dest/opt/lede
check "the binary is installed" test -x "$root/bin/lede"
check "the bundled formats are installed" test -f "$root/share/lede/plugins/formats/html.lua"
check "the templates are installed" test -f "$root/share/lede/plugins/templates/article.mustache"
check "the static files are installed" test -f "$root/share/lede/plugins/static/style.css"
check "the man page is installed" test -f "$root/share/man/man1/lede.1"
check "the docs are installed" test -f "$root/share/doc/lede/cli.md"
# Every option `lede --help` lists is in the man page (`man lede` lacked
# --no-prune and --warnings-as-errors) and in docs/cli.md.
"$lede" --help | grep -oE -- '(^| |\[)--?[a-zA-Z][-a-zA-Z]*' | grep -oE -- '--?[a-zA-Z][-a-zA-Z]*' | sort -u >"$tmp/opts"
sed 's/\\-/-/g' "$root/share/man/man1/lede.1" >"$tmp/man.txt"
check "lede --help lists options (read from it)" test "$(wc -l <"$tmp/opts")" -ge 20
check "every option of lede --help is in the man page" bash -c \
	"while read -r o; do grep -qE -- \"(^|[^-a-zA-Z])\$o([^-a-zA-Z]|\\\$)\" '$tmp/man.txt' || { echo \"missing: \$o\"; exit 1; }; done <'$tmp/opts'"
check "...and in docs/cli.md" bash -c \
	"while read -r o; do grep -qE -- \"(^|[^-a-zA-Z])\$o([^-a-zA-Z]|\\\$)\" '$repo/docs/cli.md' || { echo \"missing: \$o\"; exit 1; }; done <'$tmp/opts'"
mkdir -p "$tmp/site" && cp -R "$repo/lede.yaml" "$repo/content" "$tmp/site/"
mkdir -p "$tmp/elsewhere"
check "the installed lede builds the sample site from another folder" \
	bash -c "cd '$tmp/elsewhere' && env -u LEDE_PLUGINS '$root/bin/lede' build -C '$tmp/site' -o '$tmp/pub-out' -q"
check "with the installed templates and stylesheet" \
	bash -c "grep -q '<link rel=\"stylesheet\"' '$tmp/pub-out/index.html' && cmp '$tmp/pub-out/style.css' '$root/share/lede/plugins/static/style.css'"
check "the same pages as the source tree's lede" \
	bash -c "'$lede' build -C '$tmp/site' -o '$tmp/pub-out2' -q && diff -r -x .lede-manifest '$tmp/pub-out' '$tmp/pub-out2'"
# A moved prefix still works: the plugins are found from the binary.
mv "$root" "$tmp/moved"
check "a moved install still finds its plugins" \
	bash -c "cd '$tmp/elsewhere' && env -u LEDE_PLUGINS '$tmp/moved/bin/lede' build -C '$tmp/site' -o '$tmp/pub-out3' -q"
# A lone copy of the binary: the message says every folder searched.
mkdir -p "$tmp/lone"
cp "$lede" "$tmp/lone/lede"
(cd "$tmp/elsewhere" && env -u LEDE_PLUGINS "$tmp/lone/lede" build -C "$tmp/site" -o "$tmp/pub-out4" -q 2>"$tmp/lone.err")
rc=$?
check "a lone binary fails with a configuration error" test "$rc" -eq 2
check "its message names the site's folder" grep -q "no html.lua in $tmp/site/plugins/formats/ (the site's)" "$tmp/lone.err"
check "and the bundled one, missing" grep -q "(lede's bundled plugins, which does not exist; set LEDE_PLUGINS" "$tmp/lone.err"
check "LEDE_PLUGINS makes it work" \
	bash -c "cd '$tmp/elsewhere' && LEDE_PLUGINS='$repo/plugins' '$tmp/lone/lede' build -C '$tmp/site' -o '$tmp/pub-out5' -q"
check_done
