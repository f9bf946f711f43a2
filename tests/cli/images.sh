#!/usr/bin/env bash
# tests/cli/images.sh LEDE: an image too large to decode (site.images.
# max_pixels, 100 megapixels by default) fails its article at once, from
# its header: a 69-byte PNG that says 60000 x 60000 pixels took 3.6 GB
# and minutes on one worker before the limit. The other articles publish,
# the exit status is 1, and a site that raises max_pixels gets its image.
set -uo pipefail
lede=$(realpath "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C TZ=UTC LEDE_NOW=2026-01-01T12:00:00Z
. "$(dirname "$0")/../lib/check.sh"

site=$tmp/site
mkdir -p "$site/content/images"
cp "$root/tests/golden/images/content/images/chart.png" "$site/content/images/" # 40 x 30
# (a PNG header for 60000 x 60000, 1 bit per pixel, and a few bytes of data)
printf '\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\xea\x60\x00\x00\xea\x60\x01\x00\x00\x00\x00\xa8\xa9\x48\xef\x00\x00\x00\x0c\x49\x44\x41\x54\x78\x9c\x63\x60\xa0\x3d\x00\x00\x00\x64\x00\x01\x86\x64\x3c\x35\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82' \
	>"$site/content/images/bomb.png"
cat >"$site/lede.yaml" <<'EOF'
site: {title: T, language: en, images: {widths: [16]}}
outlets:
  web: {format: html, path: "{slug}/", index: {path: index.html}}
EOF
article() { # NAME IMAGE
	printf -- '---\ntitle: %s\ndate: 2020-01-01\nimage: {src: images/%s, alt: x}\n---\nBody.\n' \
		"$1" "$2" >"$site/content/$1.md"
}
article bomb bomb.png
article chart chart.png

# (a lede without the limit would run for minutes: bounded here)
(cd "$site" && timeout 120 "$lede" build -q -o "$tmp/out") 2>"$tmp/err"
status=$?
check "an image of 3600 megapixels: exit 1" test "$status" = 1
check "...an error at the image line, with its size and the setting" grep -qF \
	"content/bomb.md:4:14: error: content/images/bomb.png: the image is 60000 x 60000 pixels (3600.0 megapixels), more than the 100.0 megapixels lede decodes (site.images.max_pixels)" \
	"$tmp/err"
check "...the other article publishes with its image" \
	grep -q '<picture>.*media/[0-9a-f]*-16.webp' "$tmp/out/chart/index.html"
check "...the one with the bomb does not" test ! -e "$tmp/out/bomb/index.html"
check "...nor is the bomb copied" sh -c "! ls '$tmp/out/media' | grep -q '\.png$' || \
	test \$(ls '$tmp/out/media' | grep -c '\.png$') = 1"

# A lower limit: the 40 x 30 chart (1200 pixels) is too large at 1000...
rm "$site/content/bomb.md"
sed -i 's/images: {widths: \[16\]}/images: {widths: [16], max_pixels: 1000}/' "$site/lede.yaml"
(cd "$site" && "$lede" build -q --full -o "$tmp/out2") 2>"$tmp/err2"
check "max_pixels 1000: the 40 x 30 chart fails (exit 1)" test $? = 1
check "...saying so" grep -qF "the image is 40 x 30 pixels (1200 pixels), more than the 1000 pixels lede decodes" "$tmp/err2"
# ...and is rendered at 1200
sed -i 's/max_pixels: 1000/max_pixels: 1200/' "$site/lede.yaml"
(cd "$site" && "$lede" build -q -o "$tmp/out3") 2>"$tmp/err3"
check "max_pixels 1200: the chart publishes (exit 0)" test $? = 0
check "...with its renditions" grep -q '<picture>' "$tmp/out3/chart/index.html"
# a max_pixels that is not a number stops the build before any article
# (the html format reads site.images in its setup)
sed -i 's/max_pixels: 1200/max_pixels: many/' "$site/lede.yaml"
(cd "$site" && "$lede" build -q -o "$tmp/out3") 2>"$tmp/err4"
check "max_pixels: many: the build stops (exit 2)" test $? = 2
check "...saying what it must be" grep -qF \
	"in hook 'setup': site.images.max_pixels must be a whole number of pixels, 1 or more, not 'many'" \
	"$tmp/err4"
check "...and the last build's pages stay" grep -q '<picture>' "$tmp/out3/chart/index.html"

# A plugin that sets a key of a.meta (reading_time does, on every article)
# leaves the front matter's places as they were: a bad lead image found
# after it is still reported at its line and column, with no traceback.
site5=$tmp/site5
mkdir -p "$site5/content"
printf 'site: {title: T, base_url: "https://x.org"}\nplugins: [reading_time]\noutlets: {web: {format: html, path: "{slug}/"}}\n' \
	>"$site5/lede.yaml"
printf -- '---\ntitle: A\ndate: 2021-01-01\nimage: {src: "javascript:alert(1)", alt: x}\n---\nx\n' \
	>"$site5/content/a.md"
(cd "$site5" && "$lede" build -q -o "$tmp/out5") 2>"$tmp/err5"
check "after a plugin set a.meta: a bad image src still at its line and column" grep -qF \
	"content/a.md:4:14: error: the image's 'src' must be a file in the site or an http(s) URL" \
	"$tmp/err5"
check "...with no traceback" bash -c "! grep -q 'stack traceback' '$tmp/err5'"
# An SVG's size is what it declares: vips holds 10,000,000 pixels a side,
# and an SVG declaring 100,000,000 printed GLib warnings and made 1-pixel
# renditions. The declared size (width and height in px or other absolute
# units, else the viewBox) is checked before vips reads the file, past
# a comment that holds a decoy root.
site6=$tmp/site6
mkdir -p "$site6/content/images"
printf 'site: {title: T, base_url: "https://x.org", images: {widths: [16]}}\noutlets: {web: {format: html, path: "{slug}/"}}\n' \
	>"$site6/lede.yaml"
svg() { # NAME ROOT-ATTRIBUTES [PROLOG]
	printf '%s<svg xmlns="http://www.w3.org/2000/svg" %s><rect width="10" height="10"/></svg>\n' \
		"${3:-}" "$2" >"$site6/content/images/$1.svg"
	printf -- '---\ntitle: %s\ndate: 2020-01-01\nimage: {src: images/%s.svg, alt: x}\n---\nBody.\n' \
		"$1" "$1" >"$site6/content/$1.md"
}
svg huge 'width="100000000" height="100000000"'
svg box "viewBox='0 0 50000 50000'"
svg decoy 'width="1e8" height="10"' '<?xml version="1.0"?><!-- <svg width="1" height="1"> --><!DOCTYPE svg [ <!ENTITY x "y"> ]>'
svg fine 'width="20mm" height="10mm"'
# (an SVG may open with a comment, a licence's, or a DOCTYPE, without the
# XML declaration: "not an image lede can resize" before)
svg commented 'width="30" height="10"' '<!-- Licence: CC-BY; <svg width="1e9" height="1e9"> -->
'
svg doctype 'width="30" height="10"' '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
'
svg hugedoc 'width="100000000" height="10"' '<!DOCTYPE svg>'
(cd "$site6" && "$lede" build -q -o "$tmp/out6") 2>"$tmp/err6"
check "SVGs declaring too many pixels: exit 1" test $? = 1
check "...width and height" grep -qF \
	"content/huge.md:4:14: error: content/images/huge.svg: the SVG declares 100000000 x 100000000 pixels (10000000000.0 megapixels), more than the 100.0 megapixels lede renders" \
	"$tmp/err6"
check "...a viewBox alone" grep -qF \
	"content/box.md:4:14: error: content/images/box.svg: the SVG declares 50000 x 50000 pixels (2500.0 megapixels)" \
	"$tmp/err6"
check "...the root past a prolog with a decoy in a comment" grep -qF \
	"content/decoy.md:4:14: error: content/images/decoy.svg: the SVG declares 100000000 x 10 pixels" \
	"$tmp/err6"
check "...and past a DOCTYPE alone" grep -qF \
	"content/hugedoc.md:4:14: error: content/images/hugedoc.svg: the SVG declares 100000000 x 10 pixels" \
	"$tmp/err6"
check "...an SVG opening with a comment publishes" grep -q '<picture>' "$tmp/out6/commented/index.html"
check "...so does one opening with a DOCTYPE" grep -q '<picture>' "$tmp/out6/doctype/index.html"
check "...no GLib warning" bash -c "! grep -q GLib '$tmp/err6'"
check "...an SVG sized in mm publishes with its renditions" \
	bash -c "ls '$tmp/out6/media/' | grep -q -- '-16\.webp$'"
# An image cut short (a copy or an upload that stopped half-way): vips
# read what was there and filled the rest, the article published a photo
# half grey or black with exit status 0, and GLib printed hundreds of
# "VIPS-WARNING **: not enough data" lines past lede's messages, with no
# place. It is an error at the image's line now, and vips says nothing.
site7=$tmp/site7
mkdir -p "$site7/content/images"
printf 'site: {title: T, base_url: "https://x.org", images: {widths: [960]}}\noutlets: {web: {format: html, path: "{slug}/"}}\n' \
	>"$site7/lede.yaml"
cp "$root/tests/golden/images/content/images/skyline.svg" "$site7/content/images/"
printf -- '---\ntitle: s\ndate: 2020-01-01\nimage: {src: images/skyline.svg, alt: x}\n---\nBody.\n' \
	>"$site7/content/s.md"
(cd "$site7" && "$lede" build -q -o "$tmp/out7a") 2>"$tmp/err7a"
jpg=$(ls "$tmp/out7a/media/"*-960.jpg)
# (a 300 x 200 PNG of noise, which deflate cannot shrink)
python3 -c '
import random, struct, sys, zlib
random.seed(7)
w, h = 300, 200
raw = b"".join(b"\0" + bytes(random.getrandbits(8) for _ in range(w * 3)) for _ in range(h))
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
sys.stdout.buffer.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
    + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))' >"$tmp/noise.png"
rm -r "$site7/content/s.md" "$site7/content/images/skyline.svg"
cp "$tmp/noise.png" "$site7/content/images/whole.png"
head -c $(($(wc -c <"$tmp/noise.png") / 2)) "$tmp/noise.png" >"$site7/content/images/cut.png"
head -c $(($(wc -c <"$jpg") / 2)) "$jpg" >"$site7/content/images/cut.jpg"
for f in whole.png cut.png cut.jpg; do
	printf -- '---\ntitle: %s\ndate: 2020-01-01\nimage: {src: images/%s, alt: x}\n---\nBody.\n' \
		"${f%.*}-${f#*.}" "$f" >"$site7/content/${f%.*}-${f#*.}.md"
done
(cd "$site7" && "$lede" build -q -o "$tmp/out7") 2>"$tmp/err7"
check "images cut short: exit 1" test $? = 1
check "...a PNG: an error at its image line" grep -q \
	"^content/cut-png.md:4:14: error: content/images/cut.png: the image is damaged or cut short" "$tmp/err7"
check "...a JPEG: the same" grep -q \
	"^content/cut-jpg.md:4:14: error: content/images/cut.jpg: the image is damaged or cut short" "$tmp/err7"
check "...neither publishes" test ! -e "$tmp/out7/cut-png/index.html" -a ! -e "$tmp/out7/cut-jpg/index.html"
check "...the whole one does, with its renditions" \
	bash -c "grep -q '<picture>' '$tmp/out7/whole-png/index.html' && ls '$tmp/out7/media/' | grep -q -- '-300\.webp$'"
check "...no VIPS warning, each message on one line" \
	bash -c "! grep -q 'VIPS' '$tmp/err7' && test \$(grep -c 'error:' '$tmp/err7') = \$(grep -vc '^  ' '$tmp/err7')"
check_done
